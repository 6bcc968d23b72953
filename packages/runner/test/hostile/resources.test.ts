/**
 * Hostile programs that try to exhaust a resource: each must end with the
 * matching status, within its limit, leaving no process behind, and the next
 * benign run must succeed.
 */
import { statfsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/sandbox/index.js';
import { marker, processesWith, startHostile, unavailableReason, type Hostile } from './helpers.js';

const skip = await unavailableReason();
if (skip) console.warn(`hostile suite skipped: ${skip}`);

describe.skipIf(skip !== undefined)('hostile: resource exhaustion', () => {
  let h: Hostile;
  beforeAll(async () => {
    h = await startHostile();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('cpu spin ends with timeout, and the whole cgroup is drained', async () => {
    const m = marker();
    const r = await h.run('cpu', [m], { timeoutMs: 1500 });
    expect(r.status).toBe('timeout');
    expect(r.wallMs).toBeLessThan(4000);
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(processesWith(m)).toEqual([]);
    await h.expectBenign();
  });

  it('sleep forever and ignoring SIGTERM both end with timeout', async () => {
    for (const mode of ['sleep', 'sigterm']) {
      const m = marker();
      const r = await h.run(mode, [m], { timeoutMs: 1000 });
      expect(r.status, mode).toBe('timeout');
      expect(r.wallMs).toBeLessThan(3000);
      expect(processesWith(m)).toEqual([]);
    }
    await h.expectBenign();
  });

  it('a CPU quota of half a core is enforced', async () => {
    const r = await h.run('cpu', [], { timeoutMs: 2000, cpus: 0.5 });
    expect(r.status).toBe('timeout');
    // At 0.5 cores the run gets at most half its wall time in CPU (a free
    // core would give all of it); the slack covers the CFS period granularity.
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(r.cpuMs).toBeLessThan(0.5 * r.wallMs + 150);
    await h.expectBenign();
  });

  it('an aborted run (the learner pressed Stop) is killed with everything it started', async () => {
    const m = marker();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    let seenWhileRunning = 0;
    setTimeout(() => (seenWhileRunning = processesWith(m).length), 200);
    // Both shells carry the marker: a background one and the foreground one.
    const script = `/bin/sh -c "sleep 100; : ${m}" & /bin/sh -c "sleep 100; : ${m}"`;
    const r = await h.sandbox.exec({ argv: ['/bin/sh', '-c', script], files: [], limits: { ...defaultLimits, timeoutMs: 10_000 }, signal: stop.signal });
    expect(seenWhileRunning).toBeGreaterThanOrEqual(2);
    expect(r.status).toBe('killed');
    expect(r.wallMs).toBeLessThan(3000);
    expect(processesWith(m)).toEqual([]);
    await h.expectBenign();
  });

  it('memory bomb ends with memory_limit and the host keeps its memory', async () => {
    const r = await h.run('memory', [], { memoryBytes: 128 * 1024 * 1024, timeoutMs: 10_000 });
    expect(r.status).toBe('memory_limit');
    expect(r.peakMemoryBytes).toBeGreaterThan(100 * 1024 * 1024);
    // The kernel may overshoot the limit by a few pages before reclaim/OOM.
    expect(r.peakMemoryBytes).toBeLessThanOrEqual(129 * 1024 * 1024);
    await h.expectBenign();
  });

  it('goroutine bomb ends with memory_limit', async () => {
    const r = await h.run('goroutines', [], { memoryBytes: 128 * 1024 * 1024, timeoutMs: 10_000 });
    expect(r.status).toBe('memory_limit');
    await h.expectBenign();
  });

  it('fork bomb (os/exec of a shell fork bomb) ends with process_limit and leaves nothing behind', async () => {
    const m = marker();
    const r = await h.run('forkbomb', [m], { processes: 64, timeoutMs: 2000 });
    expect(r.status).toBe('process_limit');
    expect(processesWith(m)).toEqual([]);
    await h.expectBenign();
  });

  it('4 GiB output flood ends with output_limit at the cap, quickly', async () => {
    const r = await h.run('output', [], { outputBytes: 64 * 1024, timeoutMs: 10_000 });
    expect(r.status).toBe('output_limit');
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(r.stdout.length).toBeGreaterThan(32 * 1024);
    expect(r.wallMs).toBeLessThan(3000);
    await h.expectBenign();
  });

  it.each(['.', '/tmp', '/dev/shm'])('disk fill of %s ends with disk_limit and no host disk is used', async (dir) => {
    const before = statfsSync('/');
    const r = await h.run('disk', [dir], { diskBytes: 16 * 1024 * 1024 });
    expect(r.status, r.stdout + r.stderr).toBe('disk_limit');
    expect(r.stdout).toMatch(/no space left on device|file too large/);
    const after = statfsSync('/');
    expect((before.bavail - after.bavail) * before.bsize).toBeLessThan(8 * 1024 * 1024);
    await h.expectBenign();
  });
});
