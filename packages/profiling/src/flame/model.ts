/**
 * The flame graph model a canvas draws: the layout (flat typed arrays, see
 * layout.ts) plus what the UI needs without recomputing anything per frame:
 * hover text per frame, search, zoom ranges, and the depth that the icicle
 * view reads upside down.
 */
import { buildCallTree, type CallTree, type TreeOptions } from '../pprof/tree.js';
import { compilePattern } from '../pprof/filter.js';
import type { Profile, ValueType } from '../pprof/model.js';
import { pprofScaledLabel } from '../pprof/units.js';
import { layoutTree, type FlameLayout } from './layout.js';

export interface FlameModel extends FlameLayout, FrameLocations {
  kind: 'flame';
  sampleType: ValueType;
  /** Hover texts built so far (see hoverText). */
  hoverCache: Map<number, string>;
}

export type FlameOptions = TreeOptions;

function percent(v: number, total: number): string {
  return total === 0 ? '0%' : `${((100 * v) / total).toFixed(2)}%`;
}

export interface FrameLocations {
  /** Distinct "file:line" strings ('' = unknown). */
  locations: string[];
  /** Per frame: index into `locations`. */
  locationId: Int32Array;
}

/** file:line of each frame, from the call tree's representative frame (strings interned, one int per frame). */
export function frameLocations(tree: CallTree, profiles: readonly Profile[]): FrameLocations {
  const locations = [''];
  const index = new Map<string, number>([['', 0]]);
  const perFrame = profiles.map((p) =>
    Int32Array.from(p.frames, (f) => {
      const s = f.file ? (f.line ? `${f.file}:${f.line}` : f.file) : '';
      let id = index.get(s);
      if (id === undefined) {
        id = locations.length;
        locations.push(s);
        index.set(s, id);
      }
      return id;
    }),
  );
  const locationId = new Int32Array(tree.count);
  const { frameOwner, frameId } = tree;
  for (let i = 1; i < tree.count; i++) locationId[i] = perFrame[frameOwner[i]!]![frameId[i]!]!;
  return { locations, locationId };
}

/** "file:line" of a frame ('' when unknown). */
export function frameLocation(model: FrameLocations, i: number): string {
  return model.locations[model.locationId[i]!] ?? '';
}

export function buildFlameGraph(profile: Profile, options: FlameOptions = {}): FlameModel {
  const { tree, sampleType } = buildCallTree(profile, options);
  return flameFromTree(tree, profile, sampleType);
}

/** The drawable model of a call tree built from `profile`'s frames. */
export function flameFromTree(tree: CallTree, profile: Profile, sampleType: ValueType): FlameModel {
  const layout = layoutTree(tree, tree.total[0]!, tree.self[0]!);
  return { kind: 'flame', ...layout, ...frameLocations(tree, [profile]), sampleType, hoverCache: new Map() };
}

/**
 * Hover text of a frame: name, file:line, total and self with percentages.
 * Everything it needs is already in the model, so this is O(1); the string
 * is built on first hover and cached, because building it for every frame up
 * front costs seconds on graphs with millions of frames.
 */
export function hoverText(model: FlameModel, i: number): string {
  const cached = model.hoverCache.get(i);
  if (cached !== undefined) return cached;
  const total = model.totalValue;
  const unit = model.sampleType.unit;
  const w = model.width[i]!;
  const s = model.self[i]!;
  const location = frameLocation(model, i);
  const loc = location ? `\n${location}` : '';
  const text = `${frameName(model, i)}${loc}\ntotal ${pprofScaledLabel(w, unit, 'auto')} (${percent(w, total)}), self ${pprofScaledLabel(s, unit, 'auto')} (${percent(s, total)})`;
  model.hoverCache.set(i, text);
  return text;
}

/** Name of a frame (the root is "root"). */
export function frameName(model: { names: string[]; nameId: Int32Array }, i: number): string {
  return i === 0 ? 'root' : (model.names[model.nameId[i]!] ?? '');
}

export interface SearchResult {
  /** 1 for each frame whose name or file:line matches. */
  matches: Uint8Array;
  matchCount: number;
  /** Value of the matching frames, counting nested matches once (e.g. recursion). */
  matchedTotal: number;
  /** matchedTotal as a fraction of the whole graph. */
  matchedFraction: number;
}

/** Frames matching a regexp (AppError invalid_regexp on a bad pattern). */
export function searchFlame(model: FlameLayout & FrameLocations, pattern: string | RegExp): SearchResult {
  const re = compilePattern(pattern);
  const byName = new Int8Array(model.names.length);
  model.names.forEach((n, i) => {
    re.lastIndex = 0;
    byName[i] = re.test(n) ? 1 : 0;
  });
  const byLocation = new Int8Array(model.locations.length);
  model.locations.forEach((l, i) => {
    re.lastIndex = 0;
    byLocation[i] = l !== '' && re.test(l) ? 1 : 0;
  });
  const matches = new Uint8Array(model.count);
  let matchCount = 0;
  let matchedTotal = 0;
  let coveredUntil = 0;
  for (let i = 1; i < model.count; i++) {
    if (byName[model.nameId[i]!] !== 1 && byLocation[model.locationId[i]!] !== 1) continue;
    matches[i] = 1;
    matchCount++;
    if (i >= coveredUntil) {
      matchedTotal += Math.abs(model.width[i]!);
      coveredUntil = model.subtreeEnd[i]!;
    }
  }
  return { matches, matchCount, matchedTotal, matchedFraction: model.totalValue ? matchedTotal / model.totalValue : 0 };
}

export interface ZoomRange {
  /** Visible x range as fractions of the whole graph. */
  x0: number;
  x1: number;
  /** The frame zoomed into (0 = whole graph). */
  frame: number;
}

/**
 * Zooming into a frame re-lays its subtree across the full width: the view
 * becomes the frame's x range, so its descendants scale up, its ancestors
 * (which contain the range) span the whole width, and everything else falls
 * outside and is culled by the renderer.
 */
export function zoomTo(model: FlameLayout, frame: number): ZoomRange {
  if (frame <= 0 || frame >= model.count || model.totalValue === 0) return { x0: 0, x1: 1, frame: 0 };
  const x0 = model.start[frame]! / model.totalValue;
  return { x0, x1: x0 + Math.abs(model.width[frame]!) / model.totalValue, frame };
}

/** Layout indices of a frame's ancestors, root first (for breadcrumbs). */
export function ancestors(model: FlameLayout, frame: number): number[] {
  const out: number[] = [];
  for (let p = model.parent[frame] ?? -1; p >= 0; p = model.parent[p]!) out.push(p);
  return out.reverse();
}
