import { describe, expect, it } from 'vitest';
import { classify, type ClassifyInput } from './classify.js';

const base: ClassifyInput = { exitCode: 0, outputExceeded: false, timedOut: false, aborted: false, diskFull: false, stats: { cpuMs: 0, peakMemoryBytes: 0, oomKilled: false, pidsLimitHit: false } };

describe('classify', () => {
  it('a run that hit no limit is exited, whatever its exit code', () => {
    expect(classify(base)).toBe('exited');
    expect(classify({ ...base, exitCode: 1 })).toBe('exited');
  });

  it('reports a limit hit even when the program then exited 0', () => {
    expect(classify({ ...base, stats: { ...base.stats, pidsLimitHit: true } })).toBe('process_limit');
    expect(classify({ ...base, stats: { ...base.stats, oomKilled: true } })).toBe('memory_limit');
    expect(classify({ ...base, diskFull: true })).toBe('disk_limit');
  });

  it('maps each limit hit of a failed run to its status', () => {
    expect(classify({ ...base, exitCode: null, stats: { ...base.stats, oomKilled: true } })).toBe('memory_limit');
    expect(classify({ ...base, exitCode: 2, stats: { ...base.stats, pidsLimitHit: true } })).toBe('process_limit');
    expect(classify({ ...base, exitCode: 1, diskFull: true })).toBe('disk_limit');
    expect(classify({ ...base, exitCode: null, timedOut: true })).toBe('timeout');
    expect(classify({ ...base, exitCode: null, aborted: true })).toBe('killed');
  });

  it('output cap wins, and a limit hit explains a timeout better than the timeout', () => {
    expect(classify({ ...base, outputExceeded: true, timedOut: true, exitCode: null })).toBe('output_limit');
    expect(classify({ ...base, timedOut: true, exitCode: null, stats: { ...base.stats, pidsLimitHit: true } })).toBe('process_limit');
  });
});
