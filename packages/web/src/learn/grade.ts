/**
 * Turns a lab check's grade into what the lab panel shows: which files are
 * the learner's (only those are links), goleak's text as leak reports, the
 * diagnostics to mark in the editor, and a benchmark measurement in words.
 * Free of React so it is unit-testable.
 */
import type { Diagnostic, GradeMeasurement, GradeReport, LeakReport, StackFrame } from '../api/types.js';
import { formatBytes } from '../results/banner.js';

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

// Frames in the Go toolchain (/opt/go/go1.27.3/src/..., /usr/local/go/src/...) or the module cache are never the learner's.
const NOT_LEARNER = /\/go[\d.]*\/src\/|\/pkg\/mod\//;

/**
 * The learner file a path names, or null. Tool output names files as sent
 * (`cache.go`), relative (`./cache.go`) or absolute in the sandbox
 * (`/home/gopher/src/cache.go`, from goleak). Files the grader replaced with
 * the lab's own (a hidden test of the same name) or left out are not the
 * learner's code, so they never match.
 */
export function learnerFileFor(path: string, files: readonly string[], excluded: readonly string[] = []): string | null {
  const p = norm(path);
  const own = files.map(norm).filter((f) => !excluded.map(norm).includes(f));
  if (own.includes(p)) return p;
  if (!p.startsWith('/') || NOT_LEARNER.test(p)) return null;
  let best: string | null = null;
  for (const f of own) if (p.endsWith(`/${f}`) && f.length > (best?.length ?? 0)) best = f;
  return best;
}

/** Files of the grade's run that are not the learner's own code. */
export function excludedFiles(grade: Pick<GradeReport, 'replacedFiles' | 'ignoredFiles'>): string[] {
  return [...(grade.replacedFiles ?? []), ...(grade.ignoredFiles ?? [])];
}

/** Every check's diagnostics once (the test and vet checks report the same compile errors). */
export function gradeDiagnostics(grade: GradeReport): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const c of grade.checks) {
    for (const d of c.details?.diagnostics ?? []) {
      const key = `${d.file}:${d.line}:${d.col}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

const GOROUTINE_HEAD = /Goroutine (\d+) in state ([^,\n]+), with (\S+) on top of the stack:/g;
const FUNC_LINE = /^(\S.*)\((.*)\)$/;
const FILE_LINE = /^(\S+\.go):(\d+)(?:\s.*)?$/;
const TRUNCATED = /… \(output truncated\)\s*$/;
const CREATED_BY = /^created by (\S+)(?: in goroutine \d+)?$/;

/**
 * goleak's "found unexpected goroutines" text as leak reports: one per
 * distinct stack, with how many goroutines share it. The text may repeat a
 * goroutine (the grader collects it from several outputs): each id counts once.
 */
export function parseGoleak(text: string, files: readonly string[] = []): LeakReport[] {
  const file = (p: string) => learnerFileFor(p, files) ?? p;
  const heads = [...text.matchAll(GOROUTINE_HEAD)];
  // The grader cuts long reports: the last goroutine may have lost part of its stack.
  if (goleakTruncated(text)) heads.pop();
  const seen = new Set<string>();
  const groups = new Map<string, LeakReport>();
  heads.forEach((h, i) => {
    const id = h[1]!;
    if (seen.has(id)) return;
    seen.add(id);
    const body = text.slice(h.index + h[0].length, heads[i + 1]?.index ?? text.length);
    const stack: StackFrame[] = [];
    let createdAt: StackFrame | undefined;
    let func: string | null = null;
    let creator: string | null = null;
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      const loc = FILE_LINE.exec(line);
      if (loc) {
        const frame = { func: creator ?? func ?? '?', file: file(loc[1]!), line: Number(loc[2]) };
        if (creator) createdAt = frame;
        else stack.push(frame);
        func = creator = null;
        continue;
      }
      const created = CREATED_BY.exec(line);
      if (created) {
        creator = created[1]!;
        continue;
      }
      const call = FUNC_LINE.exec(line);
      if (call && !line.startsWith('[')) {
        func = call[1]!;
        continue;
      }
      break; // "]", "--- FAIL: ...", a test's message: the end of this goroutine.
    }
    const leak: LeakReport = { function: h[3]!, state: h[2]!, count: 1, stack, ...(createdAt ? { createdAt } : {}) };
    const key = JSON.stringify([leak.function, leak.state, stack, createdAt ?? null]);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, leak);
  });
  return [...groups.values()];
}

/** The grader cut goleak's text, so the goroutines parsed from it are only the first ones. */
export function goleakTruncated(text: string): boolean {
  return TRUNCATED.test(text);
}

/** A number as people read it: at most 3 significant digits below 1000, grouped digits above. */
export function readable(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}

/** A duration in nanoseconds with the unit that keeps it short: 59.9 ns, 263 µs, 20.4 ms. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
  ];
  for (const [scale, unit] of units) if (Math.abs(ns) >= scale) return `${readable(ns / scale)} ${unit}`;
  return `${readable(ns)} ns`;
}

/** One side of a measurement in its metric's natural unit. */
export function formatMetric(value: number, metric: string): string {
  switch (metric) {
    case 'ns/op':
      return formatNs(value);
    case 'B/op':
      return formatBytes(value);
    case 'allocs/op':
      return readable(value);
    default:
      return `${readable(value)} ${metric}`;
  }
}

export type BenchSentence = 'time' | 'allocs' | 'bytes' | 'lower' | 'higher' | 'higherZero' | 'zero' | 'allocsZero';

/** Which sentence explains this measurement (see the `grade.bench.*` messages) and its values, formatted. */
export function benchSentence(m: GradeMeasurement): { sentence: BenchSentence; vars: Record<string, string> } {
  const vars = {
    yours: formatMetric(m.learner, m.metric),
    ref: formatMetric(m.reference, m.metric),
    ratio: m.ratio === null ? '∞' : readable(m.ratio),
    limit: readable(m.maxRatio),
    metric: m.metric,
  };
  if (m.higherIsBetter) return { sentence: m.ratio === null ? 'higherZero' : 'higher', vars };
  if (m.ratio === null || m.reference === 0) return { sentence: m.metric === 'allocs/op' ? 'allocsZero' : 'zero', vars };
  const sentence = m.metric === 'ns/op' ? 'time' : m.metric === 'allocs/op' ? 'allocs' : m.metric === 'B/op' ? 'bytes' : 'lower';
  return { sentence, vars };
}
