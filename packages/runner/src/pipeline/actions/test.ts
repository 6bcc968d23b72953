/**
 * `test`, `race` with tests, `bench`, `profile`, `trace` and `fuzz`: one `go test` plan each.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@gopherlab/errors';
import type { RunReport, TestResult } from '../../model/report.js';
import type { SandboxResult } from '../../sandbox/types.js';
import { parseCompilerOutput, parseGoCommandErrors, raceDiagnostics, splitRuntimeTrace, TestJsonStream } from '../../parse/index.js';
import { buildEnv, durationMs, OUT_DIR, programEnv, testPlan } from '../plan.js';
import { leaksFromOutputs, planLeakHarness } from '../leaks.js';
import { importPathOf, sealedArgv, sealedDir, sealedViolation } from '../sealed.js';
import { compileErrorOutcome, programExitOutcome, testOutcome, toolchainOutcome } from '../status.js';
import { BUILD_CPUS, exec, mergeLimitOutcome, setOutcome, type Ctx, type Draft } from '../context.js';

/**
 * What a go-test-based request needs before anything runs: the fuzz target,
 * the sealed files; null when the request is refused (the outcome is set).
 */
function admitTestRun(ctx: Ctx, d: Draft): { fuzzTarget: string | undefined; sealed: string[] | null } | null {
  const o = ctx.request.options ?? {};
  const action = ctx.request.action;
  const refuse = (message: string) => (setOutcome(d, { status: 'rejected', message }), null);
  let fuzzTarget: string | undefined;
  if (action === 'fuzz') {
    fuzzTarget = o.fuzz ?? ctx.shape.fuzzTargets[0];
    if (!fuzzTarget || (o.fuzz && !ctx.shape.fuzzTargets.includes(o.fuzz))) {
      return refuse(o.fuzz ? `There is no fuzz target ${o.fuzz}: add func ${o.fuzz}(f *testing.F) to a _test.go file.` : 'There is no fuzz target: add a func FuzzXxx(f *testing.F) to a _test.go file.');
    }
  }
  // `go test` of a package without tests is fine ("[no test files]"): it still compiles the
  // package, and exercises where the learner writes the tests start exactly like that.
  if (!ctx.shape.hasTests && action !== 'test' && action !== 'race') {
    const what = action === 'bench' ? 'benchmarks (func BenchmarkXxx(b *testing.B))' : 'tests (func TestXxx(t *testing.T))';
    return refuse(`There are no ${what}: add them to a file whose name ends in _test.go.`);
  }
  const unsupported = action === 'profile' ? (o.profiles ?? []).filter((k) => k === 'goroutine' || k === 'goroutineleak') : [];
  if (unsupported.length) {
    return refuse(`The ${unsupported.join(' and ')} profile cannot be collected from go test flags. Write it from your test with runtime/pprof.Lookup("${unsupported[0]}").WriteTo, or choose cpu, heap, allocs, block or mutex.`);
  }
  const sealed = o.sealed ?? null;
  if (sealed) {
    if (action !== 'test' && action !== 'race' && action !== 'bench') throw new AppError('invalid_request', 'Only test, race and bench runs can seal test files.');
    const why = sealedViolation(ctx.request.files, sealed);
    if (why) return refuse(why);
  }
  return { fuzzTarget, sealed };
}

