/**
 * Starts a real `gopherlab serve` on a free port with a temporary data
 * directory, the way an operator would, and stops it again. `restart()` keeps
 * the data directory, so tests can check what survives a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(REPO_ROOT, 'packages/cli/bin/gopherlab.js');
const SERVE_MODULE = join(REPO_ROOT, 'packages/cli/src/commands/serve.ts');
const WEB_DIST = join(REPO_ROOT, 'packages/web/dist/index.html');

/** Why the browser tests cannot run here, or null when they can. */
export function e2eUnavailableReason(chromiumPresent: boolean): string | null {
  if (!existsSync(SERVE_MODULE)) return '`gopherlab serve` does not exist yet (packages/cli/src/commands/serve.ts)';
  if (!existsSync(WEB_DIST)) return 'the web bundle is not built (run scripts/setup.sh, which runs scripts/setup.d/50-web-build.sh)';
  if (!chromiumPresent) return 'Chromium is not installed (scripts/setup.sh --test installs it)';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  log(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | null = null;

  const launch = async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, GOPHERLAB_DATA_DIR: dataDir };
    // Browser tests use the default stores (SQLite, in-process queue): a
    // PostgreSQL/Redis URL inherited from the test script must not leak in.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`gopherlab serve exited with ${child.exitCode}:\n${output}`);
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`gopherlab serve did not become healthy in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url,
    dataDir,
    log: () => output,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
