/**
 * Starts a real `gopherlab serve` on a free port with a temporary data
 * directory, the way an operator would, and stops it again. `restart()` keeps
 * the data directory, so tests can check what survives a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  if (!existsSync(join(process.env.GOPHERLAB_SANDBOX_DIR ?? join(REPO_ROOT, 'data/sandbox'), 'seccomp.bpf'))) return 'the sandbox assets are not prepared (run scripts/setup.sh)';
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

export interface ServerOptions {
  /** Serve only these course modules (copied from the repository's course/), so content elsewhere cannot affect the test. */
  courseModules?: string[];
}

/** A course directory with a subset of the real modules: their folders and their course.json entries. */
function courseSubset(modules: string[], into: string): string {
  const src = join(REPO_ROOT, 'course');
  const dir = join(into, 'course');
  const course = JSON.parse(readFileSync(join(src, 'course.json'), 'utf8')) as { modules: { id: string }[] };
  for (const id of modules) cpSync(join(src, id), join(dir, id), { recursive: true });
  writeFileSync(join(dir, 'course.json'), JSON.stringify({ ...course, modules: course.modules.filter((m) => modules.includes(m.id)) }, null, 2));
  return dir;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-e2e-'));
  const courseDir = options.courseModules ? courseSubset(options.courseModules, dataDir) : null;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | null = null;

  const launch = async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOPHERLAB_DATA_DIR: dataDir,
      // The sandbox's prepared assets (seccomp filter, read-only module and
      // build caches) are made once by scripts/setup.sh under ./data; a fresh
      // data directory per test must reuse them rather than rebuild them.
      GOPHERLAB_SANDBOX_DIR: process.env.GOPHERLAB_SANDBOX_DIR ?? join(REPO_ROOT, 'data/sandbox'),
      GOPHERLAB_LOG_LEVEL: 'warn',
      ...(courseDir ? { GOPHERLAB_COURSE_DIR: courseDir } : {}),
    };
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
