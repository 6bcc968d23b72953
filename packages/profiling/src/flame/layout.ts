/**
 * Flame graph geometry over a call tree. The tree is already in depth-first
 * pre-order with children by name (see pprof/tree.ts), which gives the
 * properties the renderer and hit test rely on:
 *   - a frame's descendants are exactly the indices (i, subtreeEnd[i]);
 *   - frames of one depth, in index order, are sorted by x, so a row is a
 *     sorted array for binary search (rowNodes[rowStart[d] .. rowStart[d+1]]).
 * Frame indices are call-tree node indices.
 *
 * We write our own rather than use a flame graph library: the available ones
 * (d3-flame-graph, speedscope) are tied to the DOM or to their own profile
 * model, and neither builds a diff of two pprof trees.
 */
import type { CallTree } from '../pprof/tree.js';

export interface FlameLayout {
  count: number;
  names: string[];
  nameId: Int32Array;
  depth: Int32Array;
  maxDepth: number;
  parent: Int32Array;
  subtreeEnd: Int32Array;
  /** x offset and width in value units (divide by `totalValue` for fractions). */
  start: Float64Array;
  width: Float64Array;
  self: Float64Array;
  /** Frames of depth d are rowNodes[rowStart[d] .. rowStart[d + 1]), sorted by x. */
  rowStart: Int32Array;
  rowNodes: Int32Array;
  totalValue: number;
}

/** Lays frames out with the given width per node (the tree's totals, or a blend of two channels for a diff). */
export function layoutTree(tree: CallTree, width: Float64Array, self: Float64Array): FlameLayout {
  const { count, depth, maxDepth } = tree;
  const start = new Float64Array(count);
  // cursor[d]: where the next frame of depth d starts. Pre-order visits a
  // parent just before its children, so a parent resets its children's cursor.
  const cursor = new Float64Array(maxDepth + 2);
  for (let i = 0; i < count; i++) {
    const d = depth[i]!;
    const x = cursor[d]!;
    start[i] = x;
    cursor[d] = x + Math.abs(width[i]!);
    cursor[d + 1] = x;
  }
  // Rows: counting sort by depth keeps index order, hence x order, per row.
  const rowStart = new Int32Array(maxDepth + 2);
  for (let i = 0; i < count; i++) rowStart[depth[i]! + 1]!++;
  for (let d = 0; d <= maxDepth; d++) rowStart[d + 1]! += rowStart[d]!;
  const fill = rowStart.slice(0, maxDepth + 1);
  const rowNodes = new Int32Array(count);
  for (let i = 0; i < count; i++) rowNodes[fill[depth[i]!]!++] = i;
  return {
    count,
    names: tree.names,
    nameId: tree.nameId,
    depth,
    maxDepth,
    parent: tree.parent,
    subtreeEnd: tree.subtreeEnd,
    start,
    width,
    self,
    rowStart,
    rowNodes,
    totalValue: Math.abs(width[0] ?? 0),
  };
}
