import { useMemo } from 'react';
import type { BenchmarkResult } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { compareBenchmarks } from './benchCompare.js';

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
  if (benchmarks.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="bench-title">
      <h3 id="bench-title">{t('bench.title')}</h3>
      <table className="bench-table">
        <thead>
          <tr>
            <th scope="col">{t('bench.name')}</th>
            <th scope="col">{t('bench.iterations')}</th>
            <th scope="col">{t('bench.nsPerOp')}</th>
            <th scope="col">{t('bench.bytesPerOp')}</th>
            <th scope="col">{t('bench.allocsPerOp')}</th>
          </tr>
        </thead>
        <tbody>
          {benchmarks.map((b, i) => (
            <tr key={i} data-bench={b.name}>
              <td>
                {b.name}
                {b.procs > 1 ? `-${b.procs}` : ''}
              </td>
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
