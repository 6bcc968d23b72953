/**
 * Retrying a database write through a short outage. A run that has already
 * executed must not be executed again because PostgreSQL restarted while its
 * report was being stored: the write waits for the database instead.
 */

/** PostgreSQL SQLSTATE classes and socket errors that mean "the server went away, try again". */
const TRANSIENT = /^(08|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)/;

export function isTransientDbError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT.test(code)) return true;
  // pg reports a connection dropped mid-query without a code.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

export interface RetryOptions {
  /** How long to keep trying in total. */
  deadlineMs?: number;
  /** First pause; doubles up to 2 s. */
  initialDelayMs?: number;
}

/** Runs `fn`, retrying transient database errors until `deadlineMs` has passed; other errors are thrown at once. */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let delay = options.initialDelayMs ?? 100;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientDbError(e) || Date.now() + delay > deadline) throw e;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
