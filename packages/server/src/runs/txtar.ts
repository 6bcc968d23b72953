/**
 * txtar archives (golang.org/x/tools/txtar), the multi-file format of the Go
 * Playground: an optional comment, then files each introduced by a
 * `-- name --` line. Parsing follows txtar.Parse: a marker is a whole line
 * starting with "-- " and ending with " --"; file data runs to the next marker
 * and keeps its final newline.
 */
import { AppError } from '@gopherlab/errors';
import type { SourceFile } from '@gopherlab/runner';

const MARKER = /^-- (.+?) --$/;

export function parseTxtar(archive: string): SourceFile[] {
  const lines = archive.split('\n');
  const files: SourceFile[] = [];
  let current: { name: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    let content = current.lines.join('\n');
    if (current.lines.length > 0) content += '\n';
    files.push({ name: current.name, content });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = MARKER.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (m) {
      flush();
      current = { name: m[1]!.trim(), lines: [] };
      continue;
    }
    // The last element after split is the text after a final newline: empty for well-formed archives.
    if (i === lines.length - 1 && line === '') continue;
    current?.lines.push(line);
  }
  flush();
  if (files.length === 0) throw new AppError('invalid_txtar', 'The txtar archive has no files: start each file with a line like "-- main.go --".');
  return files;
}

export function formatTxtar(files: readonly SourceFile[]): string {
  return files.map((f) => `-- ${f.name} --\n${f.content}${f.content.endsWith('\n') || f.content === '' ? '' : '\n'}`).join('');
}