/** test, race (with tests), bench, profile, trace, fuzz: one `go test -json` in the sandbox. */
export async function goTest(ctx: Ctx, d: Draft, dataDir: string, id: string): Promise<void> {
  const o = ctx.request.options ?? {};
  const action = ctx.request.action;
  const admitted = admitTestRun(ctx, d);
  if (!admitted) return;
  const { fuzzTarget, sealed } = admitted;
  const runMs = ctx.limits.runTimeoutMs + (action === 'fuzz' ? durationMs(o.fuzztime ?? '5s') : 0);
  const plan = testPlan(action, ctx.shape, o, runMs, fuzzTarget, { build: BUILD_CPUS, program: ctx.limits.gomaxprocs });
  const sealDir = sealed ? sealedDir(ctx.files, sealed) : '';
  const marker = sealed ? `gopherlab:sealed:${randomUUID()}` : '';
  const argv = sealed ? sealedArgv({ testArgv: plan.argv, dir: sealDir, importPath: importPathOf(ctx.files, sealDir), sealed, marker }) : plan.argv;
  // Measuring actions keep the learner's CPU quota for the whole step; the others compile with every core
  // (their tests still run with the explicit GOMAXPROCS).
  const wideQuota = action === 'test' || action === 'race' || action === 'fuzz';
  ctx.emit({ type: 'status', status: 'compiling' });
  let executing = false;
  const stream = new TestJsonStream({
    procs: ctx.limits.gomaxprocs,
    knownFiles: ctx.knownFiles,
    routeRuntimeTrace: ctx.traceRouted,
    onOutput: (data) => {
      if (!executing) {
        executing = true;
        ctx.emit({ type: 'status', status: 'executing' });
      }
      ctx.emit({ type: 'stdout', data });
    },
    onTest: (test: TestResult) => ctx.emit({ type: 'test', test }),
    onBenchmark: (benchmark) => ctx.emit({ type: 'benchmark', benchmark }),
  });
  // -fuzz instruments the standard library too (about 60 packages recompiled with -d=libfuzzer), which
  // the trusted base cache does not hold unless setup warmed it: give that build four build budgets.
  const totalMs = ctx.limits.buildTimeoutMs * (action === 'fuzz' ? 4 : 1) + runMs;
  // ctx.files: tests written into main.go were split into a _test.go, and deserve the leak check too.
  const leakPlan = action === 'test' || action === 'race' ? planLeakHarness(ctx.files) : null;
  // A failing input the fuzzer finds is written into the package's corpus directory, under a hash.
  const corpusDir = fuzzTarget ? `${ctx.shape.testDir ? `${ctx.shape.testDir}/` : ''}testdata/fuzz/${fuzzTarget}/` : null;
  const collect = [...plan.collect, ...(leakPlan?.collect ?? []), ...(corpusDir ? [corpusDir] : [])];
  const r = await exec(ctx, {
    argv,
    // The output directory must exist before go test (or the leak harness) writes into it.
    files: [...ctx.files, ...(leakPlan ? [leakPlan.harness] : []), ...(collect.length ? [{ name: `${OUT_DIR}/.keep`, content: '' }] : [])],
    env: { ...buildEnv(o), ...programEnv(o, ctx.limits.gomaxprocs), ...(leakPlan?.env ?? {}) },
    cgo: action === 'race',
    compileOnly: wideQuota,
    collect,
    timeoutMs: totalMs,
    onStdout: (chunk) => stream.push(chunk),
    onStderr: (data) => ctx.emit({ type: 'stderr', data: marker ? data.replace(`${marker}\n`, '') : data }),
  });
  const parsed = stream.end();
  // A sealed run's build ended where its marker is; no marker, no test binary.
  const markerAt = marker ? r.stderr.indexOf(`${marker}\n`) : -1;
  const sealedBuildFailed = marker !== '' && markerAt < 0;
  const allStderr = markerAt < 0 ? r.stderr : r.stderr.slice(0, markerAt) + r.stderr.slice(markerAt + marker.length + 1);
  // The go command and compiler inherit GODEBUG too; their trace lines are noise, not the learner's.
  const stderr = ctx.traceRouted ? splitRuntimeTrace(allStderr).rest : allStderr;
  d.exitCode = r.exitCode;
  if (corpusDir) fuzzInputs(ctx, d, r.outputs, corpusDir);
  d.cpuMs += r.cpuMs;
  d.truncated = r.truncated;
  d.stdout = parsed.output + parsed.nonJson;
  d.stderr = stderr;
  d.tests = parsed.tests;
  d.benchmarks = parsed.benchmarks;
  d.races = parsed.races;
  if (parsed.runtimeTrace) d.runtimeTrace = parsed.runtimeTrace;
  if (leakPlan) d.leaks = leaksFromOutputs(r.outputs, ctx.knownFiles);
  // The test binaries' window is the execution; everything before it is the go command compiling.
  d.execMs = Math.min(r.wallMs, parsed.execWindowMs);
  d.compileMs = Math.max(0, r.wallMs - d.execMs);
  const buildDiagnostics = [...parsed.diagnostics, ...parseCompilerOutput(stderr, { source: 'compiler', knownFiles: ctx.knownFiles })];
  const dedup = new Map(buildDiagnostics.map((x) => [`${x.file}:${x.line}:${x.col}:${x.message}`, x]));
  d.diagnostics = [...dedup.values(), ...parseGoCommandErrors(stderr), ...raceDiagnostics(d.races, ctx.knownFiles)];

  const buildFailed = marker ? sealedBuildFailed : parsed.packages.some((p) => p.status === 'build_failed') || (r.exitCode !== 0 && parsed.packages.length === 0);
  if (mergeLimitOutcome(d, r, 'test', ctx, totalMs)) return;
  if (marker && !buildFailed && parsed.packages.length === 0 && r.exitCode !== 0) {
    // Built, but test2json never reported the binary: the platform failed to start it.
    setOutcome(d, { status: 'internal_error', message: `The test binary was built but could not be started: ${stderr.trim().split('\n').at(-1) ?? `exit ${r.exitCode}`}` });
    return;
  }
  if (buildFailed) {
    setOutcome(d, buildFailedOutcome(ctx, d, stderr, parsed.buildOutput));
    return;
  }
  judgeTests(ctx, d, parsed, r.exitCode, runMs, fuzzTarget);
  if ((action === 'profile' || action === 'trace') && plan.profiles.length > 0) await storeProfiles(d, r, plan.profiles, dataDir, id);
}

