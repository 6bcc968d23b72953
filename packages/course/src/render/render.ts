/**
 * Server-side Markdown -> HTML for lessons. Course content is trusted, but the
 * HTML ends up in the same origin as the learner's session, so we keep the
 * renderer closed anyway: raw HTML in Markdown is escaped (html: false), and
 * only http(s), mailto, in-page, relative and `lesson:` links survive.
 *
 * Code blocks carry data attributes the web app uses to add Run buttons and to
 * compare a run's stdout with the lesson's expected output.
 */
import MarkdownIt from 'markdown-it';

export interface RenderOptions {
  /** URL prefix for `lesson:<id>` links. Default `/learn/`. */
  lessonBase?: string;
}

const SAFE_LINK = /^(?:https?:|mailto:|lesson:|#|\/|\.{0,2}\/|[a-z0-9._~-]+(?:[/#?]|$))/i;

function createRenderer(lessonBase: string): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim()) && !/^\s*(?:javascript|vbscript|data|file):/i.test(url);

  md.core.ruler.push('gopherlab_links', (state) => {
    for (const block of state.tokens) {
      for (const t of block.children ?? []) {
        if (t.type !== 'link_open') continue;
        const href = t.attrGet('href') ?? '';
        if (href.startsWith('lesson:')) {
          t.attrSet('href', lessonBase + encodeURIComponent(href.slice('lesson:'.length)));
          t.attrSet('data-lesson', href.slice('lesson:'.length));
        } else if (/^https?:/i.test(href)) {
          t.attrSet('rel', 'noopener noreferrer');
          t.attrSet('target', '_blank');
        }
      }
    }
  });

  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx]!;
    const words = token.info.trim().split(/\s+/);
    const lang = words[0] ?? '';
    const esc = md.utils.escapeHtml;
    // Count fences before this one: the index matches CodeBlock.index from the parser.
    let blockIndex = 0;
    for (let i = 0; i < idx; i++) if (tokens[i]!.type === 'fence') blockIndex++;
    const code = esc(token.content);
    if (lang === 'output') {
      return `<pre class="lesson-output" data-block="${blockIndex}" data-output-for="${blockIndex - 1}"><code>${code}</code></pre>\n`;
    }
    const mode = lang === 'go' && (words[1] === 'run' || words[1] === 'build') ? words[1] : undefined;
    const langClass = lang ? ` class="language-${esc(lang)}"` : '';
    const runnable = mode ? ` data-runnable="${mode}"` : '';
    return `<pre data-block="${blockIndex}"${runnable}><code${langClass}>${code}</code></pre>\n`;
  };
  return md;
}

const renderers = new Map<string, MarkdownIt>();

/** Renders a lesson body (front matter already removed) to HTML. */
export function renderLessonHtml(markdown: string, options: RenderOptions = {}): string {
  const base = options.lessonBase ?? '/learn/';
  let md = renderers.get(base);
  if (!md) {
    md = createRenderer(base);
    renderers.set(base, md);
  }
  return md.render(markdown);
}
