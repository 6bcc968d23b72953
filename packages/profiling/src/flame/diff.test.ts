import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/decode.js';
import { computeTop } from '../pprof/top.js';
import { buildDiffFlameGraph, diffColor, diffHoverText, diffTop } from './diff.js';
import { frameName } from './model.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));
const base = decodeProfile(fixture('diff-base.pb.gz'));
const next = decodeProfile(fixture('diff-new.pb.gz'));

function find(m: ReturnType<typeof buildDiffFlameGraph>, name: string): number[] {
  return [...Array(m.count).keys()].filter((i) => frameName(m, i) === name);
}

describe('buildDiffFlameGraph', () => {
  const m = buildDiffFlameGraph(base, next);

  it('normalises each side by its total', () => {
    expect(m.baseTotal[0]).toBeCloseTo(1, 9);
    expect(m.newTotal[0]).toBeCloseTo(1, 9);
    expect(m.baseSum).toBe(computeTop(base).total);
    expect(m.newSum).toBe(computeTop(next).total);
    expect(m.totalValue).toBeCloseTo(1, 9);
  });

  it('keeps frames present on one side only, coloured as pure growth or shrinkage', () => {
    const large = find(m, 'example.com/pprofwork.BenchmarkAllocLarge');
    const small = find(m, 'example.com/pprofwork.BenchmarkAllocSmall');
    expect(large.length).toBe(1);
    expect(small.length).toBe(1);
    expect(m.baseTotal[large[0]!]).toBe(0);
    expect(m.change[large[0]!]).toBe(1);
    expect(m.newTotal[small[0]!]).toBe(0);
    expect(m.change[small[0]!]).toBe(-1);
    // Width is the mean of the two shares, so a one-sided frame shows at half its share.
    expect(m.width[large[0]!]).toBeCloseTo(m.newTotal[large[0]!]! / 2, 12);
    expect(diffHoverText(m, large[0]!)).toMatch(/only in new/);
    expect(diffHoverText(m, small[0]!)).toMatch(/only in base/);
  });

  it('matches each side\'s own tree share for shared frames', () => {
    const cpu = find(m, 'example.com/pprofwork.BenchmarkCPU')[0]!;
    const share = (p: typeof base): number => {
      const t = computeTop(p, { nodeFraction: 0 });
      return t.rows.find((r) => r.name === 'example.com/pprofwork.BenchmarkCPU')!.cum / t.total;
    };
    expect(m.baseTotal[cpu]).toBeCloseTo(share(base), 9);
    expect(m.newTotal[cpu]).toBeCloseTo(share(next), 9);
    const a = m.newTotal[cpu]!;
    const b = m.baseTotal[cpu]!;
    expect(m.change[cpu]).toBeCloseTo((a - b) / Math.max(a, b), 12);
    expect(diffHoverText(m, cpu)).toMatch(/base [\d.]+% -> new [\d.]+%, [+-][\d.]+ pp/);
  });

  it('children stay inside their parent', () => {
    for (let i = 1; i < m.count; i++) {
      const p = m.parent[i]!;
      expect(m.start[i]! + m.width[i]!).toBeLessThanOrEqual(m.start[p]! + m.width[p]! + 1e-9);
    }
  });

  it('colours red for growth, blue for shrinkage, scaled by size', () => {
    expect(diffColor(1)).toBe('rgb(255,0,0)');
    expect(diffColor(-1)).toBe('rgb(0,0,255)');
    expect(diffColor(0)).toBe('rgb(225,225,225)');
    expect(diffColor(0.5)).toBe('rgb(255,113,113)');
    expect(diffColor(-0.2)).toBe('rgb(180,180,255)');
    expect(diffColor(Number.NaN)).toBe('rgb(225,225,225)');
  });

  it('lists the functions whose share changed most', () => {
    const d = diffTop(base, next, { limit: 5 });
    expect(d.rows).toHaveLength(5);
    const names = d.rows.map((r) => r.name);
    expect(names.some((n) => /AllocLarge|memclr|mallocgcLarge/.test(n))).toBe(true);
    for (let i = 1; i < d.rows.length; i++) expect(Math.abs(d.rows[i - 1]!.flatDelta)).toBeGreaterThanOrEqual(Math.abs(d.rows[i]!.flatDelta));
    const all = diffTop(base, next);
    expect(all.rows.reduce((a, r) => a + r.newFlat, 0)).toBeCloseTo(1, 9);
    expect(all.rows.reduce((a, r) => a + r.baseFlat, 0)).toBeCloseTo(1, 9);
  });

  it('rejects a sample type missing on one side', () => {
    const heap = decodeProfile(fixture('runtime-heap.pb.gz'));
    expect(() => buildDiffFlameGraph(heap, next)).toThrow(/no sample type "cpu"/);
  });
});
