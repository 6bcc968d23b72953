import type { RunEvent, RunReport, RunRequest } from '../model/report.js';

export interface RunHooks {
  /** Streaming events while the run executes (stdout chunks, test events, ...). */
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

/**
 * The runner's public face: validated request in, RunReport out. Used by the
 * CLI (`gopherlab exec`), the server's job workers and the course grader.
 * Never throws for outcomes of the learner's code; throws AppError only for
 * requests it refuses (validation) or when the platform itself is broken.
 */
export interface Runner {
  /** The Go toolchains this runner offers, newest first (`go1.27.3`); `options.goVersion` picks one by release. */
  readonly goVersions?: readonly string[];
  run(request: RunRequest, hooks?: RunHooks): Promise<RunReport>;
  /**
   * The result-cache key `run` would use for this request (validated; throws
   * its AppError otherwise): code, options, release, limits, sandbox assets,
   * PIPELINE_VERSION. Absent on runners without a cache.
   */
  cacheKey?(request: RunRequest): string;
  close(): Promise<void>;
}
