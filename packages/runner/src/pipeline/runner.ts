/**
 * The run pipeline (DESIGN.md "The run pipeline"): validate -> content hash ->
 * result cache -> runner slot -> sandbox -> Go toolchain -> parse -> RunReport.
 * One path for every action; the CLI, the server's workers and the course
 * grader all come through `Runner.run`.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@gopherlab/errors';
import type { Diagnostic, RunEvent, RunLimits, RunReport, RunRequest, SourceFile, TestResult } from '../model/report.js';
import { createSandbox, defaultLimits } from '../sandbox/index.js';
import { goRelease, sandboxConfigFromEnv, toolchainVersion } from '../sandbox/config.js';
import type { Sandbox, SandboxExecSpec, SandboxLimits, SandboxResult, Toolchain } from '../sandbox/types.js';
import { parseCompilerOutput, parseGoCommandErrors, parseRaceReports, parseVetJson, raceDiagnostics, splitRuntimeTrace, TestJsonStream } from '../parse/index.js';
import { generateGoMod, TRACE_GODEBUG_KEYS, validateRunRequest, validationPolicyFor, type AllowedModule, type ValidationPolicy } from '../request/index.js';
import { ResultCache, cacheKey, isCacheable } from './cache.js';
import { Semaphore } from '../util/semaphore.js';
import { BINARY, buildEnv, durationMs, OUT_DIR, pkgArg, programEnv, programShape, testPlan, type ProgramShape } from './plan.js';
import { allowlistGoVersion, loadAllowlist } from '../toolchain/allowlist.js';
import { leaksFromOutputs, planLeakHarness } from './leaks.js';
import { importPathOf, sealedArgv, sealedDir, sealedViolation } from './sealed.js';
import { compileErrorOutcome, limitOutcome, programExitOutcome, testOutcome, toolchainOutcome, type Outcome, type Phase } from './status.js';
import type { RunHooks, Runner } from './types.js';

export type RunnerLimits = Omit<RunLimits, 'gomaxprocs'>;

/** The pipeline's view of the sandbox's limits: its timeout is the run timeout. */
function fromSandboxLimits(l: SandboxLimits): Omit<RunnerLimits, 'buildTimeoutMs'> {
  return { runTimeoutMs: l.timeoutMs, memoryBytes: l.memoryBytes, processes: l.processes, outputBytes: l.outputBytes, diskBytes: l.diskBytes, cpus: l.cpus };
}

/** The sandbox's defaults plus the build timeout, which only the pipeline knows about. */
export const defaultRunnerLimits: RunnerLimits = { buildTimeoutMs: 30_000, ...fromSandboxLimits(defaultLimits) };

export interface RunnerConfig {
  /**
   * The isolation backend; default: the real sandbox (`createSandbox()`). A
   * sandbox that is not isolated is refused: the pipeline never runs code
   * outside one.
   */
  sandbox?: Sandbox;
  /** Root of the result cache and of collected profiles (default $GOPHERLAB_DATA_DIR or ./data). */
  dataDir?: string;
  /** Operator limits; options.timeoutMs may lower the run timeout, never raise it above `maxRunTimeoutMs`. */
  limits?: Partial<RunnerLimits>;
  policy?: Partial<ValidationPolicy>;
  /** Modules in the read-only module cache, used to complete generated go.mod files. */
  modules?: AllowedModule[];
  /** Result cache on/off (default on). */
  cache?: boolean;
  /** Toolchain version for reports and cache keys when the sandbox does not list its toolchains (default: read from $GOPHERLAB_GOROOT/VERSION, default /usr/local/go). */
  goVersion?: string;
  /** Runs waiting for a slot beyond which `run` refuses with queue_full (default 256). */
  maxQueue?: number;
}

/**
 * The operator's limits: the sandbox's GOPHERLAB_LIMIT_* variables (one set
 * of knobs for both halves) plus the build timeout, which only the pipeline
 * knows about. Documented in docs/CONFIGURATION.md.
 */
