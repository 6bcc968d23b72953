import type { RunEvent, RunReport, RunRequest } from '@gopherlab/runner';

/**
 * The part of the runner's `Runner` interface (packages/runner/src/pipeline/types.ts)
 * the grader and validator use. Declared structurally so any `Runner` fits.
 */
export interface LabRunner {
  run(request: RunRequest, hooks?: { onEvent?: (event: RunEvent) => void; signal?: AbortSignal }): Promise<RunReport>;
}
