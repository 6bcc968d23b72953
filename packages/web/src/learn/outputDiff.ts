/**
 * A run's stdout against the lesson's expected ```output block, compared the
 * way `gopherlab course validate` compares them (normalizeOutput in
 * packages/course/src/format/markdown.ts: CRLF, trailing spaces on each line
 * and trailing blank lines do not count), and, when they differ, which lines
 * differ: a longest-common-subsequence diff of the lines, so one extra line
 * does not mark every line after it.
 */

import { normalizeOutput } from '@gopherlab/course/output';

export { normalizeOutput };

/** One row of a side-by-side view: a line on each side, or a gap where that side has no line. */
export interface DiffRow {
  expected: string | null;
  actual: string | null;
  same: boolean;
}

export interface OutputComparison {
  matches: boolean;
  /**
   * The two outputs aligned row by row: equal lines face each other, and
   * between two equal lines the differing ones are paired up, the longer side
   * facing gaps.
   */
  rows: DiffRow[];
}

/** Beyond this many lines on a side the diff pairs lines by position instead (the LCS table grows with the product). */
const LCS_LIMIT = 2000;

export function compareOutput(expected: string, actual: string): OutputComparison {
  const a = normalizeOutput(expected);
  const b = normalizeOutput(actual);
  const el = a === '' ? [] : a.split('\n');
  const al = b === '' ? [] : b.split('\n');
  if (a === b) return { matches: true, rows: el.map((text) => ({ expected: text, actual: text, same: true })) };
  // Walk both sides: 's' a common line, 'e' only expected, 'a' only actual.
  const ops: ('s' | 'e' | 'a')[] = [];
  if (el.length > LCS_LIMIT || al.length > LCS_LIMIT) {
    for (let i = 0; i < Math.max(el.length, al.length); i++) {
      if (i < el.length && i < al.length && el[i] === al[i]) ops.push('s');
      else {
        if (i < el.length) ops.push('e');
        if (i < al.length) ops.push('a');
      }
    }
  } else {
    // lcs[i][j]: length of the LCS of el[i:] and al[j:].
    const w = al.length + 1;
    const lcs = new Uint32Array((el.length + 1) * w);
    for (let i = el.length - 1; i >= 0; i--) {
      for (let j = al.length - 1; j >= 0; j--) {
        lcs[i * w + j] = el[i] === al[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < el.length || j < al.length) {
      if (i < el.length && j < al.length && el[i] === al[j]) {
        ops.push('s');
        i++;
        j++;
      } else if (j >= al.length || (i < el.length && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        ops.push('e');
        i++;
      } else {
        ops.push('a');
        j++;
      }
    }
  }
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  let gone: string[] = [];
  let added: string[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(gone.length, added.length); k++) rows.push({ expected: gone[k] ?? null, actual: added[k] ?? null, same: false });
    gone = [];
    added = [];
  };
  for (const op of ops) {
    if (op === 's') {
      flush();
      rows.push({ expected: el[i++]!, actual: al[j++]!, same: true });
    } else if (op === 'e') gone.push(el[i++]!);
    else added.push(al[j++]!);
  }
  flush();
  return { matches: false, rows };
}