export function runnerLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RunnerLimits> {
  const out: Partial<RunnerLimits> = {};
  const l = sandboxConfigFromEnv(env).limits;
  if (l) Object.assign(out, fromSandboxLimits(l));
  const raw = env.GOPHERLAB_LIMIT_BUILD_TIMEOUT_MS;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1000 || n > 15 * 60_000) throw new AppError('invalid_config', `GOPHERLAB_LIMIT_BUILD_TIMEOUT_MS must be an integer between 1000 and 900000 (got "${raw}").`);
    out.buildTimeoutMs = n;
  }
  return out;
}

export function detectGoVersion(goRoot = process.env.GOPHERLAB_GOROOT || '/usr/local/go'): string {
  return toolchainVersion(goRoot);
}


type Draft = Omit<RunReport, 'id' | 'action' | 'limits' | 'timing' | 'goVersion'> & { compileMs: number; execMs: number; cpuMs: number };

function emptyDraft(): Draft {
  return { status: 'ok', message: '', exitCode: null, stdout: '', stderr: '', truncated: false, tests: [], benchmarks: [], profiles: [], diagnostics: [], races: [], leaks: [], compileMs: 0, execMs: 0, cpuMs: 0 };
}

function setOutcome(d: Draft, o: Outcome): void {
  d.status = o.status;
  d.message = o.message;
}

interface Ctx {
  sandbox: Sandbox;
  request: RunRequest;
  files: SourceFile[];
  knownFiles: string[];
  shape: ProgramShape;
  limits: RunLimits;
  sandboxLimits: SandboxLimits;
  emit: (e: RunEvent) => void;
  signal?: AbortSignal;
  traceRouted: boolean;
  goVersion: string;
  /** The selected toolchain's GOROOT (undefined: the sandbox's only one). */
  goroot: string | undefined;
}

/**
 * Pure compile steps (the trusted toolchain, not the learner's program) may
 * use every core: the CPU quota in `limits.cpus` is about what a program gets,
 * and a hello-world link at one core costs more than the whole sandbox.
 */
const BUILD_CPUS = availableParallelism();

async function exec(
  ctx: Ctx,
  spec: Omit<SandboxExecSpec, 'files' | 'limits' | 'signal'> & { timeoutMs: number; files?: SandboxExecSpec['files']; compileOnly?: boolean },
): Promise<SandboxResult> {
  const { timeoutMs, files, compileOnly, ...rest } = spec;
  const full: SandboxExecSpec = {
    ...rest,
    ...(ctx.goroot ? { goroot: ctx.goroot } : {}),
    files: files ?? ctx.files,
    limits: { ...ctx.sandboxLimits, timeoutMs, ...(compileOnly ? { cpus: Math.max(ctx.sandboxLimits.cpus, BUILD_CPUS) } : {}) },
  };
  if (ctx.signal) full.signal = ctx.signal;
  try {
    return await ctx.sandbox.exec(full);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('internal_error', `The sandbox failed: ${(e as Error).message}`);
  }
}

function mergeLimitOutcome(d: Draft, r: SandboxResult, phase: Phase, ctx: Ctx, timeoutMs: number): boolean {
  const o = limitOutcome(r, phase, ctx.limits, timeoutMs, ctx.signal?.aborted ?? false);
  if (!o) return false;
  setOutcome(d, o);
  return true;
}

/**
 * `run`, and `race` for a main package without tests: build, then execute,
 * in ONE sandboxed step (a second step would pay the sandbox's fixed cost
 * again, which is most of the latency budget of a hello world). A small
 * script keeps the two phases apart: each phase has its own time limit
 * (coreutils `timeout`), GODEBUG and GOMAXPROCS reach only the program, and
 * a per-run random marker on stderr separates the compiler's output from the
 * program's and tells when execution began.
 */
