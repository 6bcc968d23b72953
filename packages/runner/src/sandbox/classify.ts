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
 * Which limit ended the run. A limit that was hit explains a failure better
 * than the timeout that may follow it (a fork bomb at its pids cap spins until
 * the clock runs out), so hits win over timeout; a clean exit 0 is never
 * blamed on a limit a child process brushed against.
 */
export function classify(r: ClassifyInput): SandboxStatus {
  const failed = r.exitCode !== 0;
  if (r.outputExceeded) return 'output_limit';
  if (failed && r.stats.oomKilled) return 'memory_limit';
  if (failed && r.stats.pidsLimitHit) return 'process_limit';
  if (failed && r.diskFull) return 'disk_limit';
  if (r.timedOut) return 'timeout';
  if (r.aborted) return 'killed';
  return 'exited';
}
