/**
 * Groups parsed results into benchstat's tables (one per file configuration
 * and unit), rows (full benchmark name) and columns (input), then summarises
 * every cell and compares it with the first column, as
 * golang.org/x/perf/cmd/benchstat does with its default projections
 * (`-table .config -row .fullname -col .file`).
 *
 * Ordering follows benchstat: every projected field sorts by the order in
 * which its values were first observed.
 */
import { goFloat, goFixed, signedPct } from './format.js';
import { type BenchResult, type ParsedSet, unitAssumption } from './parse.js';
import { choose, geoMean, mannWhitneyUTest, medianCI, sampleCI } from './stats.js';

export interface BenchstatOptions {
  /** Confidence level of the intervals, default 0.95. */
  confidence?: number;
  /** Significance level of the U test, default 0.05. */
  alpha?: number;
}

export interface CellSummary {
  center: number;
  lo: number;
  hi: number;
  /** Actual confidence of [lo, hi]. */
  confidence: number;
  warnings: string[];
}

export interface CellComparison {
  /** p-value of the two-sided Mann-Whitney U test (1 when the test cannot run; 0 for exact units). */
  p: number;
  n1: number;
  n2: number;
  alpha: number;
  warnings: string[];
}

export interface BenchCell {
  /** Sorted sample values (in the tidied unit). */
  values: number[];
  summary: CellSummary;
  /** Comparison with the same row in the first column, for the other columns. */
  comparison?: CellComparison;
  /** Relative change of the center vs the baseline center, when significant. */
  delta?: number;
  /** `~` for insignificant changes, otherwise e.g. `-8.31%`. */
  deltaText?: string;
  baselineCenter?: number;
}

export interface ColumnSummary {
  /** Geometric mean of the column's centers, when all are > 0. */
  geomean?: number;
  /** Geometric mean of the ratios to the baseline column. */
  ratio?: number;
  warnings: string[];
}

export interface BenchTable {
  /** File configuration that selects this table (e.g. goos, pkg, cpu), in header order. */
  config: [string, string][];
  unit: string;
  assumption: 'nothing' | 'exact';
  columns: string[];
  rows: string[];
  /** cells[row][col]: undefined where that benchmark has no result in that input. */
  cells: (BenchCell | undefined)[][];
  summaries: ColumnSummary[];
}

export interface BenchstatResult {
  tables: BenchTable[];
  /** Every configuration key seen, in first-seen order (for table headers). */
  configKeys: string[];
  confidence: number;
  alpha: number;
  /** Lines that looked like results but could not be parsed. */
  syntaxErrors: string[];
}

/** Values of one projected field, ordered by first observation. */
class FirstSeen {
  private readonly order = new Map<string, number>();
  note(v: string): void {
    if (!this.order.has(v)) this.order.set(v, this.order.size);
  }
  cmp(a: string, b: string): number {
    if (a === b) return 0;
    const c = (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0);
    if (c !== 0) return c;
    return a < b ? -1 : 1;
  }
}

interface TableKey {
  id: string;
  configVals: string[]; // by config field index (may be shorter than the field list)
  unit: string;
}

interface BuilderTable {
  key: TableKey;
  rows: Set<string>;
  cols: Set<string>;
  cells: Map<string, number[]>; // row \0 col -> values in input order
}

const U_TEST_MIN_P: number[] = [];
for (let n = 1; n <= 9; n++) U_TEST_MIN_P[n] = 2 / choose(2 * n, n);

function uTestSamples(alpha: number): [string, number] {
  for (let n = 1; n < U_TEST_MIN_P.length; n++) if (U_TEST_MIN_P[n]! <= alpha) return ['>=', n];
  return ['>', U_TEST_MIN_P.length];
}

