/**
 * The call tree: every distinct root-to-leaf path of function names, with
 * the total (cumulative) and self value of each node. Frames are merged by
 * function name at each level, as pprof's flame graph does, so two call
 * sites of the same function under one caller are one node.
 *
 * The tree is stored in depth-first pre-order with children sorted by name,
 * which is exactly the order a flame graph lays frames out in, so the flame
 * graph reads this tree directly (no second structure). It is built as a
 * trie whose child lists are kept in name order (one step per frame of every
 * sample), then written out by one stackless traversal. We first sorted the
 * samples' paths flamegraph.pl-style instead: fine for stacks that diverge
 * early, but realistic stacks share long prefixes, which made every
 * comparison long and the build 3-5x slower; a trie re-ordered with counting
 * sorts afterwards lost its gain to cache misses.
 *
 * Several value channels let the diff flame graph merge two profiles into
 * one tree (channel 0 = base, 1 = new).
 */
import { sampleTypeIndex } from './decode.js';
import { filterSamples, type SampleFilter } from './filter.js';
import type { Profile, Sample, ValueType } from './model.js';
import { pprofOutputUnit, pprofPercentage, pprofScaledLabel } from './units.js';

export interface CallTree {
  /** Nodes including the root (node 0), in depth-first pre-order, children by name. */
  count: number;
  /** Function names; `nameId` indexes it (root: -1). */
  names: string[];
  nameId: Int32Array;
  /** Root 0, its children 1, ... */
  depth: Int32Array;
  maxDepth: number;
  /** Parent node; -1 for the root. */
  parent: Int32Array;
  /** One past the node's last descendant: its subtree is [i, subtreeEnd[i]). */
  subtreeEnd: Int32Array;
  channels: number;
  /** Per channel: value of the samples through the node / ending at the node. */
  total: Float64Array[];
  self: Float64Array[];
  /** A frame id seen at the node (in the profile of channel `frameOwner`), for file:line; -1 for the root. */
  frameId: Int32Array;
  frameOwner: Uint8Array;
}

/** One channel's input: the samples of a profile and which value to take. */
export interface StackSource {
  profile: Profile;
  samples: readonly Sample[];
  valueIndex: number;
  /** Multiplies every value (the diff normalises each side by its total). */
  scale?: number;
}

/**
 * The trie's working arrays, kept between builds. The web app rebuilds the
 * model on every sample-type switch, focus and ignore, and a profile with
 * 100k distinct stacks needs ~70 MB of them: allocating that afresh each time
 * (zero-filled, outside the JS heap) made V8 run full collections over the
 * decoded profile, a third of the build's time. Every slot a build reads is
 * written first by that build, so reuse needs no clearing. Sizes above
 * SCRATCH_KEEP_NODES are not kept, so one huge profile does not pin its
 * memory for the rest of a browser session.
 */
interface TrieScratch {
  cap: number;
  rec: Int32Array;
  tFrame: Int32Array;
  tOwner: Uint8Array;
  tSelf: Float64Array[];
}
const SCRATCH_KEEP_NODES = 4_000_000;
let kept: TrieScratch | undefined;

function trieScratch(cap: number, channels: number): TrieScratch {
  if (kept && kept.cap >= cap) {
    while (kept.tSelf.length < channels) kept.tSelf.push(new Float64Array(kept.cap));
    return kept;
  }
  const c = Math.max(cap, Math.min(SCRATCH_KEEP_NODES, Math.ceil(cap * 1.25)));
  const s: TrieScratch = {
    cap: c,
    rec: new Int32Array(c * 4),
    tFrame: new Int32Array(c),
    tOwner: new Uint8Array(c),
    tSelf: Array.from({ length: channels }, () => new Float64Array(c)),
  };
  kept = c <= SCRATCH_KEEP_NODES ? s : undefined;
  return s;
}

/** Children beyond this count get a hash index instead of a scanned list. */
const BIG_FANOUT = 32;

