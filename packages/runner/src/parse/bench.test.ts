import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { parseBenchmarkLine, parseBenchmarkText } from './bench.js';

describe('parseBenchmarkText on real -bench -benchmem output', () => {
  it('reads name, procs, iterations, ns/op, B/op, allocs/op and custom metrics', () => {
    const b = parseBenchmarkText(fixture('bench/bench.txt'), 2);
    expect(b.map((x) => x.name)).toEqual(['BenchmarkConcat', 'BenchmarkBuilder/n=10', 'BenchmarkBuilder/n=100', 'BenchmarkCopy']);
    expect(b[0]).toMatchObject({ package: 'example.com/bn', procs: 2, iterations: 2000, bytesPerOp: 64, allocsPerOp: 9, metrics: {} });
    expect(b[0]!.nsPerOp).toBeGreaterThan(0);
    expect(b[3]!.metrics).toEqual({ 'MB/s': expect.any(Number), 'widgets/op': 42 });
  });
});

describe('parseBenchmarkLine', () => {
  it('keeps a -N that is part of a sub-benchmark name when procs is 1', () => {
    expect(parseBenchmarkLine('BenchmarkX/size-5  100  12.5 ns/op', 1)).toMatchObject({ name: 'BenchmarkX/size-5', procs: 1 });
    expect(parseBenchmarkLine('BenchmarkX/size-5-4  100  12.5 ns/op', 4)).toMatchObject({ name: 'BenchmarkX/size-5', procs: 4 });
  });
  it('refuses lines that are not results', () => {
    expect(parseBenchmarkLine('BenchmarkX')).toBeNull();
    expect(parseBenchmarkLine('BenchmarkX-2  100  fast ns/op')).toBeNull();
    expect(parseBenchmarkLine('BenchmarkX-2  100  5 B/op')).toBeNull();
  });
});
