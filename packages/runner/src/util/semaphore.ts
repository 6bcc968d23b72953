/**
 * The one concurrency primitive: at most `size` holders at a time, FIFO
 * waiters, and a waiter whose request is aborted leaves the queue at once
 * (a cancelled run never waits for, or takes, a slot). Used by the run
 * pipeline (runner slots), the sandbox (its slot pool) and the course
 * validator (forEachLimit).
 */
import { AppError } from '@gopherlab/errors';

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Waiters not yet admitted. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function (idempotent) once admitted; rejects if `signal` aborts first. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw cancelled();
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((admit, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        admit();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the place straight to the next waiter, so `active` never dips and admits a newcomer first.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

function cancelled(): AppError {
  return new AppError('internal_error', 'The run was cancelled while waiting for a free slot.');
}

/** Calls `fn` for every item, at most `limit` at a time, in order of the items; resolves when all are done. */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  const gate = new Semaphore(Math.max(1, limit));
  await Promise.all(
    items.map(async (item, i) => {
      const release = await gate.acquire();
      try {
        await fn(item, i);
      } finally {
        release();
      }
    }),
  );
}