export function buildTreeFromStacks(sources: readonly StackSource[]): CallTree {
  // One name table for all channels, ranked alphabetically.
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const frameNames = sources.map(({ profile }) => {
    const byNameId = profile.names.map((n) => {
      let id = nameIndex.get(n);
      if (id === undefined) {
        id = names.length;
        names.push(n);
        nameIndex.set(n, id);
      }
      return id;
    });
    const out = new Int32Array(profile.frames.length);
    for (const f of profile.frames) out[f.id] = byNameId[f.nameId]!;
    return out;
  });
  const nNames = names.length;
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const rank = new Int32Array(nNames);
  order.forEach((id, r) => (rank[id] = r));

  // 1. A trie keyed by name rank. Each node's children are a linked list kept
  //    sorted by rank, so lookups stop early and the traversal below visits
  //    children in name order without sorting anything. A node that grows
  //    many children gets a Map for lookups; its new children are linked
  //    unsorted and its list is sorted once at the end.
  let cap = 1;
  let longest = 0;
  for (const src of sources) {
    for (const s of src.samples) {
      if (s.values[src.valueIndex] === 0) continue;
      cap += s.stack.length;
      if (s.stack.length > longest) longest = s.stack.length;
    }
  }
  // The fields a lookup touches sit together (key, first child, next
  // sibling, child count: one cache line per node visit); the rest apart.
  const channels = sources.length;
  const { rec, tFrame, tOwner, tSelf } = trieScratch(cap, channels);
  const KEY = 0;
  const FIRST = 1;
  const NEXT = 2;
  const KIDS = 3;
  const bigIndex = new Map<number, Map<number, number>>();
  rec[KEY] = -1;
  rec[FIRST] = -1;
  rec[NEXT] = -1;
  rec[KIDS] = 0;
  tFrame[0] = -1;
  tOwner[0] = 0;
  for (let ch = 0; ch < channels; ch++) tSelf[ch]![0] = 0;
  let n = 1;
  for (let ch = 0; ch < channels; ch++) {
    const src = sources[ch]!;
    const fn = frameNames[ch]!;
    const keyOf = new Int32Array(fn.length);
    for (let f = 0; f < fn.length; f++) keyOf[f] = rank[fn[f]!]!;
    const scale = src.scale ?? 1;
    const vi = src.valueIndex;
    const self = tSelf[ch]!;
    const samples = src.samples;
    for (let si = 0; si < samples.length; si++) {
      const sample = samples[si]!;
      const v = sample.values[vi]!;
      if (v === 0) continue;
      const st = sample.stack;
      let node = 0;
      for (let i = st.length - 1; i >= 0; i--) {
        const frame = st[i]!;
        const key = keyOf[frame]!;
        const nb = node << 2;
        let c: number;
        if (rec[nb + KIDS]! <= BIG_FANOUT) {
          let prev = -1;
          c = rec[nb + FIRST]!;
          while (c !== -1 && rec[(c << 2) + KEY]! < key) {
            prev = c;
            c = rec[(c << 2) + NEXT]!;
          }
          if (c === -1 || rec[(c << 2) + KEY] !== key) {
            const nc = n++;
            const cb = nc << 2;
            rec[cb + KEY] = key;
            rec[cb + FIRST] = -1;
            rec[cb + NEXT] = c;
            rec[cb + KIDS] = 0;
            tFrame[nc] = frame;
            tOwner[nc] = ch;
            for (let k = 0; k < channels; k++) tSelf[k]![nc] = 0;
            if (prev === -1) rec[nb + FIRST] = nc;
            else rec[(prev << 2) + NEXT] = nc;
            if (++rec[nb + KIDS]! > BIG_FANOUT) {
              const m = new Map<number, number>();
              for (let k = rec[nb + FIRST]!; k !== -1; k = rec[(k << 2) + NEXT]!) m.set(rec[(k << 2) + KEY]!, k);
              bigIndex.set(node, m);
            }
            c = nc;
          }
        } else {
          const m = bigIndex.get(node)!;
          c = m.get(key) ?? -1;
          if (c === -1) {
            c = n++;
            const cb = c << 2;
            rec[cb + KEY] = key;
            rec[cb + FIRST] = -1;
            rec[cb + NEXT] = rec[nb + FIRST]!;
            rec[nb + FIRST] = c;
            rec[cb + KIDS] = 0;
            rec[nb + KIDS]!++;
            tFrame[c] = frame;
            tOwner[c] = ch;
            for (let k = 0; k < channels; k++) tSelf[k]![c] = 0;
            m.set(key, c);
          }
        }
        node = c;
      }
      self[node]! += v * scale;
    }
  }
  for (const node of bigIndex.keys()) {
    const list: number[] = [];
    for (let k = rec[(node << 2) + FIRST]!; k !== -1; k = rec[(k << 2) + NEXT]!) list.push(k);
    list.sort((x, y) => rec[(x << 2) + KEY]! - rec[(y << 2) + KEY]!);
    rec[(node << 2) + FIRST] = list[0]!;
    for (let j = 0; j < list.length; j++) rec[(list[j]! << 2) + NEXT] = j + 1 < list.length ? list[j + 1]! : -1;
  }

  // 2. Write the tree in depth-first pre-order, walking the sorted child
  //    lists: down to the first child, else across to the next sibling,
  //    else up (closing the subtrees left behind). The path from the root is
  //    kept in two small arrays indexed by depth (pre-order index and trie
  //    node), so the walk needs no parent links: reading them cost two
  //    random memory accesses per node, a third of the walk on wide trees.
  const nameId = new Int32Array(n);
  const depth = new Int32Array(n);
  const parent = new Int32Array(n);
  const subtreeEnd = new Int32Array(n);
  const frameId = new Int32Array(n);
  const frameOwner = new Uint8Array(n);
  const total = Array.from({ length: channels }, () => new Float64Array(n));
  const self = Array.from({ length: channels }, () => new Float64Array(n));
  const pathIndex = new Int32Array(longest + 1);
  const pathNode = new Int32Array(longest + 1);
  let maxDepth = 0;
  let next = 0;
  let t = 0;
  let d = 0;
  walk: for (;;) {
    const i = next++;
    pathIndex[d] = i;
    pathNode[d] = t;
    if (d === 0) {
      nameId[0] = -1;
      parent[0] = -1;
    } else {
      nameId[i] = order[rec[(t << 2) + KEY]!]!;
      parent[i] = pathIndex[d - 1]!;
      depth[i] = d;
      if (d > maxDepth) maxDepth = d;
    }
    frameId[i] = tFrame[t]!;
    frameOwner[i] = tOwner[t]!;
    for (let ch = 0; ch < channels; ch++) self[ch]![i] = tSelf[ch]![t]!;
    const first = rec[(t << 2) + FIRST]!;
    if (first !== -1) {
      t = first;
      d++;
      continue;
    }
    for (;;) {
      subtreeEnd[pathIndex[d]!] = next;
      if (d === 0) break walk;
      const sibling = rec[(t << 2) + NEXT]!;
      if (sibling !== -1) {
        t = sibling;
        break;
      }
      t = pathNode[--d]!;
    }
  }
  for (let ch = 0; ch < channels; ch++) {
    const tt = total[ch]!;
    tt.set(self[ch]!);
    for (let i = n - 1; i > 0; i--) tt[parent[i]!]! += tt[i]!;
  }
  return { count: n, names, nameId, depth, maxDepth, parent, subtreeEnd, channels, total, self, frameId, frameOwner };
}

