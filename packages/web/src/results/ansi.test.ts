import { describe, expect, it } from 'vitest';
import { parseAnsi } from './ansi.js';

describe('parseAnsi', () => {
  it('turns SGR colours into classes and drops the escape codes', () => {
    expect(parseAnsi('ok \u001b[32mPASS\u001b[0m done')).toEqual([
      { text: 'ok ', classes: [] },
      { text: 'PASS', classes: ['ansi-fg-2'] },
      { text: ' done', classes: [] },
    ]);
    expect(parseAnsi('\u001b[1;91mFAIL\u001b[22;39m!')).toEqual([
      { text: 'FAIL', classes: ['ansi-bold', 'ansi-fg-9'] },
      { text: '!', classes: [] },
    ]);
  });
  it('drops cursor movement, 256-colour arguments and a sequence cut off at the end', () => {
    // The 256-colour form sets no class of ours: the text stays plain, so the runs merge.
    expect(parseAnsi('a\u001b[2Kb\u001b[38;5;208mc\u001b[0md\u001b[3')).toEqual([{ text: 'abcd', classes: [] }]);
  });
  it('leaves plain text alone', () => {
    expect(parseAnsi('hello\n')).toEqual([{ text: 'hello\n', classes: [] }]);
    expect(parseAnsi('')).toEqual([]);
  });
});
