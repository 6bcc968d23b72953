import { describe, expect, it } from 'vitest';
import { formatTxtar, isTxtar, parseTxtar } from './txtar.js';

describe('parseTxtar', () => {
  it('reads comment and files like golang.org/x/tools/txtar', () => {
    const a = parseTxtar('a comment\n-- go.mod --\nmodule x\n\ngo 1.26\n-- main.go --\npackage main\n\nfunc main() {}\n');
    expect(a.comment).toBe('a comment\n');
    expect(a.files).toEqual([
      { name: 'go.mod', content: 'module x\n\ngo 1.26\n' },
      { name: 'main.go', content: 'package main\n\nfunc main() {}\n' },
    ]);
  });

  it('adds the final newline a last line lacks and keeps empty files', () => {
    const a = parseTxtar('-- a.txt --\n-- b.go --\npackage b');
    expect(a.files).toEqual([
      { name: 'a.txt', content: '' },
      { name: 'b.go', content: 'package b\n' },
    ]);
  });

  it('does not treat near-markers as markers', () => {
    const a = parseTxtar('-- a.go --\n--b.go--\n-- c.go -\n--  --\n x -- y.go --\n');
    expect(a.files).toHaveLength(1);
    expect(a.files[0]!.content).toBe('--b.go--\n-- c.go -\n--  --\n x -- y.go --\n');
  });

  it('accepts CRLF marker lines', () => {
    const a = parseTxtar('-- a.go --\r\npackage a\r\n');
    expect(a.files[0]).toEqual({ name: 'a.go', content: 'package a\r\n' });
  });

  it('round-trips through formatTxtar', () => {
    const src = 'c\n-- x/y.go --\npackage y\n-- z.txt --\nhello\n';
    expect(formatTxtar(parseTxtar(src))).toBe(src);
  });

  it('detects archives', () => {
    expect(isTxtar('package main\n')).toBe(false);
    expect(isTxtar('-- main.go --\npackage main\n')).toBe(true);
  });
});
