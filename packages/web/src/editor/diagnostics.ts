/**
 * Maps the report's file:line:col diagnostics (1-based, as Go prints them) to
 * character ranges in the editor's text. Kept free of CodeMirror so it is
 * testable without a DOM and usable by the lazy editor chunk alone.
 */
import type { Diagnostic } from '../api/types.js';

export interface TextRange {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
}

/** Go reports paths as `./main.go`, `main.go` or with the module dir prefix; compare on the normalized relative name. */
export function sameFile(diagFile: string, editorFile: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');
  const d = norm(diagFile);
  const e = norm(editorFile);
  return d === e || d.endsWith('/' + e);
}

export function diagnosticsToRanges(text: string, diags: readonly Diagnostic[], file: string): TextRange[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const out: TextRange[] = [];
  for (const d of diags) {
    if (!sameFile(d.file, file)) continue;
    const lineIdx = Math.min(Math.max(1, d.line || 1), lineStarts.length) - 1;
    const start = lineStarts[lineIdx]!;
    const end = lineIdx + 1 < lineStarts.length ? lineStarts[lineIdx + 1]! - 1 : text.length;
    // Go columns count bytes; for ASCII source that equals characters, and
    // for anything else clamping to the line keeps the mark on the right line.
    const from = Math.min(start + Math.max(0, (d.col || 1) - 1), end);
    const to = d.col ? wordEnd(text, from, end) : end;
    out.push({ from, to: Math.max(to, from), severity: d.severity, message: withReasons(d), source: d.source });
  }
  return out;
}

/** The compiler's reasons (-m=2), one step per line under the decision, as the tooltip shows them. */
function withReasons(d: Diagnostic): string {
  return d.explanation?.length ? `${d.message}\n${d.explanation.map((l) => `  ${l}`).join('\n')}` : d.message;
}

/** Underline the identifier at the column (or one character), not the whole line. */
function wordEnd(text: string, from: number, lineEnd: number): number {
  let i = from;
  while (i < lineEnd && /[\w.]/.test(text[i]!)) i++;
  return i === from ? Math.min(from + 1, lineEnd) : i;
}

/** Offset of the start of a 1-based line, for "jump to file:line". */
export function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return offset;
    offset = nl + 1;
  }
  return offset;
}
