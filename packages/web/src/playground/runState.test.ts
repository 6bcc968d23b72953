import { describe, expect, it } from 'vitest';
import type { RunReport } from '../api/types.js';
import { initialRunState, isBusy, runReducer } from './runState.js';

const test1 = { package: 'm', name: 'TestA', status: 'pass' as const, elapsedMs: 1, output: '' };

function finalReport(over: Partial<RunReport>): RunReport {
  return {
    id: 'r',
    action: 'test',
    status: 'ok',
    message: '',
    exitCode: 0,
    stdout: 'final stdout\n',
    stderr: '',
    truncated: false,
    timing: { wallMs: 1, cpuMs: 1, compileMs: 1, execMs: 1, queueMs: 0 },
    limits: { buildTimeoutMs: 1, runTimeoutMs: 1, memoryBytes: 1, processes: 1, outputBytes: 1, diskBytes: 1, gomaxprocs: 1, cpus: 1 },
    tests: [],
    benchmarks: [],
    profiles: [],
    diagnostics: [],
    races: [],
    leaks: [],
    ...over,
  };
}

describe('runReducer', () => {
  it('streams output, merging consecutive chunks of one stream', () => {
    let s = runReducer(initialRunState, { type: 'start', runId: 'r' });
    expect(isBusy(s.phase)).toBe(true);
    s = runReducer(s, { type: 'event', event: { type: 'status', status: 'executing' } });
    s = runReducer(s, { type: 'event', event: { type: 'stdout', data: 'a' } });
    s = runReducer(s, { type: 'event', event: { type: 'stdout', data: 'b' } });
    s = runReducer(s, { type: 'event', event: { type: 'stderr', data: 'e' } });
    expect(s.phase).toBe('executing');
    expect(s.output).toEqual([
      { stream: 'stdout', data: 'ab' },
      { stream: 'stderr', data: 'e' },
    ]);
  });

  it('keeps streamed output but takes tests from the final report', () => {
    let s = runReducer(initialRunState, { type: 'start', runId: 'r' });
    s = runReducer(s, { type: 'event', event: { type: 'stdout', data: 'live\n' } });
    s = runReducer(s, { type: 'event', event: { type: 'test', test: test1 } });
    expect(s.tests).toHaveLength(1);
    const failing = { ...test1, name: 'TestB', status: 'fail' as const };
    s = runReducer(s, { type: 'event', event: { type: 'report', report: finalReport({ tests: [test1, failing], status: 'failed' }) } });
    expect(s.phase).toBe('done');
    expect(s.output).toEqual([{ stream: 'stdout', data: 'live\n' }]);
    expect(s.tests.map((t) => t.name)).toEqual(['TestA', 'TestB']);
    // Events after the report are ignored.
    expect(runReducer(s, { type: 'event', event: { type: 'stdout', data: 'late' } })).toBe(s);
  });

  it('uses the report output when nothing streamed (cached run)', () => {
    let s = runReducer(initialRunState, { type: 'start', runId: 'r' });
    s = runReducer(s, { type: 'event', event: { type: 'report', report: finalReport({ stderr: 'warn\n' }) } });
    expect(s.output).toEqual([
      { stream: 'stdout', data: 'final stdout\n' },
      { stream: 'stderr', data: 'warn\n' },
    ]);
  });

  it('records request errors', () => {
    const s = runReducer(initialRunState, { type: 'error', code: 'rate_limited', message: 'slow down' });
    expect(s.phase).toBe('error');
    expect(s.error).toEqual({ code: 'rate_limited', message: 'slow down' });
  });
});
