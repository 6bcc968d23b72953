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

// The cases of golang.org/x/tools/txtar's own archive_test.go (TestParse), which the Go Playground uses.
describe('txtar as golang.org/x/tools/txtar parses it', () => {
  it('basic: almost-markers stay content, empty and unterminated files', () => {
    const text = 'comment1\ncomment2\n-- file1 --\nFile 1 text.\n-- foo ---\nMore file 1 text.\n-- file 2 --\nFile 2 text.\n-- empty --\n-- noNL --\nhello world\n-- empty filename line --\nsome content\n-- --';
    const a = parseTxtar(text);
    expect(a).toEqual({
      comment: 'comment1\ncomment2\n',
      files: [
        { name: 'file1', content: 'File 1 text.\n-- foo ---\nMore file 1 text.\n' },
        { name: 'file 2', content: 'File 2 text.\n' },
        { name: 'empty', content: '' },
        { name: 'noNL', content: 'hello world\n' },
        { name: 'empty filename line', content: 'some content\n-- --\n' },
      ],
    });
    expect(parseTxtar(formatTxtar(a))).toEqual(a);
  });
  it('crlf: markers end in CRLF, content keeps its bytes', () => {
    const a = parseTxtar('comment\r\n-- file --\r\ndata\r\n');
    expect(a).toEqual({ comment: 'comment\r\n', files: [{ name: 'file', content: 'data\r\n' }] });
  });
  it('utf8 and comment', () => {
    expect(parseTxtar('# This is a test comment\n-- hello.txt --\nHello\n-- unicode.txt --\nGo语言\n')).toEqual({
      comment: '# This is a test comment\n',
      files: [
        { name: 'hello.txt', content: 'Hello\n' },
        { name: 'unicode.txt', content: 'Go语言\n' },
      ],
    });
  });
});
