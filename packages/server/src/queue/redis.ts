/**
 * The scale-out queue: BullMQ on Redis (REDIS_URL). Web nodes enqueue, runner
 * nodes (`gopherlab serve --services=runner`) consume; run events travel back
 * over Redis pub/sub with a short replay list per run.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError } from '@gopherlab/errors';
import { isFinalEvent, type BusEvent, type Job, type JobHandler, type JobQueue, type RunEventBus, type SequencedEvent } from './types.js';

const QUEUE_NAME = 'gopherlab-jobs';
/** Tries per job when its handler fails (1 s, 2 s, 4 s, 8 s apart): rides out a database restart. */
const JOB_ATTEMPTS = 5;

export interface RedisQueueOptions {
  url: string;
  limit: number;
  /** Key prefix, so tests (and several deployments) can share one Redis. */
  prefix?: string;
  onError?: (job: Job, error: unknown) => void;
}

export class RedisQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private running = 0;
  private readonly prefix: string;
  private readonly connections: Redis[] = [];

  constructor(private readonly options: RedisQueueOptions) {
    this.prefix = options.prefix ?? 'gopherlab';
    this.queue = new Queue(QUEUE_NAME, { connection: this.connect(), prefix: this.prefix });
  }

  async enqueue(job: Job): Promise<void> {
    if ((await this.queue.getWaitingCount()) >= this.options.limit) throw new AppError('queue_full');
    // jobId = row id: re-enqueueing during recovery cannot duplicate a job that is still waiting.
    // A job whose handler throws (its database was unreachable) is tried again with backoff;
    // the handler itself decides from the row whether there is anything left to do.
    await this.queue.add(job.kind, job, {
      jobId: `${job.kind}-${job.id}`,
      removeOnComplete: true,
      removeOnFail: true,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1_000 },
    });
  }

  depth(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  active(): number {
    return this.running;
  }

  process(handler: JobHandler, concurrency: number): void {
    this.worker = new Worker(
      QUEUE_NAME,
      async (bullJob) => {
        this.running++;
        try {
          await handler(bullJob.data as Job);
        } catch (e) {
          this.options.onError?.(bullJob.data as Job, e);
          throw e;
        } finally {
          this.running--;
        }
      },
      { connection: this.connect(), prefix: this.prefix, concurrency: Math.max(1, concurrency) },
    );
    this.worker.on('error', () => {
      // Connection errors are retried by ioredis; BullMQ requires a listener so they do not crash the process.
    });
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    // BullMQ leaves connections it was given open; open sockets would keep a stopped process alive.
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private connect(): Redis {
    const c = redisConnection(this.options.url);
    this.connections.push(c);
    return c;
  }
}

function redisConnection(url: string): Redis {
  // BullMQ needs maxRetriesPerRequest: null for its blocking commands.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Replay lists expire a while after the run's last event. */
const LOG_TTL_SECONDS = 600;

export class RedisEventBus implements RunEventBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(e: SequencedEvent) => void>>();
  private readonly prefix: string;

  constructor(url: string, prefix = 'gopherlab') {
    this.prefix = prefix;
    this.pub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.sub.on('message', (channel: string, message: string) => {
      const runId = channel.slice(this.channel('').length);
      const set = this.listeners.get(runId);
      if (!set) return;
      const parsed = JSON.parse(message) as SequencedEvent;
      for (const l of set) l(parsed);
    });
  }

  private channel(runId: string): string {
    return `${this.prefix}:events:${runId}`;
  }

  private logKey(runId: string): string {
    return `${this.prefix}:eventlog:${runId}`;
  }

  publish(runId: string, event: BusEvent): void {
    // Only the process executing a run publishes its events, so a local counter orders them.
    const seq = (this.seqs.get(runId) ?? 0) + 1;
    if (isFinalEvent(event)) this.seqs.delete(runId);
    else this.seqs.set(runId, seq);
    const message = JSON.stringify({ seq, event } satisfies SequencedEvent);
    void this.pub
      .multi()
      .rpush(this.logKey(runId), message)
      .expire(this.logKey(runId), LOG_TTL_SECONDS)
      .publish(this.channel(runId), message)
      .exec()
      .catch(() => {
        // A lost event only degrades live output; the report itself is in the database.
      });
  }

  async subscribe(runId: string, listener: (event: SequencedEvent) => void, afterSeq = 0): Promise<() => void> {
    let lastSeq = afterSeq;
    let replaying = true;
    const buffered: SequencedEvent[] = [];
    const deliver = (e: SequencedEvent) => {
      if (e.seq <= lastSeq) return;
      lastSeq = e.seq;
      listener(e);
    };
    const onLive = (e: SequencedEvent) => (replaying ? buffered.push(e) : deliver(e));
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
      await this.sub.subscribe(this.channel(runId));
    }
    set.add(onLive);
    // Subscribe first, then read the log: an event published in between is in the buffer or the log (or both; seq dedupes).
    const history = await this.pub.lrange(this.logKey(runId), 0, -1);
    for (const h of history) deliver(JSON.parse(h) as SequencedEvent);
    for (const e of buffered.sort((a, b) => a.seq - b.seq)) deliver(e);
    replaying = false;
    return () => {
      const s = this.listeners.get(runId);
      if (!s) return;
      s.delete(onLive);
      if (s.size === 0) {
        this.listeners.delete(runId);
        void this.sub.unsubscribe(this.channel(runId)).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.pub.quit().catch(() => {});
  }
}
