/**
 * Compares two benchmark runs with the profiling package's benchstat. The
 * RunReport holds parsed results, so each run is written back as Go benchmark
 * lines (`BenchmarkX-P  N  v ns/op ...`); benchstat then parses them exactly
 * as it parses `go test -bench` output, and the comparison is the one the
 * real benchstat would print for the same numbers.
 */
import { benchstat, formatBenchstatText, type BenchstatResult } from '@gopherlab/profiling';
import type { BenchmarkResult } from '../api/types.js';

export function benchmarkLines(results: readonly BenchmarkResult[]): string {
  const lines: string[] = [];
  let pkg: string | undefined;
  for (const b of results) {
    if (b.package && b.package !== pkg) {
      pkg = b.package;
      lines.push(`pkg: ${pkg}`);
    }
    const name = b.procs > 1 ? `${b.name}-${b.procs}` : b.name;
    const parts = [name, String(b.iterations), `${b.nsPerOp} ns/op`];
    for (const [unit, v] of Object.entries(b.metrics ?? {})) parts.push(`${v} ${unit}`);
    if (b.bytesPerOp !== undefined) parts.push(`${b.bytesPerOp} B/op`);
    if (b.allocsPerOp !== undefined) parts.push(`${b.allocsPerOp} allocs/op`);
    lines.push(parts.join('\t'));
  }
  return lines.join('\n') + '\n';
}

export interface BenchComparison {
  result: BenchstatResult;
  text: string;
}

export function compareBenchmarks(
  previous: readonly BenchmarkResult[],
  current: readonly BenchmarkResult[],
  labels: { old: string; new: string },
): BenchComparison | null {
  if (previous.length === 0 || current.length === 0) return null;
  const result = benchstat([
    { label: labels.old, text: benchmarkLines(previous) },
    { label: labels.new, text: benchmarkLines(current) },
  ]);
  if (result.tables.length === 0) return null;
  return { result, text: formatBenchstatText(result) };
}
