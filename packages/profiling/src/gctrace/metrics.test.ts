import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, parseMetricsSnapshot } from './index.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/gctrace');

describe('runtime/metrics snapshot (captured from go1.26 metrics.Read)', () => {
  const snap = parseMetricsSnapshot(readFileSync(join(testdata, 'metrics.json'), 'utf8'));

  it('reads scalar metrics', () => {
    expect(snap['/gc/cycles/total:gc-cycles']).toEqual({ kind: 'uint64', value: 169 });
    expect(snap['/gc/cycles/forced:gc-cycles']).toEqual({ kind: 'uint64', value: 1 });
  });

  it('turns the GC pause histogram into percentiles', () => {
    const pauses = snap['/sched/pauses/total/gc:seconds'];
    expect(pauses?.kind).toBe('histogram');
    if (pauses?.kind !== 'histogram') return;
    // Two stop-the-world pauses per cycle.
    expect(pauses.summary.count).toBe(2 * 169);
    expect(pauses.histogram.buckets[0]).toBe(-Infinity);
    expect(pauses.summary.p50).toBeGreaterThan(0);
    expect(pauses.summary.p50).toBeLessThanOrEqual(pauses.summary.p90);
    expect(pauses.summary.p90).toBeLessThanOrEqual(pauses.summary.p99);
    expect(pauses.summary.p99).toBeLessThanOrEqual(pauses.summary.max);
  });

  it('interpolates within buckets and handles open ends', () => {
    const h = { counts: [0, 2, 2, 1], buckets: [-Infinity, 0, 1, 2, Infinity] };
    expect(histogramQuantile(h, 0.2)).toBeCloseTo(0.5);
    expect(histogramQuantile(h, 0.6)).toBeCloseTo(1.5);
    expect(histogramQuantile(h, 1)).toBe(2);
    expect(histogramQuantile({ counts: [0], buckets: [0, 1] }, 0.5)).toBeNaN();
  });

  it('accepts a plain {name: value} object and rejects non-JSON', () => {
    expect(parseMetricsSnapshot('{"/memory/classes/total:bytes": 1234}')).toEqual({ '/memory/classes/total:bytes': { kind: 'float64', value: 1234 } });
    expect(() => parseMetricsSnapshot('gc 1 @0.1s')).toThrow(SyntaxError);
  });
});
