/**
 * Lesson Markdown -> segments: HTML for prose, and code blocks the page turns
 * into components (a Run button for ```go run blocks, the expected output
 * for ```output blocks). Follows docs/COURSE-FORMAT.md: raw HTML is shown as
 * text, links may only be http(s), relative or `lesson:<id>` (-> /learn/<id>).
 */
import { Marked, type Tokens } from 'marked';

export type Segment =
  | { kind: 'html'; html: string }
  | { kind: 'code'; lang: string; code: string; runnable: 'run' | 'build' | null; block: number }
  | { kind: 'output'; code: string; forBlock: number };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function safeHref(href: string): string | null {
  const h = href.trim();
  const lesson = /^lesson:([A-Za-z0-9._-]+)$/.exec(h);
  if (lesson) return `/learn/${lesson[1]}`;
  if (/^https?:\/\//i.test(h)) return h;
  // Relative links and fragments; anything with a scheme (javascript:, data:) is refused.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(h) && !h.startsWith('//')) return h;
  return null;
}

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      if (href === null) return text;
      const external = /^https?:/i.test(href);
      return `<a href="${escapeHtml(href)}"${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${text}</a>`;
    },
    image(token: Tokens.Image) {
      const href = safeHref(token.href);
      return href === null ? escapeHtml(token.text) : `<img src="${escapeHtml(href)}" alt="${escapeHtml(token.text)}">`;
    },
  },
});

export function lessonSegments(markdown: string): Segment[] {
  const tokens = marked.lexer(markdown);
  const segments: Segment[] = [];
  let prose: Tokens.Generic[] = [];
  let block = 0;
  let lastRunnable = -1;
  const flush = () => {
    // Blank lines between code blocks are 'space' tokens: not worth a segment.
    if (prose.every((t) => t.type === 'space')) {
      prose = [];
      return;
    }
    const list = Object.assign(prose, { links: tokens.links }) as unknown as Parameters<typeof marked.parser>[0];
    segments.push({ kind: 'html', html: marked.parser(list) });
    prose = [];
  };
  for (const tok of tokens) {
    if (tok.type === 'code') {
      flush();
      const info = ((tok as Tokens.Code).lang ?? '').trim();
      const [lang = '', mode] = info.split(/\s+/);
      if (lang === 'output') {
        segments.push({ kind: 'output', code: (tok as Tokens.Code).text, forBlock: lastRunnable });
        continue;
      }
      const runnable = lang === 'go' && (mode === 'run' || mode === 'build') ? mode : null;
      const n = block++;
      if (runnable) lastRunnable = n;
      segments.push({ kind: 'code', lang, code: (tok as Tokens.Code).text, runnable, block: n });
    } else {
      prose.push(tok as Tokens.Generic);
    }
  }
  flush();
  return segments;
}
