/**
 * Goroutine leak detection for a test run: goroutines alive after the run that
 * were not there before, with the runtime's and the test framework's own
 * goroutines filtered out, grouped by stack. Go 1.26's goroutineleak profile
 * (GOEXPERIMENT=goroutineleakprofile) adds certainty where available: the GC
 * proved those goroutines blocked on concurrency primitives nothing else can
 * reach, so they are marked `confirmed` (and reported even if they already
 * existed before the run).
 */
import type { GoroutineGroup, GoroutineSnapshot, StackFrame } from './parse.js';

/**
 * One leak, structurally identical to `LeakReport` in
 * packages/runner/src/model/report.ts (profiling must not depend on runner),
 * plus what only this module knows.
 */
export interface LeakReport {
  /** Top user function the leaked goroutine is blocked in, e.g. `main.worker`. */
  function: string;
  /** Wait reason, e.g. `chan receive`. */
  state: string;
  count: number;
  stack: StackFrame[];
  createdAt?: StackFrame;
  test?: string;
  /** pprof labels of the goroutine (Go 1.27 prints them in dumps): which request or job leaked it. */
  labels?: Record<string, string>;
}

export interface DetectedLeak extends LeakReport {
  /** Listed by Go 1.26's goroutineleak profile: provably blocked forever. */
  confirmed: boolean;
  /** Goroutine ids, when the snapshots were full dumps. */
  goroutineIds: number[];
}

export interface DetectOptions {
  /** Go 1.26 goroutineleak profile taken after the run. */
  leakProfile?: GoroutineSnapshot;
  /** Extra function-name prefixes to treat as noise. */
  ignore?: string[];
}

// Packages whose goroutines belong to the runtime, the test framework or the
// profiler taking the snapshot, never to the learner's code.
const NOISE_PREFIXES = ['runtime.', 'runtime/', 'testing.', 'internal/', 'os/signal.', 'sync.(*WaitGroup).Go'];

function isInfra(func: string, extra: readonly string[]): boolean {
  return NOISE_PREFIXES.some((p) => func.startsWith(p)) || extra.some((p) => func.startsWith(p)) || func === 'main.main';
}

/** True for goroutines of the runtime, testing, signal handling, GC workers and the snapshot itself. */
export function isNoise(g: GoroutineGroup, extra: readonly string[] = []): boolean {
  // Nothing to attribute it to (a truncated or malformed entry).
  if (g.frames.length === 0 && !g.createdBy) return true;
  // The goroutine taking the snapshot; not one that merely runs under pprof.Do (a labelled job can leak too).
  if (g.frames.some((f) => (f.func.startsWith('runtime/pprof.') && f.func !== 'runtime/pprof.Do') || f.func === 'runtime.Stack')) return true;
  // Test bodies and helpers started by the framework (testing.(*T).Run, runTests, (*M).Run…).
  if (g.createdBy && (g.createdBy.func.startsWith('testing.') || g.createdBy.func.startsWith('runtime.') || g.createdBy.func.startsWith('os/signal.'))) return true;
  // Every frame is infrastructure: GC workers, finalizers, sweepers, signal loops, main.
  return g.frames.length > 0 && g.frames.every((f) => isInfra(f.func, extra));
}

/** The runtime frames under a blocked goroutine name its wait when the format has no state. */
function inferState(frames: readonly StackFrame[]): string {
  const names = frames.map((f) => f.func);
  const has = (s: string) => names.some((n) => n === s || n.startsWith(`${s}`));
  if (has('runtime.block')) return 'select (no cases)';
  if (has('runtime.selectgo')) return 'select';
  if (has('runtime.chansend')) return 'chan send';
  if (has('runtime.chanrecv')) return 'chan receive';
  if (has('sync.(*Mutex).Lock') || has('sync.(*RWMutex)')) return 'sync.Mutex.Lock';
  if (has('sync.(*WaitGroup).Wait')) return 'sync.WaitGroup.Wait';
  if (has('sync.(*Cond).Wait') || has('sync.runtime_notifyListWait')) return 'sync.Cond.Wait';
  if (has('time.Sleep') || has('runtime.timeSleep')) return 'sleep';
  if (has('internal/poll.runtime_pollWait') || has('runtime.netpollblock')) return 'IO wait';
  if (has('runtime.gopark')) return 'waiting';
  return 'unknown';
}

/** Standard-library function: the import path's first element has no dot (package main excepted). */
function isStd(func: string): boolean {
  const slash = func.indexOf('/');
  const dot = func.indexOf('.');
  const first = slash >= 0 ? func.slice(0, slash) : func.slice(0, dot >= 0 ? dot : func.length);
  if (slash < 0 && first === 'main') return false;
  return !first.includes('.');
}

/** The learner's function the goroutine is blocked in: the innermost frame outside the runtime and the standard library. */
function userTop(frames: readonly StackFrame[], extra: readonly string[]): StackFrame | undefined {
  return frames.find((f) => !isInfra(f.func, extra) && !isStd(f.func)) ?? frames.find((f) => !isInfra(f.func, extra)) ?? frames[0];
}

/** Stack identity without goroutine ids, argument values or the `(leaked)` mark. */
function signature(g: GoroutineGroup): string {
  const stack = g.frames.map((f) => `${f.func}@${f.file}:${f.line}`).join('|');
  const created = g.createdBy ? `${g.createdBy.func}@${g.createdBy.file}:${g.createdBy.line}` : '';
  return `${g.state ?? ''}\u0000${stack}\u0000${created}`;
}

