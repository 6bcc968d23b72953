/**
 * txtar archives, the multi-file format of the Go Playground and of the Go
 * tool's own tests (golang.org/x/tools/txtar). We write the parser ourselves:
 * the format is a dozen lines of rules, and the npm packages for it are
 * unmaintained one-offs.
 *
 * Format: an optional comment, then files, each introduced by a line
 * `-- name --` (exactly: dash dash space, name, space dash dash). A file's
 * content is every line up to the next marker; the last line of each file is
 * given a final newline if it lacks one (as the Go implementation does).
 */
import { AppError } from '@gopherlab/errors';

export interface TxtarArchive {
  comment: string;
  files: { name: string; content: string }[];
}

const MARKER = /^-- (.+) --$/;

function markerName(line: string): string | null {
  const m = MARKER.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!m) return null;
  const name = m[1]!.trim();
  return name === '' ? null : name;
}

export function parseTxtar(text: string): TxtarArchive {
  if (typeof text !== 'string') throw new AppError('invalid_txtar', 'The txtar archive must be text.');
  // Lines keep their terminators so contents round-trip byte for byte.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let comment = '';
  const files: { name: string; content: string }[] = [];
  let current: { name: string; content: string } | null = null;
  for (const line of lines) {
    const name = markerName(line.endsWith('\n') ? line.slice(0, -1) : line);
    if (name !== null) {
      current = { name, content: '' };
      files.push(current);
      continue;
    }
    if (current) current.content += line;
    else comment += line;
  }
  for (const f of files) if (f.content !== '' && !f.content.endsWith('\n')) f.content += '\n';
  if (comment !== '' && !comment.endsWith('\n')) comment += '\n';
  return { comment, files };
}

export function formatTxtar(archive: TxtarArchive): string {
  let out = archive.comment === '' || archive.comment.endsWith('\n') ? archive.comment : `${archive.comment}\n`;
  for (const f of archive.files) {
    if (/[\r\n]/.test(f.name)) throw new AppError('invalid_file_name', `File name ${JSON.stringify(f.name)} cannot be written into a txtar archive.`);
    out += `-- ${f.name} --\n`;
    out += f.content === '' || f.content.endsWith('\n') ? f.content : `${f.content}\n`;
  }
  return out;
}

/** True when the text looks like a txtar archive (has at least one file marker). */
export function isTxtar(text: string): boolean {
  return text.split('\n').some((l) => markerName(l) !== null);
}
