/**
 * Walking a folder of Go sources the way every command sends one: sorted
 * names, slash-separated relative paths, hidden entries and tool folders left
 * out, and a symbolic link refused (DESIGN.md: no symlinks in a request; say
 * so rather than silently following or dropping it). Plain node:fs, so the
 * learner commands use it without loading the runner.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AppError } from '@gopherlab/errors';

/** Directories never sent: VCS data, editor state, dependencies, our own outputs. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', '.idea', '.vscode', 'node_modules', '_gopherlab']);

/** Calls `onFile(name, fullPath)` for every regular file below `root`, in name order. */
export function walkSourceDir(root: string, onFile: (name: string, fullPath: string) => void): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        onFile(relative(root, full).split(sep).join('/'), full);
      } else if (entry.isSymbolicLink()) {
        throw new AppError('invalid_file_name', `${relative(root, full)} is a symbolic link; copy the file instead.`);
      }
    }
  };
  walk(root);
}
