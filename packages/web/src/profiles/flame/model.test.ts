import { describe, expect, it } from 'vitest';
import { buildFlameGraph, nodeAt, searchNodes, topTable } from './model.js';

const stacks = [
  { stack: ['main', 'a', 'c'], value: 3 },
  { stack: ['main', 'b'], value: 2 },
  { stack: ['main', 'a'], value: 1 },
  { stack: ['main'], value: 4 },
];

function byName(g: ReturnType<typeof buildFlameGraph>, name: string, depth: number) {
  for (let id = 0; id < g.size; id++) if (g.names[g.nameId[id]!] === name && g.depth[id] === depth) return id;
  return -1;
}

describe('buildFlameGraph', () => {
  const g = buildFlameGraph(stacks);
  it('aggregates totals and self weights per call path', () => {
    expect(g.size).toBe(5);
    expect(g.total[0]).toBe(10);
    const main = byName(g, 'main', 1);
    expect(g.total[main]).toBe(10);
    expect(g.self[main]).toBe(4);
    const a = byName(g, 'a', 2);
    expect([g.total[a], g.self[a]]).toEqual([4, 1]);
    expect(g.maxDepth).toBe(3);
  });
  it('lays children out left to right in name order', () => {
    const a = byName(g, 'a', 2);
    const b = byName(g, 'b', 2);
    expect(g.start[a]).toBe(0);
    expect(g.start[b]).toBe(4);
  });
  it('hit-tests by depth and offset', () => {
    expect(g.names[g.nameId[nodeAt(g, 2, 4.5)]!]).toBe('b');
    expect(g.names[g.nameId[nodeAt(g, 3, 1)]!]).toBe('c');
    expect(nodeAt(g, 3, 5)).toBe(-1);
    expect(nodeAt(g, 9, 0)).toBe(-1);
  });
  it('ignores non-positive and non-finite weights', () => {
    const h = buildFlameGraph([{ stack: ['x'], value: -1 }, { stack: ['y'], value: NaN }]);
    expect(h.size).toBe(1);
    expect(h.total[0]).toBe(0);
  });
});

describe('search and top', () => {
  it('highlights matches and counts nested matches once', () => {
    const g = buildFlameGraph([{ stack: ['main', 'f', 'f'], value: 5 }, { stack: ['main', 'g'], value: 5 }]);
    const r = searchNodes(g, '^f$');
    expect(r.matchedWeight).toBe(5);
    expect([...r.matches].filter(Boolean)).toHaveLength(2);
    expect(searchNodes(g, '(').matchedWeight).toBe(0); // invalid regexp: plain text, no crash
  });
  it('computes flat and cum like pprof top', () => {
    const rows = topTable([{ stack: ['main', 'f', 'f'], value: 5 }, { stack: ['main', 'g'], value: 2 }]);
    expect(rows).toEqual([
      { name: 'f', flat: 5, cum: 5 },
      { name: 'g', flat: 2, cum: 2 },
      { name: 'main', flat: 0, cum: 7 },
    ]);
  });
});

describe('diff graphs', () => {
  it('carries the baseline weight and keeps baseline-only paths', () => {
    const g = buildFlameGraph([{ stack: ['main', 'new'], value: 4 }], [{ stack: ['main', 'old'], value: 6 }]);
    const old = byName(g, 'old', 2);
    const neu = byName(g, 'new', 2);
    expect(g.baseTotal![old]).toBe(6);
    expect(g.total[old]).toBe(0);
    expect(g.width[old]).toBe(6);
    expect(g.baseTotal![neu]).toBe(0);
    expect(g.total[neu]).toBe(4);
  });
});
