/**
 * The run pipeline (DESIGN.md "The run pipeline"): validate -> content hash ->
 * result cache -> runner slot -> sandbox -> Go toolchain -> parse -> RunReport.
 * One path for every action; the CLI, the server's workers and the course
 * grader all come through `Runner.run`. This file resolves a request (policy,
 * limits, toolchain, cache key) and runs it; actions/ holds what each action
 * does, context.ts what they share, toolchains.ts which Go a run uses.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '@gopherlab/errors';
import type { Diagnostic, RunEvent, RunLimits, RunReport, RunRequest } from '../model/report.js';
import { createSandbox, defaultLimits } from '../sandbox/index.js';
import { goRelease, sandboxConfigFromEnv, toolchainVersion } from '../sandbox/config.js';
import type { Sandbox, SandboxLimits, Toolchain } from '../sandbox/types.js';
import { TRACE_GODEBUG_KEYS, validateRunRequest, validationPolicyFor, type AllowedModule, type ValidationPolicy } from '../request/index.js';
import { splitOneFileTests } from '../request/onefile.js';
import { Semaphore } from '../util/semaphore.js';
import { runAction } from './actions/index.js';
import { ResultCache, cacheKey, isCacheable } from './cache.js';
import { emptyDraft, setOutcome, type Ctx, type Draft } from './context.js';
import { programShape } from './plan.js';
import { modulePolicy, withModuleFiles } from './modfiles.js';
import { checkExperiments, selectToolchain } from './toolchains.js';
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
  const modules = modulePolicy(config.modules);
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
    const hit = cacheable ? await cache.get(key) : null;
    if (hit) {
      // A stored report answers at once, under this request's id.
      const report: RunReport = { ...hit, id, cached: true, timing: { ...hit.timing, queueMs: 0 } };
      emit({ type: 'report', report });
      return report;
    }
    if (slots.queued >= maxQueue) throw new AppError('queue_full');
    emit({ type: 'status', status: 'queued' });
    const release = await slots.acquire(hooks.signal);
    const queueMs = performance.now() - t0;
    const d = emptyDraft();
    try {
      emit({ type: 'status', status: 'running' });
      const ctx = actionContext({ sandbox, request, limits, goVersion, goroot, modules, emit, ...(hooks.signal ? { signal: hooks.signal } : {}) });
      await runAction(request.action, ctx, d, { dataDir, runId: id });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'internal_error') throw e;
      setOutcome(d, { status: 'internal_error', message: e.message });
    } finally {
      release();
    }
    const report = assembleReport(d, { id, action: request.action, limits, goVersion, wallMs: performance.now() - t0, queueMs });
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

/** Everything an action handler reads: the files as the sandbox gets them (go.mod added), their shape, limits, release. */
function actionContext(c: { sandbox: Sandbox; request: RunRequest; limits: RunLimits; goVersion: string; goroot: string | undefined; modules: ReturnType<typeof modulePolicy>; emit: Ctx['emit']; signal?: AbortSignal }): Ctx {
  const { request, limits } = c;
  // Test functions written into main.go run as the Go Playground runs them (request/onefile.ts).
  const sources = ONE_FILE_TEST_ACTIONS.has(request.action) ? splitOneFileTests(request.files) : request.files;
  const files = withModuleFiles(sources, goRelease(c.goVersion), c.modules);
  const ctx: Ctx = {
    sandbox: c.sandbox,
    request,
    files,
    knownFiles: files.map((f) => f.name),
    shape: programShape(sources),
    limits,
    sandboxLimits: { timeoutMs: limits.runTimeoutMs, memoryBytes: limits.memoryBytes, processes: limits.processes, outputBytes: limits.outputBytes, diskBytes: limits.diskBytes, cpus: limits.cpus },
    emit: c.emit,
    traceRouted: traceKeysSet(request.options?.godebug),
    goVersion: c.goVersion,
    goroot: c.goroot,
  };
  if (c.signal) ctx.signal = c.signal;
  return ctx;
}

/** The report of a finished draft: its fields, rounded timings, what applied, diagnostics in file order. */
function assembleReport(d: Draft, run: { id: string; action: RunRequest['action']; limits: RunLimits; goVersion: string; wallMs: number; queueMs: number }): RunReport {
  const { compileMs, execMs, cpuMs, ...fields } = d;
  const report: RunReport = {
    id: run.id,
    action: run.action,
    ...fields,
    timing: { wallMs: Math.round(run.wallMs), cpuMs: Math.round(cpuMs), compileMs: Math.round(compileMs), execMs: Math.round(execMs), queueMs: Math.round(run.queueMs) },
    limits: run.limits,
    goVersion: run.goVersion,
  };
  sortDiagnostics(report.diagnostics);
  return report;
}

/** Actions that run tests, for which tests in a non-test file are split out. */
const ONE_FILE_TEST_ACTIONS = new Set<RunRequest['action']>(['test', 'race', 'bench', 'profile', 'trace', 'fuzz']);

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

function sortDiagnostics(ds: Diagnostic[]): void {
  const rank: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2 };
  ds.sort((a, b) => rank[a.severity] - rank[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
