import { useMemo } from 'react';
import type { BenchmarkResult } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { compareBenchmarks } from './benchCompare.js';

interface BenchRow {
  name: string;
  procs: number;
  runs: number;
  iterations: number;
  nsPerOp: number;
  bytesPerOp?: number;
  allocsPerOp?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One row per benchmark (name and GOMAXPROCS): `-count N` repetitions collapse to their medians. */
export function benchRows(benchmarks: readonly BenchmarkResult[]): BenchRow[] {
  const groups = new Map<string, BenchmarkResult[]>();
  for (const b of benchmarks) {
    const key = `${b.package ?? ''}\u0000${b.name}\u0000${b.procs}`;
    const g = groups.get(key);
    if (g) g.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()].map((g) => {
    const opt = (f: (b: BenchmarkResult) => number | undefined) => {
      const vs = g.map(f).filter((v): v is number => v !== undefined);
      return vs.length ? median(vs) : undefined;
    };
    const row: BenchRow = { name: g[0]!.name, procs: g[0]!.procs, runs: g.length, iterations: median(g.map((b) => b.iterations)), nsPerOp: median(g.map((b) => b.nsPerOp)) };
    const bytes = opt((b) => b.bytesPerOp);
    const allocs = opt((b) => b.allocsPerOp);
    if (bytes !== undefined) row.bytesPerOp = bytes;
    if (allocs !== undefined) row.allocsPerOp = allocs;
    return row;
  });
}

function num(v: number | undefined): string {
  if (v === undefined) return '—';
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

export function BenchTable({ benchmarks, previous }: { benchmarks: readonly BenchmarkResult[]; previous: readonly BenchmarkResult[] | null }) {
  const { t } = useI18n();
  const comparison = useMemo(() => {
    if (!previous) return null;
    try {
      return compareBenchmarks(previous, benchmarks, { old: t('bench.old'), new: t('bench.new') });
    } catch {
      // A comparison that cannot be computed must not hide this run's results.
      return null;
    }
  }, [previous, benchmarks, t]);
  const rows = useMemo(() => benchRows(benchmarks), [benchmarks]);
  if (benchmarks.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="bench-title">
      <h3 id="bench-title">{t('bench.title')}</h3>
      <table className="bench-table">
        <thead>
          <tr>
            <th scope="col">{t('bench.name')}</th>
            <th scope="col">n</th>
            <th scope="col">{t('bench.iterations')}</th>
            <th scope="col">{t('bench.nsPerOp')}</th>
            <th scope="col">{t('bench.bytesPerOp')}</th>
            <th scope="col">{t('bench.allocsPerOp')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b, i) => (
            <tr key={i} data-bench={b.name}>
              <td>
                {b.name}
                {b.procs > 1 ? `-${b.procs}` : ''}
              </td>
              <td className="num">{b.runs}</td>
              <td className="num">{b.iterations.toLocaleString('en-US')}</td>
              <td className="num">{num(b.nsPerOp)}</td>
              <td className="num">{num(b.bytesPerOp)}</td>
              <td className="num">{num(b.allocsPerOp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="bench-compare" aria-label={t('bench.comparison')}>
        <h4>{t('bench.comparison')}</h4>
        {comparison ? <pre className="benchstat" data-testid="benchstat">{comparison.text}</pre> : <p className="muted">{t('bench.noPrevious')}</p>}
      </section>
    </section>
  );
}
