/**
 * What executes code in this process: the runner package's sandboxed Runner,
 * or nothing. The server never falls back to unsandboxed execution: without
 * isolation every run is refused with 503 sandbox_unavailable and /healthz
 * says why.
 */
import os from 'node:os';
import type { RunEvent, RunReport, RunRequest } from '@gopherlab/runner';

/**
 * The runner's `Runner` interface (packages/runner/src/pipeline/types.ts),
 * declared structurally because the runner package's entry point does not
 * export its pipeline types yet; any real Runner satisfies it.
 */
export interface Runner {
  run(request: RunRequest, hooks?: { onEvent?: (event: RunEvent) => void; signal?: AbortSignal }): Promise<RunReport>;
  close(): Promise<void>;
}

export interface ExecutionBackend {
  /** null when code cannot run here; `reason` says why. */
  runner: Runner | null;
  isolated: boolean;
  slots: number;
  reason?: string;
  close(): Promise<void>;
}

/** The runner package's factory surface as the server uses it (structural, so the server builds before and after the runner lands). */
interface RunnerModule {
  createRunner?: (config?: Record<string, unknown>) => Promise<Runner & { slots?: number; sandbox?: { isolated: boolean; slots: number } }>;
  sandboxAvailable?: () => unknown;
  validateRunRequest?: (input: unknown) => RunRequest;
}

/**
 * The runner's request validator (file names, sizes, UTF-8, option ranges,
 * txtar), or null when this build of the runner does not export it yet.
 */
export async function loadRunValidator(): Promise<((input: unknown) => RunRequest) | null> {
  try {
    const mod = (await import('@gopherlab/runner')) as unknown as RunnerModule;
    return typeof mod.validateRunRequest === 'function' ? mod.validateRunRequest : null;
  } catch {
    return null;
  }
}

interface Availability {
  ok: boolean;
  reason?: string;
}

async function probe(mod: RunnerModule): Promise<Availability> {
  if (!mod.sandboxAvailable) return { ok: true };
  const r = (await mod.sandboxAvailable()) as unknown;
  if (typeof r === 'boolean') return r ? { ok: true } : { ok: false, reason: 'the sandbox (bubblewrap, cgroups, seccomp) is not available on this host' };
  if (r && typeof r === 'object') {
    const o = r as { ok?: boolean; available?: boolean; isolated?: boolean; reason?: string; problems?: string[] };
    const ok = o.ok ?? o.available ?? o.isolated ?? false;
    const reason = o.reason ?? o.problems?.join('; ');
    return ok ? { ok } : { ok, reason: reason ?? 'the sandbox is not available on this host' };
  }
  return { ok: false, reason: 'the sandbox probe gave no answer' };
}

/** Loads the sandboxed runner, or a backend that refuses with the reason. */
export async function loadRunnerBackend(runnerConfig: Record<string, unknown> = {}): Promise<ExecutionBackend> {
  const refuse = (reason: string): ExecutionBackend => ({ runner: null, isolated: false, slots: 0, reason, close: async () => {} });
  let mod: RunnerModule;
  try {
    mod = (await import('@gopherlab/runner')) as unknown as RunnerModule;
  } catch (e) {
    return refuse(`the runner package failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof mod.createRunner !== 'function') return refuse('this build has no sandboxed runner (createRunner is missing)');
  const availability = await probe(mod);
  if (!availability.ok) return refuse(availability.reason ?? 'the sandbox is not available');
  let runner: Awaited<ReturnType<NonNullable<RunnerModule['createRunner']>>>;
  try {
    runner = await mod.createRunner(runnerConfig);
  } catch (e) {
    // createRunner refuses (sandbox_unavailable) when isolation is missing; its message names what is missing.
    return refuse(e instanceof Error ? e.message : String(e));
  }
  const slots = runner.sandbox?.slots ?? runner.slots ?? os.availableParallelism();
  return { runner, isolated: runner.sandbox?.isolated ?? true, slots, close: () => runner.close() };
}

/** A backend around an existing Runner (tests, embedding). */
export function backendFromRunner(runner: Runner, slots: number, isolated: boolean): ExecutionBackend {
  return { runner, isolated, slots, close: () => runner.close() };
}

/** The 503 message for a refused run: the backend's reason, phrased as a full sentence once. */
export function unavailableMessage(backend: ExecutionBackend): string {
  const reason = (backend.reason ?? 'no sandbox is available').trim();
  if (/^code execution is disabled/i.test(reason)) return /[.!]$/.test(reason) ? reason : `${reason}.`;
  return `Code execution is disabled on this server: ${reason.replace(/[.]$/, '')}.`;
}
