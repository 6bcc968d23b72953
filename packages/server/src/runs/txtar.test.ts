import { describe, expect, it } from 'vitest';
import { formatTxtar, parseTxtar } from './txtar.js';

describe('txtar', () => {
  it('parses files after an optional comment', () => {
    const files = parseTxtar('comment line\n-- go.mod --\nmodule m\n-- main.go --\npackage main\n\nfunc main() {}\n');
    expect(files).toEqual([
      { name: 'go.mod', content: 'module m\n' },
      { name: 'main.go', content: 'package main\n\nfunc main() {}\n' },
    ]);
  });

  it('round-trips through formatTxtar', () => {
    const files = [
      { name: 'a.go', content: 'package a\n' },
      { name: 'sub/b.go', content: 'package sub' },
      { name: 'empty.txt', content: '' },
    ];
    const back = parseTxtar(formatTxtar(files));
    expect(back.map((f) => f.name)).toEqual(['a.go', 'sub/b.go', 'empty.txt']);
    expect(back[0]!.content).toBe('package a\n');
    expect(back[1]!.content).toBe('package sub\n');
    expect(back[2]!.content).toBe('');
  });

  it('rejects an archive without files', () => {
    expect(() => parseTxtar('just a comment\n')).toThrow(expect.objectContaining({ code: 'invalid_txtar' }));
  });
});
