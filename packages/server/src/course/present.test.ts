import { describe, expect, it } from 'vitest';
import { presentCheck } from './service.js';

describe('presentCheck', () => {
  it('maps a bench measurement to got/want/ratio/threshold', () => {
    const c = presentCheck({
      kind: 'bench',
      name: 'BenchmarkSplit allocs/op',
      passed: false,
      summary: 'Split allocates 101 times per call; the reference allocates once.',
      measurement: { benchmark: 'BenchmarkSplit', metric: 'allocs/op', learner: 101, reference: 1, ratio: 101, maxRatio: 1, higherIsBetter: false },
    });
    expect(c).toMatchObject({ status: 'fail', message: 'Split allocates 101 times per call; the reference allocates once.', got: 101, want: 1, ratio: 101, threshold: 1 });
    expect(c.details).toBeUndefined();
  });

  it('calls platform failures errors and carries test failures in details', () => {
    expect(presentCheck({ kind: 'test', name: 'hidden tests', passed: false, summary: 'timed out', runStatus: 'timeout' }).status).toBe('error');
    const failed = presentCheck({ kind: 'test', name: 'hidden tests', passed: false, summary: '1 test failed', runStatus: 'failed', failures: [{ test: 'TestAdd', output: 'want 5' }], races: [] });
    expect(failed.status).toBe('fail');
    expect(failed.details).toEqual({ failures: [{ test: 'TestAdd', output: 'want 5' }] });
    expect(presentCheck({ kind: 'vet', name: 'go vet', passed: true, summary: 'clean' }).status).toBe('pass');
  });
});
