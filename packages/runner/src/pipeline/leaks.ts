/**
 * Goroutine leak detection for `test` and `race`: the profiling package's
 * TestMain harness is added to the package under test; it writes goroutine
 * dumps before and after m.Run (plus Go 1.26's goroutineleak profile when the
 * request sets GOEXPERIMENT=goroutineleakprofile) into our output directory,
 * and the profiling package's detector turns the difference into `leaks`.
 *
 * Only when it is unambiguous: exactly one directory with tests (every test
 * binary would write to the same files otherwise) and no TestMain of the
 * learner's own (Go allows one per package).
 */
import { detectLeaks, hasTestMain, LEAK_HARNESS_FILE, leakHarnessSource, parseGoroutines, toLeakReport } from '@gopherlab/profiling';
import type { LeakReport, SourceFile } from '../model/report.js';
import { relativizePath } from '../parse/paths.js';
import { OUT_DIR } from './plan.js';

export const LEAK_ENV = 'GOPHERLAB_LEAK_DIR';
const FILES = ['before.goroutines.txt', 'after.goroutines.txt', 'after.goroutineleak.txt'] as const;

export interface LeakPlan {
  harness: SourceFile;
  env: Record<string, string>;
  collect: string[];
}

function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

export function planLeakHarness(files: SourceFile[]): LeakPlan | null {
  const tests = files.filter((f) => f.name.endsWith('_test.go') && !f.name.split('/').includes('testdata'));
  const dirs = new Set(tests.map((f) => dirOf(f.name)));
  if (dirs.size !== 1) return null;
  const [dir] = [...dirs] as [string];
  const inDir = files.filter((f) => f.name.endsWith('.go') && dirOf(f.name) === dir);
  if (inDir.some((f) => hasTestMain(f.content) || f.name.endsWith(`/${LEAK_HARNESS_FILE}`) || f.name === LEAK_HARNESS_FILE)) return null;
  // The harness joins the package of the first test file (internal or external test package alike).
  const pkg = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(tests[0]!.content.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, ''))?.[1];
  if (!pkg) return null;
  // The test binary runs in its package directory; the dumps go to <root>/_gopherlab.
  const up = dir === '' ? '' : '../'.repeat(dir.split('/').length);
  return {
    harness: { name: dir === '' ? LEAK_HARNESS_FILE : `${dir}/${LEAK_HARNESS_FILE}`, content: leakHarnessSource(pkg) },
    env: { [LEAK_ENV]: `${up}${OUT_DIR}` },
    collect: FILES.map((f) => `${OUT_DIR}/${f}`),
  };
}

/** Leaks from the collected dumps; none when the harness did not get to write them (build failure, os.Exit). */
export function leaksFromOutputs(outputs: Record<string, Uint8Array>, knownFiles: readonly string[]): LeakReport[] {
  const text = (f: string) => {
    const b = outputs[`${OUT_DIR}/${f}`];
    return b ? new TextDecoder().decode(b) : undefined;
  };
  const before = text(FILES[0]);
  const after = text(FILES[1]);
  if (before === undefined || after === undefined) return [];
  const leakText = text(FILES[2]);
  const found = detectLeaks(parseGoroutines(before), parseGoroutines(after), leakText ? { leakProfile: parseGoroutines(leakText) } : {});
  return found.map((l) => {
    const r = toLeakReport(l);
    const rel = (fr: { func: string; file: string; line: number }) => ({ func: fr.func, file: relativizePath(fr.file, knownFiles), line: fr.line });
    const out: LeakReport = { function: r.function, state: r.state, count: r.count, stack: r.stack.map(rel) };
    if (r.createdAt) out.createdAt = rel(r.createdAt);
    if (r.test) out.test = r.test;
    if (r.labels) out.labels = r.labels;
    return out;
  });
}