/** The failing inputs the fuzzer wrote into the package's corpus directory (the request's own files aside). */
function fuzzInputs(ctx: Ctx, d: Draft, outputs: SandboxResult['outputs'], corpusDir: string): void {
  const known = new Set(ctx.files.map((f) => f.name));
  const found = Object.entries(outputs).filter(([name]) => name.startsWith(corpusDir) && !known.has(name));
  if (found.length > 0) d.fuzzInputs = found.map(([name, bytes]) => ({ name, content: new TextDecoder().decode(bytes) }));
}

/** Why `go test` did not get to run the tests: vet's checks, the toolchain, or the compiler. */
function buildFailedOutcome(ctx: Ctx, d: Draft, stderr: string, buildOutput: string): Parameters<typeof setOutcome>[1] {
  const errors = d.diagnostics.filter((x) => x.severity === 'error');
  if (errors.length > 0 && errors.every((x) => x.source === 'vet')) {
    // The code compiles; the vet checks `go test` runs first (stdversion, printf, ...) stopped it.
    const first = errors[0]!;
    return { status: 'failed', message: `go test runs go vet first, and vet reports ${first.file}:${first.line}: ${first.message}. Fix it (or, for a newer API, raise the go line in go.mod and pick that Go release); the tests did not run.` };
  }
  return toolchainOutcome(stderr, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, buildOutput || stderr);
}

/** The outcome of tests that built and ran: timeout, races, failures, or a note on what did not run. */
function judgeTests(ctx: Ctx, d: Draft, parsed: ReturnType<TestJsonStream['end']>, exitCode: number | null, runMs: number, fuzzTarget: string | undefined): void {
  const action = ctx.request.action;
  const o = ctx.request.options ?? {};
  if (parsed.packages.some((p) => p.timedOut)) {
    setOutcome(d, { status: 'timeout', message: `Your tests ran longer than ${runMs / 1000} s and were stopped; the output shows what every goroutine was doing. Look for an infinite loop or a goroutine blocked forever.` });
    return;
  }
  // Counted at the top level: a failing subtest fails its parent, which is the test a learner named.
  const failedTests = d.tests.filter((t) => t.status === 'fail' && !t.name.includes('/')).length;
  const failedPackages = parsed.packages.filter((p) => p.status === 'fail').length;
  if (d.races.length > 0) setOutcome(d, programExitOutcome(exitCode, '', d.races.length));
  else if (exitCode !== 0 || failedTests > 0 || failedPackages > 0) {
    const topLevel = d.tests.filter((t) => !t.name.includes('/')).length;
    const outcome =
      action === 'fuzz' && failedTests > 0
        ? { status: 'failed' as const, message: `The fuzzer found an input that makes ${fuzzTarget} fail; the output shows the input and how to re-run it. Fix the code (or the property), then fuzz again.` }
        : testOutcome(topLevel, failedTests, failedPackages || (exitCode !== 0 ? 1 : 0));
    setOutcome(d, outcome.status === 'ok' ? { status: 'failed', message: `go test exited with status ${exitCode}.` } : outcome);
  }
  if ((action === 'test' || action === 'race') && d.status === 'ok' && d.tests.length === 0) {
    d.message = 'The code compiles, and there are no tests to run yet (go test says "no test files"): add func TestXxx(t *testing.T) to a file whose name ends in _test.go.';
  }
  if (action === 'bench' && d.status === 'ok' && d.benchmarks.length === 0) {
    setOutcome(d, { status: 'rejected', message: `No benchmark matched -bench=${o.bench ?? '.'}: add func BenchmarkXxx(b *testing.B) to a _test.go file or change the pattern.` });
  }
}

const SAMPLE_TYPE: Record<string, string> = { cpu: 'cpu', heap: 'inuse_space', allocs: 'alloc_space', block: 'delay', mutex: 'delay' };

async function storeProfiles(d: Draft, r: SandboxResult, profiles: { kind: RunReport['profiles'][number]['kind']; path: string }[], dataDir: string, id: string): Promise<void> {
  const runDir = resolve(dataDir, 'runs', id);
  let made = false;
  for (const p of profiles) {
    const bytes = r.outputs[p.path];
    if (!bytes || bytes.length === 0) continue;
    if (!made) {
      await mkdir(runDir, { recursive: true });
      made = true;
    }
    const file = join(runDir, p.path.slice(OUT_DIR.length + 1));
    await writeFile(file, bytes);
    d.profiles.push(
      p.kind === 'trace'
        ? { kind: 'trace', format: 'trace', path: file, bytes: bytes.length }
        : { kind: p.kind, format: 'pprof', path: file, sampleType: SAMPLE_TYPE[p.kind] ?? 'samples', bytes: bytes.length },
    );
  }
  if (d.status === 'ok' && d.profiles.length === 0) {
    setOutcome(d, { status: 'failed', message: 'The tests ran but wrote no profile; the selected tests or benchmarks may not have run at all. Check the -run/-bench pattern.' });
  }
}
