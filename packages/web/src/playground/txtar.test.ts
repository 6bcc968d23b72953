import { describe, expect, it } from 'vitest';
import { formatTxtar, importText, parseTxtar } from './txtar.js';

describe('txtar', () => {
  it('parses comment and files like x/tools/txtar', () => {
    const a = parseTxtar('comment line\n-- go.mod --\nmodule x\n-- main.go --\npackage main\n\nfunc main() {}\n');
    expect(a.comment).toBe('comment line\n');
    expect(a.files).toEqual([
      { name: 'go.mod', content: 'module x\n' },
      { name: 'main.go', content: 'package main\n\nfunc main() {}\n' },
    ]);
  });

  it('round-trips and adds the final newline a file lacks', () => {
    const files = [
      { name: 'a.go', content: 'package a' },
      { name: 'dir/b.go', content: 'package b\n' },
    ];
    const text = formatTxtar({ comment: '', files });
    expect(text).toBe('-- a.go --\npackage a\n-- dir/b.go --\npackage b\n');
    expect(parseTxtar(text).files).toEqual([
      { name: 'a.go', content: 'package a\n' },
      { name: 'dir/b.go', content: 'package b\n' },
    ]);
  });

  it('does not treat almost-markers as markers', () => {
    const a = parseTxtar('-- a.go --\n--not a marker--\n-- --\n');
    expect(a.files).toEqual([{ name: 'a.go', content: '--not a marker--\n-- --\n' }]);
  });

  it('imports Go Playground text: code before the first marker is prog.go', () => {
    expect(importText('package main\n-- go.mod --\nmodule m\n')).toEqual([
      { name: 'prog.go', content: 'package main\n' },
      { name: 'go.mod', content: 'module m\n' },
    ]);
    expect(importText('package main')).toEqual([{ name: 'prog.go', content: 'package main\n' }]);
  });

  it('imports CRLF text with the LF line endings the editor keeps', () => {
    expect(importText('-- a.go --\r\npackage a\r\n')).toEqual([{ name: 'a.go', content: 'package a\n' }]);
  });
});
