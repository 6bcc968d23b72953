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
    // Ended by the timeout and drained promptly; the slack absorbs a loaded machine.
    expect(r.wallMs).toBeLessThan(1500 + 5000);
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(processesWith(m)).toEqual([]);
    await h.expectBenign();
  });

  it('sleep forever and ignoring SIGTERM both end with timeout', async () => {
    for (const mode of ['sleep', 'sigterm']) {
      const m = marker();
      const r = await h.run(mode, [m], { timeoutMs: 1000 });
      expect(r.status, mode).toBe('timeout');
      expect(r.wallMs).toBeLessThan(1000 + 5000);
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
    // Press Stop once both processes are running, however long the sandbox took to start them.
    let seenWhileRunning = 0;
    const watch = (async () => {
      for (let i = 0; i < 800 && seenWhileRunning < 2; i++) {
        await new Promise((r) => setTimeout(r, 25));
        seenWhileRunning = processesWith(m).length;
      }
      stop.abort();
    })();
    // Both shells carry the marker: a background one and the foreground one.
    const script = `/bin/sh -c "sleep 100; : ${m}" & /bin/sh -c "sleep 100; : ${m}"`;
    const r = await h.sandbox.exec({ argv: ['/bin/sh', '-c', script], files: [], limits: { ...defaultLimits, timeoutMs: 60_000 }, signal: stop.signal });
    await watch;
    expect(seenWhileRunning).toBeGreaterThanOrEqual(2);
    // Killed by the abort, well before the 60 s timeout would have ended it.
    expect(r.status).toBe('killed');
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

  it('a program that reaches the process cap and then exits 0 is still reported as process_limit', async () => {
    const r = await h.run('forkbomb-then-exit0', [], { processes: 64, timeoutMs: 10_000 });
    expect(r.stdout, r.stderr).toMatch(/started \d+, then: .*resource temporarily unavailable/);
    expect(r.exitCode).toBe(0);
    expect(r.status).toBe('process_limit');
    await h.expectBenign();
  });

  it('a program that fills the disk and then exits 0 is still reported as disk_limit', async () => {
    const r = await h.run('disk-then-exit0', ['.'], { diskBytes: 16 * 1024 * 1024 });
    expect(r.stdout).toMatch(/no space left on device|file too large/);
    expect(r.exitCode).toBe(0);
    expect(r.status).toBe('disk_limit');
    await h.expectBenign();
  });

  it('4 GiB output flood ends with output_limit at the cap, quickly', async () => {
    const r = await h.run('output', [], { outputBytes: 64 * 1024, timeoutMs: 10_000 });
    expect(r.status).toBe('output_limit');
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(r.stdout.length).toBeGreaterThan(32 * 1024);
    // Ended at the cap, not by its 10 s timeout.
    expect(r.wallMs).toBeLessThan(10_000);
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
