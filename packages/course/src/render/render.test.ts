import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdownBody, splitFrontMatter } from '../format/markdown.js';
import { renderLesson, safeUrl, type CodeSegment, type HtmlSegment } from './render.js';

const code = (segments: ReturnType<typeof renderLesson>) => segments.filter((s): s is CodeSegment => s.kind === 'code');
const html = (segments: ReturnType<typeof renderLesson>) =>
  segments
    .filter((s): s is HtmlSegment => s.kind === 'html')
    .map((s) => s.html)
    .join('');

describe('renderLesson', () => {
  const body = [
    '# Title', // 1
    '',
    '```go run', // 3: block 1
    'package main',
    '',
    'func main() { println("hi") }',
    '```',
    '',
    'Prose between a run block and its output is allowed.',
    '',
    '```output', // 11: block 2
    'hi',
    '```',
    '',
    '```go', // 15: block 3
    'x := 1',
    '```',
    '',
    '```go build', // 19: block 4
    'package main',
    '```',
    '```sh', // 22: block 5
    'go test ./...',
    '```',
  ].join('\n');
  const segments = renderLesson(body);

  it('splits prose and code blocks, numbered as the validator numbers them', () => {
    expect(segments.map((s) => s.kind)).toEqual(['html', 'code', 'html', 'code', 'code', 'code']);
    expect(code(segments).map((s) => [s.block, s.lang, s.info, s.mode])).toEqual([
      [1, 'go', 'go run', 'run'],
      [3, 'go', 'go', null],
      [4, 'go', 'go build', 'build'],
      [5, 'sh', 'sh', null],
    ]);
    const validator = parseMarkdownBody(body).codeBlocks;
    for (const s of code(segments)) expect(validator[s.block - 1]!.code).toBe(s.source);
  });

  it('attaches the expected output block to the go run block it follows', () => {
    const run = code(segments)[0]!;
    expect(run).toMatchObject({ expectedOutput: 'hi\n', outputBlock: 2, source: 'package main\n\nfunc main() { println("hi") }\n' });
    expect(code(segments)[1]!.expectedOutput).toBeUndefined();
    expect(html(segments)).not.toContain('hi\n</code>');
  });

  it('highlights Go, escapes everything else, one span per line', () => {
    const run = code(segments)[0]!;
    expect(run.html).toBe(
      '<span class="line"><span class="tok-keyword">package</span> <span class="tok-variableName tok-definition">main</span></span>\n' +
        '<span class="line"></span>\n' +
        '<span class="line"><span class="tok-keyword">func</span> <span class="tok-variableName tok-definition tok-function">main</span><span class="tok-punctuation">(</span><span class="tok-punctuation">)</span> <span class="tok-punctuation">{</span> <span class="tok-variableName tok-function">println</span><span class="tok-punctuation">(</span><span class="tok-string">&quot;hi&quot;</span><span class="tok-punctuation">)</span> <span class="tok-punctuation">}</span></span>',
    );
    const sh = renderLesson('```sh\necho "<b>" && ls\n```\n');
    expect(code(sh)[0]!.html).toBe('<span class="line">echo &quot;&lt;b&gt;&quot; &amp;&amp; ls</span>');
    const go = renderLesson('```go\nif a < b && c > d {}\n```\n');
    expect(code(go)[0]!.html).toContain('&lt;');
    expect(code(go)[0]!.html).not.toMatch(/<(?!\/?span)/);
  });

  it('shows raw HTML as text', () => {
    const out = html(renderLesson('<script>alert(1)</script>\n\nInline <img src=x onerror=alert(1)> too.\n'));
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps http(s), relative and lesson: links and drops the URL of any other', () => {
    const out = html(
      renderLesson(
        [
          '[maps](lesson:maps-internals) [spec](https://go.dev/ref/spec) [up](../notes.md) [here](#part-2) [root](/learn)',
          '[js](javascript:alert(1)) [data](data:text/html,hi) [mail](mailto:a@b.c) [proto](//evil.example/x) [vb](VBScript:x) [bad](lesson:Not_An_Id)',
        ].join('\n\n'),
      ),
    );
    expect(out).toContain('<a href="/learn/maps-internals" data-lesson="maps-internals">maps</a>');
    expect(out).toContain('<a href="https://go.dev/ref/spec" target="_blank" rel="noopener noreferrer">spec</a>');
    expect(out).toContain('<a href="../notes.md">up</a>');
    expect(out).toContain('<a href="#part-2">here</a>');
    expect(out).toContain('<a href="/learn">root</a>');
    expect(out).toContain('<p>js data mail proto vb bad</p>');
    expect(out.match(/<a /g)).toHaveLength(5);
  });

  it('applies the same rule to images', () => {
    const out = html(renderLesson('![gopher](https://go.dev/gopher.png "G") ![local](img/x.png) ![evil](javascript:alert(1)) ![x](data:image/png;base64,AAAA)'));
    expect(out).toContain('<img src="https://go.dev/gopher.png" alt="gopher" title="G" loading="lazy">');
    expect(out).toContain('<img src="img/x.png" alt="local" loading="lazy">');
    expect(out).not.toMatch(/javascript:|data:/);
    expect(out).toContain(' evil x</p>');
  });

  it('keeps a fence inside a list in its prose, still numbered and highlighted', () => {
    const segs = renderLesson('1. Step one:\n\n   ```go\n   x := 1\n   ```\n\n2. Step two.\n\n```go run\npackage main\n```\n\n```output\n```\n');
    expect(segs.map((s) => s.kind)).toEqual(['html', 'code']);
    const prose = html(segs);
    expect(prose).toContain('<pre class="code" data-block="1"><code class="language-go"><span class="line"><span class="tok-variableName tok-definition">x</span>');
    expect(prose).toMatch(/<\/ol>\s*$/);
    expect(code(segs)[0]).toMatchObject({ block: 2, mode: 'run', expectedOutput: '', outputBlock: 3 });
  });

  it('shows an output block that follows no go run block as a block of its own', () => {
    const segs = code(renderLesson('```go\nx\n```\n\n```output\ny\n```\n'));
    expect(segs.map((s) => [s.block, s.lang, s.mode])).toEqual([
      [1, 'go', null],
      [2, 'output', null],
    ]);
  });
});

