import { describe, expect, it } from 'vitest';
import { MemoryEventBus, MemoryQueue } from './memory.js';
import type { RunEvent } from '@gopherlab/runner';

describe('MemoryQueue', () => {
  it('never runs more jobs at once than its slots and refuses beyond its backlog limit', async () => {
    const q = new MemoryQueue(3);
    let running = 0;
    let peak = 0;
    const done: string[] = [];
    const release: (() => void)[] = [];
    q.process(async (job) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      done.push(job.id);
    }, 2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await q.enqueue({ kind: 'run', id });
    expect(q.active()).toBe(2);
    expect(await q.depth()).toBe(3);
    await expect(q.enqueue({ kind: 'run', id: 'f' })).rejects.toMatchObject({ code: 'queue_full' });
    while (done.length < 5) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(peak).toBe(2);
    await q.close();
  });
});

describe('MemoryEventBus', () => {
  it('replays history to late subscribers, then delivers live events', async () => {
    const bus = new MemoryEventBus();
    bus.publish('r', { type: 'stdout', data: 'one' });
    const got: RunEvent[] = [];
    const off = await bus.subscribe('r', (e) => got.push(e));
    bus.publish('r', { type: 'stdout', data: 'two' });
    off();
    bus.publish('r', { type: 'stdout', data: 'three' });
    expect(got).toEqual([
      { type: 'stdout', data: 'one' },
      { type: 'stdout', data: 'two' },
    ]);
    await bus.close();
  });
});
