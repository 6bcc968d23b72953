/**
 * gradeLab: runs a lab's checks for a learner's files through the runner and
 * turns the RunReports into a GradeReport a learner can act on.
 *
 * One grading run = test (+ leak, read from the same report), race and vet in
 * parallel, then the benchmarks of the learner's code and of the reference one
 * after the other, so both are measured on the same machine under the same
 * load (running them concurrently with the other checks would distort ratios).
 */
import type { BenchmarkResult, RunOptions, RunReport, SourceFile } from '@gopherlab/runner';
import type { LabRunner } from './runner.js';
import type { LabCheckSpec } from '../format/schema.js';
import type { Lab } from '../loader/model.js';
import { hiddenTestNames, mergeHiddenTests } from './merge.js';
import type { BenchMeasurement, CheckKind, GradeCheck, GradeReport } from './types.js';

export interface GradeOptions {
  /** Run only these check kinds (the validator uses ['test'] for starters). */
  only?: CheckKind[];
  /** Overrides lab.json's benchtime. */
  benchtime?: string;
  signal?: AbortSignal;
  /** Bypass the runner's result cache for every run (benchmarks always bypass it). */
  noCache?: boolean;
  /**
   * Benchmark rounds per side (default 2), run in ABBA order (learner,
   * reference, reference, learner, ...) so that a slow drift of the machine's
   * load affects both sides alike.
   */
  benchRounds?: number;
  /** Progress as it happens: which step runs, then each check the moment its result is known. */
  onProgress?(event: GradeProgress): void;
}

/** What a grading reports while it runs (the server streams it to the learner over SSE). */
export type GradeProgress = { type: 'running'; step: 'test' | 'race' | 'vet' | 'bench' } | { type: 'check'; check: GradeCheck };

const MAX_OUTPUT_IN_REPORT = 8 * 1024;

function clip(text: string): string {
  return text.length > MAX_OUTPUT_IN_REPORT ? `${text.slice(0, MAX_OUTPUT_IN_REPORT)}\n… (output truncated)` : text;
}

function runFailure(report: RunReport, what: string): Pick<GradeCheck, 'summary' | 'diagnostics' | 'runStatus'> {
  if (report.status === 'compile_error') {
    const first = report.diagnostics.find((d) => d.severity === 'error');
    const where = first ? ` First error: ${first.file}:${first.line}: ${first.message}` : '';
    return { summary: `The code does not compile, so ${what} could not run.${where}`, diagnostics: report.diagnostics, runStatus: report.status };
  }
  return { summary: `${what} did not finish: ${(report.message || report.status).replace(/\.$/, '')}.`, runStatus: report.status };
}

