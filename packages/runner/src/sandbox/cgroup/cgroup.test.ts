import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectCgroupLayout } from './detect.js';
import { CgroupV1Driver } from './v1.js';
import { CgroupV2Driver } from './v2.js';

const root = mkdtempSync(join(tmpdir(), 'cgroup-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cgroup v2 driver (file logic against a fake hierarchy)', () => {
  const mount = join(root, 'v2');
  mkdirSync(join(mount, 'gl'), { recursive: true });
  writeFileSync(join(mount, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  writeFileSync(join(mount, 'cgroup.subtree_control'), '');
  writeFileSync(join(mount, 'gl', 'cgroup.subtree_control'), '');

  it('delegates memory, pids and cpu from the root to the parent and its children', () => {
    new CgroupV2Driver(mount, 'gl');
    expect(readFileSync(join(mount, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
    expect(readFileSync(join(mount, 'gl', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
  });

  it('writes memory.max, swap 0, pids.max and cpu.max, and reads events as statuses', () => {
    writeFileSync(join(mount, 'gl', 'cgroup.subtree_control'), 'cpu memory pids');
    const cg = new CgroupV2Driver(mount, 'gl').create('run-1');
    const dir = join(mount, 'gl', 'run-1');
    writeFileSync(join(dir, 'memory.swap.max'), 'max');
    cg.setLimits({ memoryBytes: 256 * 1024 * 1024, processes: 64, cpus: 1.5 });
    expect(readFileSync(join(dir, 'memory.max'), 'utf8')).toBe(String(256 * 1024 * 1024));
    expect(readFileSync(join(dir, 'memory.swap.max'), 'utf8')).toBe('0');
    expect(readFileSync(join(dir, 'pids.max'), 'utf8')).toBe('64');
    expect(readFileSync(join(dir, 'cpu.max'), 'utf8')).toBe('150000 100000');
    expect(readFileSync(join(dir, 'cpu.weight'), 'utf8')).toBe('800');
    expect(readFileSync(join(mount, 'gl', 'cpu.weight'), 'utf8')).toBe('800');
    expect(cg.procsFiles).toEqual([join(dir, 'cgroup.procs')]);

    writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 2500000\nuser_usec 2000000\n');
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n');
    writeFileSync(join(dir, 'pids.events'), 'max 0\n');
    writeFileSync(join(dir, 'memory.peak'), '1048576\n');
    expect(cg.stats()).toEqual({ cpuMs: 2500, peakMemoryBytes: 1048576, oomKilled: true, pidsLimitHit: false });
    writeFileSync(join(dir, 'memory.events'), 'oom 0\noom_kill 0\n');
    writeFileSync(join(dir, 'pids.events'), 'max 3\n');
    expect(cg.stats()).toMatchObject({ oomKilled: false, pidsLimitHit: true });
  });

  it('kill writes cgroup.kill until the cgroup is empty', async () => {
    const cg = new CgroupV2Driver(mount, 'gl').create('run-2');
    const dir = join(mount, 'gl', 'run-2');
    writeFileSync(join(dir, 'cgroup.procs'), '4242\n');
    const kill = cg.killAll(2000);
    setTimeout(() => writeFileSync(join(dir, 'cgroup.procs'), ''), 20);
    await kill;
    expect(readFileSync(join(dir, 'cgroup.kill'), 'utf8')).toBe('1');
    await expect(
      (async () => {
        writeFileSync(join(dir, 'cgroup.procs'), '4242\n');
        await cg.killAll(30);
      })(),
    ).rejects.toThrow(/did not empty/);
  });
});

describe('cgroup v1 driver (file logic against fake hierarchies)', () => {
  it('sets memory before memsw, pids and CFS quota, and reads oom_kill/pids events', () => {
    const ctrl = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer'] as const;
    const mounts = Object.fromEntries(ctrl.map((c) => [c, join(root, 'v1', c)])) as Record<(typeof ctrl)[number], string>;
    // cpu and cpuacct co-mounted, as on many distributions.
    mounts.cpuacct = mounts.cpu;
    for (const m of Object.values(mounts)) mkdirSync(m, { recursive: true });
    const cg = new CgroupV1Driver(mounts, 'gl').create('run-1');
    writeFileSync(join(mounts.memory, 'gl', 'run-1', 'memory.memsw.limit_in_bytes'), '');
    cg.setLimits({ memoryBytes: 1 << 27, processes: 100, cpus: 0.5 });
    const mem = join(mounts.memory, 'gl', 'run-1');
    expect(readFileSync(join(mem, 'memory.limit_in_bytes'), 'utf8')).toBe(String(1 << 27));
    expect(readFileSync(join(mem, 'memory.memsw.limit_in_bytes'), 'utf8')).toBe(String(1 << 27));
    expect(readFileSync(join(mounts.pids, 'gl', 'run-1', 'pids.max'), 'utf8')).toBe('100');
    expect(readFileSync(join(mounts.cpu, 'gl', 'run-1', 'cpu.cfs_quota_us'), 'utf8')).toBe('50000');
    expect(readFileSync(join(mounts.cpu, 'gl', 'run-1', 'cpu.shares'), 'utf8')).toBe('8192');
    expect(cg.procsFiles).toHaveLength(4); // cpu and cpuacct are one directory

    writeFileSync(join(mem, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    writeFileSync(join(mem, 'memory.max_usage_in_bytes'), '99\n');
    writeFileSync(join(mounts.pids, 'gl', 'run-1', 'pids.events'), 'max 0\n');
    writeFileSync(join(mounts.cpu, 'gl', 'run-1', 'cpuacct.usage'), '3000000000\n');
    expect(cg.stats()).toEqual({ cpuMs: 3000, peakMemoryBytes: 99, oomKilled: true, pidsLimitHit: false });
  });
});

describe('detectCgroupLayout', () => {
  it('recognises v1 with co-mounted cpu,cpuacct and ignores the hybrid unified mount', () => {
    const info = [
      '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
      '34 31 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
      '35 31 0:32 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
      '36 31 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
      `37 31 0:34 / ${join(root, 'nonexistent-unified')} rw,relatime - cgroup2 cgroup2 rw`,
    ].join('\n');
    const l = detectCgroupLayout(info);
    expect(l.version).toBe(1);
    expect(l.missing).toEqual([]);
    expect(l.v1?.cpuacct).toBe('/sys/fs/cgroup/cpu,cpuacct');
  });

  it('recognises a v2 host and names missing controllers', () => {
    const mount = join(root, 'v2only');
    mkdirSync(mount, { recursive: true });
    writeFileSync(join(mount, 'cgroup.controllers'), 'cpu io memory\n');
    const l = detectCgroupLayout(`30 23 0:26 / ${mount} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate`);
    expect(l.version).toBe(2);
    expect(l.missing).toEqual(['pids']);
  });

  it('reports v1 controllers that are not mounted', () => {
    expect(detectCgroupLayout('34 31 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory').missing).toEqual(['pids', 'cpu', 'cpuacct', 'freezer']);
  });
});
