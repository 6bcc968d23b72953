/**
 * The diff flame graph: two profiles of the same program (before and after
 * a change) merged into one tree by frame path, something pprof's own UI
 * does not draw.
 *
 * - Each side is normalised by its own total, so a profile that ran twice as
 *   long does not look like a regression everywhere: values are fractions.
 * - A frame's width is the mean of its two fractions. Using the new side's
 *   width would hide frames that disappeared; the mean keeps frames present
 *   on only one side visible (at half their share) and, unlike the max, never
 *   lets children overflow their parent.
 * - Colour shows the relative change of the frame's total,
 *   (new - base) / max(new, base), in [-1, 1]: red for growth, blue for
 *   shrinkage, +1 for frames only in the new profile, -1 for frames gone.
 */
import { sampleTypeIndex } from '../pprof/decode.js';
import { filterSamples, type SampleFilter } from '../pprof/filter.js';
import type { Profile, ValueType } from '../pprof/model.js';
import { computeTop } from '../pprof/top.js';
import { buildTreeFromStacks, type CallTree } from '../pprof/tree.js';
import { layoutTree, type FlameLayout } from './layout.js';
import { frameLocation, frameLocations, frameName, type FrameLocations } from './model.js';

export interface DiffOptions extends SampleFilter {
  /** Sample type (must exist in both profiles); default: the new profile's default. */
  sampleType?: string | undefined;
}

export interface DiffFlameModel extends FlameLayout, FrameLocations {
  kind: 'diff';
  sampleType: ValueType;
  /** Fractions (0..1) of each side's total, per frame. */
  baseTotal: Float64Array;
  newTotal: Float64Array;
  baseSelf: Float64Array;
  newSelf: Float64Array;
  /** Relative change of the frame's total in [-1, 1] (see header). */
  change: Float64Array;
  /** Raw totals of the two profiles, in sample-type units. */
  baseSum: number;
  newSum: number;
  hoverCache: Map<number, string>;
}

function sideTotal(samples: readonly { values: number[] }[], vi: number): number {
  let t = 0;
  for (const s of samples) t += Math.abs(s.values[vi]!);
  return t;
}

export function buildDiffFlameGraph(base: Profile, next: Profile, options: DiffOptions = {}): DiffFlameModel {
  const type = options.sampleType ?? next.defaultSampleType;
  const bi = sampleTypeIndex(base, type);
  const ni = sampleTypeIndex(next, type);
  const baseSamples = filterSamples(base, options);
  const newSamples = filterSamples(next, options);
  const baseSum = sideTotal(baseSamples, bi);
  const newSum = sideTotal(newSamples, ni);
  const tree: CallTree = buildTreeFromStacks([
    { profile: base, samples: baseSamples, valueIndex: bi, scale: baseSum ? 1 / baseSum : 1 },
    { profile: next, samples: newSamples, valueIndex: ni, scale: newSum ? 1 / newSum : 1 },
  ]);
  const n = tree.count;
  const [baseTotal, newTotal] = tree.total as [Float64Array, Float64Array];
  const [baseSelf, newSelf] = tree.self as [Float64Array, Float64Array];
  const width = new Float64Array(n);
  const self = new Float64Array(n);
  const change = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = baseTotal[i]!;
    const a = newTotal[i]!;
    width[i] = (b + a) / 2;
    self[i] = (baseSelf[i]! + newSelf[i]!) / 2;
    const m = Math.max(Math.abs(a), Math.abs(b));
    change[i] = m === 0 ? 0 : (a - b) / m;
  }
  const layout = layoutTree(tree, width, self);
  return {
    kind: 'diff',
    ...layout,
    sampleType: next.sampleTypes[ni]!,
    ...frameLocations(tree, [base, next]),
    baseTotal,
    newTotal,
    baseSelf,
    newSelf,
    change,
    baseSum,
    newSum,
    hoverCache: new Map(),
  };
}

/**
 * Colour for a relative change in [-1, 1]: white-ish grey at 0, towards pure
 * red for growth and pure blue for shrinkage, linear in |change|.
 */
export function diffColor(change: number): string {
  const k = Math.min(1, Math.abs(Number.isFinite(change) ? change : 0));
  const fade = Math.round(225 * (1 - k));
  if (change > 0) return `rgb(255,${fade},${fade})`;
  if (change < 0) return `rgb(${fade},${fade},255)`;
  return 'rgb(225,225,225)';
}

function pct(f: number): string {
  return `${(100 * f).toFixed(2)}%`;
}

/** Hover text of a diff frame: name, file:line, share before and after, change. */
export function diffHoverText(model: DiffFlameModel, i: number): string {
  const cached = model.hoverCache.get(i);
  if (cached !== undefined) return cached;
  const b = model.baseTotal[i]!;
  const a = model.newTotal[i]!;
  const pp = (100 * (a - b)).toFixed(2);
  const status = b === 0 ? 'only in new' : a === 0 ? 'only in base' : `${a >= b ? '+' : ''}${pp} pp (${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%)`;
  const location = frameLocation(model, i);
  const loc = location ? `\n${location}` : '';
  const text = `${frameName(model, i)}${loc}\nbase ${pct(b)} -> new ${pct(a)}, ${status}\nself ${pct(model.baseSelf[i]!)} -> ${pct(model.newSelf[i]!)}`;
  model.hoverCache.set(i, text);
  return text;
}

export interface DiffRow {
  name: string;
  /** Fractions of each side's total (0..1). */
  baseFlat: number;
  newFlat: number;
  baseCum: number;
  newCum: number;
  /** newFlat - baseFlat and newCum - baseCum. */
  flatDelta: number;
  cumDelta: number;
}

/**
 * The functions whose share changed most between two profiles (by flat
 * share, then cum share), each side normalised by its own total.
 */
export function diffTop(base: Profile, next: Profile, options: DiffOptions & { limit?: number | undefined } = {}): { sampleType: ValueType; rows: DiffRow[]; baseSum: number; newSum: number } {
  const sampleType = options.sampleType ?? next.defaultSampleType;
  const common = { sampleType, focus: options.focus, ignore: options.ignore, nodeFraction: 0, relativePercentages: true };
  const b = computeTop(base, common);
  const a = computeTop(next, common);
  const rows = new Map<string, DiffRow>();
  const row = (name: string): DiffRow => {
    let r = rows.get(name);
    if (!r) {
      r = { name, baseFlat: 0, newFlat: 0, baseCum: 0, newCum: 0, flatDelta: 0, cumDelta: 0 };
      rows.set(name, r);
    }
    return r;
  };
  for (const r of b.rows) Object.assign(row(r.name), { baseFlat: b.total ? r.flat / b.total : 0, baseCum: b.total ? r.cum / b.total : 0 });
  for (const r of a.rows) Object.assign(row(r.name), { newFlat: a.total ? r.flat / a.total : 0, newCum: a.total ? r.cum / a.total : 0 });
  const out = [...rows.values()];
  for (const r of out) {
    r.flatDelta = r.newFlat - r.baseFlat;
    r.cumDelta = r.newCum - r.baseCum;
  }
  out.sort((x, y) => Math.abs(y.flatDelta) - Math.abs(x.flatDelta) || Math.abs(y.cumDelta) - Math.abs(x.cumDelta) || (x.name < y.name ? -1 : 1));
  const limit = options.limit ?? out.length;
  return { sampleType: a.sampleType, rows: out.slice(0, limit), baseSum: b.total, newSum: a.total };
}
