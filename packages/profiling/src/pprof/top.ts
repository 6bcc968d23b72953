/**
 * The top table: flat and cumulative value per function, with the numbers,
 * ordering, node dropping and "(inline)" marks of `go tool pprof -top` at its
 * default (function) granularity, so a learner can check one against the
 * other. The rules re-derived from pprof:
 *   - a node is a function name; flat goes to the leaf frame of each sample,
 *     cum to every distinct function on the stack (recursion counts once);
 *   - total, the base of every percentage, is the sum of |value| over ALL
 *     samples: focus/ignore do not change it (unless relativePercentages);
 *   - nodes with |cum| < shown*nodeFraction are dropped (default 0.005;
 *     shown = the sum of the filtered samples' values), the
 *     rest sorted by |flat| desc, name, |cum| desc, and cut to nodeCount;
 *   - a row is "(inline)" when every call edge into it, within the rows
 *     shown, is an inlined call, "(partial-inline)" when only some are; edges
 *     lighter than total*edgeFraction (default 0.001) do not count.
 */
import { sampleTypeIndex } from './decode.js';
import { filterSamples, type SampleFilter } from './filter.js';
import type { Profile, ValueType } from './model.js';
import { pprofPercentage, pprofScaledLabel, pprofOutputUnit } from './units.js';

export interface TopOptions extends SampleFilter {
  /** Sample type name; default: the profile's default sample type. */
  sampleType?: string | undefined;
  /** Maximum rows; 0 or undefined = all. */
  nodeCount?: number | undefined;
  /** pprof -nodefraction (default 0.005). */
  nodeFraction?: number | undefined;
  /** pprof -edgefraction (default 0.001); only affects the inline marks. */
  edgeFraction?: number | undefined;
  /** Sort by cum instead of flat (pprof -cum). */
  cum?: boolean | undefined;
  /** Percentages of the filtered samples rather than of the whole profile (pprof -relative_percentages). */
  relativePercentages?: boolean | undefined;
  /** One row per source line (`function file:line`) instead of per function (pprof -lines). */
  lines?: boolean | undefined;
}

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
  /** Percentages of the total, 0..100. */
  flatPercent: number;
  cumPercent: number;
  /** Running sum of flat% down the table. */
  sumPercent: number;
  inline: '' | 'inline' | 'partial-inline';
}

export interface TopReport {
  sampleType: ValueType;
  total: number;
  /** Sum of flat over the rows shown. */
  shownTotal: number;
  /** The unit the rows are printed in (pprof's choice for the table). */
  outputUnit: string;
  rows: TopRow[];
  /** Nodes with a non-zero value before any dropping. */
  nodeTotal: number;
  /** Nodes dropped by nodeFraction, and the cutoff used. */
  droppedNodes: number;
  nodeCutoff: number;
}