function medianSamples(confidence: number): [string, number] {
  for (let n = 2; n <= 50; n++) {
    const ci = medianCI(n, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return ['>=', n];
  }
  return ['>', 50];
}

export function summarize(sorted: number[], assumption: 'nothing' | 'exact', confidence: number): CellSummary {
  if (assumption === 'exact') {
    let val = sorted[0]!;
    let count = 1;
    let mode = val;
    let modeCount = 1;
    for (const v of sorted.slice(1)) {
      if (v === val) {
        count++;
        if (count > modeCount) {
          mode = val;
          modeCount = count;
        }
      } else {
        val = v;
        count = 1;
      }
    }
    const lo = sorted[0]!;
    const hi = sorted[sorted.length - 1]!;
    const warnings = modeCount !== sorted.length ? [`exact distribution expected, but values range from ${goFloat(lo)} to ${goFloat(hi)}`] : [];
    return { center: mode, lo, hi, confidence: 1, warnings };
  }
  const ci = medianCI(sorted.length, confidence);
  const { center, lo, hi } = sampleCI(sorted, ci);
  const warnings: string[] = [];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    const [op, need] = medianSamples(confidence);
    warnings.push(`need ${op} ${need} samples for confidence interval at level ${goFloat(confidence)}`);
  }
  return { center, lo, hi, confidence: ci.confidence, warnings };
}

export function compare(base: number[], other: number[], assumption: 'nothing' | 'exact', alpha: number): CellComparison {
  if (assumption === 'exact') return { p: 0, n1: base.length, n2: other.length, alpha: 0, warnings: [] };
  let res;
  try {
    res = mannWhitneyUTest(base, other);
  } catch (e) {
    return { p: 1, n1: base.length, n2: other.length, alpha, warnings: [(e as Error).message] };
  }
  const cmp: CellComparison = { p: res.p, n1: res.n1, n2: res.n2, alpha, warnings: [] };
  if (cmp.p > alpha) {
    const [op, n] = uTestSamples(alpha);
    if (cmp.n1 < n && cmp.n2 < n) cmp.warnings.push(`need ${op} ${n} samples to detect a difference at alpha level ${goFloat(alpha)}`);
  }
  return cmp;
}

/** `~` when the change is not significant, otherwise the percent change of the centers. */
export function formatDelta(c: CellComparison, oldCenter: number, newCenter: number): string {
  if (c.p > c.alpha) return '~';
  if (oldCenter === newCenter) return '0.00%';
  if (oldCenter === 0) return '?';
  return signedPct((newCenter / oldCenter - 1) * 100);
}

export function comparisonString(c: CellComparison): string {
  const p = c.p !== 0 ? `p=${goFixed(c.p, 3)} ` : '';
  return p + (c.n1 === c.n2 ? `n=${c.n1}` : `n=${c.n1}+${c.n2}`);
}

/** Half-width of the interval relative to the center, e.g. `2%`, or `∞` / `?`. */
export function pctRange(s: CellSummary): string {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return '∞';
  const cs = Math.sign(s.center);
  if (cs !== Math.sign(s.lo) || cs !== Math.sign(s.hi)) return '?';
  if (s.center === 0) return '0%';
  const v = Math.max(s.hi / s.center - 1, 1 - s.lo / s.center);
  return `${goFixed(100 * v, 0)}%`;
}

