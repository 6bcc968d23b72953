/** What the sandbox needs from one run's cgroup, independent of v1/v2. */
export interface RunCgroup {
  /** Files a process writes its pid into to join (one per v1 hierarchy, one on v2). */
  readonly procsFiles: readonly string[];
  setLimits(limits: CgroupLimits): void;
  /** Changes only the CPU quota of a running cgroup (phase switch from compiling to running). */
  setCpuQuota(cpus: number): void;
  /** Pids currently in the cgroup. */
  pids(): number[];
  /** SIGKILLs every process, including ones forked while killing, and waits until empty. */
  killAll(timeoutMs?: number): Promise<void>;
  stats(): CgroupStats;
  /** Removes the (empty) cgroup directories. */
  destroy(): void;
}

export interface CgroupLimits {
  memoryBytes: number;
  processes: number;
  cpus: number;
}

export interface CgroupStats {
  cpuMs: number;
  peakMemoryBytes: number;
  /** The kernel OOM-killed a process of this cgroup. */
  oomKilled: boolean;
  /** A fork/clone failed because pids.max was reached. */
  pidsLimitHit: boolean;
}

export interface CgroupDriver {
  readonly version: 1 | 2;
  /** Creates (or re-creates) the cgroup `<root>/<name>`; must be empty of processes. */
  create(name: string): RunCgroup;
}

/** CFS period used for the CPU quota: 100 ms is the kernel default. */
export const CPU_PERIOD_US = 100_000;

/**
 * CPU weight of the runs' parent cgroup and of each run, in "host tasks":
 * group scheduling gives a whole cgroup the weight of ONE task by default,
 * so on a busy host a `go build` (go command + compiler + linker, several
 * threads) in a cgroup got a fraction of the CPU the same build gets bare,
 * which measured as a 1.7x slowdown under load. 8 tasks' weight restores
 * parity for a build's typical parallelism without starving the host.
 */
export const RUN_CPU_WEIGHT_TASKS = 8;
