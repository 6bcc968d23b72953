/**
 * What to show of a failing test: the lines that say why it failed first, the
 * rest of its output on request. Kept free of React so it is unit-testable.
 */

/** Lines a failing test shows before "show full output"; a panic's goroutine dump is longer. */
const MAX_FAILURE_LINES = 24;

const RACE_BLOCK = /={10,}\nWARNING: DATA RACE\n[\s\S]*?\n={10,}\n?/g;

/** Removes the common leading indentation (go test indents t.Error lines by four spaces). */
export function dedent(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  let min = Infinity;
  for (const l of lines) {
    if (l.trim() === '') continue;
    min = Math.min(min, /^ */.exec(l)![0].length);
  }
  if (!Number.isFinite(min) || min === 0) return lines.join('\n');
  return lines.map((l) => l.slice(Math.min(min, /^ */.exec(l)![0].length))).join('\n');
}

export interface FailureText {
  /** The failure lines, dedented (got/want messages, a panic's first lines). */
  text: string;
  /** The whole output when it says more than `text`; null when `text` is all of it. */
  full: string | null;
}

/**
 * Go 1.27's test2json marks the t.Error/t.Fatal lines (`failure`); prefer
 * them. Without it (Go 1.26, a panic), the output stands in, minus race
 * reports (they are shown as stacks of their own) and cut to its first lines.
 */
export function failureText(test: { output: string; failure?: string | undefined }): FailureText {
  const output = test.output.replace(/\s+$/, '');
  const marked = test.failure?.replace(/\s+$/, '') ?? '';
  if (marked.trim() !== '') {
    const text = dedent(marked);
    return { text, full: output.trim() !== '' && dedent(output) !== text ? output : null };
  }
  const withoutRaces = output.replace(RACE_BLOCK, '');
  let text = dedent(withoutRaces).replace(/^\n+/, '');
  if (text.trim() === '') text = dedent(output);
  const lines = text.split('\n');
  if (lines.length > MAX_FAILURE_LINES) text = `${lines.slice(0, MAX_FAILURE_LINES).join('\n')}\n…`;
  return { text, full: text !== dedent(output) ? output : null };
}

export type TextPart = string | { file: string; line: number; text: string };

// `intake_test.go:69`, `./x.go:3:7`, `/home/gopher/src/first.go:34 +0xa8`.
const FILE_REF = /(?:\.{0,2}\/)?(?:[\w.@+-]+\/)*[\w.+-]+\.go:(\d+)/g;

/** Splits text at `file.go:line` references, keeping those `linkable` accepts as objects (to render as links). */
export function splitFileRefs(text: string, linkable: (file: string) => boolean): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(FILE_REF)) {
    const ref = m[0];
    const file = ref.slice(0, ref.lastIndexOf(':'));
    if (!linkable(file)) continue;
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ file, line: Number(m[1]), text: ref });
    last = m.index + ref.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
