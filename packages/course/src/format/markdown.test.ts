import { describe, expect, it } from 'vitest';
import { FrontMatterError, normalizeOutput, parseMarkdownBody, splitFrontMatter } from './markdown.js';

describe('splitFrontMatter', () => {
  it('separates YAML from the body and counts the lines it took', () => {
    const s = splitFrontMatter('---\nid: a\nminutes: 3\n---\n# Title\n');
    expect(s.frontMatter).toEqual({ id: 'a', minutes: 3 });
    expect(s.body).toBe('# Title\n');
    expect(s.bodyLineOffset).toBe(4);
  });

  it('rejects a file without front matter, or with unclosed or invalid YAML', () => {
    expect(() => splitFrontMatter('# no front matter')).toThrow(FrontMatterError);
    expect(() => splitFrontMatter('---\nid: a\n# body')).toThrow(/not closed/);
    expect(() => splitFrontMatter('---\nid: [a\n---\nbody')).toThrow(/not valid YAML/);
    expect(() => splitFrontMatter('---\nid: a\ntitle: sync.Pool: reuse\n---\nbody')).toThrow(/must be quoted/);
  });
});

describe('parseMarkdownBody', () => {
  const body = [
    '# One', // 1
    '', // 2
    '```go run', // 3
    'package main', // 4
    '```', // 5
    '', // 6
    'Prose between is fine.', // 7
    '', // 8
    '```output', // 9
    'hi', // 10
    '```', // 11
    '', // 12
    '## Two', // 13
    'See [slices](lesson:slices-aliasing) and [Go](https://go.dev).', // 14
    '', // 15
    '```go build', // 16
    'package main', // 17
    '```', // 18
    '```sh', // 19
    'go test ./...', // 20
    '```', // 21
  ].join('\n');

  it('finds headings, classifies code blocks and pairs run with output', () => {
    const p = parseMarkdownBody(body, 7);
    expect(p.headings.map((h) => [h.level, h.text, h.line])).toEqual([
      [1, 'One', 8],
      [2, 'Two', 20],
    ]);
    expect(p.codeBlocks.map((b) => b.kind)).toEqual(['run', 'output', 'build', 'display']);
    expect(p.codeBlocks[0]!.expectedOutput).toBe('hi\n');
    expect(p.codeBlocks[0]!.line).toBe(10);
    expect(p.lessonLinks).toEqual([{ id: 'slices-aliasing', line: 21 }]);
    expect(p.problems).toEqual([]);
  });

  it('reports a go run block without output and an orphan output block', () => {
    const p = parseMarkdownBody('```go run\npackage main\n```\n\n```go\nx := 1\n```\n\n```output\nx\n```\n');
    expect(p.problems.map((x) => x.line)).toEqual([1, 9]);
    expect(p.problems[0]!.message).toMatch(/followed by an "output" block/);
    expect(p.problems[1]!.message).toMatch(/directly follow a "go run" block/);
  });
});

describe('lessonMarkdown', () => {
  it('gives the validator every link, whatever the renderer later refuses', () => {
    const p = parseMarkdownBody('[a](javascript:alert(1)) [b](lesson:gc-tuning) <a href="lesson:raw-html">c</a>\n');
    // Raw HTML is text, so only the Markdown link counts.
    expect(p.lessonLinks).toEqual([{ id: 'gc-tuning', line: 1 }]);
  });

  it('numbers a fence inside a list like any other, in document order', () => {
    const p = parseMarkdownBody('```go\na\n```\n\n- item\n\n  ```go run\n  package main\n  ```\n\n  ```output\n  ```\n\n```sh\nls\n```\n');
    expect(p.codeBlocks.map((b) => [b.index, b.kind, b.line])).toEqual([
      [0, 'fragment', 1],
      [1, 'run', 7],
      [2, 'output', 11],
      [3, 'display', 14],
    ]);
    expect(p.codeBlocks[1]!.expectedOutput).toBe('');
  });
});

describe('normalizeOutput', () => {
  it('ignores trailing spaces, CRLF and trailing blank lines but not inner differences', () => {
    expect(normalizeOutput('a  \r\nb\n\n\n')).toBe('a\nb');
    expect(normalizeOutput(' a')).not.toBe(normalizeOutput('a'));
  });
});
