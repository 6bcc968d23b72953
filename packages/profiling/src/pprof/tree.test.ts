import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from './decode.js';
import { computeTop } from './top.js';
import { buildCallTree, children, formatTree, nodeName } from './tree.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));

describe('buildCallTree', () => {
  for (const file of ['test-cpu.pb.gz', 'runtime-heap.pb.gz', 'test-block.pb.gz']) {
    it(`${file}: totals add up and flat/cum per function match the top table`, () => {
      const p = decodeProfile(fixture(file));
      const { tree } = buildCallTree(p);
      const total = tree.total[0]!;
      const self = tree.self[0]!;
      const top = computeTop(p, { nodeFraction: 0 });
      expect(total[0]).toBe(top.total);
      for (let i = 0; i < tree.count; i++) {
        // total = self + children, children are contiguous in pre-order and named in order.
        const kids = children(tree, i);
        expect(total[i]).toBeCloseTo(self[i]! + kids.reduce((a, c) => a + total[c]!, 0), 6);
        for (const c of kids) expect(tree.parent[c]).toBe(i);
        const names = kids.map((c) => nodeName(tree, c));
        expect(names).toEqual([...names].sort());
        expect(new Set(names).size).toBe(names.length);
      }
      // Per function: flat = sum of self; cum = sum of totals of outermost occurrences.
      for (const row of top.rows.slice(0, 30)) {
        let flat = 0;
        let cum = 0;
        for (let i = 1; i < tree.count; i++) {
          if (nodeName(tree, i) !== row.name) continue;
          flat += self[i]!;
          let nested = false;
          for (let a = tree.parent[i]!; a > 0; a = tree.parent[a]!) if (nodeName(tree, a) === row.name) nested = true;
          if (!nested) cum += total[i]!;
        }
        expect(flat, row.name).toBe(row.flat);
        expect(cum, row.name).toBe(row.cum);
      }
    });
  }

  it('honours sample type and focus', () => {
    const p = decodeProfile(fixture('runtime-heap.pb.gz'));
    const objects = buildCallTree(p, { sampleType: 'alloc_objects' }).tree.total[0]![0]!;
    expect(objects).toBe(p.samples.reduce((a, s) => a + s.values[0]!, 0));
    const focused = buildCallTree(p, { sampleType: 'alloc_space', focus: 'main\\.allocate' }).tree;
    expect(children(focused, 0).length).toBeGreaterThan(0);
    for (let i = 1; i < focused.count; i++) if (focused.self[0]![i]! > 0) {
      const path: string[] = [];
      for (let a = i; a > 0; a = focused.parent[a]!) path.push(nodeName(focused, a));
      expect(path.some((n) => /main\.allocate/.test(n))).toBe(true);
    }
  });

  it('prints an indented tree, heaviest callee first', () => {
    const text = formatTree(buildCallTree(decodeProfile(fixture('runtime-cpu-labels.pb.gz'))));
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^Type: cpu, total \d/);
    expect(text).toMatch(/\n\s+[\d.]+m?s\s+[\d. ]+%\s+[\d.]+m?s?\s+ {2}main\.main\.func1\.1/);
    expect(text).toContain('main.spin');
  });

  it('handles a profile whose samples are all zero', () => {
    const p = decodeProfile(fixture('test-cpu.pb.gz'));
    const zero = { ...p, samples: p.samples.map((s) => ({ ...s, values: s.values.map(() => 0) })) };
    const { tree } = buildCallTree(zero);
    expect(tree.count).toBe(1);
    expect(tree.total[0]![0]).toBe(0);
  });
});
