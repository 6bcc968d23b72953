/**
 * The playground's file set: pure operations with the same name rules as the
 * runner's request validation (relative slash paths, no "..", no control
 * characters), so a name the editor accepts is never rejected by the server.
 */
import type { SourceFile } from '../api/types.js';
import { templateFor } from './examples.js';

export type FileError = 'invalid_name' | 'duplicate' | 'last_file';
export type FileResult = { ok: true; files: SourceFile[] } | { ok: false; error: FileError };

export function validFileName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  if (name.startsWith('/') || name.includes('\\') || name.endsWith('/')) return false;
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function addFile(files: SourceFile[], name: string, content = ''): FileResult {
  const trimmed = name.trim();
  if (!validFileName(trimmed)) return { ok: false, error: 'invalid_name' };
  if (files.some((f) => f.name === trimmed)) return { ok: false, error: 'duplicate' };
  const pkg = packageFor(files, trimmed);
  const initial = content || templateFor(trimmed, pkg) || (trimmed.endsWith('.go') ? `package ${pkg}\n` : '');
  return { ok: true, files: [...files, { name: trimmed, content: initial }] };
}

export function renameFile(files: SourceFile[], from: string, to: string): FileResult {
  const trimmed = to.trim();
  if (!validFileName(trimmed)) return { ok: false, error: 'invalid_name' };
  if (trimmed !== from && files.some((f) => f.name === trimmed)) return { ok: false, error: 'duplicate' };
  return { ok: true, files: files.map((f) => (f.name === from ? { ...f, name: trimmed } : f)) };
}

export function deleteFile(files: SourceFile[], name: string): FileResult {
  if (files.length <= 1) return { ok: false, error: 'last_file' };
  return { ok: true, files: files.filter((f) => f.name !== name) };
}

export function updateFile(files: SourceFile[], name: string, content: string): SourceFile[] {
  return files.map((f) => (f.name === name ? { ...f, content } : f));
}

/** Applies the `fmt` action's `formatted` list: only files gofmt changed are in it. */
export function applyFormatted(files: SourceFile[], formatted: SourceFile[] | undefined): SourceFile[] {
  if (!formatted || formatted.length === 0) return files;
  const byName = new Map(formatted.map((f) => [f.name, f.content]));
  return files.map((f) => (byName.has(f.name) ? { ...f, content: byName.get(f.name)! } : f));
}

/** A new Go file in a directory gets that directory's package name (main at the root). */
function packageFor(files: SourceFile[], name: string): string {
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
  for (const f of files) {
    const fdir = f.name.includes('/') ? f.name.slice(0, f.name.lastIndexOf('/')) : '';
    if (fdir === dir && f.name.endsWith('.go')) {
      const m = /^\s*package\s+(\w+)/m.exec(f.content);
      if (m) return m[1]!.replace(/_test$/, '');
    }
  }
  return dir === '' ? 'main' : dir.slice(dir.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9_]/g, '_');
}

export const DEFAULT_FILES: SourceFile[] = [
  {
    name: 'main.go',
    content: `package main

import "fmt"

func main() {
\tfmt.Println("Hello, gopherlab!")
}
`,
  },
];
