/**
 * benchstat's default text output: per-table configuration headers, a
 * `│ old.txt │ new.txt │` header, a unit row with `vs base`, one row per
 * benchmark with `center ± range`, the delta (or `~`) and `(p=… n=…)`, a
 * geomean row, and numbered footnotes for warnings. The column layout
 * algorithm is the one of benchstat's internal text table: cells may span
 * columns, and spanning headers widen only the non-shrinking column.
 */
import { commonScale, formatScaled, scaleOne, signedPct, unitClass } from './format.js';
import { type BenchstatResult, type BenchTable, comparisonString, pctRange } from './table.js';

type Align = 'left' | 'center' | 'right';

interface TextCell {
  row: number;
  col: number;
  span: number;
  value: string;
  margin: string;
  align: Align;
}

const runeLen = (s: string) => [...s].length;

/** A grid of text cells laid out in fixed-width columns. */
class TextTable {
  private readonly cells: TextCell[] = [];
  private cols = 0;
  private readonly shrink: boolean[] = [];
  private curRow = 0;
  curCol = 0;

  row(): this {
    if (this.cells.length > 0) this.curRow++;
    this.curCol = 0;
    return this;
  }

  col(c: number): this {
    if (c < this.curCol) throw new Error(`cannot move from column ${this.curCol} to earlier column ${c}`);
    this.curCol = c;
    return this;
  }

  cell(value: string, align: Align = 'left', margin?: string): this {
    return this.span(1, value, align, margin);
  }

  span(cols: number, value: string, align: Align = 'left', margin?: string): this {
    const defMargin = this.curCol === 0 || value.length === 0 ? '' : ' ';
    this.cells.push({ row: this.curRow, col: this.curCol, span: cols, value, margin: margin ?? defMargin, align });
    this.curCol += cols;
    if (this.curCol > this.cols) this.cols = this.curCol;
    return this;
  }

  setShrink(col: number): void {
    while (this.shrink.length < col + 1) this.shrink.push(false);
    this.shrink[col] = true;
  }

  format(): string {
    const isShrink = (c: number) => this.shrink[c] ?? false;
    const lmargin = new Array<number>(this.cols).fill(0);
    for (const c of this.cells) lmargin[c.col] = Math.max(runeLen(c.margin), lmargin[c.col]!);
    const ws = new Array<number>(this.cols).fill(0);
    const bySpan = [...this.cells].sort((a, b) => a.span - b.span);
    for (const c of bySpan) {
      let w = runeLen(c.value) + lmargin[c.col]!;
      if (c.span === 1) {
        ws[c.col] = Math.max(ws[c.col]!, w);
        continue;
      }
      let tw = 0;
      for (let k = c.col; k < c.col + c.span; k++) tw += ws[k]!;
      if (tw >= w) continue;
      // Widen the non-shrinking columns, widest first, sharing what is missing.
      const spanCols: number[] = [];
      for (let k = c.col; k < c.col + c.span; k++) {
        if (isShrink(k)) w -= ws[k]!;
        else spanCols.push(k);
      }
      spanCols.sort((a, b) => ws[b]! - ws[a]!);
      let left = spanCols.length;
      for (const k of spanCols) {
        const avg = Math.trunc((w + left - 1) / left);
        ws[k] = Math.max(ws[k]!, avg);
        w -= ws[k]!;
        left--;
      }
    }
    const offs: number[] = [];
    let off = 0;
    for (const w of ws) {
      offs.push(off);
      off += w;
    }
    offs.push(off);

    const ordered = [...this.cells].sort((a, b) => a.row - b.row || a.col - b.col);
    let out = '';
    let row = 0;
    let pos = 0;
    for (const c of ordered) {
      if (c.value.trim() === '' && c.margin.trim() === '') continue;
      while (c.row > row) {
        out += '\n';
        row++;
        pos = 0;
      }
      const spaces = offs[c.col]! - pos;
      out += ' '.repeat(Math.max(0, spaces)) + c.margin.padStart(lmargin[c.col]!);
      pos += spaces + lmargin[c.col]!;
      const tw = offs[c.col + c.span]! - offs[c.col]! - lmargin[c.col]!;
      let s = c.value;
      if (c.align === 'right') s = ' '.repeat(Math.max(0, tw - runeLen(s))) + s;
      else if (c.align === 'center') s = ' '.repeat(Math.abs(Math.trunc((tw - runeLen(s)) / 2))) + s;
      out += s;
      pos += runeLen(s);
    }
    if (this.cells.length > 0) out += '\n';
    return out;
  }
}