const RUN_SCRIPT = [
  'pkg=$1 bin=$2 marker=$3 buildlimit=$4 runlimit=$5 procs=$6 debug=$7 race=$8',
  'shift 8',
  // Built the way `go run` builds (no DWARF in the compile of the main package or the link):
  // the program behaves the same, panics keep file:line, and a hello world links ~40 ms faster.
  'timeout -v -k 1 "$buildlimit" go build $race -gcflags=-dwarf=false -ldflags=-w -o "$bin" "$pkg" || exit $?',
  'printf \'%s\\n\' "$marker" >&2',
  'export GOMAXPROCS="$procs"',
  'if [ -n "$debug" ]; then export GODEBUG="$debug"; fi',
  'exec timeout -v -k 1 "$runlimit" "$bin" "$@"',
].join('\n');

/** What `timeout -v` prints when it has to stop the command: the one reliable sign (exit 124 could be the program's own). */
const TIMEOUT_LINE = /^timeout: sending signal \w+ to command .*\n?/gm;

function stripTimeoutLines(text: string): { text: string; timedOut: boolean } {
  const stripped = text.replace(TIMEOUT_LINE, '');
  return { text: stripped, timedOut: stripped.length !== text.length };
}

async function runProgram(ctx: Ctx, d: Draft, race: boolean): Promise<void> {
  if (ctx.shape.mainDir === null) {
    setOutcome(d, { status: 'rejected', message: 'There is no program to run: add a file with "package main" and "func main()", or use the test action for a library.' });
    return;
  }
  const o = ctx.request.options ?? {};
  const marker = `gopherlab:built:${randomUUID()}`;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  ctx.emit({ type: 'status', status: 'compiling' });
  let pending = '';
  let markerAt = 0;
  const t0 = performance.now();
  const r = await exec(ctx, {
    argv: ['/bin/sh', '-c', RUN_SCRIPT, 'gopherlab-run', pkgArg(ctx.shape.mainDir), `./${BINARY}`, marker, seconds(ctx.limits.buildTimeoutMs), seconds(ctx.limits.runTimeoutMs), String(ctx.limits.gomaxprocs), o.godebug ?? '', race ? '-race' : '', ...(o.args ?? [])],
    env: buildEnv(o),
    cgo: race,
    // The sandbox's own clock is the backstop behind the script's two limits.
    timeoutMs: ctx.limits.buildTimeoutMs + ctx.limits.runTimeoutMs + 5000,
    // Compile with every core, as `go run` does on the host; the program gets the learner's quota.
    compileOnly: true,
    phase: { marker, cpus: ctx.sandboxLimits.cpus },
    onStdout: (data) => ctx.emit({ type: 'stdout', data }),
    onStderr: (data) => {
      if (markerAt) {
        ctx.emit({ type: 'stderr', data });
        return;
      }
      pending += data;
      const i = pending.indexOf(`${marker}\n`);
      if (i < 0) return;
      markerAt = performance.now();
      if (i > 0) ctx.emit({ type: 'stderr', data: pending.slice(0, i) });
      ctx.emit({ type: 'status', status: 'executing' });
      const rest = pending.slice(i + marker.length + 1);
      if (rest) ctx.emit({ type: 'stderr', data: rest });
      pending = '';
    },
  });
  const t1 = performance.now();
  d.cpuMs += r.cpuMs;
  d.truncated = r.truncated;
  const cut = r.stderr.indexOf(`${marker}\n`);
  if (cut < 0) {
    // Never got to run: the build failed, hit a limit or timed out.
    if (pending) ctx.emit({ type: 'stderr', data: pending });
    const compile = stripTimeoutLines(r.stderr);
    d.compileMs = t1 - t0;
    d.stderr = compile.text;
    d.stdout = r.stdout;
    d.exitCode = r.exitCode;
    if (mergeLimitOutcome(d, r, 'compile', ctx, ctx.limits.buildTimeoutMs)) return;
    if (compile.timedOut) {
      setOutcome(d, limitOutcome({ ...r, status: 'timeout' }, 'compile', ctx.limits, ctx.limits.buildTimeoutMs)!);
      return;
    }
    d.diagnostics = [...parseCompilerOutput(compile.text, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(compile.text)];
    setOutcome(d, toolchainOutcome(compile.text, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, compile.text));
    return;
  }
  const started = markerAt || t1;
  d.compileMs = started - t0;
  d.execMs = t1 - started;
  d.exitCode = r.exitCode;
  d.stdout = r.stdout;
  const program = stripTimeoutLines(r.stderr.slice(cut + marker.length + 1));
  let stderr = program.text;
  if (ctx.traceRouted) {
    const split = splitRuntimeTrace(stderr);
    d.runtimeTrace = split.trace;
    stderr = split.rest;
  }
  d.stderr = stderr;
  d.races = parseRaceReports(stderr, ctx.knownFiles);
  d.diagnostics = raceDiagnostics(d.races, ctx.knownFiles);
  if (mergeLimitOutcome(d, r, 'exec', ctx, ctx.limits.runTimeoutMs)) return;
  if (program.timedOut) {
    setOutcome(d, limitOutcome({ ...r, status: 'timeout' }, 'exec', ctx.limits, ctx.limits.runTimeoutMs)!);
    return;
  }
  if (r.exitCode !== 0 || d.races.length > 0) setOutcome(d, programExitOutcome(r.exitCode, stderr, d.races.length));
}

/** test, race (with tests), bench, profile, trace, fuzz: one `go test -json` in the sandbox. */
async function goTest(ctx: Ctx, d: Draft, dataDir: string, id: string): Promise<void> {
  const o = ctx.request.options ?? {};
  const action = ctx.request.action;
  let fuzzTarget: string | undefined;
  if (action === 'fuzz') {
    fuzzTarget = o.fuzz ?? ctx.shape.fuzzTargets[0];
    if (!fuzzTarget || (o.fuzz && !ctx.shape.fuzzTargets.includes(o.fuzz))) {
      setOutcome(d, { status: 'rejected', message: o.fuzz ? `There is no fuzz target ${o.fuzz}: add func ${o.fuzz}(f *testing.F) to a _test.go file.` : 'There is no fuzz target: add a func FuzzXxx(f *testing.F) to a _test.go file.' });
      return;
    }
  }
  // `go test` of a package without tests is fine ("[no test files]"): it still compiles the
  // package, and exercises where the learner writes the tests start exactly like that.
  if (!ctx.shape.hasTests && action !== 'test' && action !== 'race') {
    const what = action === 'bench' ? 'benchmarks (func BenchmarkXxx(b *testing.B))' : 'tests (func TestXxx(t *testing.T))';
    setOutcome(d, { status: 'rejected', message: `There are no ${what}: add them to a file whose name ends in _test.go.` });
    return;
  }
  if (action === 'profile') {
    const unsupported = (o.profiles ?? []).filter((k) => k === 'goroutine' || k === 'goroutineleak');
    if (unsupported.length) {
      setOutcome(d, { status: 'rejected', message: `The ${unsupported.join(' and ')} profile cannot be collected from go test flags. Write it from your test with runtime/pprof.Lookup("${unsupported[0]}").WriteTo, or choose cpu, heap, allocs, block or mutex.` });
      return;
    }
  }
  const sealed = o.sealed ?? null;
  if (sealed) {
    if (action !== 'test' && action !== 'race' && action !== 'bench') throw new AppError('invalid_request', 'Only test, race and bench runs can seal test files.');
    const why = sealedViolation(ctx.request.files, sealed);
    if (why) {
      setOutcome(d, { status: 'rejected', message: why });
      return;
    }
  }
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
  const leakPlan = action === 'test' || action === 'race' ? planLeakHarness(ctx.request.files) : null;
  const collect = [...plan.collect, ...(leakPlan?.collect ?? [])];
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
    setOutcome(d, toolchainOutcome(stderr, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, parsed.buildOutput || stderr));
    return;
  }
  if (parsed.packages.some((p) => p.timedOut)) {
    setOutcome(d, { status: 'timeout', message: `Your tests ran longer than ${runMs / 1000} s and were stopped; the output shows what every goroutine was doing. Look for an infinite loop or a goroutine blocked forever.` });
    return;
  }
  // Counted at the top level: a failing subtest fails its parent, which is the test a learner named.
  const failedTests = d.tests.filter((t) => t.status === 'fail' && !t.name.includes('/')).length;
  const failedPackages = parsed.packages.filter((p) => p.status === 'fail').length;
  if (d.races.length > 0) setOutcome(d, programExitOutcome(r.exitCode, '', d.races.length));
  else if (r.exitCode !== 0 || failedTests > 0 || failedPackages > 0) {
    const topLevel = d.tests.filter((t) => !t.name.includes('/')).length;
    const outcome =
      action === 'fuzz' && failedTests > 0
        ? { status: 'failed' as const, message: `The fuzzer found an input that makes ${fuzzTarget} fail; the output shows the input and how to re-run it. Fix the code (or the property), then fuzz again.` }
        : testOutcome(topLevel, failedTests, failedPackages || (r.exitCode !== 0 ? 1 : 0));
    setOutcome(d, outcome.status === 'ok' ? { status: 'failed', message: `go test exited with status ${r.exitCode}.` } : outcome);
  }
  if ((action === 'test' || action === 'race') && d.status === 'ok' && d.tests.length === 0) {
    d.message = 'The code compiles, and there are no tests to run yet (go test says "no test files"): add func TestXxx(t *testing.T) to a file whose name ends in _test.go.';
  }
  if (action === 'bench' && d.status === 'ok' && d.benchmarks.length === 0) {
    setOutcome(d, { status: 'rejected', message: `No benchmark matched -bench=${o.bench ?? '.'}: add func BenchmarkXxx(b *testing.B) to a _test.go file or change the pattern.` });
  }
  if ((action === 'profile' || action === 'trace') && plan.profiles.length > 0) await storeProfiles(d, r, plan.profiles, dataDir, id);
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

/** The compile-only actions (build, escape, vet, fmt) report one command's output as the run's; true when a limit ended it. */
function recordCompilePhase(ctx: Ctx, d: Draft, r: SandboxResult): boolean {
  d.compileMs = r.wallMs;
  d.cpuMs = r.cpuMs;
  d.exitCode = r.exitCode;
  d.stdout = r.stdout;
  d.stderr = r.stderr;
  d.truncated = r.truncated;
  return mergeLimitOutcome(d, r, 'compile', ctx, ctx.limits.buildTimeoutMs);
}

async function simpleBuild(ctx: Ctx, d: Draft, escape: boolean): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  // `-o /dev/null` discards binaries and archives alike (the go command accepts it for several packages).
  const argv = ['go', 'build', ...(escape ? ['-gcflags=-m'] : []), '-o', '/dev/null', ctx.request.options?.packages ?? ctx.shape.allPackages];
  const r = await exec(ctx, { argv, env: buildEnv(ctx.request.options ?? {}), timeoutMs: ctx.limits.buildTimeoutMs, compileOnly: true, onStderr: (data) => ctx.emit({ type: 'stderr', data }) });
  if (recordCompilePhase(ctx, d, r)) return;
  if (r.exitCode !== 0) {
    d.diagnostics = [...parseCompilerOutput(r.stderr, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(r.stderr)];
    setOutcome(d, toolchainOutcome(r.stderr, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, r.stderr));
    return;
  }
  if (escape) d.diagnostics = parseCompilerOutput(r.stderr, { source: 'escape', severity: 'info', knownFiles: ctx.knownFiles });
}

async function vet(ctx: Ctx, d: Draft): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  const r = await exec(ctx, {
    argv: ['go', 'vet', '-json', ctx.request.options?.packages ?? ctx.shape.allPackages],
    env: buildEnv(ctx.request.options ?? {}),
    timeoutMs: ctx.limits.buildTimeoutMs,
    compileOnly: true,
    onStderr: (data) => ctx.emit({ type: 'stderr', data }),
  });
  if (recordCompilePhase(ctx, d, r)) return;
  // vet -json writes findings as JSON to stdout and type errors as text to stderr (exit 1).
  const findings = parseVetJson(`${r.stdout}\n${r.stderr}`, ctx.knownFiles);
  if (r.exitCode !== 0) {
    const errors = [...parseCompilerOutput(r.stderr, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(r.stderr)];
    d.diagnostics = [...errors, ...findings];
    setOutcome(d, toolchainOutcome(r.stderr, ctx.goVersion) ?? compileErrorOutcome(errors, r.stderr));
    return;
  }
  d.diagnostics = findings;
  if (findings.length > 0) setOutcome(d, { status: 'failed', message: `go vet reported ${findings.length} problem${findings.length > 1 ? 's' : ''}: ${findings[0]!.file}:${findings[0]!.line}: ${findings[0]!.message}.` });
}

async function fmt(ctx: Ctx, d: Draft): Promise<void> {
  const goFiles = ctx.request.files.filter((f) => f.name.endsWith('.go')).map((f) => f.name);
  const r = await exec(ctx, { argv: ['gofmt', '-l', '-w', '--', ...goFiles], timeoutMs: ctx.limits.buildTimeoutMs, collect: goFiles });
  if (recordCompilePhase(ctx, d, r)) return;
  if (r.exitCode !== 0) {
    d.diagnostics = parseCompilerOutput(r.stderr, { source: 'gofmt', knownFiles: ctx.knownFiles });
    setOutcome(d, compileErrorOutcome(d.diagnostics, r.stderr));
    return;
  }
  const changed = r.stdout.split('\n').map((l) => l.trim()).filter((l) => goFiles.includes(l));
  const decoder = new TextDecoder();
  d.formatted = changed.flatMap((name) => {
    const bytes = r.outputs[name];
    return bytes ? [{ name, content: decoder.decode(bytes) }] : [];
  });
}

async function defaultSandbox(): Promise<Sandbox> {
  // createSandbox throws sandbox_unavailable with the reason when isolation is impossible here.
  return createSandbox();
}

/** The Runner plus what its hosts size themselves by (the server's worker count). */
export interface SandboxedRunner extends Runner {
  readonly goVersions: readonly string[];
  readonly slots: number;
  readonly sandbox: { readonly isolated: boolean; readonly slots: number };
}

export async function createRunner(config: RunnerConfig = {}): Promise<SandboxedRunner> {
  const sandbox = config.sandbox ?? (await defaultSandbox());
  if (!sandbox.isolated) {
    await sandbox.close();
    throw new AppError('sandbox_unavailable');
  }
  const dataDir = resolve(config.dataDir ?? process.env.GOPHERLAB_DATA_DIR ?? './data');
  const base: RunnerLimits = { ...defaultRunnerLimits, ...runnerLimitsFromEnv(), ...config.limits };
  const policy: ValidationPolicy = { ...validationPolicyFor(base.runTimeoutMs), ...config.policy };
  const toolchains: readonly Partial<Toolchain>[] = sandbox.toolchains?.length ? sandbox.toolchains : [{ version: config.goVersion ?? detectGoVersion() }];
  const cache = config.cache === false ? null : new ResultCache(join(dataDir, 'cache', 'results'));
  const slots = new Semaphore(Math.max(1, sandbox.slots));
  const maxQueue = config.maxQueue ?? 256;
  const modules = config.modules ?? defaultModules();
  let closed = false;

  /** What decides a report besides the learner's code: validated request, limits, toolchain, and their cache key. */
  function resolveRun(input: RunRequest) {
    const request = validateRunRequest(input, policy);
    const o = request.options ?? {};
    const limits: RunLimits = { ...base, runTimeoutMs: Math.min(o.timeoutMs ?? base.runTimeoutMs, policy.maxRunTimeoutMs), ...processorLimits(request.action, base.cpus, o.gomaxprocs) };
    const { version: goVersion, goroot } = selectToolchain(toolchains, o.goVersion);
    checkExperiments(o.goexperiment, goVersion);
    // The release actually used and the sandbox's assets complete the key.
    const key = cacheKey(request, `${goVersion} ${sandbox.assetsId ?? ''}`, limits);
    return { request, o, limits, goVersion, goroot, key };
  }

  async function run(input: RunRequest, hooks: RunHooks = {}): Promise<RunReport> {
    if (closed) throw new AppError('sandbox_unavailable', 'The runner has been shut down.');
    const t0 = performance.now();
    const { request, o, limits, goVersion, goroot, key } = resolveRun(input);
    const emit = (e: RunEvent) => {
      try {
        hooks.onEvent?.(e);
      } catch {
        // A listener's failure (a closed SSE socket) must not fail the run.
      }
    };
    const id = randomUUID();
    const cacheable = cache !== null && !o.noCache && isCacheable(request.action);
    if (cacheable) {
      const hit = await cache.get(key);
      if (hit) {
        const report: RunReport = { ...hit, id, cached: true, timing: { ...hit.timing, queueMs: 0 } };
        emit({ type: 'report', report });
        return report;
      }
    }
    if (slots.queued >= maxQueue) throw new AppError('queue_full');
    emit({ type: 'status', status: 'queued' });
    const release = await slots.acquire(hooks.signal);
    const queueMs = performance.now() - t0;
    const d = emptyDraft();
    try {
      emit({ type: 'status', status: 'running' });
      const release = goRelease(goVersion);
      const moduleGoLine = config.modules ? release : newerGoLine(release, defaultModuleGoLine(release));
      const files = [...request.files, ...generateGoMod(request.files, modules, release, moduleGoLine)];
      const ctx: Ctx = {
        sandbox,
        request,
        files,
        knownFiles: files.map((f) => f.name),
        shape: programShape(request.files),
        limits,
        sandboxLimits: { timeoutMs: limits.runTimeoutMs, memoryBytes: limits.memoryBytes, processes: limits.processes, outputBytes: limits.outputBytes, diskBytes: limits.diskBytes, cpus: limits.cpus },
        emit,
        traceRouted: traceKeysSet(o.godebug),
        goVersion,
        goroot,
      };
      if (hooks.signal) ctx.signal = hooks.signal;
      switch (request.action) {
        case 'run':
          await runProgram(ctx, d, false);
          break;
        case 'race':
          if (ctx.shape.hasTests) await goTest(ctx, d, dataDir, id);
          else await runProgram(ctx, d, true);
          break;
        case 'build':
          await simpleBuild(ctx, d, false);
          break;
        case 'escape':
          await simpleBuild(ctx, d, true);
          break;
        case 'vet':
          await vet(ctx, d);
          break;
        case 'fmt':
          await fmt(ctx, d);
          break;
        case 'test':
        case 'bench':
        case 'profile':
        case 'trace':
        case 'fuzz':
          await goTest(ctx, d, dataDir, id);
          break;
      }
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'internal_error') throw e;
      setOutcome(d, { status: 'internal_error', message: e.message });
    } finally {
      release();
    }
    const { compileMs, execMs, cpuMs, ...fields } = d;
    const report: RunReport = {
      id,
      action: request.action,
      ...fields,
      timing: { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs), compileMs: Math.round(compileMs), execMs: Math.round(execMs), queueMs: Math.round(queueMs) },
      limits,
      goVersion,
    };
    sortDiagnostics(report.diagnostics);
    if (cacheable && isCacheable(report.action, report.status)) {
      try {
        await cache.put(key, report);
      } catch {
        // A full disk makes the cache useless, not the run: the report is still correct.
      }
    }
    emit({ type: 'report', report });
    return report;
  }

  return {
    run,
    cacheKey: (input) => resolveRun(input).key,
    goVersions: toolchains.map((t) => t.version!),
    slots: sandbox.slots,
    sandbox: { isolated: sandbox.isolated, slots: sandbox.slots },
    async close() {
      closed = true;
      await sandbox.close();
    },
  };
}

