import { describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import type { Sandbox } from '../sandbox/types.js';
import { createRunner, processorLimits, runnerLimitsFromEnv } from './runner.js';

describe('runnerLimitsFromEnv', () => {
  it('reads the shared GOPHERLAB_LIMIT_* variables and the build timeout', () => {
    expect(runnerLimitsFromEnv({ GOPHERLAB_LIMIT_TIMEOUT_MS: '5000', GOPHERLAB_LIMIT_MEMORY_MB: '256', GOPHERLAB_LIMIT_BUILD_TIMEOUT_MS: '20000' })).toMatchObject({
      runTimeoutMs: 5000,
      memoryBytes: 256 * 1024 * 1024,
      buildTimeoutMs: 20000,
    });
    expect(runnerLimitsFromEnv({})).toEqual({});
  });
  it('refuses a nonsense build timeout', () => {
    expect(() => runnerLimitsFromEnv({ GOPHERLAB_LIMIT_BUILD_TIMEOUT_MS: 'soon' })).toThrow(AppError);
  });
});

describe('processorLimits', () => {
  it('gives tests, races and benchmarks two threads and the quota to match on a multi-core host', () => {
    for (const action of ['test', 'race', 'bench'] as const) expect(processorLimits(action, 1, undefined, 2)).toEqual({ gomaxprocs: 2, cpus: 2 });
    expect(processorLimits('run', 1, undefined, 2)).toEqual({ gomaxprocs: 1, cpus: 1 });
    expect(processorLimits('profile', 1, undefined, 8)).toEqual({ gomaxprocs: 1, cpus: 1 });
  });
  it('keeps one thread on a one-core host and respects an explicit GOMAXPROCS', () => {
    expect(processorLimits('test', 1, undefined, 1)).toEqual({ gomaxprocs: 1, cpus: 1 });
    expect(processorLimits('test', 1, 1, 2)).toEqual({ gomaxprocs: 1, cpus: 1 });
    expect(processorLimits('bench', 4, undefined, 8)).toEqual({ gomaxprocs: 4, cpus: 4 });
  });
});

describe('createRunner', () => {
  it('refuses a sandbox without isolation', async () => {
    let closed = false;
    const unisolated: Sandbox = {
      isolated: false,
      slots: 1,
      exec: () => Promise.reject(new Error('must not be called')),
      close: async () => {
        closed = true;
      },
    };
    await expect(createRunner({ sandbox: unisolated, goVersion: 'go1.26.8' })).rejects.toMatchObject({ code: 'sandbox_unavailable' });
    expect(closed).toBe(true);
  });
});
