/**
 * runtime/metrics snapshots: the JSON a Go program prints from
 * metrics.Read (an array of `{name, kind, uint64|float64|histogram}` as in
 * testdata/gctrace/prog, or a plain `{name: value}` object), with
 * histograms such as `/sched/pauses/total/gc:seconds` reduced to percentiles.
 */

export interface MetricHistogram {
  counts: number[];
  /** Bucket boundaries, length counts.length + 1; may start at -Infinity and end at +Infinity. */
  buckets: number[];
}

export interface HistogramSummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  /** Upper bound of the highest non-empty bucket (finite edge if it is open-ended). */
  max: number;
}

export type MetricValue = { kind: 'uint64' | 'float64'; value: number } | { kind: 'histogram'; histogram: MetricHistogram; summary: HistogramSummary };

export type MetricsSnapshot = Record<string, MetricValue>;

// Go programs writing JSON cannot encode infinities; ±MaxFloat64 stands in for them.
const MAX_FLOAT = 1.7976931348623157e308;
const unJson = (x: number) => (x >= MAX_FLOAT ? Infinity : x <= -MAX_FLOAT ? -Infinity : x);

/**
 * The q-quantile of a bucketed distribution, interpolating linearly inside the
 * bucket that holds it. Open-ended buckets collapse to their finite edge, since
 * nothing is known about where in them the values lie.
 */
export function histogramQuantile(h: MetricHistogram, q: number): number {
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return NaN;
  const target = q * total;
  let cum = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    if (c === 0) continue;
    if (cum + c >= target) {
      let lo = h.buckets[i]!;
      let hi = h.buckets[i + 1]!;
      if (!Number.isFinite(lo)) lo = hi;
      if (!Number.isFinite(hi)) hi = lo;
      const frac = Math.min(1, Math.max(0, (target - cum) / c));
      return lo + (hi - lo) * frac;
    }
    cum += c;
  }
  return NaN;
}

export function summarizeHistogram(h: MetricHistogram): HistogramSummary {
  const count = h.counts.reduce((s, c) => s + c, 0);
  let max = NaN;
  for (let i = h.counts.length - 1; i >= 0; i--) {
    if (h.counts[i]! > 0) {
      const hi = h.buckets[i + 1]!;
      max = Number.isFinite(hi) ? hi : h.buckets[i]!;
      break;
    }
  }
  return { count, p50: histogramQuantile(h, 0.5), p90: histogramQuantile(h, 0.9), p99: histogramQuantile(h, 0.99), max };
}

function isHistogram(v: unknown): v is { counts: number[]; buckets: number[] } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.counts) && Array.isArray(o.buckets) && o.buckets.length === o.counts.length + 1 && o.counts.every((c) => typeof c === 'number') && o.buckets.every((b) => typeof b === 'number');
}

function toValue(kind: string | undefined, v: unknown): MetricValue | undefined {
  if (typeof v === 'number') return { kind: kind === 'uint64' ? 'uint64' : 'float64', value: v };
  if (isHistogram(v)) {
    const histogram = { counts: v.counts, buckets: v.buckets.map(unJson) };
    return { kind: 'histogram', histogram, summary: summarizeHistogram(histogram) };
  }
  return undefined;
}

/** Parses a runtime/metrics dump; throws SyntaxError for text that is not JSON. */
export function parseMetricsSnapshot(text: string): MetricsSnapshot {
  const data: unknown = JSON.parse(text);
  const out: MetricsSnapshot = {};
  if (Array.isArray(data)) {
    for (const item of data) {
      if (typeof item !== 'object' || item === null) continue;
      const o = item as Record<string, unknown>;
      if (typeof o.name !== 'string') continue;
      const raw = o.histogram ?? o.uint64 ?? o.float64 ?? o.value;
      const v = toValue(typeof o.kind === 'string' ? o.kind : undefined, raw);
      if (v) out[o.name] = v;
    }
  } else if (typeof data === 'object' && data !== null) {
    for (const [name, raw] of Object.entries(data)) {
      const v = toValue(undefined, raw);
      if (v) out[name] = v;
    }
  }
  return out;
}
