import type { RunEvent } from '@gopherlab/runner';
import type { GradeProgress } from '@gopherlab/course';

/** What a lab check streams: the grader's progress, then `graded` (the grade itself is read from the database). */
export type CheckEvent = { type: 'grading'; progress: GradeProgress } | { type: 'graded' };

/** Everything the bus carries: a run's events, or a lab check's. */
export type BusEvent = RunEvent | CheckEvent;

/** The event after which a stream is over. */
export function isFinalEvent(event: BusEvent): boolean {
  return event.type === 'report' || event.type === 'graded';
}

/** A unit of work for a runner process: the row id in `runs` or `lab_checks`. */
export interface Job {
  kind: 'run' | 'check';
  id: string;
}

export type JobHandler = (job: Job) => Promise<void>;

/**
 * The job queue, in-process (MemoryQueue) or on Redis (BullMQ). The database
 * row is the source of truth for a job; the queue only carries ids, so losing
 * the queue (process crash, Redis flush) loses nothing: start-up recovery
 * re-enqueues every row that is still queued or running.
 */
export interface JobQueue {
  readonly kind: 'memory' | 'redis';
  /** Throws AppError('queue_full') when the waiting backlog is at its limit. */
  enqueue(job: Job): Promise<void>;
  /** Jobs waiting for a slot (cluster-wide for Redis). */
  depth(): Promise<number>;
  /** Jobs this process is executing right now. */
  active(): number;
  /** Starts consuming with at most `concurrency` jobs at a time in this process. */
  process(handler: JobHandler, concurrency: number): void;
  close(): Promise<void>;
}

/** A RunEvent with its position in the run's stream, so late subscribers can merge history and live events without gaps or duplicates. */
export interface SequencedEvent {
  seq: number;
  event: BusEvent;
}

/**
 * Fan-out of a run's streaming events from the process executing it to every
 * process serving its SSE stream. Keeps a replay log per run so a client that
 * connects mid-run still sees the output from the start.
 */
export interface RunEventBus {
  publish(runId: string, event: BusEvent): void;
  /**
   * Delivers the history after `afterSeq` (default: all of it), then live
   * events, in order, each with its sequence number (1, 2, ...: the SSE `id:`,
   * so a reconnecting browser resumes after the last one it saw). Resolves
   * once the history is delivered.
   */
  subscribe(runId: string, listener: (event: SequencedEvent) => void, afterSeq?: number): Promise<() => void>;
  close(): Promise<void>;
}
