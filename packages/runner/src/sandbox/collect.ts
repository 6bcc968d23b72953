import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a file the learner's program wrote, as root, without following any
 * symlink the program planted (a link `cpu.out -> /etc/shadow` would
 * otherwise be read on the host). Every component is lstat'ed and the final
 * open uses O_NOFOLLOW; only regular files up to maxBytes are returned.
 */
export function readConfined(root: string, rel: string, maxBytes: number): Uint8Array | undefined {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  let path = root;
  for (const [i, part] of parts.entries()) {
    path = join(path, part);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) return undefined;
    if (i < parts.length - 1 && !st.isDirectory()) return undefined;
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * The regular files directly inside `relDir` (no recursion, no symlinks at
 * any level), each read with `readConfined`: a fuzzing run's new corpus
 * entries, whose names (hashes) are unknown before the run. At most
 * `maxFiles` files.
 */
export function readConfinedDir(root: string, relDir: string, maxBytes: number, maxFiles = 16): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const parts = relDir.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return out;
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink() || !st.isDirectory()) return out;
    } catch {
      return out;
    }
  }
  for (const name of readdirSync(path).sort().slice(0, maxFiles)) {
    const rel = `${parts.join('/')}/${name}`;
    const data = readConfined(root, rel, maxBytes);
    if (data) out[rel] = data;
  }
  return out;
}