export function computeTop(profile: Profile, options: TopOptions = {}): TopReport {
  const vi = sampleTypeIndex(profile, options.sampleType);
  const samples = filterSamples(profile, options);
  const frames = profile.frames;
  // A node is a function (pprof's default granularity) or, with `lines`, a function at one file:line.
  const { frameNode: frameName, names } = nodesOf(profile, options.lines ?? false);
  const nNames = names.length;
  const frameInlined = new Uint8Array(frames.length);
  for (const f of frames) frameInlined[f.id] = f.inlined ? 1 : 0;

  const flat = new Float64Array(nNames);
  const cum = new Float64Array(nNames);
  const seen = new Int32Array(nNames).fill(-1);
  let filteredTotal = 0;
  let graphTotal = 0;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s]!;
    const v = sample.values[vi]!;
    filteredTotal += Math.abs(v);
    if (v === 0 || sample.stack.length === 0) continue;
    graphTotal += v;
    const stack = sample.stack;
    flat[frameName[stack[0]!]!]! += v;
    for (let i = 0; i < stack.length; i++) {
      const n = frameName[stack[i]!]!;
      if (seen[n] !== s) {
        seen[n] = s;
        cum[n]! += v;
      }
    }
  }

  let nodes: number[] = [];
  for (let n = 0; n < nNames; n++) if (flat[n] !== 0 || cum[n] !== 0) nodes.push(n);
  const nodeTotal = nodes.length;
  let total = filteredTotal;
  if (samples !== profile.samples && !options.relativePercentages) {
    total = 0;
    for (const sample of profile.samples) total += Math.abs(sample.values[vi]!);
  }
  const nodeCutoff = Math.abs(Math.trunc(graphTotal * (options.nodeFraction ?? 0.005)));
  if (nodeCutoff > 0) nodes = nodes.filter((n) => Math.abs(cum[n]!) >= nodeCutoff);
  const droppedNodes = nodeTotal - nodes.length;

  const byName = (a: number, b: number): number => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0);
  nodes.sort(
    options.cum
      ? (a, b) => Math.abs(cum[b]!) - Math.abs(cum[a]!) || byName(a, b) || Math.abs(flat[b]!) - Math.abs(flat[a]!)
      : (a, b) => Math.abs(flat[b]!) - Math.abs(flat[a]!) || byName(a, b) || Math.abs(cum[b]!) - Math.abs(cum[a]!),
  );
  if (options.nodeCount && options.nodeCount > 0 && nodes.length > options.nodeCount) nodes = nodes.slice(0, options.nodeCount);

  const inline = inlineMarks(samples, vi, nodes, nNames, frameName, frameInlined, Math.abs(Math.trunc(graphTotal * (options.edgeFraction ?? 0.001))));

  const rows: TopRow[] = [];
  let sum = 0;
  for (const n of nodes) {
    sum += flat[n]!;
    rows.push({
      name: names[n]!,
      flat: flat[n]!,
      cum: cum[n]!,
      flatPercent: total ? (100 * flat[n]!) / total : 0,
      cumPercent: total ? (100 * cum[n]!) / total : 0,
      sumPercent: total ? (100 * sum) / total : 0,
      inline: inline.get(n) ?? '',
    });
  }
  const sampleType = profile.sampleTypes[vi]!;
  return {
    sampleType,
    total,
    shownTotal: sum,
    outputUnit: pprofOutputUnit(rows, total, sampleType.unit),
    rows,
    nodeTotal,
    droppedNodes,
    nodeCutoff,
  };
}

/** Frame -> node and node names, at function or line granularity. */
function nodesOf(profile: Profile, lines: boolean): { frameNode: Int32Array; names: readonly string[] } {
  const frameNode = new Int32Array(profile.frames.length);
  if (!lines) {
    for (const f of profile.frames) frameNode[f.id] = f.nameId;
    return { frameNode, names: profile.names };
  }
  const ids = new Map<string, number>();
  const names: string[] = [];
  for (const f of profile.frames) {
    // pprof prints a line node as "name file:line" (a frame without a file keeps just its name).
    const key = f.file ? `${f.name} ${f.file}:${f.line}` : f.name;
    let id = ids.get(key);
    if (id === undefined) {
      id = names.length;
      ids.set(key, id);
      names.push(key);
    }
    frameNode[f.id] = id;
  }
  return { frameNode, names };
}

/**
 * Call edges between the shown nodes (skipping hidden frames, as pprof's
 * rebuilt graph does), each counted once per sample; an edge is inline when
 * every occurrence is an inlined call.
 */