/** Signature for matching against the leak profile: user frames only, since formats differ in runtime frames and state. */
function userSignature(g: GoroutineGroup, extra: readonly string[]): string {
  return g.frames
    .filter((f) => !isInfra(f.func, extra))
    .map((f) => `${f.func}@${f.file}:${f.line}`)
    .join('|');
}

const TEST_FUNC = /\.((?:Test|Benchmark|Fuzz|Example)[^./]*)$/;

function findTest(g: GoroutineGroup, byId: Map<number, GoroutineGroup>): string | undefined {
  const seen = new Set<number>();
  let cur: GoroutineGroup | undefined = g;
  while (cur) {
    for (const f of cur.frames) {
      const m = TEST_FUNC.exec(funcBase(f.func));
      if (m) return m[1];
    }
    const m = cur.createdBy && TEST_FUNC.exec(funcBase(cur.createdBy.func));
    if (m) return m[1];
    if (cur.createdIn === undefined || seen.has(cur.createdIn)) break;
    seen.add(cur.createdIn);
    cur = byId.get(cur.createdIn);
  }
  return undefined;
}

/** `pkg.TestX.func1` -> `pkg.TestX`: closures belong to their enclosing function. */
function funcBase(func: string): string {
  return func.replace(/(\.func\d+)+(\.\d+)?$/, '').replace(/\.gowrap\d+$/, '');
}

/**
 * Compares goroutines before and after a run. With full dumps the identity of
 * a goroutine is its id; with aggregated profiles the count per stack grows.
 */
export function detectLeaks(before: GoroutineSnapshot, after: GoroutineSnapshot, opts: DetectOptions = {}): DetectedLeak[] {
  const extra = opts.ignore ?? [];
  const byId = new Map<number, GoroutineGroup>();
  for (const g of after.groups) for (const id of g.ids) byId.set(id, g);

  // Goroutines (or counts) present after but not before.
  const fresh: GoroutineGroup[] = [];
  const haveIds = before.groups.some((g) => g.ids.length > 0) && after.groups.some((g) => g.ids.length > 0);
  if (haveIds) {
    const beforeIds = new Set(before.groups.flatMap((g) => g.ids));
    for (const g of after.groups) {
      const ids = g.ids.filter((id) => !beforeIds.has(id));
      if (ids.length > 0) fresh.push({ ...g, ids, count: ids.length });
    }
  } else {
    const beforeCount = new Map<string, number>();
    for (const g of before.groups) beforeCount.set(userSignature(g, extra) + (g.state ?? ''), (beforeCount.get(userSignature(g, extra) + (g.state ?? '')) ?? 0) + g.count);
    for (const g of after.groups) {
      const key = userSignature(g, extra) + (g.state ?? '');
      const had = beforeCount.get(key) ?? 0;
      const extraCount = g.count - had;
      beforeCount.set(key, Math.max(0, had - g.count));
      if (extraCount > 0) fresh.push({ ...g, count: extraCount });
    }
  }

  const confirmedSigs = new Map<string, GoroutineGroup[]>();
  // A full dump of the leak profile lists every goroutine and marks the leaked
  // ones; the aggregated formats list only leaked goroutines.
  const leakGroups = opts.leakProfile ? (opts.leakProfile.format === 'stacks' ? opts.leakProfile.groups.filter((g) => g.leaked) : opts.leakProfile.groups) : [];
  for (const g of leakGroups) {
    if (isNoise(g, extra)) continue;
    const sig = userSignature(g, extra);
    confirmedSigs.set(sig, [...(confirmedSigs.get(sig) ?? []), g]);
  }

  // Group the fresh goroutines by stack.
  const groups = new Map<string, { g: GoroutineGroup; count: number; ids: number[] }>();
  const add = (g: GoroutineGroup) => {
    const sig = signature(g);
    const e = groups.get(sig);
    if (e) {
      e.count += g.count;
      e.ids.push(...g.ids);
    } else groups.set(sig, { g, count: g.count, ids: [...g.ids] });
  };
  for (const g of fresh) if (!isNoise(g, extra)) add(g);
  // Leaks the leak profile proves but that existed before the run too.
  const seenUser = new Set([...groups.values()].map((e) => userSignature(e.g, extra)));
  for (const [sig, gs] of confirmedSigs) {
    if (seenUser.has(sig)) continue;
    for (const g of gs) add({ ...g, leaked: true });
  }

  const out: DetectedLeak[] = [];
  for (const { g, count, ids } of groups.values()) {
    const top = userTop(g.frames, extra);
    const leak: DetectedLeak = {
      function: top?.func ?? g.createdBy?.func ?? 'unknown',
      state: g.state ?? inferState(g.frames),
      count,
      stack: g.frames,
      confirmed: g.leaked || confirmedSigs.has(userSignature(g, extra)),
      goroutineIds: ids.sort((a, b) => a - b),
    };
    if (g.createdBy) leak.createdAt = g.createdBy;
    if (g.labels) leak.labels = g.labels;
    const test = findTest(g, byId);
    if (test) leak.test = test;
    out.push(leak);
  }
  // Most goroutines first, then confirmed ones, then by function for a stable order.
  out.sort((a, b) => b.count - a.count || Number(b.confirmed) - Number(a.confirmed) || a.function.localeCompare(b.function));
  return out;
}

/** Strips the fields that are not part of the RunReport's LeakReport. */
export function toLeakReport(l: DetectedLeak): LeakReport {
  const r: LeakReport = { function: l.function, state: l.state, count: l.count, stack: l.stack };
  if (l.createdAt) r.createdAt = l.createdAt;
  if (l.test) r.test = l.test;
  if (l.labels) r.labels = l.labels;
  return r;
}
