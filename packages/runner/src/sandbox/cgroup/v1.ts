import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyed, readNumber, readPids, readText, sleep, write } from './fsutil.js';
import { CPU_PERIOD_US, RUN_CPU_WEIGHT_TASKS, type CgroupDriver, type CgroupLimits, type CgroupStats, type RunCgroup } from './types.js';

/** The v1 hierarchies a run joins; freezer is what makes killing race-free. */
export const V1_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer'] as const;
type V1Controller = (typeof V1_CONTROLLERS)[number];

/**
 * cgroup v1 (this development machine): one directory per controller
 * hierarchy. When cpu and cpuacct are co-mounted (`cpu,cpuacct`) the two names
 * resolve to the same directory, so paths are deduplicated.
 */
export class CgroupV1Driver implements CgroupDriver {
  readonly version = 1 as const;
  private readonly parents: Record<V1Controller, string>;

  /** `weightTasks`: the whole parent's CPU weight in host tasks (runs: RUN_CPU_WEIGHT_TASKS; editor sessions: less, so runs come first). */
  constructor(mounts: Record<V1Controller, string>, parentName: string, private readonly weightTasks = RUN_CPU_WEIGHT_TASKS) {
    this.parents = {} as Record<V1Controller, string>;
    for (const c of V1_CONTROLLERS) {
      const p = join(mounts[c], parentName);
      if (!existsSync(p)) mkdirSync(p);
      this.parents[c] = p;
    }
    const shares = join(this.parents.cpu, 'cpu.shares');
    if (existsSync(shares)) write(shares, String(1024 * this.weightTasks));
  }

  create(name: string): RunCgroup {
    const dirs = {} as Record<V1Controller, string>;
    for (const c of V1_CONTROLLERS) {
      dirs[c] = join(this.parents[c], name);
      if (existsSync(dirs[c])) rmdirSync(dirs[c]);
      mkdirSync(dirs[c]);
    }
    return new RunCgroupV1(dirs);
  }
}

export class RunCgroupV1 implements RunCgroup {
  readonly procsFiles: readonly string[];

  constructor(private readonly dirs: Record<V1Controller, string>) {
    this.procsFiles = [...new Set(Object.values(dirs))].map((d) => join(d, 'cgroup.procs'));
  }

  setLimits(l: CgroupLimits): void {
    const mem = this.dirs.memory;
    // memsw must stay >= limit: a fresh cgroup has both unlimited, so lower the
    // plain limit first. memsw == limit means no swap for the run.
    write(join(mem, 'memory.limit_in_bytes'), String(l.memoryBytes));
    if (existsSync(join(mem, 'memory.memsw.limit_in_bytes'))) write(join(mem, 'memory.memsw.limit_in_bytes'), String(l.memoryBytes));
    write(join(this.dirs.pids, 'pids.max'), String(l.processes));
    write(join(this.dirs.cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
    this.setCpuQuota(l.cpus);
    write(join(this.dirs.cpu, 'cpu.shares'), String(1024 * RUN_CPU_WEIGHT_TASKS));
  }

  setCpuQuota(cpus: number): void {
    write(join(this.dirs.cpu, 'cpu.cfs_quota_us'), String(Math.round(cpus * CPU_PERIOD_US)));
  }

  pids(): number[] {
    return readPids(join(this.dirs.freezer, 'cgroup.procs'));
  }

  /**
   * Freeze, SIGKILL everything, thaw: a frozen cgroup cannot fork between our
   * reading cgroup.procs and the kills, so nothing escapes the sweep.
   */
  async killAll(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const state = join(this.dirs.freezer, 'freezer.state');
    while (this.pids().length > 0) {
      write(state, 'FROZEN');
      while (readText(state).trim() !== 'FROZEN' && Date.now() < deadline) await sleep(1);
      for (const pid of this.pids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      write(state, 'THAWED');
      if (Date.now() > deadline) throw new Error(`cgroup ${this.dirs.freezer} did not empty within ${timeoutMs} ms`);
      await sleep(2);
    }
  }

  stats(): CgroupStats {
    const oom = readKeyed(join(this.dirs.memory, 'memory.oom_control'));
    const pidsEvents = readKeyed(join(this.dirs.pids, 'pids.events'));
    return {
      cpuMs: Math.round(readNumber(join(this.dirs.cpuacct, 'cpuacct.usage')) / 1e6),
      peakMemoryBytes: readNumber(join(this.dirs.memory, 'memory.max_usage_in_bytes')),
      oomKilled: (oom.oom_kill ?? 0) > 0,
      pidsLimitHit: (pidsEvents.max ?? 0) > 0,
    };
  }

  destroy(): void {
    for (const d of new Set(Object.values(this.dirs))) if (existsSync(d)) rmdirSync(d);
  }
}
