/**
 * validateCourse: everything `gopherlab course validate` proves. Structural
 * checks first (cheap, no sandbox), then every lab (reference, starter and
 * each wrong/ solution) and every runnable code
 * block through the real runner, `jobs` at a time. Re-validating unchanged
 * content is fast because the runner caches results by content hash (lab
 * benchmarks are the exception: they are always measured fresh).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { forEachLimit, type RunReport } from '@gopherlab/runner';
import type { LabRunner as Runner } from '../grader/runner.js';
import { normalizeOutput, type CodeBlock } from '../format/markdown.js';
import { gradeLab } from '../grader/grade.js';
import type { GradeReport } from '../grader/types.js';
import { readCourse } from '../loader/load.js';
import type { Course, CourseProblem, Lab, Lesson, WrongSolution } from '../loader/model.js';
import type { GradeCheck } from '../grader/types.js';
import { gateBenchmarks } from './bench-gate.js';
import { checkStructure } from './structure.js';

export type ValidationTaskKind = 'lab-reference' | 'lab-starter' | 'lab-wrong' | 'code-run' | 'code-build';

export interface ValidationResult {
  lesson: string;
  kind: ValidationTaskKind;
  /** What was checked, e.g. `reference`, `code block 3`. */
  target: string;
  file: string;
  line?: number;
  passed: boolean;
  /** Why it failed (empty when passed). */
  message: string;
  wallMs: number;
  cached?: boolean;
  grade?: GradeReport;
}

export interface ValidationTotals {
  modules: number;
  lessons: number;
  labs: number;
  codeBlocks: number;
  runnableBlocks: number;
  /** Sandbox checks (lab gradings, code block runs) passed / failed. */
  checksPassed: number;
  checksFailed: number;
  /** Structural problems (format, structure, links, cycles). */
  problems: number;
}

export interface ValidationReport {
  ok: boolean;
  rootDir: string;
  totals: ValidationTotals;
  problems: CourseProblem[];
  results: ValidationResult[];
  wallMs: number;
}

export interface ValidateOptions {
  /** Without a runner only the structural checks run (and `ok` reflects only them). */
  runner?: Runner;
  /** Concurrent sandbox tasks. Default: available CPUs. */
  jobs?: number;
  /** Restrict to these lesson ids. */
  lessons?: string[];
  onResult?: (result: ValidationResult) => void;
  signal?: AbortSignal;
  /** Bypass the runner's result cache (the benchmark script measures cold validation with it). */
  noCache?: boolean;
}

const CODE_BLOCK_TIMEOUT_MS = 10_000;

type TaskMeta = Pick<ValidationResult, 'lesson' | 'kind' | 'target' | 'file' | 'line'>;
interface Task extends TaskMeta {
  /** `fresh`: bypass the runner's result cache. */
  run: (fresh: boolean) => Promise<Omit<ValidationResult, keyof TaskMeta>>;
}

function firstDifference(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) {
      return `output differs at line ${i + 1}: got ${JSON.stringify(g[i] ?? '<end of output>')}, want ${JSON.stringify(w[i] ?? '<end of output>')}`;
    }
  }
  return 'output differs';
}

function describeRunFailure(report: RunReport): string {
  if (report.status === 'compile_error') {
    const d = report.diagnostics.find((x) => x.severity === 'error');
    return `does not compile${d ? `: ${d.file}:${d.line}: ${d.message}` : `: ${report.stderr.trim().split('\n').slice(0, 3).join(' | ')}`}`;
  }
  const tail = report.stderr.trim().split('\n').slice(-3).join(' | ');
  return `${report.status}${report.message ? `: ${report.message}` : ''}${tail ? ` (${tail})` : ''}`;
}

function codeBlockTask(runner: Runner, lesson: Lesson, block: CodeBlock, signal?: AbortSignal): Task {
  const kind: ValidationTaskKind = block.kind === 'run' ? 'code-run' : 'code-build';
  const file = lesson.content.en.file;
  const meta = { lesson: lesson.id, kind, target: `code block ${block.index + 1} (${block.info})`, file, line: block.line };
  return { ...meta, run: async (noCache) => {
    const started = performance.now();
    const report = await runner.run(
      {
        action: block.kind === 'run' ? 'run' : 'build',
        // No go.mod: the runner generates one with the require (and go.sum)
        // lines for the allowlisted modules the block imports.
        files: [{ name: 'main.go', content: block.code }],
        options: { timeoutMs: CODE_BLOCK_TIMEOUT_MS, ...(noCache ? { noCache: true } : {}) },
      },
      { signal },
    );
    let passed = report.status === 'ok';
    let message = passed ? '' : describeRunFailure(report);
    if (passed && block.kind === 'run') {
      const got = normalizeOutput(report.stdout);
      const want = normalizeOutput(block.expectedOutput ?? '');
      if (got !== want) {
        passed = false;
        message = firstDifference(got, want);
      }
    }
    return { passed, message, wallMs: Math.round(performance.now() - started), cached: report.cached };
  } };
}

