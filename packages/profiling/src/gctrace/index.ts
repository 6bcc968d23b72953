/**
 * GC and scheduler traces as time series ready for charts: everything a Go
 * program writes to stderr under `GODEBUG=gctrace=1,scavtrace=1,schedtrace=N
 * [,scheddetail=1]` (interleaved with the program's own output, which is
 * skipped), plus runtime/metrics snapshots.
 */
import { type GcCycle, parseGcLine, parseScavLine, type ScavengerSample } from './gctrace.js';
import { addSchedDetailLine, parseSchedLine, type SchedSample } from './schedtrace.js';

export { parseGcLine, parseScavLine } from './gctrace.js';
export type { GcCycle, ScavengerSample } from './gctrace.js';
export { parseSchedLine, addSchedDetailLine } from './schedtrace.js';
export type { SchedDetail, SchedProc, SchedSample } from './schedtrace.js';
export { parseMetricsSnapshot, histogramQuantile, summarizeHistogram } from './metrics.js';
export type { HistogramSummary, MetricHistogram, MetricValue, MetricsSnapshot } from './metrics.js';

export interface GcSeries {
  /** Seconds since program start, one entry per GC cycle. */
  t: number[];
  heapStartMB: number[];
  heapEndMB: number[];
  heapLiveMB: number[];
  heapGoalMB: number[];
  pauseMs: number[];
  /** Concurrent mark wall time per cycle. */
  markMs: number[];
  /** Cumulative GC CPU percentage reported by each cycle. */
  gcCpuPercent: number[];
  /** Per-cycle CPU split of the mark phase (assist, background, idle), ms. */
  assistCpuMs: number[];
  backgroundCpuMs: number[];
  idleCpuMs: number[];
}

export interface SchedSeries {
  /** Milliseconds since program start, one entry per SCHED line. */
  tMs: number[];
  runqueue: number[];
  threads: number[];
  idleprocs: number[];
  spinningthreads: number[];
  idlethreads: number[];
  /** perP[p][i]: local run queue of P p at sample i. */
  perP: number[][];
}

export interface RuntimeTraceSummary {
  gcCount: number;
  forcedGcCount: number;
  pauseP50Ms: number;
  pauseP99Ms: number;
  pauseMaxMs: number;
  pauseTotalMs: number;
  heapPeakMB: number;
  /** Fraction of CPU spent in GC since program start, from the last cycle (0..1). */
  gcCpuFraction: number;
  /** Time of the last GC or SCHED line, seconds. */
  durationSec: number;
  schedSamples: number;
  maxRunqueue: number;
  maxThreads: number;
}

export interface RuntimeTrace {
  gc: GcCycle[];
  scavenger: ScavengerSample[];
  sched: SchedSample[];
  gcSeries: GcSeries;
  schedSeries: SchedSeries;
  summary: RuntimeTraceSummary;
  /** Lines that start like trace lines (`gc N @`, `SCHED `) but could not be parsed. */
  malformed: string[];
}

const MAX_TRACE_LINE = 4096;

/** Nearest-rank percentile of unsorted values (NaN for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

export function parseRuntimeTrace(text: string): RuntimeTrace {
  const gc: GcCycle[] = [];
  const scavenger: ScavengerSample[] = [];
  const sched: SchedSample[] = [];
  const malformed: string[] = [];
  let current: SchedSample | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Real trace lines are short; bounding the length keeps the regular
    // expressions linear on hostile input (a megabyte line of program output).
    if (line.length > MAX_TRACE_LINE) {
      current = undefined;
      continue;
    }
    if (current && /^\s+[PMG]\d+: /.test(line) && addSchedDetailLine(current, line)) continue;
    current = undefined;
    if (line.startsWith('gc ')) {
      const c = parseGcLine(line);
      if (c) gc.push(c);
      else if (/^gc \d+ @/.test(line)) malformed.push(line);
    } else if (line.startsWith('scav ')) {
      const s = parseScavLine(line, gc.length > 0 ? gc[gc.length - 1]!.n : 0);
      if (s) scavenger.push(s);
    } else if (line.startsWith('SCHED ')) {
      const s = parseSchedLine(line);
      if (s) {
        sched.push(s);
        current = s;
      } else malformed.push(line);
    }
  }

  const gcSeries: GcSeries = {
    t: gc.map((c) => c.atSec),
    heapStartMB: gc.map((c) => c.heapStartMB),
    heapEndMB: gc.map((c) => c.heapEndMB),
    heapLiveMB: gc.map((c) => c.heapLiveMB),
    heapGoalMB: gc.map((c) => c.heapGoalMB),
    pauseMs: gc.map((c) => c.pauseMs),
    markMs: gc.map((c) => c.clockMs.mark),
    gcCpuPercent: gc.map((c) => c.cpuPercent),
    assistCpuMs: gc.map((c) => c.cpuMs.assist),
    backgroundCpuMs: gc.map((c) => c.cpuMs.background),
    idleCpuMs: gc.map((c) => c.cpuMs.idle),
  };
  const nP = sched.reduce((m, s) => Math.max(m, s.perP.length), 0);
  const schedSeries: SchedSeries = {
    tMs: sched.map((s) => s.ms),
    runqueue: sched.map((s) => s.runqueue),
    threads: sched.map((s) => s.threads),
    idleprocs: sched.map((s) => s.idleprocs),
    spinningthreads: sched.map((s) => s.spinningthreads),
    idlethreads: sched.map((s) => s.idlethreads),
    perP: Array.from({ length: nP }, (_, p) => sched.map((s) => s.perP[p] ?? 0)),
  };
  const pauses = gcSeries.pauseMs;
  const last = gc[gc.length - 1];
  const lastSched = sched[sched.length - 1];
  const summary: RuntimeTraceSummary = {
    gcCount: gc.length,
    forcedGcCount: gc.filter((c) => c.forced).length,
    pauseP50Ms: percentile(pauses, 0.5),
    pauseP99Ms: percentile(pauses, 0.99),
    pauseMaxMs: pauses.length ? Math.max(...pauses) : NaN,
    pauseTotalMs: pauses.reduce((s, x) => s + x, 0),
    heapPeakMB: gc.length ? Math.max(...gc.map((c) => Math.max(c.heapStartMB, c.heapEndMB))) : NaN,
    gcCpuFraction: last ? last.cpuPercent / 100 : NaN,
    durationSec: Math.max(last?.atSec ?? 0, (lastSched?.ms ?? 0) / 1000),
    schedSamples: sched.length,
    maxRunqueue: sched.length ? Math.max(...sched.map((s) => s.runqueue)) : NaN,
    maxThreads: sched.length ? Math.max(...sched.map((s) => s.threads)) : NaN,
  };
  return { gc, scavenger, sched, gcSeries, schedSeries, summary, malformed };
}
