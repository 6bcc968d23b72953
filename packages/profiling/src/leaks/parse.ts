/**
 * Readers for the three ways Go shows goroutines, normalised to one model
 * (`GoroutineSnapshot`):
 *
 * - full stack dumps: `runtime.Stack(buf, true)`, pprof goroutine `debug=2`,
 *   panics and SIGQUIT tracebacks (`goroutine 23 [chan send, 5 minutes]:` …
 *   `created by pkg.F in goroutine 20`), one entry per goroutine with its id,
 *   wait reason and creation site; Go 1.26's goroutineleak profile marks
 *   leaked goroutines with `(leaked)` in the state;
 * - aggregated text profiles: pprof `debug=1` (`2 @ 0x… 0x…` then
 *   `#\t0x…\tpkg.F+0x1a\tfile.go:13`), counts per distinct stack;
 * - decoded pprof protobufs (`debug=0`), via any decoder whose output has
 *   frames and samples (the pprof module's `Profile` fits).
 */

/** Structurally identical to `StackFrame` in packages/runner/src/model/report.ts (profiling must not depend on runner). */
export interface StackFrame {
  func: string;
  file: string;
  line: number;
}

export interface GoroutineGroup {
  /** Number of goroutines with this stack. */
  count: number;
  /** Goroutine ids (full dumps only). */
  ids: number[];
  /** Wait reason as printed (`chan receive`), without duration or `(leaked)`; undefined when the format has none. */
  state?: string;
  /** Minutes the goroutine has been blocked, when the dump says so. */
  waitMinutes?: number;
  /** Go 1.26 goroutineleak profile marked it `(leaked)`. */
  leaked: boolean;
  /** Its pprof labels (pprof.Do, SetGoroutineLabels), which Go 1.27 prints in tracebacks and full dumps. */
  labels?: Record<string, string>;
  /** Innermost call first. */
  frames: StackFrame[];
  createdBy?: StackFrame;
  /** Id of the goroutine that created this one (`created by F in goroutine N`). */
  createdIn?: number;
}

export interface GoroutineSnapshot {
  format: 'stacks' | 'profile-text' | 'profile';
  groups: GoroutineGroup[];
}

// Go 1.27 appends the goroutine's pprof labels: `goroutine 7 [chan receive] {request: "r-42"}:`.
const HEADER = /^goroutine (\d+)(?: [^[]*)? \[(.*?)\](?: \{(.*)\})?:\s*$/;
const LABEL = /("(?:[^"\\]|\\.)*"|[^\s:,"]+): ("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;

/** `request: "r-42", tenant: main` -> { request: 'r-42', tenant: 'main' }; values as the program set them. */
export function parseLabels(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unquote = (v: string) => (v.startsWith('"') ? (JSON.parse(v) as string) : v);
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(raw); m; m = LABEL.exec(raw)) {
    out[unquote(m[1]!)] = unquote(m[2]!);
    if (LABEL.lastIndex >= raw.length) break;
  }
  return out;
}
const FILE_LINE = /^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=.*)?\s*$/;
const CREATED = /^created by (.+?)(?: in goroutine (\d+))?\s*$/;

/** Strips the argument list `(0x1, {…})` from a traceback function line. */
function funcName(line: string): string {
  // The name may itself contain parentheses (`pkg.(*T).Method`, generics `[...]`):
  // the argument list is the last balanced (...) group at the end of the line.
  const trimmed = line.trimEnd();
  if (!trimmed.endsWith(')')) return trimmed;
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const ch = trimmed[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      depth--;
      if (depth === 0) return trimmed.slice(0, i);
    }
  }
  return trimmed;
}