export function buildTables(set: ParsedSet, opts: BenchstatOptions = {}): BenchstatResult {
  const confidence = opts.confidence ?? 0.95;
  const alpha = opts.alpha ?? 0.05;

  const configFields: string[] = [];
  const configIndex = new Map<string, number>();
  const unitOrder = new FirstSeen();
  const rowOrder = new FirstSeen();
  const colOrder = new FirstSeen();
  const tables = new Map<string, BuilderTable>();

  const add = (r: BenchResult) => {
    const vals: string[] = [];
    for (const [k, v] of r.config) {
      let idx = configIndex.get(k);
      if (idx === undefined) {
        idx = configFields.length;
        configIndex.set(k, idx);
        configFields.push(k);
      }
      while (vals.length <= idx) vals.push('');
      vals[idx] = v;
    }
    while (vals.length > 0 && vals[vals.length - 1] === '') vals.pop();
    rowOrder.note(r.name);
    colOrder.note(r.file);
    const cellKey = `${r.name}\u0000${r.file}`;
    for (const v of r.values) {
      const id = `${vals.join('\u0000')}\u0001${v.unit}`;
      let t = tables.get(id);
      if (!t) {
        unitOrder.note(v.unit);
        t = { key: { id, configVals: vals, unit: v.unit }, rows: new Set(), cols: new Set(), cells: new Map() };
        tables.set(id, t);
      }
      let cell = t.cells.get(cellKey);
      if (!cell) {
        cell = [];
        t.cells.set(cellKey, cell);
        t.rows.add(r.name);
        t.cols.add(r.file);
      }
      cell.push(v.value);
    }
  };
  for (const input of set.inputs) for (const r of input.results) add(r);

  const cmpKeys = (a: TableKey, b: TableKey) => {
    for (let i = 0; i < configFields.length; i++) {
      const av = a.configVals[i] ?? '';
      const bv = b.configVals[i] ?? '';
      // benchstat records first-seen order only for top-level fields (the
      // unit), not for the file-configuration keys inside `.config`: those
      // sort by value.
      if (av !== bv) return av < bv ? -1 : 1;
    }
    return unitOrder.cmp(a.unit, b.unit);
  };
  const sorted = [...tables.values()].sort((a, b) => cmpKeys(a.key, b.key));

  const out: BenchTable[] = [];
  for (const bt of sorted) {
    const assumption = unitAssumption(set.units, bt.key.unit);
    const rows = [...bt.rows].sort((a, b) => rowOrder.cmp(a, b));
    const cols = [...bt.cols].sort((a, b) => colOrder.cmp(a, b));
    const cells: (BenchCell | undefined)[][] = rows.map((row) =>
      cols.map((col) => {
        const vals = bt.cells.get(`${row}\u0000${col}`);
        if (!vals) return undefined;
        const values = [...vals].sort((a, b) => a - b);
        return { values, summary: summarize(values, assumption, confidence) };
      }),
    );
    // Compare every column with the first one present in this table.
    for (const rowCells of cells) {
      const base = rowCells[0];
      if (!base) continue;
      for (let c = 1; c < rowCells.length; c++) {
        const cell = rowCells[c];
        if (!cell) continue;
        const cmp = compare(base.values, cell.values, assumption, alpha);
        cell.comparison = cmp;
        cell.baselineCenter = base.summary.center;
        cell.deltaText = formatDelta(cmp, base.summary.center, cell.summary.center);
        if (cell.deltaText !== '~' && base.summary.center !== 0) cell.delta = cell.summary.center / base.summary.center - 1;
      }
    }
    const nBase = cells.filter((rc) => rc[0] !== undefined).length;
    const summaries: ColumnSummary[] = cols.map((_, c) => {
      const s: ColumnSummary = { warnings: [] };
      const centers: number[] = [];
      const ratios: number[] = [];
      let badRatio = false;
      for (const rc of cells) {
        const cell = rc[c];
        if (!cell) continue;
        centers.push(cell.summary.center);
        if (c > 0 && cell.baselineCenter !== undefined) {
          const a = cell.summary.center;
          const b = cell.baselineCenter;
          if (a === b) ratios.push(1);
          else if (b === 0) {
            badRatio = true;
            ratios.push(0);
          } else ratios.push(a / b);
        }
      }
      if (c > 0 && nBase !== ratios.length) s.warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
      const gm = geoMean(centers);
      if (Number.isNaN(gm)) s.warnings.push('summaries must be >0 to compute geomean');
      else s.geomean = gm;
      if (c > 0 && !badRatio) {
        const rg = geoMean(ratios);
        if (Number.isNaN(rg)) s.warnings.push('ratios must be >0 to compute geomean');
        else s.ratio = rg;
      }
      return s;
    });
    out.push({
      config: configFields.map((k, i) => [k, bt.key.configVals[i] ?? ''] as [string, string]),
      unit: bt.key.unit,
      assumption,
      columns: cols,
      rows,
      cells,
      summaries,
    });
  }
  return {
    tables: out,
    configKeys: configFields,
    confidence,
    alpha,
    syntaxErrors: set.errors.map((e) => `${e.file}:${e.line}: ${e.message}`),
  };
}
