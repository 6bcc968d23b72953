/**
 * txtar in the playground: the one parser (packages/runner/src/request/txtar.ts,
 * faithful to golang.org/x/tools/txtar and browser-safe) plus what only the
 * editor needs: pasted text becomes files with LF line endings.
 */
import { formatTxtar, parseTxtar } from '@gopherlab/runner/txtar';
import type { SourceFile } from '../api/types.js';

export { formatTxtar, parseTxtar };

function fixNL(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}

/**
 * Code pasted from the Go Playground is often one prog.go without markers;
 * such text becomes a single file named prog.go. The editor keeps LF line
 * endings, so CRLF is normalised first.
 */
export function importText(raw: string): SourceFile[] {
  const text = raw.replace(/\r\n/g, '\n');
  const archive = parseTxtar(text);
  if (archive.files.length > 0) {
    const leading = archive.comment.trim();
    // The Go Playground puts prog.go's code before the first marker.
    return leading ? [{ name: 'prog.go', content: archive.comment }, ...archive.files] : archive.files;
  }
  return [{ name: 'prog.go', content: fixNL(text) }];
}
