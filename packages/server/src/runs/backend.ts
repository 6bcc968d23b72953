/**
 * What executes code in this process: the runner package's sandboxed Runner,
 * or nothing. The server never falls back to unsandboxed execution: without
 * isolation every run is refused with 503 sandbox_unavailable and /healthz
 * says why.
 */
import { configuredGoVersions, createRunner, runnerLimitsFromEnv, type Runner } from '@gopherlab/runner';

export type { Runner };

export interface ExecutionBackend {
  /** null when code cannot run here; `reason` says why. */
  runner: Runner | null;
  isolated: boolean;
  slots: number;
  /** The Go toolchains runs may select, newest first (`go1.27.3`); empty when unknown here. */
  goVersions: readonly string[];
  reason?: string;
  close(): Promise<void>;
}

/** Loads the sandboxed runner, or a backend that refuses with the reason. */
export async function loadRunnerBackend(options: { dataDir: string; env?: NodeJS.ProcessEnv }): Promise<ExecutionBackend> {
  try {
    const runner = await createRunner({ dataDir: options.dataDir, limits: runnerLimitsFromEnv(options.env ?? process.env) });
    return { runner, isolated: runner.sandbox.isolated, slots: runner.slots, goVersions: runner.goVersions ?? [], close: () => runner.close() };
  } catch (e) {
    // createRunner refuses (sandbox_unavailable) when isolation is missing; its message names what is missing.
    // A web node runs no code but still tells learners which releases the runners have.
    return { runner: null, isolated: false, slots: 0, goVersions: configuredGoVersions(), reason: e instanceof Error ? e.message : String(e), close: async () => {} };
  }
}

/** A backend around an existing Runner (tests, embedding). */
export function backendFromRunner(runner: Runner, slots: number, isolated: boolean): ExecutionBackend {
  return { runner, isolated, slots, goVersions: runner.goVersions ?? [], close: () => runner.close() };
}

/** The 503 message for a refused run: the backend's reason, phrased as a full sentence once. */
export function unavailableMessage(backend: ExecutionBackend): string {
  const reason = (backend.reason ?? 'no sandbox is available').trim();
  if (/^code execution is disabled/i.test(reason)) return /[.!]$/.test(reason) ? reason : `${reason}.`;
  return `Code execution is disabled on this server: ${reason.replace(/[.]$/, '')}.`;
}
