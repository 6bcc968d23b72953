/**
 * The lesson renderer: Markdown body -> segments the web app shows as they
 * are. Prose is HTML; each top-level fenced block is a code segment with the
 * number `gopherlab course validate` gives it ("code block N"), its language,
 * whether it is runnable (`go run` / `go build`), its source, its highlighted
 * HTML, and, for a `go run` block, the expected ```output block that follows
 * it. The browser never parses Markdown.
 *
 * The tokens are `lessonMarkdown`'s, the validator's own (../format), so
 * numbering and pairing cannot drift apart. Course content is trusted, but its
 * HTML lands on the learner's origin, so the renderer stays closed anyway:
 *  - raw HTML in the Markdown is shown as text;
 *  - a link's URL may be http(s), relative (including `#fragment`) or
 *    `lesson:<id>`, which becomes `/learn/<id>`; any other link keeps its text
 *    and loses its URL. External links open in a new tab without an opener.
 *  - images follow the same rule; a refused image shows its alt text.
 * A fence nested in a list or a quote stays inside its prose HTML, numbered
 * and highlighted but not runnable.
 */
import type { Token } from 'markdown-it';
import Renderer from 'markdown-it/lib/renderer.mjs';
import { analyzeTokens, lessonMarkdown, type CodeBlock } from '../format/markdown.js';
import { escapeHtml, highlightGo, plainCode } from './highlight.js';

export interface RenderOptions {
  /** URL prefix for `lesson:<id>` links. Default `/learn/`. */
  lessonBase?: string;
}

import type { CodeSegment, HtmlSegment, LessonSegment } from './types.js';

export type { CodeSegment, HtmlSegment, LessonSegment };

/** The URL a link or image may point to, or null when it is refused. */
export function safeUrl(url: string, lessonBase = '/learn/'): string | null {
  const u = url.trim();
  const lesson = /^lesson:([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(u);
  if (lesson) return lessonBase + lesson[1];
  if (/^https?:\/\/[^/]/i.test(u)) return u;
  // Relative: no scheme (javascript:, data:, mailto:, lesson:bad id...), and not protocol-relative (//host).
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) || /^[/\\]{2}/.test(u)) return null;
  return u;
}

function codeHtml(lang: string, source: string): string {
  return lang === 'go' ? highlightGo(source) : plainCode(source);
}

function codeSegment(block: CodeBlock): CodeSegment {
  const mode = block.kind === 'run' || block.kind === 'build' ? block.kind : null;
  return { kind: 'code', block: block.index + 1, lang: block.lang, info: block.info, mode, source: block.code, html: codeHtml(block.lang, block.code) };
}

/** A fence left inside prose HTML (nested in a list or quote): numbered and highlighted like the others. */
function nestedFenceHtml(block: CodeBlock): string {
  const lang = block.lang ? ` class="language-${escapeHtml(block.lang)}"` : '';
  const output = block.kind === 'output' ? ' lesson-output' : '';
  return `<pre class="code${output}" data-block="${block.index + 1}"><code${lang}>${codeHtml(block.lang, block.code)}</code></pre>\n`;
}

interface Env {
  lessonBase: string;
  blocks: Map<Token, CodeBlock>;
}

// The lessons' own renderer with the rules above; `lessonMarkdown.renderer` is left as it is.
const renderer = new Renderer();

renderer.rules.link_open = (tokens, idx, options, env: Env, self) => {
  const token = tokens[idx]!;
  const href = safeUrl(token.attrGet('href') ?? '', env.lessonBase);
  if (href === null) {
    token.meta = { ...token.meta, refused: true };
    return '';
  }
  const original = token.attrGet('href') ?? '';
  token.attrSet('href', href);
  if (original.trim().startsWith('lesson:')) token.attrSet('data-lesson', original.trim().slice('lesson:'.length));
  else if (/^https?:/i.test(href)) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return self.renderToken(tokens, idx, options);
};

renderer.rules.link_close = (tokens, idx, options, env: Env, self) => {
  // The matching link_open is the last one before this close at the same nesting.
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type === 'link_close') depth++;
    else if (t.type === 'link_open') {
      if (depth === 0) return (t.meta as { refused?: boolean } | null)?.refused ? '' : self.renderToken(tokens, idx, options);
      depth--;
    }
  }
  return self.renderToken(tokens, idx, options);
};

renderer.rules.image = (tokens, idx, options, env: Env, self) => {
  const token = tokens[idx]!;
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const src = safeUrl(token.attrGet('src') ?? '', env.lessonBase);
  if (src === null) return escapeHtml(alt);
  const title = token.attrGet('title');
  return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''} loading="lazy">`;
};

renderer.rules.fence = (tokens, idx, _options, env: Env) => {
  const block = env.blocks.get(tokens[idx]!);
  return block ? nestedFenceHtml(block) : '';
};

/** Renders a lesson body (front matter already removed) to segments. */
export function renderLesson(markdown: string, options: RenderOptions = {}): LessonSegment[] {
  const env: Env = { lessonBase: options.lessonBase ?? '/learn/', blocks: new Map() };
  const tokens = lessonMarkdown.parse(markdown, env);
  const { codeBlocks } = analyzeTokens(tokens);
  const segments: LessonSegment[] = [];
  const byNumber = new Map<number, CodeSegment>();
  let prose: Token[] = [];
  const flush = () => {
    if (prose.length === 0) return;
    segments.push({ kind: 'html', html: renderer.render(prose, lessonMarkdown.options, env) });
    prose = [];
  };
  let fence = 0;
  for (const token of tokens) {
    if (token.type !== 'fence') {
      prose.push(token);
      continue;
    }
    const block = codeBlocks[fence++]!;
    if (token.level > 0) {
      env.blocks.set(token, block);
      prose.push(token);
      continue;
    }
    flush();
    // An output block belongs to the `go run` block it follows (the validator's pairing).
    const runBlock = block.kind === 'output' ? byNumber.get(block.index) : undefined;
    if (runBlock?.mode === 'run') {
      runBlock.expectedOutput = block.code;
      runBlock.outputBlock = block.index + 1;
      continue;
    }
    const segment = codeSegment(block);
    byNumber.set(segment.block, segment);
    segments.push(segment);
  }
  flush();
  return segments;
}
