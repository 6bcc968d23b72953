/**
 * One gutter, everything the tools said about a line: its share of the last
 * profile (heat), and the compiler's decisions from the last escape run
 * (escapes, inlining, bounds checks kept). The tooltip combines them, so
 * "why is this line slow" has its answer in one place.
 */
import type { Diagnostic } from '../api/types.js';

/** A line's cost in the last profile, from the Lines view (flat/cum % of the total). */
export interface LineCost {
  file: string;
  line: number;
  flatPercent: number;
  cumPercent: number;
}

/** How the profile view hands the learner's line costs to the editor's gutter. */
export type LineCostsListener = (costs: LineCost[], sample: string) => void;

export interface LineNote {
  line: number;
  /**
   * 0..1: the line's cumulative share (the line and what it calls, as pprof's
   * weblist counts it) against the hottest line of the file; absent without a
   * profile. Cumulative, because `s += p` costs nothing itself: the runtime
   * call it makes does.
   */
  heat?: number;
  /** What the gutter shows: the cumulative % of a costly line, else a mark for a compiler note. */
  label: string;
  /** The tooltip, one fact per line. */
  notes: string[];
}

export interface LineNoteWords {
  /** e.g. "cpu: 38% of samples on this line, 52% with its calls" */
  cost(sample: string, flat: string, cum: string): string;
  bce: string;
}

const pct = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

export function lineNotes(file: string, costs: readonly LineCost[] | null, sample: string, diagnostics: readonly Diagnostic[], words: LineNoteWords): LineNote[] {
  const byLine = new Map<number, LineNote>();
  const note = (line: number) => {
    let n = byLine.get(line);
    if (!n) byLine.set(line, (n = { line, label: '', notes: [] }));
    return n;
  };
  const mine = (costs ?? []).filter((c) => c.file === file);
  const hottest = Math.max(0, ...mine.map((c) => c.cumPercent));
  for (const c of mine) {
    if (c.cumPercent < 0.5) continue; // below what a learner can act on, as pprof's own node fraction
    const n = note(c.line);
    n.heat = hottest > 0 ? c.cumPercent / hottest : 0;
    n.label = `${pct(c.cumPercent)}%`;
    n.notes.push(words.cost(sample, pct(c.flatPercent), pct(c.cumPercent)));
  }
  for (const d of diagnostics) {
    if (d.file !== file || d.line < 1 || (d.source !== 'escape' && d.source !== 'bce')) continue;
    const n = note(d.line);
    n.notes.push(d.source === 'bce' ? words.bce : d.explanation?.length ? `${d.message}: ${d.explanation.at(-1)}` : d.message);
    if (!n.label) n.label = d.source === 'bce' ? '▯' : d.inline ? 'ƒ' : '•';
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
