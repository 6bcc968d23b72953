/**
 * Shared by the server benchmarks: start the real server in this process
 * (sandboxed runner from ./data, a throwaway SQLite database), post runs,
 * wait for reports over SSE, and run Go bare on the host for the baseline.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServer, loadConfig, type GopherlabServer } from '@gopherlab/server';

export const GO = '/usr/local/go/bin/go';

export async function startBenchServer(env: Record<string, string> = {}): Promise<{ server: GopherlabServer; url: string }> {
  // The sandbox's assets live in the data dir prepared by setup (default ./data).
  process.env.GOPHERLAB_DATA_DIR ??= path.resolve('data');
  const config = loadConfig({
    ...process.env,
    GOPHERLAB_LOG_LEVEL: 'warn',
    GOPHERLAB_RATE_LIMIT: '1000000',
    GOPHERLAB_RATE_LIMIT_RUNS: '1000000',
    GOPHERLAB_RATE_LIMIT_IP: '10000000',
    GOPHERLAB_QUEUE_LIMIT: '10000',
    ...env,
  });
  const server = await createServer({ ...config, port: 0, host: '127.0.0.1' }, {});
  const url = await server.listen();
  return { server, url };
}

export function helloProgram(n: number): string {
  return `package main\n\nimport "fmt"\n\nconst n = ${n}\n\nfunc main() {\n\tfmt.Println("hello", n)\n}\n`;
}

export async function postRun(url: string, body: unknown): Promise<string> {
  const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`POST /runs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Reads the run's SSE stream until the report event; returns the report. */
export async function waitReport(url: string, id: string): Promise<{ status: string; stdout: string; message: string; timing: { wallMs: number } }> {
  const res = await fetch(`${url}/api/v1/runs/${id}/events`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream of ${id} ended without a report`);
    buf += decoder.decode(value, { stream: true });
    const at = buf.indexOf('event: report\ndata: ');
    if (at >= 0) {
      const end = buf.indexOf('\n\n', at);
      if (end >= 0) {
        await reader.cancel();
        return (JSON.parse(buf.slice(at + 'event: report\ndata: '.length, end)) as { report: { status: string; stdout: string; message: string; timing: { wallMs: number } } }).report;
      }
    }
  }
}

/** `go run .` of one main.go in a fresh directory on the host, warm host build cache. */
export async function bareGoRun(source: string): Promise<{ ms: number; stdout: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-bench-bare-'));
  await fs.writeFile(path.join(dir, 'main.go'), source);
  await fs.writeFile(path.join(dir, 'go.mod'), 'module prog\n\ngo 1.26\n');
  const t0 = performance.now();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(GO, ['run', '.'], { cwd: dir, env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off' } }, (err, out) => (err ? reject(err) : resolve(out))),
  );
  const ms = performance.now() - t0;
  await fs.rm(dir, { recursive: true, force: true });
  return { ms, stdout };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Starts `gopherlab serve` as a separate process on a free port; resolves once /healthz answers with a sandbox. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['packages/cli/bin/gopherlab.js', 'serve', '--port', String(port)], {
    env: { ...process.env, GOPHERLAB_LOG_LEVEL: 'warn', GOPHERLAB_RATE_LIMIT_RUNS: '1000000',
    GOPHERLAB_RATE_LIMIT_IP: '10000000', GOPHERLAB_QUEUE_LIMIT: '10000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    try {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { sandbox: { isolated: boolean; reason?: string } };
      if (!health.sandbox.isolated) {
        await stop();
        throw new Error(`No sandbox: ${health.sandbox.reason}`);
      }
      return { url, stop };
    } catch (e) {
      if ((e as Error).message.startsWith('No sandbox')) throw e;
      if (child.exitCode !== null) throw new Error(`gopherlab serve exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error('gopherlab serve did not become healthy in 30 s');
}