describe('safeUrl', () => {
  it('maps lesson ids and refuses schemes other than http(s)', () => {
    expect(safeUrl('lesson:gc-tuning')).toBe('/learn/gc-tuning');
    expect(safeUrl(' https://go.dev ')).toBe('https://go.dev');
    expect(safeUrl('HTTP://example.com/x')).toBe('HTTP://example.com/x');
    expect(safeUrl('docs/x.md#y')).toBe('docs/x.md#y');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', 'file:///etc/passwd', 'mailto:x@y', '//evil.example', '\\\\evil', 'lesson:../x', 'https:///x']) {
      expect(safeUrl(bad), bad).toBeNull();
    }
  });
});

describe('every lesson of the course', () => {
  const root = path.resolve(import.meta.dirname, '../../../../course');
  const files = readdirSync(root)
    .filter((d) => /^\d\d-/.test(d))
    .flatMap((m) => readdirSync(path.join(root, m)).flatMap((l) => ['en', 'zh-CN'].map((lang) => path.join(root, m, l, `lesson.${lang}.md`))));

  it('renders with the validator numbering, every block shown once', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const { body } = splitFrontMatter(readFileSync(file, 'utf8'));
      const blocks = parseMarkdownBody(body).codeBlocks;
      const segs = code(renderLesson(body));
      const shown = segs.flatMap((s) => (s.outputBlock ? [s.block, s.outputBlock] : [s.block])).sort((a, b) => a - b);
      expect(shown, file).toEqual(blocks.map((b) => b.index + 1));
      for (const s of segs) {
        const b = blocks[s.block - 1]!;
        expect([s.info, s.source, s.expectedOutput], file).toEqual([b.info, b.code, b.expectedOutput]);
      }
    }
  });
});
