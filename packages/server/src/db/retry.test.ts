import { describe, expect, it } from 'vitest';
import { isTransientDbError, retryTransient } from './retry.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryTransient', () => {
  it('retries while PostgreSQL is restarting, then returns the result', async () => {
    const failures = [pgError('57P01'), pgError('ECONNREFUSED'), new Error('Connection terminated unexpectedly')];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls++;
        const f = failures.shift();
        if (f) throw f;
        return 'stored';
      },
      { initialDelayMs: 1 },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(4);
  });

  it('throws a constraint violation at once', async () => {
    let calls = 0;
    const unique = pgError('23505');
    await expect(
      retryTransient(async () => {
        calls++;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it('gives up after its deadline with the last error', async () => {
    const down = pgError('08006');
    await expect(
      retryTransient(
        async () => {
          throw down;
        },
        { deadlineMs: 30, initialDelayMs: 5 },
      ),
    ).rejects.toBe(down);
  });

  it('tells connection failures from other errors', () => {
    expect(isTransientDbError(pgError('57P01'))).toBe(true);
    expect(isTransientDbError(pgError('08001'))).toBe(true);
    expect(isTransientDbError(pgError('42P01'))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
    expect(isTransientDbError('57P01')).toBe(false);
  });
});
