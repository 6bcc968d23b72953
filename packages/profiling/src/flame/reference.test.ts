/**
 * Pins buildFlameGraph (typed-array trie with sorted child lists and a
 * separate index for big fan-outs) to a straightforward reference: an object trie of name paths with
 * children sorted by name, laid out by recursion. Any divergence in node
 * set, order, values or geometry fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/decode.js';
import type { Frame, Profile } from '../pprof/model.js';
import { buildFlameGraph, frameName } from './model.js';

interface RefNode {
  name: string;
  total: number;
  self: number;
  kids: Map<string, RefNode>;
}

interface RefFrame {
  path: string;
  depth: number;
  start: number;
  width: number;
  self: number;
}

function reference(profile: Profile, valueIndex: number): RefFrame[] {
  const root: RefNode = { name: 'root', total: 0, self: 0, kids: new Map() };
  for (const s of profile.samples) {
    const v = s.values[valueIndex]!;
    if (v === 0) continue;
    let node = root;
    node.total += v;
    // Stacks are leaf first: walk them from the end (the root caller).
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const name = profile.frames[s.stack[i]!]!.name;
      let k = node.kids.get(name);
      if (!k) node.kids.set(name, (k = { name, total: 0, self: 0, kids: new Map() }));
      k.total += v;
      node = k;
    }
    node.self += v;
  }
  const out: RefFrame[] = [];
  const visit = (n: RefNode, path: string, depth: number, start: number): void => {
    out.push({ path, depth, start, width: n.total, self: n.self });
    let x = start;
    for (const k of [...n.kids.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      visit(k, `${path};${k.name}`, depth + 1, x);
      x += k.total;
    }
  };
  visit(root, 'root', 0, 0);
  return out;
}

function actual(profile: Profile, sampleType?: string): RefFrame[] {
  const m = buildFlameGraph(profile, { sampleType });
  const paths: string[] = [];
  const out: RefFrame[] = [];
  for (let i = 0; i < m.count; i++) {
    const p = m.parent[i]!;
    paths[i] = p < 0 ? 'root' : `${paths[p]};${frameName(m, i)}`;
    out.push({ path: paths[i]!, depth: m.depth[i]!, start: m.start[i]!, width: m.width[i]!, self: m.self[i]! });
  }
  return out;
}

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));

/** A profile whose root and first level fan out far past the linked-list limit, with shared suffixes. */
function wideProfile(): Profile {
  const names = Array.from({ length: 300 }, (_, i) => `pkg.f${(i * 7919) % 300}`);
  const frames: Frame[] = names.map((name, id) => ({ id, nameId: id, name, systemName: name, file: 'x.go', line: id, column: 0, inlined: false, address: id, locationId: id + 1, mappingFile: '' }));
  const samples: Profile['samples'] = [];
  let seed = 1;
  const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let s = 0; s < 5000; s++) {
    const depth = 1 + rnd(6);
    const stack = new Uint32Array(depth);
    for (let d = 0; d < depth; d++) stack[d] = rnd(d === depth - 1 ? 300 : 120);
    samples.push({ stack, values: [1 + rnd(5), rnd(3)], labels: null, numLabels: null });
  }
  return {
    sampleTypes: [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }],
    defaultSampleType: 'cpu', periodType: null, period: 1, timeNanos: 0, durationNanos: 0, comments: [], dropFrames: '', keepFrames: '',
    mappings: [], frames, names, samples,
  };
}

describe('buildFlameGraph against a reference build', () => {
  it('matches on a real CPU profile', () => {
    const p = decodeProfile(fixture('test-cpu.pb.gz'));
    expect(actual(p)).toEqual(reference(p, p.sampleTypes.length - 1));
  });
  it('matches on a real heap profile, per sample type', () => {
    const p = decodeProfile(fixture('http-heap.pb.gz'));
    for (let vi = 0; vi < p.sampleTypes.length; vi++) expect(actual(p, p.sampleTypes[vi]!.type)).toEqual(reference(p, vi));
  });
  it('matches with wide fan-outs (indexed children, sorted once) and zero-valued samples', () => {
    const p = wideProfile();
    const ref = reference(p, 1);
    expect(ref.length).toBeGreaterThan(2000);
    expect(actual(p, 'cpu')).toEqual(ref);
    expect(actual(p, 'samples')).toEqual(reference(p, 0));
  });
  it('is unaffected by the reused working arrays of earlier, larger builds', () => {
    // Big build first (leaves its nodes in the kept scratch), then smaller
    // and different ones that must not see any of them.
    const wide = wideProfile();
    const cpu = decodeProfile(fixture('test-cpu.pb.gz'));
    const heap = decodeProfile(fixture('http-heap.pb.gz'));
    actual(wide, 'cpu');
    expect(actual(cpu)).toEqual(reference(cpu, cpu.sampleTypes.length - 1));
    actual(wide, 'samples');
    expect(actual(heap, heap.sampleTypes[1]!.type)).toEqual(reference(heap, 1));
    expect(actual(wide, 'cpu')).toEqual(reference(wide, 1));
  });
});
