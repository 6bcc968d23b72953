import { describe, expect, it } from 'vitest';
import { renderLessonHtml } from './render.js';

describe('renderLessonHtml', () => {
  it('marks runnable blocks and their output for the web app', () => {
    const html = renderLessonHtml('```go run\npackage main\n```\n\n```output\nhi\n```\n\n```go\nx := 1\n```\n\n```go build\npackage main\n```\n');
    expect(html).toContain('<pre data-block="0" data-runnable="run"><code class="language-go">package main');
    expect(html).toContain('<pre class="lesson-output" data-block="1" data-output-for="0"><code>hi');
    expect(html).toContain('<pre data-block="2"><code class="language-go">x := 1');
    expect(html).toContain('<pre data-block="3" data-runnable="build">');
  });

  it('escapes raw HTML and code, and drops dangerous links', () => {
    const html = renderLessonHtml('<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](data:text/html,hi)\n\n```go\nif a < b && c > d {}\n```\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).toContain('if a &lt; b &amp;&amp; c &gt; d');
  });

  it('turns lesson: links into app routes and opens external links safely', () => {
    const html = renderLessonHtml('[maps](lesson:maps-internals) [Go](https://go.dev/ref/spec)', { lessonBase: '/learn/' });
    expect(html).toContain('<a href="/learn/maps-internals" data-lesson="maps-internals">maps</a>');
    expect(html).toContain('href="https://go.dev/ref/spec" rel="noopener noreferrer" target="_blank"');
  });
});
