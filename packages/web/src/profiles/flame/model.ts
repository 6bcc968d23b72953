/**
 * Flame graph view model: a call tree flattened into typed arrays, laid out
 * once, so drawing and hit-testing 100,000 frames per animation frame costs
 * array reads, not object walks.
 *
 * Input is weighted stacks (root first) with function names; the Profile
 * adapter (profiles/fromProfile.ts) produces them from a decoded pprof.
 * A diff graph carries a second weight per node (the baseline's), so the same
 * layout and renderer draw both.
 */

export interface WeightedStack {
  /** Function names, root first. */
  stack: readonly string[];
  value: number;
}

export interface FlameGraph {
  /** Node count; node 0 is the synthetic root ("all"). */
  size: number;
  names: string[];
  /** Per node: index into `names`. */
  nameId: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  /** Inclusive weight (sum of the node's stacks). */
  total: Float64Array;
  /** Layout width in weight units: `total`, or for diff graphs max(total, baseTotal). */
  width: Float64Array;
  /** Exclusive weight. */
  self: Float64Array;
  /** Left edge in weight units from the root's left edge (children laid out in name order, as pprof does). */
  start: Float64Array;
  /** Baseline inclusive weight for diff graphs; absent for a plain graph. */
  baseTotal: Float64Array | null;
  maxDepth: number;
  /** Node ids grouped by depth, each group sorted by `start` (for binary-search hit testing). */
  byDepth: Int32Array[];
}

interface BuildNode {
  name: number;
  total: number;
  self: number;
  base: number;
  children: Map<number, BuildNode>;
}

export function buildFlameGraph(stacks: Iterable<WeightedStack>, baseline?: Iterable<WeightedStack>, rootName = 'all'): FlameGraph {
  const names: string[] = [rootName];
  const nameIndex = new Map<string, number>([[rootName, 0]]);
  const intern = (s: string) => {
    let id = nameIndex.get(s);
    if (id === undefined) {
      id = names.length;
      names.push(s);
      nameIndex.set(s, id);
    }
    return id;
  };
  const root: BuildNode = { name: 0, total: 0, self: 0, base: 0, children: new Map() };
  const add = (ws: WeightedStack, field: 'total' | 'base') => {
    if (!(ws.value > 0) || !Number.isFinite(ws.value)) return;
    let node = root;
    node[field] += ws.value;
    for (const fn of ws.stack) {
      const id = intern(fn);
      let child = node.children.get(id);
      if (!child) {
        child = { name: id, total: 0, self: 0, base: 0, children: new Map() };
        node.children.set(id, child);
      }
      child[field] += ws.value;
      node = child;
    }
    if (field === 'total') node.self += ws.value;
  };
  for (const s of stacks) add(s, 'total');
  const isDiff = baseline !== undefined;
  if (baseline) for (const s of baseline) add(s, 'base');

  // Diff graphs keep nodes that only exist in the baseline (width 0 in the
  // new profile would hide them, so their width is the baseline's).
  const width = (n: BuildNode) => (isDiff ? Math.max(n.total, n.base) : n.total);

  // Count, then fill typed arrays in pre-order.
  let size = 0;
  const countStack: BuildNode[] = [root];
  while (countStack.length) {
    const n = countStack.pop()!;
    size++;
    for (const c of n.children.values()) countStack.push(c);
  }
  const g: FlameGraph = {
    size,
    names,
    nameId: new Int32Array(size),
    parent: new Int32Array(size),
    depth: new Int32Array(size),
    total: new Float64Array(size),
    width: new Float64Array(size),
    self: new Float64Array(size),
    start: new Float64Array(size),
    baseTotal: isDiff ? new Float64Array(size) : null,
    maxDepth: 0,
    byDepth: [],
  };
  let next = 0;
  const work: { node: BuildNode; parent: number; depth: number; start: number }[] = [{ node: root, parent: -1, depth: 0, start: 0 }];
  const depthCounts: number[] = [];
  while (work.length) {
    const { node, parent, depth, start } = work.pop()!;
    const id = next++;
    g.nameId[id] = node.name;
    g.parent[id] = parent;
    g.depth[id] = depth;
    g.total[id] = node.total;
    g.width[id] = width(node);
    g.self[id] = node.self;
    g.start[id] = start;
    if (g.baseTotal) g.baseTotal[id] = node.base;
    if (depth > g.maxDepth) g.maxDepth = depth;
    depthCounts[depth] = (depthCounts[depth] ?? 0) + 1;
    const kids = [...node.children.values()].sort((a, b) => (names[a.name]! < names[b.name]! ? -1 : names[a.name]! > names[b.name]! ? 1 : 0));
    let x = start;
    const placed = kids.map((k) => {
      const item = { node: k, parent: id, depth: depth + 1, start: x };
      x += width(k);
      return item;
    });
    // Reverse so the leftmost child is popped (and numbered) first.
    for (let i = placed.length - 1; i >= 0; i--) work.push(placed[i]!);
  }
  const fill = depthCounts.map(() => 0);
  g.byDepth = depthCounts.map((c) => new Int32Array(c));
  // Pre-order visits each depth left to right, so groups come out sorted by start.
  for (let id = 0; id < size; id++) {
    const d = g.depth[id]!;
    g.byDepth[d]![fill[d]!++] = id;
  }
  return g;
}

/** The node at depth `depth` covering weight offset `x`, or -1. */
export function nodeAt(g: FlameGraph, depth: number, x: number): number {
  const row = g.byDepth[depth];
  if (!row || row.length === 0) return -1;
  let lo = 0;
  let hi = row.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = row[mid]!;
    if (g.start[id]! > x) hi = mid - 1;
    else if (g.start[id]! + g.width[id]! <= x) lo = mid + 1;
    else return id;
  }
  return -1;
}

/** Ids of nodes whose name matches; a pattern that is not a valid RegExp is matched as plain text. */
export function searchNodes(g: FlameGraph, pattern: string): { matches: Uint8Array; matchedWeight: number } {
  const matches = new Uint8Array(g.size);
  if (!pattern) return { matches, matchedWeight: 0 };
  let test: (s: string) => boolean;
  try {
    const re = new RegExp(pattern, 'i');
    test = (s) => re.test(s);
  } catch {
    const lower = pattern.toLowerCase();
    test = (s) => s.toLowerCase().includes(lower);
  }
  const nameHit = g.names.map((n) => test(n));
  let matchedWeight = 0;
  for (let id = 1; id < g.size; id++) {
    if (!nameHit[g.nameId[id]!]) continue;
    matches[id] = 1;
    // Count each matched stack once: only the outermost matching frame adds its weight.
    let p = g.parent[id]!;
    let covered = false;
    while (p > 0) {
      if (matches[p]) {
        covered = true;
        break;
      }
      p = g.parent[p]!;
    }
    if (!covered) matchedWeight += g.total[id]!;
  }
  return { matches, matchedWeight };
}

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
}

/** pprof's `top`: flat (self) and cumulative weight per function; recursion counts a function once per stack. */
export function topTable(stacks: Iterable<WeightedStack>): TopRow[] {
  const rows = new Map<string, TopRow>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { name, flat: 0, cum: 0 }));
    return r;
  };
  for (const s of stacks) {
    if (!(s.value > 0) || s.stack.length === 0) continue;
    row(s.stack[s.stack.length - 1]!).flat += s.value;
    for (const name of new Set(s.stack)) row(name).cum += s.value;
  }
  return [...rows.values()].sort((a, b) => b.flat - a.flat || b.cum - a.cum || (a.name < b.name ? -1 : 1));
}
