/**
 * Opens the real sandboxed runner for the course tools (CLI, CI test,
 * benchmark), so the three callers cannot drift apart. `createRunner()`
 * without a sandbox argument uses the platform sandbox and refuses with
 * `sandbox_unavailable` when isolation is missing: course content is only
 * ever run in the sandbox.
 */
import { availableParallelism } from 'node:os';
import { AppError, isAppError } from '@gopherlab/errors';
import * as runnerPackage from '@gopherlab/runner';
import type { LabRunner } from './runner.js';

export type ClosableRunner = LabRunner & {
  close(): Promise<void>;
  /** Concurrent sandbox slots, when the runner reports them. */
  readonly slots?: number;
  readonly sandbox?: { readonly slots: number };
};

interface RunnerModule {
  createRunner?: (config?: { dataDir?: string }) => Promise<ClosableRunner>;
}

export interface OpenedRunner {
  runner: ClosableRunner;
  /** Concurrent sandbox slots: the default number of validation jobs. */
  slots: number;
  close(): Promise<void>;
}

export async function openSandboxRunner(options: { dataDir?: string } = {}): Promise<OpenedRunner> {
  const mod = runnerPackage as unknown as RunnerModule;
  if (typeof mod.createRunner !== 'function') {
    throw new AppError('sandbox_unavailable', 'This build of gopherlab has no runner (createRunner is missing); use --structure-only to check the content without running it.');
  }
  const runner = await mod.createRunner(options.dataDir ? { dataDir: options.dataDir } : {});
  const slots = runner.slots ?? runner.sandbox?.slots ?? availableParallelism();
  return { runner, slots: Math.max(1, slots), close: () => runner.close() };
}

/** Like openSandboxRunner, but answers null with the reason when the host has no sandbox. */
export async function tryOpenSandboxRunner(options: { dataDir?: string } = {}): Promise<OpenedRunner | { reason: string }> {
  try {
    return await openSandboxRunner(options);
  } catch (e) {
    if (isAppError(e) && e.code === 'sandbox_unavailable') return { reason: e.message };
    throw e;
  }
}
