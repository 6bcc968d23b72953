/**
 * How a program's output is compared with a lesson's ```output block, by the
 * validator and by the lesson page alike: line endings, trailing spaces and
 * trailing blank lines do not count. Browser-safe (@gopherlab/course/output).
 */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}
