/**
 * Read-only Go sources for "go to definition" into the standard library or an
 * allowlisted module: gopls names them by their path inside the sandbox
 * (`file:///opt/go/go1.27.3/src/fmt/print.go`, `file:///opt/gomodcache/...`);
 * this maps such a URI back to the host file it is bound from, and refuses
 * anything else (other paths, `..`, symlinks out, non-files, huge files).
 */
import { openSync, fstatSync, readSync, closeSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { AppError } from '@gopherlab/errors';
import { assetPaths, resolveSandboxConfig, toolchainVersion, type SandboxConfig } from '../sandbox/config.js';
import { INSIDE } from '../sandbox/recipe.js';

const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** Host roots by their inside prefix. */
function roots(cfg: SandboxConfig): { inside: string; host: string }[] {
  const out = cfg.goroots.map((g) => ({ inside: `${INSIDE.toolchains}/${toolchainVersion(g)}/`, host: g }));
  out.push({ inside: `${INSIDE.modcache}/`, host: assetPaths(cfg).modCache });
  return out;
}

export function readGoSource(uri: string, config: Partial<SandboxConfig> = {}): { path: string; text: string } {
  const refuse = () => new AppError('not_found', 'Only Go sources of the standard library and allowlisted modules can be shown.');
  if (!uri.startsWith('file:///') || uri.includes('%') || uri.includes('\\') || uri.includes('\0')) throw refuse();
  const path = uri.slice('file://'.length);
  if (path.split('/').some((p) => p === '..' || p === '.')) throw refuse();
  const root = roots(resolveSandboxConfig(config)).find((r) => path.startsWith(r.inside));
  if (!root) throw refuse();
  let real: string;
  let rootReal: string;
  try {
    rootReal = realpathSync(root.host);
    real = realpathSync(join(root.host, path.slice(root.inside.length)));
  } catch {
    throw refuse();
  }
  if (!real.startsWith(rootReal + sep)) throw refuse();
  const fd = openSync(real, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_SOURCE_BYTES) throw refuse();
    const buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    return { path, text: buf.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
