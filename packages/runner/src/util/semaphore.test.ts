import { describe, expect, it } from 'vitest';
import { forEachLimit, Semaphore } from './semaphore.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Semaphore', () => {
  it('admits `size` holders, then waiters in order as places free up', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const c = s.acquire().then((r) => (order.push(3), r));
    const d = s.acquire().then((r) => (order.push(4), r));
    await tick();
    expect(s.queued).toBe(2);
    a();
    a(); // a second call is a no-op, not a second place
    const releaseC = await c;
    await tick();
    expect(order).toEqual([3]);
    b();
    (await d)();
    releaseC();
    expect(order).toEqual([3, 4]);
    expect(s.queued).toBe(0);
  });

  it('lets an aborted waiter leave at once and never admits it', async () => {
    const s = new Semaphore(1);
    const held = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'internal_error' });
    expect(s.queued).toBe(0);
    await expect(s.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'internal_error' });
    held();
    (await s.acquire())();
  });
});

describe('forEachLimit', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