function labReferenceTask(runner: Runner, lesson: Lesson, lab: Lab, signal?: AbortSignal): Task {
  const meta = { lesson: lesson.id, kind: 'lab-reference' as const, target: 'reference passes every check', file: path.join(lab.dir, 'reference') };
  return { ...meta, run: async (noCache) => {
    // Three benchmark rounds per side: the reference is compared with itself,
    // so any ratio above 1 is noise, and the best of three rounds damps it.
    const grade = await gradeLab(runner, lab, lab.reference, { signal, noCache, benchRounds: 3 });
    const failed = grade.checks.filter((c) => !c.passed);
    return { passed: failed.length === 0, message: failed.map((c) => `${c.name}: ${c.summary}`).join('; '), wallMs: grade.wallMs, grade };
  } };
}

function labStarterTask(runner: Runner, lesson: Lesson, lab: Lab, signal?: AbortSignal): Task {
  const meta = { lesson: lesson.id, kind: 'lab-starter' as const, target: 'starter fails a hidden test', file: path.join(lab.dir, 'starter') };
  return { ...meta, run: async (noCache) => {
    // The starter must fail a hidden test, and for the right reason: it must compile (unless the lab says otherwise).
    const only = lab.spec.checks.some((c) => c.kind === 'test') ? (['test'] as const) : (['race'] as const);
    const grade = await gradeLab(runner, lab, lab.starter, { signal, noCache, only: [...only] });
    const check = grade.checks[0]!;
    let passed: boolean;
    let message = '';
    if (check.passed) {
      passed = false;
      message = 'the starter passes every hidden test: the tests do not catch what the lab asks for';
    } else if (check.runStatus === 'compile_error' && lab.spec.starterCompiles) {
      passed = false;
      message = `the starter must compile (set "starterCompiles": false if the compile error is the lesson): ${check.summary}`;
    } else if (check.runStatus && check.runStatus !== 'failed' && check.runStatus !== 'compile_error') {
      passed = false;
      message = `the starter's tests did not finish (${check.runStatus}); they must fail cleanly: ${check.summary}`;
    } else {
      passed = true;
    }
    return { passed, message, wallMs: grade.wallMs, grade };
  } };
}

/**
 * Why a graded wrong solution did not fail the way its expect.json says, or
 * '' when it did. A failure only counts when it is the check's own finding:
 * a wrong solution that does not compile, or whose run did not finish,
 * proves nothing about the check (exported for the unit tests).
 */
export function judgeWrongSolution(wrong: WrongSolution, checks: readonly GradeCheck[]): string {
  const { fails, test, benchmark } = wrong.expect;
  const relevant = checks.filter((c) => c.kind === fails && (!benchmark || c.measurement?.benchmark === benchmark || c.name.startsWith(`${benchmark} `)));
  if (relevant.length === 0) return `the ${fails} check did not run`;
  const failed = relevant.filter((c) => !c.passed);
  const summaries = relevant.map((c) => `${c.name}: ${c.summary}`).join('; ');
  if (failed.length === 0) return `the ${fails} check passes this wrong solution (${wrong.expect.why.replace(/\.$/, '')}): the check does not catch it. ${summaries}`;
  const compileError = failed.find((c) => c.runStatus === 'compile_error');
  if (compileError) return `the wrong solution does not compile, so it proves nothing: ${compileError.summary}`;
  const check = failed[0]!;
  switch (fails) {
    case 'leak':
      if (!check.leaks?.length && !check.leakOutput) return `the leak check failed without finding a leak: ${check.summary}`;
      return '';
    case 'race':
      if (!check.races?.length && !check.failures?.length) return `the race check failed without a race or a failing test: ${check.summary}`;
      if (test && !check.races?.some((r) => r.test === test || r.test?.startsWith(`${test}/`)) && !check.failures?.some((f) => f.test === test || f.test.startsWith(`${test}/`))) {
        return `expected ${test} to fail under -race, but the race check reported: ${check.summary}`;
      }
      return '';
    case 'test':
      if (check.runStatus && check.runStatus !== 'failed') return `the hidden tests did not finish (${check.runStatus}): ${check.summary}`;
      if (test && !check.failures?.some((f) => f.test === test || f.test.startsWith(`${test}/`))) return `expected ${test} to fail, but: ${check.summary}`;
      return '';
    case 'bench':
      if (!check.measurement) return `the benchmark check failed without a measurement: ${check.summary}`;
      return '';
    case 'vet':
      if (!check.diagnostics?.length) return `go vet failed without a diagnostic: ${check.summary}`;
      return '';
  }
}

