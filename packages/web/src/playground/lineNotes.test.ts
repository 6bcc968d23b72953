import { describe, expect, it } from 'vitest';
import { lineNotes } from './lineNotes.js';

const words = { cost: (s: string, f: string, c: string) => `${s}: ${f}% here, ${c}% with calls`, bce: 'bounds check kept' };

describe('lineNotes', () => {
  it('combines a line\'s profile share with the compiler\'s notes, for the file on screen only', () => {
    const notes = lineNotes(
      'main.go',
      [
        { file: 'main.go', line: 8, flatPercent: 60, cumPercent: 60 },
        { file: 'main.go', line: 12, flatPercent: 15, cumPercent: 75 },
        { file: 'main.go', line: 13, flatPercent: 0, cumPercent: 0.2 },
        { file: 'util.go', line: 3, flatPercent: 25, cumPercent: 25 },
      ],
      'cpu',
      [
        { file: 'main.go', line: 8, col: 3, severity: 'info', source: 'bce', message: 'bounds check kept here' },
        { file: 'main.go', line: 5, col: 2, severity: 'info', source: 'escape', message: 's escapes to heap (in f)', explanation: ['flow: {heap} ← s:', 'from return s (return) at main.go:6:2'] },
        { file: 'main.go', line: 4, col: 6, severity: 'info', source: 'escape', message: 'can inline f (cost 12, budget 80)', inline: { function: 'f', inlinable: true, cost: 12, budget: 80 } },
        { file: 'main.go', line: 9, col: 1, severity: 'error', source: 'compiler', message: 'not a compiler note' },
      ],
      words,
    );
    expect(notes).toEqual([
      { line: 4, label: 'ƒ', notes: ['can inline f (cost 12, budget 80)'] },
      { line: 5, label: '•', notes: ['s escapes to heap (in f): from return s (return) at main.go:6:2'] },
      { line: 8, heat: 0.8, label: '60%', notes: ['cpu: 60% here, 60% with calls', 'bounds check kept'] },
      { line: 12, heat: 1, label: '75%', notes: ['cpu: 15% here, 75% with calls'] },
    ]);
  });

  it('is empty without a profile or compiler notes', () => {
    expect(lineNotes('main.go', null, 'cpu', [], words)).toEqual([]);
  });
});
