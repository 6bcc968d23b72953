/**
 * `gopherlab pprof top|tree|flame|diff`: read pprof files (gzipped or raw)
 * and print what `go tool pprof` would, plus the flame graph model and the
 * diff between two profiles, as text or JSON (--json prints the same models
 * the web app draws).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import {
  buildCallTree,
  buildDiffFlameGraph,
  buildFlameGraph,
  computeTop,
  decodeProfile,
  diffTop,
  formatTop,
  formatTree,
  frameName,
  pprofScaledLabel,
  type FlameModel,
  type Profile,
} from '@gopherlab/profiling';
import type { Command } from '../main.js';

const USAGE = `gopherlab pprof top <file> [--sample-type t] [--focus re] [--ignore re] [--nodecount N] [--nodefraction f] [--cum] [--json]
       gopherlab pprof lines <file> [the options of top]   (flat/cum per file:line, as go tool pprof -top -lines)
       gopherlab pprof tree <file> [--sample-type t] [--focus re] [--ignore re] [--min-fraction f] [--max-depth N] [--json]
       gopherlab pprof flame <file> [--sample-type t] [--focus re] [--ignore re] [--json]
       gopherlab pprof diff <base> <new> [--sample-type t] [--focus re] [--ignore re] [--nodecount N] [--json]`;

function load(path: string): Profile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') throw new AppError('file_not_found', `Cannot read ${path}: the file does not exist.`);
    throw e;
  }
  return decodeProfile(bytes);
}

function number(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new AppError('invalid_option', `--${name} must be a ${integer ? 'non-negative integer' : 'non-negative number'}, not "${value}".`);
  }
  return n;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))}\n`);
}

/** The flame model as plain JSON: one array per field, indexed by frame. */
function flameJson(m: FlameModel): unknown {
  return {
    sampleType: m.sampleType,
    totalValue: m.totalValue,
    maxDepth: m.maxDepth,
    names: m.names,
    frames: { count: m.count, nameId: m.nameId, depth: m.depth, start: m.start, width: m.width, self: m.self, parent: m.parent, locationId: m.locationId },
    locations: m.locations,
  };
}

function flameSummary(m: FlameModel): string {
  const unit = m.sampleType.unit;
  const fmt = (v: number): string => pprofScaledLabel(v, unit, 'auto');
  const pct = (v: number): string => `${((100 * v) / (m.totalValue || 1)).toFixed(2)}%`;
  const lines = [`Type: ${m.sampleType.type}, total ${fmt(m.totalValue)}, ${m.count - 1} frames, depth ${m.maxDepth}`, '', 'Hottest frames by self (root -> leaf):'];
  const order = [...Array(m.count).keys()].filter((i) => m.self[i]! !== 0).sort((a, b) => Math.abs(m.self[b]!) - Math.abs(m.self[a]!));
  for (const i of order.slice(0, 10)) {
    const path: string[] = [];
    for (let a = i; a > 0; a = m.parent[a]!) path.push(frameName(m, a));
    path.reverse();
    const shown = path.length > 4 ? ['…', ...path.slice(-4)] : path;
    lines.push(`${fmt(m.self[i]!).padStart(10)} ${pct(m.self[i]!).padStart(7)}  ${shown.join(' -> ')}`);
  }
  return lines.join('\n');
}

export const command: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'sample-type': { type: 'string' },
        focus: { type: 'string' },
        ignore: { type: 'string' },
        nodecount: { type: 'string' },
        nodefraction: { type: 'string' },
        cum: { type: 'boolean', default: false },
        'min-fraction': { type: 'string' },
        'max-depth': { type: 'string' },
      },
    });
    const [sub, ...files] = positionals;
    const filter = { sampleType: values['sample-type'], focus: values.focus, ignore: values.ignore };
    const wanted = sub === 'diff' ? 2 : 1;
    if (!sub || !['top', 'lines', 'tree', 'flame', 'diff'].includes(sub) || files.length !== wanted) {
      console.error(`usage: ${USAGE}`);
      return 2;
    }
    const nodeCount = number('nodecount', values.nodecount, true);

    if (sub === 'top' || sub === 'lines') {
      // `lines`: flat/cum per file:line, as go tool pprof -top -lines.
      const report = computeTop(load(files[0]!), { ...filter, nodeCount, nodeFraction: number('nodefraction', values.nodefraction, false), cum: values.cum, lines: sub === 'lines' });
      if (values.json) printJson(report);
      else process.stdout.write(formatTop(report));
      return 0;
    }
    if (sub === 'tree') {
      const tree = buildCallTree(load(files[0]!), filter);
      if (values.json) {
        const t = tree.tree;
        printJson({ sampleType: tree.sampleType, names: t.names, nodes: { count: t.count, nameId: t.nameId, depth: t.depth, parent: t.parent, total: t.total[0], self: t.self[0] } });
      } else {
        process.stdout.write(formatTree(tree, { minFraction: number('min-fraction', values['min-fraction'], false), maxDepth: number('max-depth', values['max-depth'], true) }));
      }
      return 0;
    }
    if (sub === 'flame') {
      const model = buildFlameGraph(load(files[0]!), filter);
      if (values.json) printJson(flameJson(model));
      else console.log(flameSummary(model));
      return 0;
    }
    const base = load(files[0]!);
    const next = load(files[1]!);
    const d = diffTop(base, next, { ...filter, limit: nodeCount ?? 20 });
    if (values.json) {
      const flame = buildDiffFlameGraph(base, next, filter);
      printJson({
        ...d,
        flame: { totalValue: flame.totalValue, maxDepth: flame.maxDepth, names: flame.names, frames: { count: flame.count, nameId: flame.nameId, depth: flame.depth, start: flame.start, width: flame.width, parent: flame.parent, baseTotal: flame.baseTotal, newTotal: flame.newTotal, change: flame.change } },
      });
      return 0;
    }
    const unit = d.sampleType.unit;
    const p = (f: number): string => `${(100 * f).toFixed(2)}%`;
    const pp = (f: number): string => `${f >= 0 ? '+' : ''}${(100 * f).toFixed(2)}`;
    const lines = [
      `Type: ${d.sampleType.type}; base total ${pprofScaledLabel(d.baseSum, unit, 'auto')}, new total ${pprofScaledLabel(d.newSum, unit, 'auto')}; shares of each side's total`,
      `${'base flat'.padStart(9)} ${'new flat'.padStart(9)} ${'Δ pp'.padStart(7)} ${'base cum'.padStart(9)} ${'new cum'.padStart(9)} ${'Δ pp'.padStart(7)}  function`,
    ];
    for (const r of d.rows) {
      lines.push(`${p(r.baseFlat).padStart(9)} ${p(r.newFlat).padStart(9)} ${pp(r.flatDelta).padStart(7)} ${p(r.baseCum).padStart(9)} ${p(r.newCum).padStart(9)} ${pp(r.cumDelta).padStart(7)}  ${r.name}`);
    }
    console.log(lines.join('\n'));
    return 0;
  },
};
