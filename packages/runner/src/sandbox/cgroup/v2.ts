import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyed, readNumber, readPids, readText, sleep, write } from './fsutil.js';
import { CPU_PERIOD_US, RUN_CPU_WEIGHT_TASKS, type CgroupDriver, type CgroupLimits, type CgroupStats, type RunCgroup } from './types.js';

/**
 * cgroup v2 (unified hierarchy), production's layout. `<mount>/<parent>` gets
 * the memory, pids and cpu controllers delegated to its children; each run
 * is a child. `cgroup.kill` (5.14+) kills every process atomically, even ones
 * being forked, which is why v2 needs no freezer dance.
 */
export class CgroupV2Driver implements CgroupDriver {
  readonly version = 2 as const;
  private readonly parent: string;

  /** `weightTasks`: the whole parent's CPU weight in host tasks (runs: RUN_CPU_WEIGHT_TASKS; editor sessions: less, so runs come first). */
  constructor(mount: string, parentName: string, private readonly weightTasks = RUN_CPU_WEIGHT_TASKS) {
    this.parent = join(mount, parentName);
    if (!existsSync(this.parent)) mkdirSync(this.parent);
    const wanted = ['memory', 'pids', 'cpu'];
    const available = readText(join(mount, 'cgroup.controllers')).split(/\s+/);
    const enabled = readText(join(this.parent, 'cgroup.subtree_control')).split(/\s+/);
    const missing = wanted.filter((c) => !enabled.includes(c));
    if (missing.length > 0) {
      const unavailable = missing.filter((c) => !available.includes(c));
      if (unavailable.length > 0) throw new Error(`cgroup v2 controllers not available: ${unavailable.join(', ')}`);
      // The root must delegate to the parent first, then the parent to its children.
      write(join(mount, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
      write(join(this.parent, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
    }
    // cpu.weight 100 is one task's worth; see RUN_CPU_WEIGHT_TASKS.
    write(join(this.parent, 'cpu.weight'), String(100 * this.weightTasks));
  }

  create(name: string): RunCgroup {
    const dir = join(this.parent, name);
    if (existsSync(dir)) rmdirSync(dir);
    mkdirSync(dir);
    return new RunCgroupV2(dir);
  }
}

export class RunCgroupV2 implements RunCgroup {
  readonly procsFiles: readonly string[];

  constructor(readonly dir: string) {
    this.procsFiles = [join(dir, 'cgroup.procs')];
  }

  setLimits(l: CgroupLimits): void {
    write(join(this.dir, 'memory.max'), String(l.memoryBytes));
    // memory+swap = memory: swap would turn a memory bomb into a slow host.
    if (existsSync(join(this.dir, 'memory.swap.max'))) write(join(this.dir, 'memory.swap.max'), '0');
    write(join(this.dir, 'pids.max'), String(l.processes));
    this.setCpuQuota(l.cpus);
    write(join(this.dir, 'cpu.weight'), String(100 * RUN_CPU_WEIGHT_TASKS));
  }

  setCpuQuota(cpus: number): void {
    write(join(this.dir, 'cpu.max'), `${Math.round(cpus * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
  }

  pids(): number[] {
    return readPids(join(this.dir, 'cgroup.procs'));
  }

  async killAll(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pids().length > 0) {
      write(join(this.dir, 'cgroup.kill'), '1');
      if (Date.now() > deadline) throw new Error(`cgroup ${this.dir} did not empty within ${timeoutMs} ms`);
      await sleep(2);
    }
  }

  stats(): CgroupStats {
    const cpu = readKeyed(join(this.dir, 'cpu.stat'));
    const mem = readKeyed(join(this.dir, 'memory.events'));
    const pids = readKeyed(join(this.dir, 'pids.events'));
    const peakFile = join(this.dir, 'memory.peak');
    return {
      cpuMs: Math.round((cpu.usage_usec ?? 0) / 1000),
      peakMemoryBytes: existsSync(peakFile) ? readNumber(peakFile) : 0,
      oomKilled: (mem.oom_kill ?? 0) > 0,
      pidsLimitHit: (pids.max ?? 0) > 0,
    };
  }

  destroy(): void {
    if (existsSync(this.dir)) rmdirSync(this.dir);
  }
}
