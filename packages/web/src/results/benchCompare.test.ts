import { describe, expect, it } from 'vitest';
import type { BenchmarkResult } from '../api/types.js';
import { benchmarkLines, compareBenchmarks } from './benchCompare.js';

function runOf(ns: number[], allocs: number): BenchmarkResult[] {
  return ns.map((nsPerOp) => ({
    name: 'BenchmarkConcat',
    package: 'example.com/m',
    procs: 2,
    iterations: 1000,
    nsPerOp,
    bytesPerOp: 64,
    allocsPerOp: allocs,
    metrics: {},
  }));
}

describe('compareBenchmarks', () => {
  it('writes results back as Go benchmark lines', () => {
    expect(benchmarkLines(runOf([120.5], 2))).toBe('pkg: example.com/m\nBenchmarkConcat-2\t1000\t120.5 ns/op\t64 B/op\t2 allocs/op\n');
  });

  it('reports a significant speed-up and an insignificant change as benchstat does', () => {
    const old = runOf([200, 201, 202, 199, 200, 203], 4);
    const cur = runOf([100, 101, 99, 100, 102, 100], 4);
    const cmp = compareBenchmarks(old, cur, { old: 'previous', new: 'this run' })!;
    const secPerOp = cmp.result.tables.find((t) => t.unit === 'sec/op')!;
    const cell = secPerOp.cells[0]![1]!;
    // medians 200.5 -> 100
    expect(cell.deltaText).toBe('-50.12%');
    expect(cell.comparison!.p).toBeLessThan(0.05);
    const allocs = cmp.result.tables.find((t) => t.unit === 'allocs/op')!;
    expect(allocs.cells[0]![1]!.deltaText).toBe('~');
    expect(cmp.text).toContain('previous');
    expect(cmp.text).toContain('this run');
    expect(cmp.text).toContain('Concat-2   200.5n ± 1%   100.0n ± 2%  -50.12% (p=0.002 n=6)');
  });

  it('returns null when one side has no results', () => {
    expect(compareBenchmarks([], runOf([1], 1), { old: 'a', new: 'b' })).toBeNull();
  });
});
