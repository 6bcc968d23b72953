import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { splitRuntimeTrace } from './runtime-trace.js';

describe('splitRuntimeTrace', () => {
  it('routes real gctrace lines and keeps program stderr', () => {
    const stderr = `${fixture('gctrace/run.stderr')}my own log line\n`;
    const { trace, rest } = splitRuntimeTrace(stderr);
    expect(trace.split('\n').filter(Boolean).every((l) => l.startsWith('gc '))).toBe(true);
    expect(trace.length).toBeGreaterThan(0);
    expect(rest).toBe('my own log line\n');
  });

  it('routes real schedtrace lines', () => {
    const { trace, rest } = splitRuntimeTrace(fixture('gctrace/sched.stderr'));
    expect(trace).toMatch(/^SCHED 0ms: gomaxprocs=2/);
    expect(rest).toBe('');
  });
});