function inlineMarks(
  samples: readonly { stack: Uint32Array; values: number[] }[],
  vi: number,
  nodes: readonly number[],
  nNames: number,
  frameName: Int32Array,
  frameInlined: Uint8Array,
  edgeCutoff: number,
): Map<number, 'inline' | 'partial-inline'> {
  const kept = new Uint8Array(nNames);
  for (const n of nodes) kept[n] = 1;
  // Edges (parent, child) in an open-addressing table over typed arrays: this
  // runs once per frame of every sample, where a Map of objects was the
  // slowest part of the whole top table on large profiles.
  let size = 1024;
  while (size < nodes.length * 8) size *= 2;
  let mask = size - 1;
  let keyParent = new Int32Array(size).fill(-1);
  let keyChild = new Int32Array(size);
  let weight = new Float64Array(size);
  let notInline = new Uint8Array(size);
  let seenIn = new Int32Array(size).fill(-1);
  let used = 0;
  const slot = (parent: number, child: number): number => {
    let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(child, 0x85ebca6b)) & mask;
    while (keyParent[h] !== -1 && (keyParent[h] !== parent || keyChild[h] !== child)) h = (h + 1) & mask;
    return h;
  };
  const grow = (): void => {
    const old = { keyParent, keyChild, weight, notInline, seenIn };
    size *= 2;
    mask = size - 1;
    keyParent = new Int32Array(size).fill(-1);
    keyChild = new Int32Array(size);
    weight = new Float64Array(size);
    notInline = new Uint8Array(size);
    seenIn = new Int32Array(size).fill(-1);
    for (let i = 0; i < old.keyParent.length; i++) {
      if (old.keyParent[i] === -1) continue;
      const h = slot(old.keyParent[i]!, old.keyChild[i]!);
      keyParent[h] = old.keyParent[i]!;
      keyChild[h] = old.keyChild[i]!;
      weight[h] = old.weight[i]!;
      notInline[h] = old.notInline[i]!;
      seenIn[h] = old.seenIn[i]!;
    }
  };
  for (let s = 0; s < samples.length; s++) {
    const { stack, values } = samples[s]!;
    const w = values[vi]!;
    let parent = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      const n = frameName[stack[i]!]!;
      if (!kept[n]) continue;
      if (parent !== -1 && n !== parent) {
        let h = slot(parent, n);
        if (keyParent[h] === -1) {
          if ((used + 1) * 2 > size) {
            grow();
            h = slot(parent, n);
          }
          keyParent[h] = parent;
          keyChild[h] = n;
          used++;
        }
        // Each edge counts once per sample (recursion), as in pprof.
        if (seenIn[h] !== s) {
          seenIn[h] = s;
          weight[h]! += w;
          if (!frameInlined[stack[i]!]) notInline[h] = 1;
        }
      }
      parent = n;
    }
  }
  const flags = new Map<number, number>();
  for (let h = 0; h < size; h++) {
    if (keyParent[h] === -1 || Math.abs(weight[h]!) < edgeCutoff) continue;
    const dest = keyChild[h]!;
    flags.set(dest, (flags.get(dest) ?? 0) | (notInline[h] ? 2 : 1));
  }
  const marks = new Map<number, 'inline' | 'partial-inline'>();
  for (const [n, f] of flags) {
    if (f === 1) marks.set(n, 'inline');
    else if (f === 3) marks.set(n, 'partial-inline');
  }
  return marks;
}

/** The table as `go tool pprof -top` prints it (rows identical, header shortened). */
export function formatTop(report: TopReport): string {
  const { sampleType, outputUnit, total } = report;
  const fmt = (v: number): string => pprofScaledLabel(v, sampleType.unit, outputUnit);
  const lines = [
    `Type: ${sampleType.type}`,
    `Showing nodes accounting for ${fmt(report.shownTotal)}, ${pprofPercentage(report.shownTotal, total).trim()} of ${fmt(total)} total`,
  ];
  if (report.droppedNodes > 0) lines.push(`Dropped ${report.droppedNodes} nodes (cum <= ${fmt(report.nodeCutoff)})`);
  const kept = report.nodeTotal - report.droppedNodes;
  if (report.rows.length < kept) lines.push(`Showing top ${report.rows.length} nodes out of ${kept}`);
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let sum = 0;
  for (const r of report.rows) {
    sum += r.flat;
    const inl = r.inline ? ` (${r.inline})` : '';
    lines.push(`${fmt(r.flat).padStart(10)} ${pprofPercentage(r.flat, total)} ${pprofPercentage(sum, total)} ${fmt(r.cum).padStart(10)} ${pprofPercentage(r.cum, total)}  ${r.name}${inl}`);
  }
  return lines.join('\n') + '\n';
}