function labWrongTask(runner: Runner, lesson: Lesson, lab: Lab, wrong: WrongSolution, signal?: AbortSignal): Task {
  const { fails, test } = wrong.expect;
  const meta = { lesson: lesson.id, kind: 'lab-wrong' as const, target: `wrong/${wrong.name} fails ${fails}${test ? ` (${test})` : ''}`, file: wrong.dir };
  return { ...meta, run: async (noCache) => {
    // Only the named check runs: the wrong solution exists to prove that this one check catches its mistake.
    const grade = await gradeLab(runner, lab, wrong.files, { signal, noCache, only: [fails] });
    const message = judgeWrongSolution(wrong, grade.checks);
    return { passed: message === '', message, wallMs: grade.wallMs, grade };
  } };
}

async function runPool(tasks: Task[], jobs: number, noCache: boolean, onResult?: (r: ValidationResult) => void): Promise<ValidationResult[]> {
  const results: ValidationResult[] = new Array(tasks.length);
  await forEachLimit(tasks, jobs, async (task, i) => {
    const { run, ...meta } = task;
    try {
      let result = await run(noCache);
      // A failure answered (partly) from the result cache may be a stale
      // verdict, e.g. a build that hit its time limit on a loaded machine:
      // check it once more, fresh, before reporting it.
      if (!result.passed && !noCache) result = await run(true);
      results[i] = { ...meta, ...result };
    } catch (e) {
      // A refused request or a broken platform: report it against the task and go on, so one bad lab does not hide the others.
      results[i] = { ...meta, passed: false, message: `the runner refused or failed: ${(e as Error).message}`, wallMs: 0 };
    }
    onResult?.(results[i]!);
  });
  return results;
}

function countTotals(course: Course, lessons: Lesson[]): Omit<ValidationTotals, 'checksPassed' | 'checksFailed' | 'problems'> {
  let codeBlocks = 0;
  let runnableBlocks = 0;
  for (const l of lessons) {
    codeBlocks += l.content.en.codeBlocks.length;
    runnableBlocks += l.content.en.codeBlocks.filter((b) => b.kind === 'run' || b.kind === 'build').length;
  }
  return { modules: course.modules.length, lessons: lessons.length, labs: lessons.filter((l) => l.lab).length, codeBlocks, runnableBlocks };
}

export async function validateCourse(rootDir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const started = performance.now();
  const { course, problems: loadProblems } = await readCourse(rootDir);
  const problems = [...loadProblems, ...checkStructure(course)];
  const lessons = options.lessons ? course.lessons.filter((l) => options.lessons!.includes(l.id)) : course.lessons;
  const selected = options.lessons ? problems.filter((p) => !p.lesson || options.lessons!.includes(p.lesson)) : problems;

  const tasks: Task[] = [];
  const { signal, noCache } = options;
  const runner = options.runner && gateBenchmarks(options.runner);
  if (runner) {
    // Labs first: they take longest, so the pool finishes with the short code block runs.
    for (const lesson of lessons) {
      if (!lesson.lab) continue;
      tasks.push(labReferenceTask(runner, lesson, lesson.lab, signal), labStarterTask(runner, lesson, lesson.lab, signal));
      for (const wrong of lesson.lab.wrong) tasks.push(labWrongTask(runner, lesson, lesson.lab, wrong, signal));
    }
    for (const lesson of lessons) {
      // Runnable code is identical in both languages (checked above), so running the English blocks covers both.
      for (const block of lesson.content.en.codeBlocks) {
        if (block.kind === 'run' || block.kind === 'build') tasks.push(codeBlockTask(runner, lesson, block, signal));
      }
    }
  }
  const results = await runPool(tasks, options.jobs ?? availableParallelism(), noCache ?? false, options.onResult);
  const checksPassed = results.filter((r) => r.passed).length;
  const checksFailed = results.length - checksPassed;
  return {
    ok: selected.length === 0 && checksFailed === 0,
    rootDir: course.rootDir,
    totals: { ...countTotals(course, lessons), checksPassed, checksFailed, problems: selected.length },
    problems: selected,
    results,
    wallMs: Math.round(performance.now() - started),
  };
}