const SUPER = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

function superscript(i: number): string {
  if (i === 0) return SUPER[0]!;
  let s = '';
  while (i > 0) {
    s = SUPER[i % 10]! + s;
    i = Math.floor(i / 10);
  }
  return s;
}

const LABEL_COLS = 1;
const CENTER_COLS = 3; // center ±, range, warnings
const DELTA_COLS = 3; // delta, (p=… n=…), warnings

function startCol(exp: number): number {
  return exp === 0 ? LABEL_COLS : LABEL_COLS + CENTER_COLS + (exp - 1) * (CENTER_COLS + DELTA_COLS);
}

export function tableToText(t: BenchTable): string {
  const o = new TextTable();
  const warningList: string[] = [];
  const warningIndex = new Map<string, number>();
  const warn = (...lists: string[][]) => {
    const notes: string[] = [];
    for (const list of lists) {
      for (const msg of list) {
        let i = warningIndex.get(msg);
        if (i === undefined) {
          i = warningList.length;
          warningIndex.set(msg, i);
          warningList.push(msg);
        }
        notes.push(superscript(i + 1));
      }
    }
    o.cell(notes.join(' '));
  };

  const rEdge = startCol(t.columns.length + 1);
  o.row();
  t.columns.forEach((name, i) => {
    const l = startCol(i);
    const r = startCol(i + 1);
    o.col(l).span(r - l, name, 'center', ' │ ');
  });
  o.col(rEdge).cell('', 'left', ' │');

  o.row();
  t.columns.forEach((_, i) => {
    const l = startCol(i);
    o.col(l);
    o.span(CENTER_COLS, t.unit, 'center', ' │ ');
    if (i > 0) o.span(DELTA_COLS, 'vs base', 'left', '  ');
    for (let j = l + 1; j < o.curCol; j++) o.setShrink(j);
  });
  o.col(rEdge).cell('', 'left', ' │');

  const cls = unitClass(t.unit);
  t.rows.forEach((name, ri) => {
    o.row();
    o.cell(name);
    const rowCells = t.cells[ri]!;
    const scaler = commonScale(
      rowCells.flatMap((c) => (c ? [c.summary.center] : [])),
      cls,
    );
    rowCells.forEach((cell, exp) => {
      if (!cell) return;
      o.col(startCol(exp));
      o.cell(formatScaled(scaler, cell.summary.center), 'right');
      o.cell(pctRange(cell.summary), 'right', ' ± ');
      warn(cell.summary.warnings);
      if (exp > 0 && cell.comparison) {
        o.cell(cell.deltaText ?? '~', 'right');
        o.cell(`(${comparisonString(cell.comparison)})`);
        warn(cell.comparison.warnings);
      }
    });
  });

  if (t.rows.length > 1) {
    o.row();
    o.cell('geomean');
    t.summaries.forEach((s, exp) => {
      if (s.geomean !== undefined) {
        o.col(startCol(exp));
        o.cell(scaleOne(s.geomean, cls), 'right');
      }
      if (exp > 0) {
        o.col(startCol(exp) + CENTER_COLS);
        if (s.ratio !== undefined) o.cell(signedPct((s.ratio - 1) * 100), 'right');
        else o.cell('?');
      }
      o.col(startCol(exp + 1) - 1);
      warn(s.warnings);
    });
  }

  let out = o.format();
  warningList.forEach((msg, i) => {
    out += `${superscript(i + 1)} ${msg}\n`;
  });
  return out;
}

/** The whole report as `benchstat old.txt new.txt` prints it. */
export function formatBenchstatText(res: BenchstatResult): string {
  let out = '';
  let prev: [string, string][] | undefined;
  res.tables.forEach((t, i) => {
    if (i > 0) out += '\n';
    t.config.forEach(([k, v], fi) => {
      if (!prev || prev[fi]?.[1] !== v) out += `${k}: ${v}\n`;
    });
    prev = t.config;
    out += tableToText(t);
  });
  return out;
}