/** The allowlist setup computed against the read-only module cache; none before setup (imports then fail with advice). */
function defaultModules(): AllowedModule[] {
  try {
    return loadAllowlist();
  } catch {
    return [];
  }
}

function defaultModuleGoLine(fallback: string): string {
  try {
    return allowlistGoVersion();
  } catch {
    return fallback;
  }
}

/** Actions whose programs are tests: `go test` on a laptop runs them with several threads. */
const MULTI_THREAD_ACTIONS = new Set<RunRequest['action']>(['test', 'race', 'bench']);
const HOST_CORES = availableParallelism();

/**
 * GOMAXPROCS and the CPU quota of a run. Tests, races and benchmarks get two
 * threads by default where the host has two cores (some tests, such as
 * Exercism's paasio, need at least two; `go test` on a laptop would have
 * them), with the quota to match; everything else, and an explicit
 * GOMAXPROCS, keeps the operator's quota.
 */
export function processorLimits(action: RunRequest['action'], cpus: number, gomaxprocs: number | undefined, cores = HOST_CORES): { gomaxprocs: number; cpus: number } {
  if (gomaxprocs !== undefined) return { gomaxprocs, cpus };
  if (MULTI_THREAD_ACTIONS.has(action) && cores >= 2) return { gomaxprocs: Math.max(2, Math.ceil(cpus)), cpus: Math.max(cpus, 2) };
  return { gomaxprocs: Math.max(1, Math.ceil(cpus)), cpus };
}

