import { describe, expect, it } from 'vitest';
import type { RunReport } from '../api/types.js';
import { runtimeTraceOf } from './runtimeTrace.js';

const gcLine = 'gc 1 @0.205s 0%: 0.009+1.9+0.006 ms clock, 0.009+0.24/0.57/0+0.006 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 1 P\n';
const base = { stdout: '', stderr: '' } as RunReport;

describe('runtimeTraceOf', () => {
  it('prefers the report field, then streamed output, then the report output', () => {
    expect(runtimeTraceOf({ ...base, runtimeTrace: 'x' }, [{ stream: 'stderr', data: gcLine }])).toBe('x');
    expect(runtimeTraceOf(base, [{ stream: 'stdout', data: 'hi\n' }, { stream: 'stderr', data: gcLine }])).toBe('hi\n' + gcLine);
    expect(runtimeTraceOf({ ...base, stderr: gcLine }, [])).toContain('gc 1 @');
  });
  it('is empty without trace lines', () => {
    expect(runtimeTraceOf({ ...base, stdout: 'gc is fun\n' }, [{ stream: 'stdout', data: 'x' }])).toBe('');
  });
});
