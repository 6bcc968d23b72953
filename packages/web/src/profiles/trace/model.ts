/**
 * Chrome trace-event JSON (what /api/v1/runs/{id}/trace serves, converted
 * from the Go execution trace by our Go helper) -> lanes of spans for the
 * timeline. Accepts both the object form `{traceEvents: [...]}` and the bare
 * array form; unknown phases are ignored so a newer converter cannot break
 * the view.
 */

export interface Span {
  name: string;
  /** Microseconds from the trace start. */
  start: number;
  dur: number;
  args?: Record<string, unknown>;
}

export interface Lane {
  key: string;
  label: string;
  /** Sort group: GC and processors first, then goroutines, as `go tool trace` lists them. */
  group: number;
  spans: Span[];
}

export interface TraceModel {
  lanes: Lane[];
  start: number;
  end: number;
  spanCount: number;
}

interface RawEvent {
  name?: unknown;
  ph?: unknown;
  ts?: unknown;
  dur?: unknown;
  pid?: unknown;
  tid?: unknown;
  args?: unknown;
}

/** `go tool trace` order: GC first, then processors, then goroutines, then anything else (tasks). */
function groupOf(label: string, processName: string | undefined): number {
  if (processName === 'GC') return 0;
  if (processName === 'Procs') return 1;
  if (processName === 'Goroutines') return 2;
  if (processName !== undefined) return 3;
  const l = label.toLowerCase();
  if (l.includes('gc')) return 0;
  if (/^p\s*\d+|proc/.test(l)) return 1;
  if (l.startsWith('g') || l.includes('goroutine')) return 2;
  return 3;
}

export function parseChromeTrace(json: unknown): TraceModel {
  const events: RawEvent[] = Array.isArray(json)
    ? (json as RawEvent[])
    : json && typeof json === 'object' && Array.isArray((json as { traceEvents?: unknown }).traceEvents)
      ? ((json as { traceEvents: RawEvent[] }).traceEvents)
      : [];
  const names = new Map<string, string>();
  const processNames = new Map<string, string>();
  const lanes = new Map<string, Lane>();
  const open = new Map<string, { name: string; start: number; args?: Record<string, unknown> }[]>();
  const laneKey = (e: RawEvent) => `${String(e.pid ?? 0)}:${String(e.tid ?? 0)}`;
  const lane = (key: string) => {
    let l = lanes.get(key);
    if (!l) lanes.set(key, (l = { key, label: key, group: 3, spans: [] }));
    return l;
  };
  let start = Infinity;
  let end = -Infinity;
  let spanCount = 0;
  const push = (key: string, span: Span) => {
    lane(key).spans.push(span);
    spanCount++;
    start = Math.min(start, span.start);
    end = Math.max(end, span.start + span.dur);
  };
  for (const e of events) {
    if (!e || typeof e !== 'object') continue;
    const ph = typeof e.ph === 'string' ? e.ph : '';
    const key = laneKey(e);
    const args = e.args && typeof e.args === 'object' ? (e.args as Record<string, unknown>) : undefined;
    if (ph === 'M') {
      if (e.name === 'thread_name' && typeof args?.name === 'string') names.set(key, args.name);
      if (e.name === 'process_name' && typeof args?.name === 'string') processNames.set(String(e.pid ?? 0), args.name);
      continue;
    }
    const ts = typeof e.ts === 'number' && Number.isFinite(e.ts) ? e.ts : null;
    if (ts === null) continue;
    const name = typeof e.name === 'string' ? e.name : '?';
    if (ph === 'X') {
      const dur = typeof e.dur === 'number' && e.dur >= 0 ? e.dur : 0;
      push(key, { name, start: ts, dur, ...(args ? { args } : {}) });
    } else if (ph === 'B') {
      const stack = open.get(key) ?? [];
      stack.push({ name, start: ts, ...(args ? { args } : {}) });
      open.set(key, stack);
    } else if (ph === 'E') {
      const b = open.get(key)?.pop();
      if (b) push(key, { name: b.name, start: b.start, dur: Math.max(0, ts - b.start), ...(b.args ? { args: b.args } : {}) });
    } else if (ph === 'i' || ph === 'I') {
      push(key, { name, start: ts, dur: 0, ...(args ? { args } : {}) });
    }
  }
  for (const l of lanes.values()) {
    l.label = names.get(l.key) ?? l.key;
    l.group = groupOf(l.label, processNames.get(l.key.slice(0, l.key.indexOf(':'))));
    l.spans.sort((a, b) => a.start - b.start);
  }
  const sorted = [...lanes.values()]
    .filter((l) => l.spans.length > 0)
    .sort((a, b) => a.group - b.group || a.label.localeCompare(b.label, 'en', { numeric: true }));
  if (spanCount === 0) return { lanes: [], start: 0, end: 0, spanCount: 0 };
  return { lanes: sorted, start, end, spanCount };
}

/**
 * Keeps every GC and processor lane and the busiest goroutine lanes, at most
 * `maxLanes` in all: a test that starts 10,000 goroutines would otherwise ask
 * for a canvas taller than the browser allows (and be unreadable anyway).
 */
export function visibleLanes(model: TraceModel, maxLanes: number): { lanes: Lane[]; hidden: number } {
  if (model.lanes.length <= maxLanes) return { lanes: model.lanes, hidden: 0 };
  const fixed = model.lanes.filter((l) => l.group <= 1);
  const rest = model.lanes.filter((l) => l.group > 1);
  const busy = (l: Lane) => l.spans.reduce((a, s) => a + s.dur, 0);
  const room = Math.max(0, maxLanes - fixed.length);
  const keep = new Set(
    rest
      .map((l) => ({ l, b: busy(l) }))
      .sort((a, b) => b.b - a.b)
      .slice(0, room)
      .map((x) => x.l),
  );
  const lanes = [...fixed.slice(0, maxLanes), ...rest.filter((l) => keep.has(l))];
  return { lanes, hidden: model.lanes.length - lanes.length };
}
