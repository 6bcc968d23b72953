import type { CgroupStats } from './cgroup/index.js';
import type { SandboxStatus } from './types.js';

export interface ClassifyInput {
  exitCode: number | null;
  outputExceeded: boolean;
  timedOut: boolean;
  aborted: boolean;
  diskFull: boolean;
  stats: CgroupStats;
}

/**
 * Which limit the run hit. Every hit is reported, also when the program then
 * exited 0: a fork bomb contained at its pids cap exits cleanly once its
 * forks fail with EAGAIN, and a learner must still learn that work it tried
 * to start never ran. A limit hit also explains a failure better than the
 * timeout that may follow it (a fork bomb spins until the clock runs out).
 */
export function classify(r: ClassifyInput): SandboxStatus {
  if (r.outputExceeded) return 'output_limit';
  if (r.stats.oomKilled) return 'memory_limit';
  if (r.stats.pidsLimitHit) return 'process_limit';
  if (r.diskFull) return 'disk_limit';
  if (r.timedOut) return 'timeout';
  if (r.aborted) return 'killed';
  return 'exited';
}
