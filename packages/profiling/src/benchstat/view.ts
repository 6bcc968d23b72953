/**
 * A display model of a benchstat table for the web app: every string the text
 * table shows (centers scaled per row, ± ranges, deltas, `(p=… n=…)`,
 * footnote numbers, geomeans), without the fixed-width layout. The web app
 * renders this instead of re-deriving benchstat's scaling rules.
 */
import { commonScale, formatScaled, scaleOne, signedPct, unitClass } from './format.js';
import { type BenchTable, comparisonString, pctRange } from './table.js';

export interface CellView {
  /** e.g. `1.203µ`, `64.00Ki` (unit prefix included, unit itself in TableView.unit). */
  center: string;
  /** e.g. `1%`, `∞` (too few samples), `?`. */
  range: string;
  /** Columns after the first: `~` or e.g. `-8.31%`. */
  delta?: string;
  /** Columns after the first: e.g. `p=0.002 n=6`. */
  test?: string;
  /** Direction of a significant change of the center, for colouring. */
  change?: 'up' | 'down';
  /** 1-based indexes into TableView.footnotes. */
  notes: number[];
}

export interface RowView {
  name: string;
  /** One per column; null where the benchmark has no result in that input. */
  cells: (CellView | null)[];
}

export interface TableView {
  config: [string, string][];
  unit: string;
  columns: string[];
  rows: RowView[];
  /** Present when the table has more than one row, as in benchstat. */
  geomean?: { values: (string | null)[]; deltas: (string | null)[]; notes: number[][] };
  footnotes: string[];
}

export function tableView(t: BenchTable): TableView {
  const footnotes: string[] = [];
  const index = new Map<string, number>();
  const notesOf = (...lists: string[][]) =>
    lists.flat().map((msg) => {
      let i = index.get(msg);
      if (i === undefined) {
        footnotes.push(msg);
        i = footnotes.length;
        index.set(msg, i);
      }
      return i;
    });
  const cls = unitClass(t.unit);
  const rows: RowView[] = t.rows.map((name, ri) => {
    const rowCells = t.cells[ri]!;
    const scaler = commonScale(
      rowCells.flatMap((c) => (c ? [c.summary.center] : [])),
      cls,
    );
    return {
      name,
      cells: rowCells.map((cell, ci) => {
        if (!cell) return null;
        const view: CellView = { center: formatScaled(scaler, cell.summary.center), range: pctRange(cell.summary), notes: notesOf(cell.summary.warnings) };
        if (ci > 0 && cell.comparison) {
          view.delta = cell.deltaText ?? '~';
          view.test = comparisonString(cell.comparison);
          view.notes.push(...notesOf(cell.comparison.warnings));
          if (cell.delta !== undefined && cell.delta !== 0) view.change = cell.delta > 0 ? 'up' : 'down';
        }
        return view;
      }),
    };
  });
  const view: TableView = { config: t.config, unit: t.unit, columns: t.columns, rows, footnotes };
  if (t.rows.length > 1) {
    view.geomean = {
      values: t.summaries.map((s) => (s.geomean !== undefined ? scaleOne(s.geomean, cls) : null)),
      deltas: t.summaries.map((s, i) => (i === 0 ? null : s.ratio !== undefined ? signedPct((s.ratio - 1) * 100) : '?')),
      notes: t.summaries.map((s) => notesOf(s.warnings)),
    };
  }
  return view;
}