function parseState(raw: string): { state: string; waitMinutes?: number; leaked: boolean; locked: boolean } {
  let s = raw;
  let leaked = false;
  if (/\(leaked\)/.test(s)) {
    leaked = true;
    s = s.replace(/\s*\(leaked\)/, '');
  }
  let waitMinutes: number | undefined;
  const mins = /, (\d+) minutes?/.exec(s);
  if (mins) {
    waitMinutes = Number(mins[1]);
    s = s.replace(mins[0], '');
  }
  const locked = /, locked to thread/.test(s);
  s = s.replace(/, locked to thread/, '');
  const out: { state: string; waitMinutes?: number; leaked: boolean; locked: boolean } = { state: s.trim(), leaked, locked };
  if (waitMinutes !== undefined) out.waitMinutes = waitMinutes;
  return out;
}

/** Parses a full goroutine dump (debug=2 / runtime.Stack / traceback). */
export function parseGoroutineDump(text: string): GoroutineSnapshot {
  const groups: GoroutineGroup[] = [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let cur: GoroutineGroup | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = HEADER.exec(line);
    if (h) {
      const st = parseState(h[2]!);
      cur = { count: 1, ids: [Number(h[1])], state: st.state, leaked: st.leaked, frames: [] };
      if (st.waitMinutes !== undefined) cur.waitMinutes = st.waitMinutes;
      if (h[3]) cur.labels = parseLabels(h[3]);
      groups.push(cur);
      continue;
    }
    if (!cur || line === '' || line.startsWith('\t')) {
      if (line === '') cur = undefined;
      continue;
    }
    const next = lines[i + 1] ?? '';
    const fl = FILE_LINE.exec(next);
    const c = CREATED.exec(line);
    if (c) {
      cur.createdBy = { func: c[1]!, file: fl ? fl[1]! : '', line: fl ? Number(fl[2]) : 0 };
      if (c[2] !== undefined) cur.createdIn = Number(c[2]);
      if (fl) i++;
      continue;
    }
    if (line.startsWith('...')) continue; // "...additional frames elided..."
    cur.frames.push({ func: funcName(line), file: fl ? fl[1]! : '', line: fl ? Number(fl[2]) : 0 });
    if (fl) i++;
  }
  return { format: 'stacks', groups };
}

/** Parses a pprof text profile (`debug=1`): counts per distinct stack. */
export function parseGoroutineProfileText(text: string): GoroutineSnapshot {
  const groups: GoroutineGroup[] = [];
  let cur: GoroutineGroup | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const head = /^(\d+) @(?: 0x[0-9a-f]+)*\s*$/.exec(line);
    if (head) {
      cur = { count: Number(head[1]), ids: [], leaked: false, frames: [] };
      groups.push(cur);
      continue;
    }
    if (!cur) continue;
    const f = /^#\t0x[0-9a-f]+\t(.+?)\+0x[0-9a-f]+\t+(.*):(\d+)\s*$/.exec(line);
    if (f) cur.frames.push({ func: f[1]!, file: f[2]!, line: Number(f[3]) });
    else if (line.trim() === '') cur = undefined;
  }
  return { format: 'profile-text', groups };
}

/** The parts of a decoded pprof profile this module reads (the pprof module's `Profile` has them). */
export interface ProfileLike {
  frames: readonly { name: string; file: string; line: number }[];
  samples: readonly { stack: ArrayLike<number>; values: readonly number[] }[];
}

/** Goroutine groups from a decoded goroutine (or goroutineleak) pprof profile. */
export function fromGoroutineProfile(p: ProfileLike): GoroutineSnapshot {
  const groups: GoroutineGroup[] = p.samples.map((s) => {
    const frames: StackFrame[] = [];
    for (let i = 0; i < s.stack.length; i++) {
      const f = p.frames[s.stack[i]!];
      if (f) frames.push({ func: f.name, file: f.file, line: f.line });
    }
    return { count: s.values[0] ?? 0, ids: [], leaked: false, frames };
  });
  return { format: 'profile', groups };
}

/** Recognises the text format and parses it. */
export function parseGoroutines(text: string): GoroutineSnapshot {
  if (/^goroutine \d+ .*\[/m.test(text)) return parseGoroutineDump(text);
  return parseGoroutineProfileText(text);
}
