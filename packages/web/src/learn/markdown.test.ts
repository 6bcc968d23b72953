import { describe, expect, it } from 'vitest';
import { lessonSegments, safeHref } from './markdown.js';

const md = [
  '# Title',
  '',
  'See [the next lesson](lesson:runtime.gmp) and <script>alert(1)</script>.',
  '',
  '```go run',
  'package main',
  '',
  'func main() { println("hi") }',
  '```',
  '',
  '```output',
  'hi',
  '```',
  '',
  '```go',
  'x := 1',
  '```',
  '',
  '[bad](javascript:alert(1))',
].join('\n');

describe('lessonSegments', () => {
  const segs = lessonSegments(md);
  it('splits prose and code blocks, numbering code blocks and pairing output with its run block', () => {
    expect(segs.map((s) => s.kind)).toEqual(['html', 'code', 'output', 'code', 'html']);
    expect(segs[1]).toMatchObject({ kind: 'code', lang: 'go', runnable: 'run', block: 0 });
    expect(segs[2]).toMatchObject({ kind: 'output', code: 'hi', forBlock: 0 });
    expect(segs[3]).toMatchObject({ kind: 'code', runnable: null, block: 1 });
  });
  it('escapes raw HTML and rewrites lesson links', () => {
    const html = (segs[0] as { html: string }).html;
    expect(html).toContain('<h1');
    expect(html).toContain('href="/learn/runtime.gmp"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
  it('drops links with dangerous schemes', () => {
    const html = (segs[4] as { html: string }).html;
    expect(html).not.toContain('javascript:');
    expect(html).toContain('bad');
  });
  it('classifies hrefs', () => {
    expect(safeHref('https://go.dev')).toBe('https://go.dev');
    expect(safeHref('#section')).toBe('#section');
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('//evil.example')).toBeNull();
  });
});
