/**
 * txtar archives (golang.org/x/tools/txtar), the multi-file format the Go
 * Playground uses: an optional comment, then files introduced by a line
 * `-- name --`. Parsing follows the Go implementation: a marker is a line that
 * starts with "-- " and ends with " --"; every file's data ends with a newline.
 */
import type { SourceFile } from '../api/types.js';

export interface Archive {
  comment: string;
  files: SourceFile[];
}

function markerName(line: string): string | null {
  if (!line.startsWith('-- ') || !line.endsWith(' --') || line.length < 6) return null;
  const name = line.slice(3, -3).trim();
  return name === '' ? null : name;
}

function fixNL(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}

export function parseTxtar(text: string): Archive {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  // split leaves a trailing "" for text ending in "\n"; it is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const comment: string[] = [];
  const files: SourceFile[] = [];
  let current: { name: string; lines: string[] } | null = null;
  for (const line of lines) {
    const name = markerName(line);
    if (name !== null) {
      if (current) files.push({ name: current.name, content: fixNL(joinLines(current.lines)) });
      current = { name, lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else {
      comment.push(line);
    }
  }
  if (current) files.push({ name: current.name, content: fixNL(joinLines(current.lines)) });
  return { comment: fixNL(joinLines(comment)), files };
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

export function formatTxtar(archive: Archive): string {
  let out = fixNL(archive.comment);
  for (const f of archive.files) out += `-- ${f.name} --\n` + fixNL(f.content);
  return out;
}

/**
 * Code pasted from the Go Playground is often one prog.go without markers;
 * such text becomes a single file named prog.go.
 */
export function importText(text: string): SourceFile[] {
  const archive = parseTxtar(text);
  if (archive.files.length > 0) {
    const leading = archive.comment.trim();
    // The Go Playground puts prog.go's code before the first marker.
    return leading ? [{ name: 'prog.go', content: archive.comment }, ...archive.files] : archive.files;
  }
  return [{ name: 'prog.go', content: fixNL(text) }];
}
