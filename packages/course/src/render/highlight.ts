/**
 * Go syntax highlighting for lessons, done once on the server with the
 * grammar the web editor uses: @codemirror/lang-go's language is @lezer/go's
 * `parser`, and highlight.test.ts checks that both produce the same result.
 *
 * Tokens get @lezer/highlight's `classHighlighter` classes (`tok-keyword`,
 * `tok-string`, ...) plus three classes for distinctions the editor's
 * highlight styles make and classHighlighter folds together. The web app's
 * stylesheet gives the classes the editor's colours in both themes
 * (CodeMirror's default style in light, One Dark in dark); highlight.test.ts
 * checks every Go token kind against the editor's own styles.
 */
import { parser as goParser } from '@lezer/go';
import { classHighlighter, highlightCode, tagHighlighter, tags, type Highlighter } from '@lezer/highlight';

/** Distinctions of the editor's styles that classHighlighter does not make. */
const editorDistinctions = tagHighlighter([
  // One Dark: function names (calls and declarations) are blue, other names red.
  { tag: tags.function(tags.variableName), class: 'tok-function' },
  // One Dark: rune literals are coloured as names, not as strings.
  { tag: tags.character, class: 'tok-character' },
  // One Dark: `*` and `~` in types are coloured as types, not as keywords.
  { tag: tags.modifier, class: 'tok-modifier' },
]);

const highlighters: Highlighter[] = [classHighlighter, editorDistinctions];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One `<span class="line">` per source line (joined by "\n"), so the page can number lines with CSS. */
function joinLines(lines: string[]): string {
  return lines.map((l) => `<span class="line">${l}</span>`).join('\n');
}

function withoutFinalNewline(code: string): string {
  return code.endsWith('\n') ? code.slice(0, -1) : code;
}

/** Go source -> the inner HTML of a `<code>`: escaped text, token spans, one span per line. */
export function highlightGo(code: string): string {
  const text = withoutFinalNewline(code);
  const lines: string[] = [];
  let line = '';
  highlightCode(
    text,
    goParser.parse(text),
    highlighters,
    (chunk, classes) => {
      line += classes ? `<span class="${classes}">${escapeHtml(chunk)}</span>` : escapeHtml(chunk);
    },
    () => {
      lines.push(line);
      line = '';
    },
  );
  lines.push(line);
  return joinLines(lines);
}

/** Any other block (sh, text, output, ...): escaped, one span per line, no colours. */
export function plainCode(code: string): string {
  return joinLines(withoutFinalNewline(code).split('\n').map(escapeHtml));
}
