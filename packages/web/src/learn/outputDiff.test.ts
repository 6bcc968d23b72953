import { describe, expect, it } from 'vitest';
import { compareOutput, normalizeOutput, type DiffRow } from './outputDiff.js';

/** A row as text: `expected | actual`, `!` marking a differing row and `·` a gap. */
const show = (rows: DiffRow[]) => rows.map((r) => `${r.same ? ' ' : '!'}${r.expected ?? '·'} | ${r.actual ?? '·'}`);

describe('compareOutput', () => {
  it('matches as the validator does: trailing spaces, CRLF and trailing blank lines do not count', () => {
    expect(compareOutput('a\nb\n', 'a  \r\nb\n\n\n').matches).toBe(true);
    expect(compareOutput('', '\n').matches).toBe(true);
    expect(compareOutput(' a', 'a').matches).toBe(false);
    expect(normalizeOutput('x \ny\n\n')).toBe('x\ny');
  });

  it('aligns equal lines and pairs the differing ones between them', () => {
    const c = compareOutput('one\ntwo\nthree\nfour\n', 'one\nextra\ntwo\nTHREE\nfour\n');
    expect(c.matches).toBe(false);
    expect(show(c.rows)).toEqual([' one | one', '!· | extra', ' two | two', '!three | THREE', ' four | four']);
  });

  it('faces gaps when one side is longer or empty', () => {
    expect(show(compareOutput('a\nb\nc\n', 'a\nX\n').rows)).toEqual([' a | a', '!b | X', '!c | ·']);
    expect(show(compareOutput('hi\n', '').rows)).toEqual(['!hi | ·']);
  });

  it('pairs lines by position when the output is very long', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const changed = [...many];
    changed[10] = 'changed';
    const c = compareOutput(many.join('\n'), changed.join('\n'));
    expect(c.rows).toHaveLength(3000);
    expect(show(c.rows.filter((r) => !r.same))).toEqual(['!line 10 | changed']);
  });
});
