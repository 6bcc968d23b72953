/**
 * The contract between the run pipeline (which knows Go) and the sandbox
 * (which knows Linux isolation). The pipeline asks for "run this argv in this
 * scratch directory with these limits"; the sandbox answers with what
 * happened, already classified into a limit status when a limit was hit.
 */

/** A Go toolchain the sandbox binds read-only. */
export interface Toolchain {
  /** As `go version` names it: `go1.27.3`. */
  version: string;
  goroot: string;
}

export interface SandboxLimits {
  /** Wall-clock limit; on expiry the whole cgroup is killed and drained. */
  timeoutMs: number;
  /** memory + swap limit of the cgroup, bytes. */
  memoryBytes: number;
  /** pids limit of the cgroup (and RLIMIT_NPROC for the slot uid). */
  processes: number;
  /** stdout+stderr bytes kept; beyond this the run is killed with output_limit. */
  outputBytes: number;
  /** size of the writable scratch (tmpfs), bytes. */
  diskBytes: number;
  /** CPU quota in cores (cgroup cpu.max / cfs_quota). */
  cpus: number;
}

export interface SandboxExecSpec {
  /** Program and arguments, resolved inside the sandbox (e.g. `['go','test','-json','./...']`). */
  argv: string[];
  /** Files to place in the scratch module directory before running (relative slash paths). */
  files: { name: string; content: string | Uint8Array }[];
  /** Working directory relative to the scratch module root; default ''. */
  cwd?: string;
  /** Environment on top of the sandbox's cleared base environment (GOTOOLCHAIN=local etc. are always set). */
  env?: Record<string, string>;
  limits: SandboxLimits;
  /** Enable cgo + gcc inside the sandbox (needed by -race). */
  cgo?: boolean;
  /** GOROOT of the toolchain to use: one of the sandbox's `toolchains` (default: the first). */
  goroot?: string;
  /**
   * Paths (relative to the scratch root) to copy out after the run, e.g.
   * profiles written by `-cpuprofile`. They are returned in `outputs`. A path
   * ending in `/` collects the regular files directly inside that directory
   * (a fuzzer's new corpus entries).
   */
  collect?: string[];
  /**
   * A second phase with a narrower CPU quota: when `marker` + newline appears on
   * stderr, the run's cgroup quota changes to `cpus`. The pipeline compiles with
   * every core (as `go run` on the host would) and runs the learner's program
   * under the learner's quota in one sandboxed step. Only the trusted script
   * that prints the marker before exec'ing the program knows it (random per run).
   */
  phase?: { marker: string; cpus: number };
  /**
   * The program's stdin after it starts (an editor session's LSP stream);
   * without it stdin is /dev/null. Ending the stream ends the program's input.
   */
  stdin?: NodeJS.ReadableStream;
  /**
   * false: stdout and stderr only go to the callbacks and are not kept in the
   * result (a long editor session would otherwise hold every message).
   */
  keepOutput?: boolean;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  signal?: AbortSignal;
}

export type SandboxStatus = 'exited' | 'timeout' | 'memory_limit' | 'output_limit' | 'process_limit' | 'disk_limit' | 'killed';

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  wallMs: number;
  cpuMs: number;
  /** Peak memory of the cgroup, bytes (0 when the controller does not report it). */
  peakMemoryBytes: number;
  /** Collected files (see `collect`), keyed by relative path; absent ones are missing. */
  outputs: Record<string, Uint8Array>;
}

export interface Sandbox {
  /** True when real isolation is available (bwrap, cgroups, seccomp). */
  readonly isolated: boolean;
  /** Number of concurrent slots. */
  readonly slots: number;
  /**
   * Identity of what a run sees besides its files: the stamps of the trusted
   * build cache and the module cache. Part of the result-cache key, so a
   * rebuilt base cache (new allowlist, new recipe) never serves reports
   * produced under the old one (a compile that ran out of memory computing
   * what the new base cache holds, say).
   */
  readonly assetsId?: string;
  /** The Go releases a run can select, newest first (absent: one toolchain, version unknown here). */
  readonly toolchains?: readonly Toolchain[];
  exec(spec: SandboxExecSpec): Promise<SandboxResult>;
  close(): Promise<void>;
}
