import { describe, expect, it } from 'vitest';
import { benchRows } from './BenchTable.js';

describe('benchRows', () => {
  it('collapses -count repetitions to medians per benchmark and GOMAXPROCS', () => {
    const b = (name: string, procs: number, ns: number, allocs?: number) => ({ name, procs, iterations: 100, nsPerOp: ns, metrics: {}, ...(allocs !== undefined ? { allocsPerOp: allocs } : {}) });
    const rows = benchRows([b('BenchmarkA', 2, 10, 1), b('BenchmarkA', 2, 30, 1), b('BenchmarkA', 2, 20, 3), b('BenchmarkA', 4, 5), b('BenchmarkB', 2, 7)]);
    expect(rows).toEqual([
      { name: 'BenchmarkA', procs: 2, runs: 3, iterations: 100, nsPerOp: 20, allocsPerOp: 1 },
      { name: 'BenchmarkA', procs: 4, runs: 1, iterations: 100, nsPerOp: 5 },
      { name: 'BenchmarkB', procs: 2, runs: 1, iterations: 100, nsPerOp: 7 },
    ]);
  });
});
