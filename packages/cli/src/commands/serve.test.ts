/**
 * `gopherlab serve` as an operator runs it (a separate process, the real
 * sandbox, SQLite): SIGTERM drains running jobs, but at most
 * GOPHERLAB_SHUTDOWN_TIMEOUT_MS, and a second signal exits at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxAvailable } from '@gopherlab/runner';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'packages/cli/bin/gopherlab.js');
const availability = await sandboxAvailable();

interface Served {
  child: ChildProcess;
  url: string;
  logs: () => string;
  exit: Promise<number | null>;
}

const started: { child: ChildProcess; dir: string }[] = [];
afterEach(() => {
  for (const { child, dir } of started.splice(0)) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

async function serve(env: Record<string, string>): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'gl-serve-'));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dir], {
    cwd: root,
    // The sandbox assets setup prepared for this checkout.
    env: { ...process.env, GOPHERLAB_SANDBOX_DIR: join(root, 'data/sandbox'), GOPHERLAB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ child, dir });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  for (let i = 0; i < 600 && !/"address":"http/.test(out); i++) {
    if (child.exitCode !== null) throw new Error(`serve exited early: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /"address":"(http[^"]+)"/.exec(out)?.[1];
  if (!url) throw new Error(`serve did not start: ${out}`);
  return { child, url, logs: () => out, exit };
}

/** Starts a run that sleeps for 8 s and waits until it is executing. */
async function startLongRun(url: string): Promise<void> {
  const program = 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(8 * time.Second) }\n';
  const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'run', files: [{ name: 'main.go', content: program }] }) });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const r = (await (await fetch(`${url}/api/v1/runs/${id}`)).json()) as { status: string };
    if (r.status === 'running') return;
    if (r.status !== 'queued') throw new Error(`the run ended before the test could stop the server: ${r.status}`);
    await new Promise((x) => setTimeout(x, 50));
  }
}

describe.skipIf(!availability.ok)('gopherlab serve shutdown', () => {
  it('exits 0 after draining when nothing is running', async () => {
    const s = await serve({});
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  }, 120_000);

  it('stops waiting for a running job at the shutdown deadline', async () => {
    const s = await serve({ GOPHERLAB_SHUTDOWN_TIMEOUT_MS: '1000' });
    await startLongRun(s.url);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(1);
    expect(s.logs()).toContain('exiting before running jobs finished (1 s deadline)');
  }, 120_000);

  it('exits at once on a second signal', async () => {
    const s = await serve({ GOPHERLAB_SHUTDOWN_TIMEOUT_MS: '600000' });
    await startLongRun(s.url);
    s.child.kill('SIGTERM');
    for (let i = 0; i < 200 && !s.logs().includes('shutting down'); i++) await new Promise((r) => setTimeout(r, 25));
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(1);
    expect(s.logs()).toContain('exiting before running jobs finished (second signal)');
  }, 120_000);
});
