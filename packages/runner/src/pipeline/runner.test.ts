import { describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import type { Sandbox } from '../sandbox/types.js';
import { createRunner, processorLimits, runnerLimitsFromEnv } from './runner.js';
import { newerGoLine, selectToolchain } from './toolchains.js';

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

describe('selectToolchain', () => {
  const toolchains = [
    { version: 'go1.27.3', goroot: '/t/go1.27.3' },
    { version: 'go1.26.8', goroot: '/usr/local/go' },
  ];
  it('takes the newest by default and a release by its major.minor', () => {
    expect(selectToolchain(toolchains, undefined)).toEqual({ version: 'go1.27.3', goroot: '/t/go1.27.3' });
    expect(selectToolchain(toolchains, '1.26')).toEqual({ version: 'go1.26.8', goroot: '/usr/local/go' });
  });
  it('refuses a release it does not have, naming those it has', () => {
    let error: unknown;
    try {
      selectToolchain(toolchains, '1.22');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'unsupported_go_version', status: 400, details: { available: ['1.27', '1.26'] } });
    expect((error as Error).message).toBe('Go 1.22 is not available here; choose one of: 1.27, 1.26.');
  });
});

describe('newerGoLine', () => {
  it('orders go lines as the go command does', () => {
    expect(newerGoLine('1.27', '1.26.0')).toBe('1.27');
    expect(newerGoLine('1.26', '1.26.0')).toBe('1.26.0');
    expect(newerGoLine('1.26.1', '1.26.0')).toBe('1.26.1');
  });
});
