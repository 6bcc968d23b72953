/**
 * Small SVG charts for the class dashboard: vertical bars and lines. Plain
 * SVG sized by viewBox, coloured by the theme's custom properties, with a
 * <title> on every mark so a pointer or a screen reader gets the number.
 */
const W = 600;

export function BarChart({ data, label, height = 160 }: { data: { label: string; value: number; title: string }[]; label: string; height?: number }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const top = 14;
  const bottom = 22;
  const slot = W / Math.max(1, data.length);
  const h = height - top - bottom;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
      <line x1={0} x2={W} y1={top + h} y2={top + h} className="chart-axis" />
      {data.map((d, i) => {
        const bh = (d.value / max) * h;
        const x = i * slot + slot * 0.18;
        return (
          <g key={d.label}>
            <rect x={x} y={top + h - bh} width={slot * 0.64} height={Math.max(bh, d.value > 0 ? 1 : 0)} className="chart-bar">
              <title>{d.title}</title>
            </rect>
            {d.value > 0 && (
              <text x={x + slot * 0.32} y={top + h - bh - 3} className="chart-value" textAnchor="middle">
                {d.value}
              </text>
            )}
            {(data.length <= 8 || i % 2 === (data.length - 1) % 2) && (
              // Crowded: every other label, always including the last (the current week).
              <text x={x + slot * 0.32} y={height - 6} className="chart-label" textAnchor="middle">
                {d.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Lines over x = 0..n-1 with y in [0, 1]; later series drawn stronger. */
export function LineChart({ series, label, xLabel, height = 180 }: { series: { name: string; values: number[] }[]; label: string; xLabel: (i: number) => string; height?: number }) {
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const left = 34;
  const top = 10;
  const bottom = 22;
  const h = height - top - bottom;
  const x = (i: number) => left + (i / (n - 1)) * (W - left - 10);
  const y = (v: number) => top + (1 - v) * h;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <line x1={left} x2={W - 10} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={left - 4} y={y(v) + 4} className="chart-label" textAnchor="end">
            {Math.round(v * 100)}%
          </text>
        </g>
      ))}
      {Array.from({ length: n }, (_, i) => (
        <text key={i} x={x(i)} y={height - 6} className="chart-label" textAnchor="middle">
          {xLabel(i)}
        </text>
      ))}
      {series.map((s, k) => (
        <polyline key={s.name} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} className="chart-line" style={{ opacity: 0.3 + (0.7 * (k + 1)) / series.length }}>
          <title>{s.name}</title>
        </polyline>
      ))}
    </svg>
  );
}
