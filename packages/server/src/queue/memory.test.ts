import { describe, expect, it } from 'vitest';
import { MemoryEventBus, MemoryQueue } from './memory.js';
import type { SequencedEvent } from './types.js';

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
    const got: SequencedEvent[] = [];
    const off = await bus.subscribe('r', (e) => got.push(e));
    bus.publish('r', { type: 'stdout', data: 'two' });
    off();
    bus.publish('r', { type: 'stdout', data: 'three' });
    expect(got).toEqual([
      { seq: 1, event: { type: 'stdout', data: 'one' } },
      { seq: 2, event: { type: 'stdout', data: 'two' } },
    ]);
    await bus.close();
  });

  it('resumes after a sequence number (a reconnect with Last-Event-ID) without gaps or repeats', async () => {
    const bus = new MemoryEventBus();
    for (const data of ['a', 'b', 'c']) bus.publish('r', { type: 'stdout', data });
    const got: number[] = [];
    const off = await bus.subscribe('r', (e) => got.push(e.seq), 2);
    bus.publish('r', { type: 'stdout', data: 'd' });
    off();
    expect(got).toEqual([3, 4]);
    await bus.close();
  });
});
