/**
 * GC trace chart from the report's runtimeTrace (GODEBUG=gctrace=1 lines,
 * parsed by @gopherlab/profiling): heap at GC start/end, live heap and goal
 * per cycle, plus stop-the-world pauses. Plain SVG: a few hundred points do
 * not need a chart library.
 */
import { parseRuntimeTrace, type GcSeries } from '@gopherlab/profiling';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/index.js';
import { linePath, niceMax } from './scale.js';

const W = 640;
const H = 200;
const PAD = { l: 48, r: 12, t: 10, b: 24 };

export function GcChart({ runtimeTrace }: { runtimeTrace: string }) {
  const { t } = useI18n();
  const trace = useMemo(() => parseRuntimeTrace(runtimeTrace), [runtimeTrace]);
  const s: GcSeries = trace.gcSeries;
  if (s.t.length === 0) {
    return (
      <section className="gc-chart">
        <h4>{t('gc.title')}</h4>
        <p className="muted">{t('gc.none')}</p>
      </section>
    );
  }
  const xMax = Math.max(...s.t, 1e-6);
  const yMax = niceMax(Math.max(...s.heapStartMB, ...s.heapGoalMB, ...s.heapEndMB));
  const sx = (v: number) => PAD.l + (v / xMax) * (W - PAD.l - PAD.r);
  const sy = (v: number) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  const series: { name: string; values: number[]; color: string; dash?: string }[] = [
    { name: 'heap at GC start', values: s.heapStartMB, color: '#e76f51' },
    { name: 'heap at GC end', values: s.heapEndMB, color: '#2a9d8f' },
    { name: 'live heap', values: s.heapLiveMB, color: '#264653' },
    { name: 'goal', values: s.heapGoalMB, color: '#8d99ae', dash: '4 3' },
  ];
  const sm = trace.summary;
  return (
    <section className="gc-chart" aria-labelledby="gc-title">
      <h4 id="gc-title">{t('gc.title')}</h4>
      <p className="muted">
        {sm.gcCount} GC · pause p50 {sm.pauseP50Ms.toFixed(3)} ms · p99 {sm.pauseP99Ms.toFixed(3)} ms · max {sm.pauseMaxMs.toFixed(3)} ms · peak {sm.heapPeakMB} MB ·{' '}
        {t('gc.pause')} {(sm.gcCpuFraction * 100).toFixed(1)}%
      </p>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('gc.heap')} className="chart">
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} className="axis" />
        <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} className="axis" />
        {[0, 0.5, 1].map((f) => (
          <text key={f} x={PAD.l - 4} y={sy(yMax * f) + 4} textAnchor="end" className="tick">
            {(yMax * f).toFixed(yMax * f < 10 ? 1 : 0)}
          </text>
        ))}
        <text x={W - PAD.r} y={H - 6} textAnchor="end" className="tick">
          {xMax.toFixed(3)} s
        </text>
        {series.map((ser) => (
          <path key={ser.name} d={linePath(s.t, ser.values, sx, sy)} fill="none" stroke={ser.color} strokeWidth={1.5} strokeDasharray={ser.dash}>
            <title>{ser.name}</title>
          </path>
        ))}
        {s.t.map((x, i) => (
          <circle key={i} cx={sx(x)} cy={sy(s.heapStartMB[i]!)} r={2} fill="#e76f51">
            <title>
              gc {i + 1} @{x}s: {s.heapStartMB[i]}→{s.heapEndMB[i]} MB (goal {s.heapGoalMB[i]}), pause {s.pauseMs[i]} ms
            </title>
          </circle>
        ))}
      </svg>
      <ul className="legend">
        {series.map((ser) => (
          <li key={ser.name}>
            <span style={{ background: ser.color }} aria-hidden="true" /> {ser.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
