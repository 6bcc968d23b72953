/**
 * The default, in-process queue and event bus: a bounded FIFO drained by at
 * most `concurrency` concurrent handlers (one per sandbox slot, so a job never
 * waits inside the runner for a slot while holding a worker).
 */
import { AppError } from '@gopherlab/errors';
import { isFinalEvent, type BusEvent, type Job, type JobHandler, type JobQueue, type RunEventBus, type SequencedEvent } from './types.js';

export class MemoryQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private readonly waiting: Job[] = [];
  private running = 0;
  private handler: JobHandler | null = null;
  private concurrency = 0;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly onError: (job: Job, error: unknown) => void = () => {},
  ) {}

  async enqueue(job: Job): Promise<void> {
    if (this.closed) throw new AppError('queue_full', 'The server is shutting down. Try again in a moment.');
    if (this.waiting.length >= this.limit) throw new AppError('queue_full');
    this.waiting.push(job);
    this.pump();
  }

  async depth(): Promise<number> {
    return this.waiting.length;
  }

  active(): number {
    return this.running;
  }

  process(handler: JobHandler, concurrency: number): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.handler && this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      const p = this.handler(job)
        .catch((e: unknown) => this.onError(job, e))
        .finally(() => {
          this.running--;
          this.inFlight.delete(p);
          this.pump();
        });
      this.inFlight.add(p);
    }
  }

  /** Stops taking jobs and waits for the running ones; waiting jobs stay queued in the database for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }
}

interface RunStream {
  events: SequencedEvent[];
  /** Events published so far (the last one's seq). */
  published: number;
  listeners: Set<(e: SequencedEvent) => void>;
  done: boolean;
}

/** Finished streams stay replayable this long for clients that connect just after the end (they then read the report from the database). */
const RETAIN_FINISHED_MS = 30_000;
/** Bound on the replay log of one run; the runner already bounds output bytes, this bounds event count. */
const MAX_EVENTS = 20_000;

export class MemoryEventBus implements RunEventBus {
  private readonly streams = new Map<string, RunStream>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private stream(runId: string): RunStream {
    let s = this.streams.get(runId);
    if (!s) {
      s = { events: [], published: 0, listeners: new Set(), done: false };
      this.streams.set(runId, s);
    }
    return s;
  }

  publish(runId: string, event: BusEvent): void {
    const s = this.stream(runId);
    if (s.done) return;
    const e: SequencedEvent = { seq: ++s.published, event };
    if (s.events.length < MAX_EVENTS || isFinalEvent(event)) s.events.push(e);
    for (const l of s.listeners) l(e);
    if (isFinalEvent(event)) {
      s.done = true;
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.streams.get(runId) === s) this.streams.delete(runId);
      }, RETAIN_FINISHED_MS);
      t.unref();
      this.timers.add(t);
    }
  }

  async subscribe(runId: string, listener: (event: SequencedEvent) => void, afterSeq = 0): Promise<() => void> {
    const s = this.stream(runId);
    for (const e of s.events) if (e.seq > afterSeq) listener(e);
    s.listeners.add(listener);
    return () => {
      s.listeners.delete(listener);
      if (s.listeners.size === 0 && s.events.length === 0 && !s.done) this.streams.delete(runId);
    };
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.streams.clear();
  }
}
