import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/decode.js';
import { computeTop } from '../pprof/top.js';
import { ancestors, buildFlameGraph, frameName, hoverText, searchFlame, zoomTo } from './model.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));
const profile = decodeProfile(fixture('test-cpu.pb.gz'));

describe('buildFlameGraph', () => {
  const m = buildFlameGraph(profile);

  it('lays children side by side inside their parent, in name order', () => {
    expect(m.totalValue).toBe(computeTop(profile).total);
    expect(m.start[0]).toBe(0);
    expect(m.width[0]).toBe(m.totalValue);
    for (let i = 1; i < m.count; i++) {
      const p = m.parent[i]!;
      expect(m.depth[i]).toBe(m.depth[p]! + 1);
      expect(m.start[i]).toBeGreaterThanOrEqual(m.start[p]! - 1e-6);
      expect(m.start[i]! + m.width[i]!).toBeLessThanOrEqual(m.start[p]! + m.width[p]! + 1e-6);
    }
    // Siblings: contiguous from the parent's left edge, self space on the right.
    for (let i = 0; i < m.count; i++) {
      let x = m.start[i]!;
      let prev = '';
      for (let c = i + 1; c < m.subtreeEnd[i]!; c = m.subtreeEnd[c]!) {
        expect(m.start[c]).toBeCloseTo(x, 6);
        x += m.width[c]!;
        expect(frameName(m, c) > prev).toBe(true);
        prev = frameName(m, c);
      }
      expect(m.start[i]! + m.width[i]! - x).toBeCloseTo(m.self[i]!, 6);
    }
  });

  it('indexes each row sorted by x, covering every frame once', () => {
    const seen = new Uint8Array(m.count);
    for (let d = 0; d <= m.maxDepth; d++) {
      let last = -1;
      for (let k = m.rowStart[d]!; k < m.rowStart[d + 1]!; k++) {
        const f = m.rowNodes[k]!;
        expect(m.depth[f]).toBe(d);
        expect(m.start[f]).toBeGreaterThanOrEqual(last);
        last = m.start[f]! + m.width[f]!;
        seen[f]!++;
      }
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('has hover text with name, file:line and percentages', () => {
    const fib = [...Array(m.count).keys()].find((i) => frameName(m, i) === 'example.com/pprofwork.Fib')!;
    const text = hoverText(m, fib);
    expect(text).toMatch(/^example\.com\/pprofwork\.Fib\n.*work\.go:\d+\ntotal [\d.]+m?s \([\d.]+%\), self [\d.]+m?s? \([\d.]+%\)$/);
    expect(hoverText(m, fib)).toBe(text);
    expect(hoverText(m, 0)).toMatch(/^root\ntotal 1\.35s \(100\.00%\)/);
  });

  it('search highlights matching frames and counts recursion once', () => {
    const r = searchFlame(m, '^example\\.com/pprofwork\\.Fib$');
    const fibCum = computeTop(profile, { nodeFraction: 0 }).rows.find((row) => row.name === 'example.com/pprofwork.Fib')!.cum;
    expect(r.matchCount).toBeGreaterThan(1); // Fib calls itself: nested frames.
    expect(r.matchedTotal).toBe(fibCum);
    expect(r.matchedFraction).toBeCloseTo(fibCum / m.totalValue, 9);
    for (let i = 0; i < m.count; i++) expect(r.matches[i] === 1).toBe(frameName(m, i) === 'example.com/pprofwork.Fib');
    expect(searchFlame(m, 'work\\.go:').matchCount).toBeGreaterThan(0);
    expect(() => searchFlame(m, '(')).toThrow(/not a valid regular expression/);
  });

  it('zooms to a frame range and back', () => {
    const f = m.rowNodes[m.rowStart[3]!]!;
    const z = zoomTo(m, f);
    expect(z.x0).toBeCloseTo(m.start[f]! / m.totalValue, 9);
    expect(z.x1 - z.x0).toBeCloseTo(m.width[f]! / m.totalValue, 9);
    expect(zoomTo(m, 0)).toEqual({ x0: 0, x1: 1, frame: 0 });
    expect(ancestors(m, f).map((a) => m.depth[a])).toEqual([0, 1, 2]);
  });

  it('builds from other sample types and filters', () => {
    const heap = decodeProfile(fixture('runtime-heap.pb.gz'));
    const a = buildFlameGraph(heap, { sampleType: 'alloc_objects', ignore: 'runtime' });
    expect(a.sampleType.type).toBe('alloc_objects');
    for (let i = 1; i < a.count; i++) expect(frameName(a, i)).not.toMatch(/^runtime\./);
  });
});