function traceKeysSet(godebug: string | undefined): boolean {
  if (!godebug) return false;
  return godebug.split(',').some((kv) => (TRACE_GODEBUG_KEYS as readonly string[]).includes(kv.split('=')[0]!.trim()) && kv.split('=')[1]?.trim() !== '0');
}

/**
 * The toolchain a request selects: its `goVersion` release (`1.26`), or the
 * newest. An unknown release is the learner's error, answered with the list.
 */
export function selectToolchain(toolchains: readonly Partial<Toolchain>[], release: string | undefined): { version: string; goroot: string | undefined } {
  const pick = release === undefined ? toolchains[0] : toolchains.find((t) => t.version && goRelease(t.version) === release);
  if (!pick?.version) {
    const have = toolchains.map((t) => goRelease(t.version ?? '')).filter(Boolean);
    throw new AppError('unsupported_go_version', `Go ${release} is not available here; choose one of: ${have.join(', ')}.`, { available: have });
  }
  return { version: pick.version, goroot: pick.goroot };
}

/** Experiments a release has dropped: the go command would only say "unknown GOEXPERIMENT". */
const RETIRED_EXPERIMENTS: { name: string; since: string; why: string }[] = [
  { name: 'goroutineleakprofile', since: '1.27', why: 'the goroutineleak profile is on by default since Go 1.27; leave GOEXPERIMENT out' },
];

function checkExperiments(goexperiment: string | undefined, goVersion: string): void {
  const names = (goexperiment ?? '').split(',').map((x) => x.trim());
  const release = goRelease(goVersion);
  for (const r of RETIRED_EXPERIMENTS) {
    if (names.includes(r.name) && newerGoLine(release, r.since) === release) {
      throw new AppError('invalid_option', `GOEXPERIMENT=${r.name} does not exist in ${goVersion}: ${r.why} (or choose Go 1.26).`, { option: 'goexperiment' });
    }
  }
}

/**
 * The later of two go lines (`1.27` vs the allowlist's `1.26.0`): a main module
 * may not be older than what it requires. To Go, `1.26` (the language) comes
 * before `1.26.0` (its first release), so a missing part counts as older.
 */
export function newerGoLine(a: string, b: string): string {
  const [pa, pb] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d > 0 ? a : b;
  }
  return a;
}

function sortDiagnostics(ds: Diagnostic[]): void {
  const rank: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2 };
  ds.sort((a, b) => rank[a.severity] - rank[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
