/**
 * `go test -bench -benchmem` result lines:
 *   BenchmarkCopy-2   2000   45.76 ns/op   89508.53 MB/s   42.00 widgets/op   0 B/op   0 allocs/op
 * The first number is the iteration count; then `value unit` pairs. ns/op,
 * B/op and allocs/op have fields of their own; every other unit (MB/s from
 * b.SetBytes, anything from b.ReportMetric) lands in `metrics`.
 */
import type { BenchmarkResult } from '../model/report.js';

const LINE = /^(Benchmark\S*)\s+(\d+)((?:\s+[-+0-9.eE]+\s+\S+)+)\s*$/;

/**
 * Parses one line, or returns null. `procs` is the GOMAXPROCS of the run: the
 * testing package appends `-<procs>` to the name only when it is not 1, and a
 * sub-benchmark may itself end in `-<digits>`, so the hint decides.
 */
export function parseBenchmarkLine(line: string, procs?: number): BenchmarkResult | null {
  const m = LINE.exec(line.trimEnd());
  if (!m) return null;
  let name = m[1]!;
  let p = 1;
  const suffix = /^(.*)-(\d+)$/.exec(name);
  if (suffix && (procs === undefined ? true : procs > 1 && Number(suffix[2]) === procs)) {
    name = suffix[1]!;
    p = Number(suffix[2]);
  }
  const result: BenchmarkResult = { name, procs: p, iterations: Number(m[2]), nsPerOp: 0, metrics: {} };
  const fields = m[3]!.trim().split(/\s+/);
  let sawNs = false;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = Number(fields[i]);
    const unit = fields[i + 1]!;
    if (!Number.isFinite(value)) return null;
    if (unit === 'ns/op') {
      result.nsPerOp = value;
      sawNs = true;
    } else if (unit === 'B/op') result.bytesPerOp = value;
    else if (unit === 'allocs/op') result.allocsPerOp = value;
    else result.metrics[unit] = value;
  }
  return sawNs ? result : null;
}

/** All benchmark lines of plain `go test -bench` output, tagged with the `pkg:` they belong to. */
export function parseBenchmarkText(text: string, procs?: number): BenchmarkResult[] {
  const out: BenchmarkResult[] = [];
  let pkg: string | undefined;
  for (const line of text.split('\n')) {
    const p = /^pkg: (\S+)/.exec(line);
    if (p) pkg = p[1];
    const b = parseBenchmarkLine(line, procs);
    if (b) out.push(pkg ? { ...b, package: pkg } : b);
  }
  return out;
}
