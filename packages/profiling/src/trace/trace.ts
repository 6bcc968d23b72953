/**
 * Execution traces for the in-browser timeline. The conversion itself runs in
 * our Go helper `go/cmd/traceconv` (golang.org/x/exp/trace reads the Go 1.22+
 * trace format, which changes with Go releases; a TypeScript reader would
 * always lag behind). This module holds the output's types, the summary, and
 * the call that runs the helper, with process spawning injected by the caller
 * so that the module stays free of Node APIs (the CLI and server pass a
 * `ProcessRunner` built on node:child_process).
 */
import { AppError } from '@gopherlab/errors';

/** One Chrome trace event (Trace Event Format) as traceconv writes it. */
export interface ChromeTraceEvent {
  name: string;
  cat?: string;
  /** X: complete slice, i: instant, b/e: async task begin/end, s/f: flow arrow start/end, C: counter, M: metadata. */
  ph: 'X' | 'i' | 'b' | 'e' | 's' | 'f' | 'C' | 'M';
  /** Microseconds since the first trace event. */
  ts: number;
  dur?: number;
  /** 1 Goroutines, 2 Procs, 3 GC (GC, STW, heap metrics, sweeps), 4 Tasks. */
  pid: number;
  tid: number;
  id?: string;
  s?: 'g' | 'p' | 't';
  /** Flow end binding (`e`: the slice enclosing ts). */
  bp?: 'e';
  args?: Record<string, unknown>;
}

export interface TraceSummary {
  durationNs: number;
  goroutines: number;
  procs: number;
  gcCount: number;
  stwCount: number;
  stwTotalNs: number;
  stwMaxNs: number;
  tasks: number;
  regions: number;
  logs: number;
  /** Events in the Go trace. */
  traceEvents: number;
  /** Chrome events written (metadata excluded). */
  emittedEvents: number;
  /** Output stopped at maxEvents; the summary still covers the whole trace. */
  truncated: boolean;
  maxEvents: number;
  /** Set when the trace was cut short (e.g. the program was killed); what was read is kept. */
  error?: string;
}

export interface ChromeTrace {
  displayTimeUnit: 'ns' | 'ms';
  traceEvents: ChromeTraceEvent[];
  otherData: TraceSummary;
}

export const TRACE_LANES = { goroutines: 1, procs: 2, gc: 3, tasks: 4 } as const;

export interface ProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Runs a program to completion; the caller decides how (child_process, a sandbox…). */
export type ProcessRunner = (file: string, args: string[]) => Promise<ProcessResult>;

export interface ConvertOptions {
  /** Path of the traceconv binary (see traceconvPath). */
  binary: string;
  /** Cap on emitted events, default 500000. */
  maxEvents?: number;
}

/**
 * Where setup (scripts/setup.d/40-go-helpers.sh) puts the Go programs we call:
 * our helpers (traceconv) and pprof, which Go no longer ships prebuilt.
 */
export function goBinPath(name: 'traceconv' | 'pprof', env: Record<string, string | undefined>, repoRoot: string): string {
  const dir = env.GOPHERLAB_GO_BIN_DIR ?? `${repoRoot.replace(/\/$/, '')}/.cache/go-bin`;
  return `${dir.replace(/\/$/, '')}/${name}`;
}

export function traceconvPath(env: Record<string, string | undefined>, repoRoot: string): string {
  return goBinPath('traceconv', env, repoRoot);
}

function check(res: ProcessResult, what: string): void {
  if (res.exitCode === 0) return;
  const msg = res.stderr.trim().replace(/^traceconv: /, '');
  if (/not a Go execution trace|bad file format|unsupported trace version|EOF/i.test(msg)) throw new AppError('invalid_trace', `The file is not a Go execution trace this version can read (${msg}).`);
  throw new AppError('internal_error', `${what} failed: ${msg || `exit code ${res.exitCode}`}`);
}

async function spawn(run: ProcessRunner, file: string, args: string[]): Promise<ProcessResult> {
  try {
    return await run(file, args);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES') throw new AppError('trace_converter_unavailable');
    throw e;
  }
}

/** Converts a trace file into Chrome trace event JSON. */
export async function convertTrace(run: ProcessRunner, tracePath: string, opts: ConvertOptions): Promise<ChromeTrace> {
  const res = await spawn(run, opts.binary, ['-max-events', String(opts.maxEvents ?? 500_000), tracePath]);
  check(res, 'Converting the execution trace');
  return parseChromeTrace(res.stdout);
}

/** Only the summary: no events are written, so it is cheap even for large traces. */
export async function summarizeTraceFile(run: ProcessRunner, tracePath: string, opts: ConvertOptions): Promise<TraceSummary> {
  const res = await spawn(run, opts.binary, ['-summary', tracePath]);
  check(res, 'Summarising the execution trace');
  return JSON.parse(res.stdout) as TraceSummary;
}

export function parseChromeTrace(json: string): ChromeTrace {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new AppError('invalid_trace', 'The converted trace is not valid JSON.');
  }
  const t = data as Partial<ChromeTrace>;
  if (!t || !Array.isArray(t.traceEvents)) throw new AppError('invalid_trace', 'The converted trace has no traceEvents.');
  return { displayTimeUnit: t.displayTimeUnit ?? 'ns', traceEvents: t.traceEvents, otherData: t.otherData ?? summarizeEvents(t.traceEvents) };
}

/**
 * Summary computed from the events alone, for Chrome traces that did not come
 * from traceconv (or lost their otherData): only what the events show.
 */
export function summarizeEvents(events: readonly ChromeTraceEvent[]): TraceSummary {
  const goroutines = new Set<number>();
  const procs = new Set<number>();
  let start = Infinity;
  let end = -Infinity;
  let gcCount = 0;
  let stwCount = 0;
  let stwTotalNs = 0;
  let stwMaxNs = 0;
  let tasks = 0;
  let regions = 0;
  let logs = 0;
  let emitted = 0;
  let truncated = false;
  for (const e of events) {
    if (e.ph === 'M') continue;
    emitted++;
    start = Math.min(start, e.ts);
    end = Math.max(end, e.ts + (e.dur ?? 0));
    if (e.ph === 'X' && e.cat === 'running') goroutines.add(e.tid);
    if (e.ph === 'X' && e.cat === 'proc') procs.add(e.tid);
    if (e.cat === 'gc' && e.name === 'GC concurrent mark phase') gcCount++;
    if (e.cat === 'stw') {
      stwCount++;
      const ns = (e.dur ?? 0) * 1e3;
      stwTotalNs += ns;
      stwMaxNs = Math.max(stwMaxNs, ns);
    }
    if (e.cat === 'task' && e.ph === 'b') tasks++;
    if (e.cat === 'region') regions++;
    if (e.cat === 'log') logs++;
    if (e.ph === 'i' && e.name.startsWith('trace truncated')) truncated = true;
  }
  return {
    durationNs: Number.isFinite(start) ? Math.round((end - start) * 1e3) : 0,
    goroutines: goroutines.size,
    procs: procs.size,
    gcCount,
    stwCount,
    stwTotalNs: Math.round(stwTotalNs),
    stwMaxNs: Math.round(stwMaxNs),
    tasks,
    regions,
    logs,
    traceEvents: 0,
    emittedEvents: emitted,
    truncated,
    maxEvents: 0,
  };
}