/** Leaked goroutines as goleak prints them: the whole block, how many, and the first one's function and state. */
export function parseGoleakText(text: string): { raw: string; count: number; first?: { function: string; state: string } } | undefined {
  // The last report is the most complete one: a TestMain's search after
  // every test comes after any per-test goleak.VerifyNone report, and
  // covers the goroutines those reported too.
  const start = text.lastIndexOf('found unexpected goroutines');
  if (start < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', start) + 1;
  // goleak prints "[Goroutine 72 in state chan send, with pkg.fn on top of the stack:" for the
  // first goroutine and " Goroutine 70 in state ..." for the next ones, then one closing "]".
  const end = text.indexOf('\n]', start);
  const raw = text.slice(lineStart, end < 0 ? undefined : end + 2);
  const blocks = [...raw.matchAll(/Goroutine \d+ in state ([^,\n]+), with (\S+) on top of the stack/g)];
  const first = blocks[0] ? { function: blocks[0][2]!, state: blocks[0][1]! } : undefined;
  return { raw: clip(raw), count: blocks.length || 1, ...(first ? { first } : {}) };
}

/**
 * A synctest bubble whose test function returned while goroutines it started
 * were still durably blocked: testing/synctest panics with this message and
 * dumps those goroutines ("goroutine 10 [chan send (durable), synctest bubble 1]:").
 * It is a goroutine leak found by the runtime, reported in goleak's shape.
 */
export function parseSynctestDeadlock(text: string): ReturnType<typeof parseGoleakText> {
  const start = text.indexOf('deadlock: main bubble goroutine has exited but blocked goroutines remain');
  if (start < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const rest = text.slice(lineStart);
  // The dump ends at the package's verdict line (FAIL / exit status) or at the end of the output.
  const end = rest.search(/^(?:FAIL|exit status \d+|ok )\b/m);
  const raw = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...raw.matchAll(/^goroutine \d+ \[([^\]\n]*?),? synctest bubble \d+\]:\n(\S+?)\(/gm)];
  const first = blocks[0] ? { function: blocks[0][2]!, state: blocks[0][1]!.replace(/,$/, '') } : undefined;
  return { raw: clip(raw.trimEnd()), count: blocks.length || 1, ...(first ? { first } : {}) };
}

function allOutput(report: RunReport): string {
  return `${report.stdout}\n${report.stderr}\n${report.tests.map((t) => t.output).join('\n')}`;
}

/**
 * Leak reports from the runner, or goleak's (or synctest's) own text when the
 * runner did not parse one. The same report can appear in several places (a
 * test's output and the package output), so each is read on its own, the
 * package-level streams first, and the first report found wins: reading them
 * joined would count every goroutine twice.
 */
function findLeaks(report: RunReport): { leaks: RunReport['leaks']; goleak?: ReturnType<typeof parseGoleakText> } {
  if (report.leaks.length > 0) return { leaks: report.leaks };
  for (const text of [report.stderr, report.stdout, ...report.tests.map((t) => t.output)]) {
    const found = parseGoleakText(text) ?? parseSynctestDeadlock(text);
    if (found) return { leaks: [], goleak: found };
  }
  return { leaks: [] };
}

/**
 * Why the leak search cannot have run to completion, or undefined when it
 * did. Both places a search runs (a hidden TestMain's goleak.Find after
 * m.Run, or the runner's harness) run after the last test: a crash (panic,
 * fatal error, a test timeout) or an os.Exit in the learner's code ends the
 * binary before that, and "no leak reported" then means "not searched".
 */
export function leakSearchSkipped(report: RunReport, expected: readonly string[]): string | undefined {
  const text = allOutput(report);
  const crash = /^(panic: .*|fatal error: .*)$/m.exec(text);
  if (crash && /^goroutine \d+ \[/m.test(text)) return `the test binary crashed (${crash[1]!.slice(0, 160)})`;
  const missing = expected.filter((name) => !report.tests.some((t) => t.name === name));
  if (missing.length > 0) return `the test binary exited before ${missing.join(', ')} ran (an os.Exit or log.Fatal in the code?)`;
  return undefined;
}

function testCheck(report: RunReport, expected: string[], kind: 'test' | 'race'): GradeCheck {
  const name = kind === 'test' ? 'hidden tests' : 'hidden tests under the race detector';
  if (report.status === 'compile_error' || (report.status !== 'ok' && report.status !== 'failed')) {
    return { kind, name, passed: false, ...runFailure(report, 'the hidden tests') };
  }
  const failures: NonNullable<GradeCheck['failures']> = [];
  const failed = (test: string, r: { output: string; failure?: string }) => failures.push({ test, output: clip(r.output), ...(r.failure ? { failure: clip(r.failure) } : {}) });
  for (const test of expected) {
    const result = report.tests.find((t) => t.name === test);
    if (!result) failures.push({ test, output: 'This test did not run (did the program exit early, e.g. from TestMain, init or os.Exit?).' });
    else if (result.status !== 'pass') failed(test, result);
  }
  // Subtests and learner-invisible helpers still count when they fail.
  for (const t of report.tests) {
    if (t.status === 'fail' && !expected.includes(t.name) && !failures.some((f) => f.test === t.name)) {
      failed(t.name, t);
    }
  }
  const raced = kind === 'race' && (report.races.length > 0 || /WARNING: DATA RACE/.test(report.stdout + report.stderr));
  if (failures.length === 0 && !raced && report.status === 'failed' && !findLeaks(report).goleak && report.leaks.length === 0) {
    // The package failed without any test failing: a panic in TestMain, a build of a test helper, an exit code.
    return { kind, name, passed: false, summary: `The test binary failed: ${report.message || 'non-zero exit'}.`, failures: [{ test: '(package)', output: clip(report.stdout + report.stderr) }], runStatus: report.status };
  }
  if (kind === 'race') {
    if (raced) {
      return {
        kind,
        name,
        passed: false,
        summary: `The race detector found ${report.races.length || 'a'} data race${report.races.length === 1 ? '' : 's'}: two goroutines access the same memory without synchronisation. Read the two stacks below.`,
        races: report.races,
        failures: failures.length ? failures : undefined,
      };
    }
  }
  if (failures.length > 0) {
    const names = failures.map((f) => f.test).join(', ');
    return { kind, name, passed: false, summary: `${failures.length} of ${Math.max(expected.length, failures.length)} hidden tests failed: ${names}.`, failures };
  }
  return { kind, name, passed: true, summary: kind === 'race' ? `All ${expected.length} hidden tests pass under -race and no race was reported.` : `All ${expected.length} hidden tests pass.` };
}

/**
 * The leak check grades on its own: a solution that fails tests and leaks is
 * told about both. The hidden tests of every lab with a leak check declare
 *
 *     func TestMain(m *testing.M) {
 *         code := m.Run()
 *         if err := goleak.Find(); err != nil { fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err); code = 1 }
 *         os.Exit(code)
 *     }
 *
 * (goleak.VerifyTestMain skips the search once a test failed, so it is not
 * used). The search lives in the lab rather than in the runner's harness
 * because the harness is added only when the package has no TestMain and
 * its tests sit in one directory, and an empty harness result cannot tell
 * "no leak" from "the dumps were never written"; goleak's report is plain
 * text in the test output that any run, cached or not, carries. Labs without
 * a TestMain still get the harness (report.leaks). Three rules keep the check
 * from passing vacuously: a leak found by any of the three sources (runner
 * harness, goleak, synctest's "blocked goroutines remain" panic) fails it;
 * a run that did not finish fails it (runFailure); and a binary that died
 * before the search could run fails it with the reason (leakSearchSkipped).
 */
function leakCheck(report: RunReport, expected: readonly string[]): GradeCheck {
  const name = 'goroutine leaks';
  if (report.status !== 'ok' && report.status !== 'failed') return { kind: 'leak', name, passed: false, ...runFailure(report, 'the leak check') };
  const { leaks, goleak } = findLeaks(report);
  if (leaks.length === 0 && !goleak) {
    const skipped = report.status === 'failed' ? leakSearchSkipped(report, expected) : undefined;
    if (skipped) {
      return {
        kind: 'leak',
        name,
        passed: false,
        summary: `The leak search could not run: ${skipped}, so nobody can tell yet whether goroutines are left behind. Fix the crash, then grade again.`,
        runStatus: report.status,
      };
    }
    return { kind: 'leak', name, passed: true, summary: 'No goroutine was left running after the tests.' };
  }
  const count = leaks.reduce((n, l) => n + l.count, 0) || goleak?.count || 1;
  const first = leaks[0] ? { function: leaks[0].function, state: leaks[0].state } : goleak?.first;
  const where = first ? ` The first is blocked in ${first.function} (${first.state}).` : '';
  const bubble = leaks.length === 0 && goleak?.raw.includes('main bubble goroutine has exited') === true;
  return {
    kind: 'leak',
    name,
    passed: false,
    summary: `${count} goroutine${count === 1 ? ' was' : 's were'} still ${bubble ? 'blocked when their synctest bubble ended' : 'running after the tests finished'}.${where} Make sure every goroutine you start can exit (close channels, honour context cancellation).`,
    leaks,
    ...(goleak ? { leakOutput: goleak.raw } : {}),
  };
}

function vetCheck(report: RunReport): GradeCheck {
  const name = 'go vet';
  if (report.status === 'ok') return { kind: 'vet', name, passed: true, summary: 'go vet reports nothing.' };
  if (report.status === 'compile_error' || report.status === 'failed') {
    const vet = report.diagnostics.filter((d) => d.source === 'vet' || d.source === 'compiler');
    if (vet.length > 0) {
      const first = vet[0]!;
      return { kind: 'vet', name, passed: false, summary: `go vet reports ${vet.length} problem(s). First: ${first.file}:${first.line}: ${first.message}`, diagnostics: vet };
    }
    return { kind: 'vet', name, passed: false, summary: `go vet failed: ${clip(report.stderr || report.message)}`, runStatus: report.status };
  }
  return { kind: 'vet', name, passed: false, ...runFailure(report, 'go vet') };
}

export function metricValue(result: BenchmarkResult, metric: string): number | undefined {
  switch (metric) {
    case 'ns/op':
      return result.nsPerOp;
    case 'B/op':
      return result.bytesPerOp;
    case 'allocs/op':
      return result.allocsPerOp;
    default:
      return result.metrics[metric];
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The best value over all rounds: interference from other work on the
 * machine only ever makes a run slower (or a throughput lower), so the
 * minimum (maximum for throughput) is the estimate least affected by it.
 * Allocation counts do not vary with load; their median guards against a
 * round that allocated once in a warm-up.
 */
function measure(reports: RunReport[], benchmark: string, metric: string, higherIsBetter: boolean): number | undefined {
  const values = reports
    .flatMap((r) => r.benchmarks)
    .filter((b) => b.name === benchmark)
    .map((b) => metricValue(b, metric))
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (values.length === 0) return undefined;
  if (metric === 'allocs/op' || metric === 'B/op') return median(values);
  return higherIsBetter ? Math.max(...values) : Math.min(...values);
}

/** Compares one metric; exported for the unit tests of the ratio rules. */
export function compareMetric(spec: Extract<LabCheckSpec, { kind: 'bench' }>, learner: number, reference: number): { passed: boolean; measurement: BenchMeasurement } {
  const higherIsBetter = spec.higherIsBetter ?? false;
  const [num, den] = higherIsBetter ? [reference, learner] : [learner, reference];
  let ratio: number | null;
  let passed: boolean;
  if (den === 0) {
    // A reference with 0 allocs/op (or 0 B/op) leaves no room: the learner must be 0 too.
    ratio = num === 0 ? 1 : null;
    passed = num === 0;
  } else {
    ratio = num / den;
    passed = ratio <= spec.maxRatio;
  }
  return { passed, measurement: { benchmark: spec.benchmark, metric: spec.metric, learner, reference, ratio, maxRatio: spec.maxRatio, higherIsBetter } };
}

function benchCheck(spec: Extract<LabCheckSpec, { kind: 'bench' }>, learnerRounds: RunReport[], referenceRounds: RunReport[]): GradeCheck {
  const name = `${spec.benchmark} ${spec.metric}`;
  const reference = referenceRounds.find((r) => r.status !== 'ok') ?? referenceRounds[0]!;
  const learner = learnerRounds.find((r) => r.status !== 'ok') ?? learnerRounds[0]!;
  if (reference.status !== 'ok') {
    return { kind: 'bench', name, passed: false, summary: `The reference benchmark did not run (${reference.status}: ${reference.message}); this is a problem with the lab, not your code.`, runStatus: reference.status };
  }
  if (learner.status !== 'ok') return { kind: 'bench', name, passed: false, ...runFailure(learner, `the benchmark ${spec.benchmark}`) };
  const l = measure(learnerRounds, spec.benchmark, spec.metric, spec.higherIsBetter ?? false);
  const r = measure(referenceRounds, spec.benchmark, spec.metric, spec.higherIsBetter ?? false);
  if (r === undefined) return { kind: 'bench', name, passed: false, summary: `The reference run reported no ${spec.metric} for ${spec.benchmark}; this is a problem with the lab.` };
  if (l === undefined) return { kind: 'bench', name, passed: false, summary: `Your run reported no ${spec.metric} for ${spec.benchmark} (did the benchmark fail or get skipped?).` };
  const { passed, measurement } = compareMetric(spec, l, r);
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));
  const ratioText = measurement.ratio === null ? 'infinitely more' : `${measurement.ratio.toFixed(2)}×`;
  const summary = passed
    ? `${spec.metric}: yours ${fmt(l)}, reference ${fmt(r)} (ratio ${ratioText}, limit ${spec.maxRatio}×).`
    : r === 0 && !spec.higherIsBetter
      ? `${spec.metric}: yours ${fmt(l)}, but the reference measures 0, so yours must be 0 too.`
      : `${spec.metric}: yours ${fmt(l)}, reference ${fmt(r)}: ratio ${ratioText} is above the limit of ${spec.maxRatio}×.`;
  return { kind: 'bench', name, passed, summary, measurement };
}

function benchPattern(benchmarks: string[]): string {
  const tops = [...new Set(benchmarks.map((b) => b.split('/')[0]!))];
  return `^(${tops.join('|')})$`;
}

export async function gradeLab(runner: LabRunner, lab: Lab, learnerFiles: readonly SourceFile[], options: GradeOptions = {}): Promise<GradeReport> {
  const started = performance.now();
  const labModule = lab.starter.filter((f) => f.name === 'go.mod' || f.name === 'go.sum');
  const merged = mergeHiddenTests(learnerFiles, lab.tests, labModule);
  const expected = hiddenTestNames(lab.tests);
  const specs = lab.spec.checks.filter((c) => !options.only || options.only.includes(c.kind));
  const kinds = new Set(specs.map((c) => c.kind));
  const hooks = { signal: options.signal };
  const base: RunOptions = { timeoutMs: lab.spec.timeoutMs, ...(options.noCache ? { noCache: true } : {}) };
  // Runs that execute the learner's code never let it read the hidden tests (runner: pipeline/sealed.ts).
  const hiddenSources = lab.tests.filter((f) => f.name.endsWith('_test.go')).map((f) => f.name);
  const executing: RunOptions = hiddenSources.length > 0 ? { ...base, sealed: hiddenSources } : base;

  const progress = (e: GradeProgress) => {
    try {
      options.onProgress?.(e);
    } catch {
      // A listener's failure (a closed stream) must not fail the grading.
    }
  };
  const reports: { test?: RunReport; race?: RunReport; vet?: RunReport } = {};
  const learnerBench: RunReport[] = [];
  const referenceBench: RunReport[] = [];
  /** The check of `spec` from the reports so far (every report it needs has landed). */
  const checkOf = (spec: LabCheckSpec): GradeCheck => {
    switch (spec.kind) {
      case 'test':
        return testCheck(reports.test!, expected, 'test');
      case 'race':
        return testCheck(reports.race!, expected, 'race');
      case 'leak':
        return leakCheck(reports.test!, expected);
      case 'vet':
        // vet type-checks too; when the package does not compile, say that once, in the same words as the other checks.
        return reports.test?.status === 'compile_error' ? { kind: 'vet', name: 'go vet', passed: false, ...runFailure(reports.test, 'go vet') } : vetCheck(reports.vet!);
      case 'bench':
        return benchCheck(spec, learnerBench, referenceBench);
    }
  };
  /** Announces the checks that `landed` completes (vet waits for the test run, which says whether it compiles). */
  const announce = (landed: 'test' | 'race' | 'vet') => {
    for (const spec of specs) {
      const ready =
        ((spec.kind === 'test' || spec.kind === 'leak') && landed === 'test') ||
        (spec.kind === 'race' && landed === 'race') ||
        (spec.kind === 'vet' && (landed === 'vet' || landed === 'test') && (!needTestRun || reports.test) && reports.vet);
      if (ready) progress({ type: 'check', check: checkOf(spec) });
    }
  };
  const step = (action: 'test' | 'race' | 'vet', options: RunOptions) => {
    progress({ type: 'running', step: action });
    return runner.run({ action, files: merged.files, options }, hooks).then((r) => {
      reports[action] = r;
      announce(action);
      return r;
    });
  };

  const needTestRun = kinds.has('test') || kinds.has('leak');
  await Promise.all([needTestRun ? step('test', executing) : undefined, kinds.has('race') ? step('race', executing) : undefined, kinds.has('vet') ? step('vet', base) : undefined]);
  const { test: testReport, race: raceReport, vet: vetReport } = reports;

  const benchSpecs = specs.filter((c): c is Extract<LabCheckSpec, { kind: 'bench' }> => c.kind === 'bench');
  if (benchSpecs.length > 0) {
    progress({ type: 'running', step: 'bench' });
    const benchOptions: RunOptions = {
      ...executing,
      bench: benchPattern(benchSpecs.map((b) => b.benchmark)),
      benchtime: options.benchtime ?? lab.spec.benchtime,
      // Both sides are measured fresh in this grading run: a cached reference
      // from another day (or another load) would make the ratio meaningless.
      noCache: true,
    };
    const referenceFiles = mergeHiddenTests(lab.reference, lab.tests, labModule).files;
    const rounds = Math.max(1, Math.min(5, options.benchRounds ?? 2));
    const runLearner = async () => learnerBench.push(await runner.run({ action: 'bench', files: merged.files, options: benchOptions }, hooks));
    const runReference = async () => referenceBench.push(await runner.run({ action: 'bench', files: referenceFiles, options: benchOptions }, hooks));
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        await runLearner();
        await runReference();
      } else {
        await runReference();
        await runLearner();
      }
      // A learner benchmark that does not compile or crashes will not get better in a second round.
      if (learnerBench.some((r) => r.status !== 'ok') || referenceBench.some((r) => r.status !== 'ok')) break;
    }
    for (const spec of benchSpecs) progress({ type: 'check', check: checkOf(spec) });
  }

  const checks: GradeCheck[] = specs.map(checkOf);
  const goVersion = [testReport, raceReport, vetReport, learnerBench[0]].find((r) => r?.goVersion)?.goVersion;
  return {
    labId: lab.id,
    passed: checks.every((c) => c.passed),
    checks,
    replacedFiles: merged.replaced,
    ignoredFiles: merged.ignored,
    wallMs: Math.round(performance.now() - started),
    ...(goVersion ? { goVersion } : {}),
  };
}
