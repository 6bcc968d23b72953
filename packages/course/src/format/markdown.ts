/**
 * Splits a lesson file into front matter and body and extracts what the
 * validator and the web app need from the body: headings, code blocks (with
 * the `go run` -> `output` pairing) and `lesson:` links.
 *
 * There is one Markdown parser for lessons: `lessonMarkdown` below. The
 * validator reads its tokens (parseMarkdownBody) and the renderer
 * (../render/render.ts) renders the very same tokens, so a code block has the
 * same number in `gopherlab course validate` and on the lesson page, and a
 * fence inside a list or quote is found the way it is shown.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { parse as parseYaml, YAMLParseError } from 'yaml';

export type CodeBlockKind = 'run' | 'build' | 'fragment' | 'output' | 'display';

export interface CodeBlock {
  /** Position among all fenced blocks of the lesson (0-based). */
  index: number;
  kind: CodeBlockKind;
  /** Full info string, e.g. `go run`. */
  info: string;
  /** First word of the info string, e.g. `go`, `output`, `sh`. */
  lang: string;
  code: string;
  /** 1-based line of the opening fence in the lesson file. */
  line: number;
  /** For `run` blocks: the text of the paired `output` block. */
  expectedOutput?: string;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface ParsedMarkdown {
  headings: Heading[];
  codeBlocks: CodeBlock[];
  /** Lesson ids referenced as `lesson:<id>`, in order, with their lines. */
  lessonLinks: { id: string; line: number }[];
  /** Problems found while pairing blocks (e.g. a `go run` block without output). */
  problems: { line: number; message: string }[];
}

export interface SplitFile {
  frontMatter: unknown;
  body: string;
  /** Lines taken by the front matter block, so body line numbers can be mapped back. */
  bodyLineOffset: number;
}

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function splitFrontMatter(text: string): SplitFile {
  const normalized = text.replace(/\r\n/g, '\n');
  if (!normalized.startsWith('---\n')) {
    throw new FrontMatterError('the file must start with YAML front matter between "---" lines', 1);
  }
  const end = normalized.indexOf('\n---\n', 3);
  const endAtEof = normalized.endsWith('\n---') ? normalized.length - 4 : -1;
  const close = end >= 0 ? end : endAtEof;
  if (close < 0) throw new FrontMatterError('the front matter is not closed by a "---" line', 1);
  const yamlText = normalized.slice(4, close + 1);
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(yamlText);
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? e.linePos[0].line + 1 : 1;
    // yaml reports positions relative to the front matter; we report the file line instead.
    const first = ((e as Error).message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?$/, '');
    // The most common authoring slip: an unquoted title such as `title: sync.Pool: reuse`.
    const hint = /compact mappings|mapping values are not allowed/i.test(first) ? ' (a value containing ": " must be quoted)' : '';
    throw new FrontMatterError(`front matter is not valid YAML: ${first}${hint}`, line);
  }
  const body = normalized.slice(close + 5);
  const bodyLineOffset = normalized.slice(0, close + 5).split('\n').length - 1;
  return { frontMatter, body, bodyLineOffset };
}

/**
 * The lessons' markdown-it: CommonMark plus tables and strikethrough, raw HTML
 * off (it is shown as text), no linkify or typographic replacements. Every
 * link is kept as a link token here, whatever its scheme, so the validator
 * sees each `lesson:` link; which URLs may become an `href` is decided when
 * rendering (../render/render.ts), not by this instance.
 */
export const lessonMarkdown: MarkdownIt = new MarkdownIt({ html: false, linkify: false, typographer: false });
lessonMarkdown.validateLink = () => true;

export function classifyFence(info: string): { kind: CodeBlockKind; lang: string } {
  const words = info.trim().split(/\s+/).filter(Boolean);
  const lang = words[0] ?? '';
  if (lang === 'go' && words[1] === 'run') return { kind: 'run', lang };
  if (lang === 'go' && words[1] === 'build') return { kind: 'build', lang };
  if (lang === 'go') return { kind: 'fragment', lang };
  if (lang === 'output') return { kind: 'output', lang };
  return { kind: 'display', lang };
}

export { normalizeOutput } from './output.js';

export function parseMarkdownBody(body: string, lineOffset = 0): ParsedMarkdown {
  return analyzeTokens(lessonMarkdown.parse(body, {}), lineOffset);
}

/**
 * What parseMarkdownBody reports, from tokens of `lessonMarkdown.parse`. The
 * n-th `fence` token of the stream is `codeBlocks[n]`, whatever its nesting.
 */
export function analyzeTokens(tokens: readonly Token[], lineOffset = 0): ParsedMarkdown {
  const headings: Heading[] = [];
  const codeBlocks: CodeBlock[] = [];
  const lessonLinks: { id: string; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const line = (t.map?.[0] ?? 0) + 1 + lineOffset;
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1];
      headings.push({ level: Number(t.tag.slice(1)), text: inline?.content ?? '', line });
    } else if (t.type === 'fence') {
      const { kind, lang } = classifyFence(t.info);
      codeBlocks.push({ index: codeBlocks.length, kind, lang, info: t.info.trim(), code: t.content, line });
    } else if (t.type === 'inline') {
      for (const child of t.children ?? []) {
        if (child.type !== 'link_open') continue;
        const href = child.attrGet('href') ?? '';
        if (href.startsWith('lesson:')) lessonLinks.push({ id: href.slice('lesson:'.length), line });
      }
    }
  }
  for (let i = 0; i < codeBlocks.length; i++) {
    const block = codeBlocks[i]!;
    if (block.kind === 'run') {
      const next = codeBlocks[i + 1];
      if (!next || next.kind !== 'output') {
        problems.push({ line: block.line, message: 'a "go run" block must be followed by an "output" block with its expected stdout' });
      } else {
        block.expectedOutput = next.code;
      }
    } else if (block.kind === 'output') {
      const prev = codeBlocks[i - 1];
      if (!prev || prev.kind !== 'run') {
        problems.push({ line: block.line, message: 'an "output" block must directly follow a "go run" block' });
      }
    }
  }
  return { headings, codeBlocks, lessonLinks, problems };
}