export interface TreeOptions extends SampleFilter {
  sampleType?: string | undefined;
}

export interface ProfileTree {
  tree: CallTree;
  sampleType: ValueType;
}

export function buildCallTree(profile: Profile, options: TreeOptions = {}): ProfileTree {
  const valueIndex = sampleTypeIndex(profile, options.sampleType);
  const samples = filterSamples(profile, options);
  return { tree: buildTreeFromStacks([{ profile, samples, valueIndex }]), sampleType: profile.sampleTypes[valueIndex]! };
}

/** Children of a node, in name order. */
export function children(tree: CallTree, node: number): number[] {
  const out: number[] = [];
  const end = tree.subtreeEnd[node]!;
  for (let c = node + 1; c < end; c = tree.subtreeEnd[c]!) out.push(c);
  return out;
}

export function nodeName(tree: { names: string[]; nameId: Int32Array }, node: number): string {
  return node === 0 ? 'root' : (tree.names[tree.nameId[node]!] ?? '');
}

export interface FormatTreeOptions {
  /** Hide subtrees below this fraction of the root total (default 0.01). */
  minFraction?: number | undefined;
  maxDepth?: number | undefined;
}

/** An indented text call tree (caller above callee, heaviest first) with total and self. */
export function formatTree({ tree, sampleType }: ProfileTree, options: FormatTreeOptions = {}): string {
  const total = tree.total[0]!;
  const self = tree.self[0]!;
  const rootTotal = total[0]!;
  const minValue = Math.abs(rootTotal) * (options.minFraction ?? 0.01);
  const maxDepth = options.maxDepth ?? Infinity;
  const shown: number[] = [];
  const walk = (node: number): void => {
    for (const c of children(tree, node).sort((a, b) => Math.abs(total[b]!) - Math.abs(total[a]!))) {
      if (Math.abs(total[c]!) < minValue || Math.abs(total[c]!) === 0 || tree.depth[c]! > maxDepth) continue;
      shown.push(c);
      walk(c);
    }
  };
  walk(0);
  const unit = pprofOutputUnit(
    shown.map((c) => ({ flat: self[c]!, cum: total[c]! })),
    rootTotal,
    sampleType.unit,
  );
  const fmt = (v: number): string => pprofScaledLabel(v, sampleType.unit, unit);
  const lines = [`Type: ${sampleType.type}, total ${fmt(rootTotal)}`, `${'total'.padStart(10)} ${'total%'.padStart(6)} ${'self'.padStart(10)}  function`];
  for (const c of shown) {
    lines.push(`${fmt(total[c]!).padStart(10)} ${pprofPercentage(total[c]!, rootTotal)} ${fmt(self[c]!).padStart(10)}  ${'  '.repeat(tree.depth[c]! - 1)}${nodeName(tree, c)}`);
  }
  return lines.join('\n') + '\n';
}
