/**
 * The scale-out setup under faults: a web process, two runner processes
 * (`gopherlab serve --services=runner`, the real sandbox), a PostgreSQL and a
 * Redis (AOF on) of the test's own, so it can stop and start them. While 30
 * accepted runs are being executed, one runner is SIGKILLed, Redis restarts
 * and PostgreSQL restarts. Every accepted run must reach its final status
 * with its own output, none executed more often than the retry limit allows.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sandboxAvailable } from '@gopherlab/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing/harness.js';
import type { GopherlabServer } from '../src/server.js';

const root = resolve(import.meta.dirname, '../../..');
const sandbox = await sandboxAvailable();
const pgBin = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin`).at(-1) : undefined;
const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
// Reason to skip: the test starts its own PostgreSQL and Redis (installed by `npm test`'s setup) and needs the sandbox.
const skip = !sandbox.ok || !pgBin || !redisServer || process.getuid?.() !== 0;

const asPostgres = (cmd: string) => execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'gl-chaos-pg-'));
  constructor(readonly port: number) {
    chownSync(this.dir, uidOf('postgres'), uidOf('postgres'));
    asPostgres(`${pgBin}/initdb -D '${this.dir}/data' -A trust -U postgres >/dev/null`);
  }
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  start(): void {
    asPostgres(`${pgBin}/pg_ctl -D '${this.dir}/data' -o '-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off' -l '${this.dir}/log' -w start >/dev/null`);
  }
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    asPostgres(`${pgBin}/pg_ctl -D '${this.dir}/data' -m ${mode} -w stop >/dev/null`);
  }
  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'gl-chaos-redis-'));
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.child = spawn(redisServer!, ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        await sleep(25);
      }
    }
    throw new Error('redis did not start');
  }
  /** A clean restart: SIGTERM (Redis flushes the AOF), then the same directory again. */
  async restart(): Promise<void> {
    const exited = new Promise((r) => this.child!.once('exit', r));
    this.child!.kill('SIGTERM');
    await exited;
    await this.start();
  }
  destroy(): void {
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Runner {
  child: ChildProcess;
  dataDir: string;
  exit: Promise<unknown>;
  logs: () => string;
}

async function startRunner(env: Record<string, string>): Promise<Runner> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-chaos-runner-'));
  const child = spawn(process.execPath, [join(root, 'packages/cli/bin/gopherlab.js'), 'serve', '--services=runner', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, ...env, GOPHERLAB_SANDBOX_DIR: join(root, 'data/sandbox'), GOPHERLAB_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise((r) => child.once('exit', r));
  for (let i = 0; i < 1200 && !out.includes('gopherlab serving'); i++) {
    if (child.exitCode !== null) throw new Error(`runner exited: ${out}`);
    await sleep(50);
  }
  return { child, dataDir, exit, logs: () => out };
}

/** A port nothing listens on right now (the suite's own PostgreSQL and Redis run beside this test). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe.skipIf(skip)('chaos: runner killed, Redis and PostgreSQL restarted mid-run', () => {
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  let web: GopherlabServer;
  const runners: Runner[] = [];

  beforeAll(async () => {
    postgres = new OwnPostgres(await freePort());
    postgres.start();
    redis = new OwnRedis(await freePort());
    await redis.start();
    const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url };
    web = await startTestServer({ ...env, GOPHERLAB_SERVICES: 'web' });
    runners.push(await startRunner(env), await startRunner(env));
  }, 120_000);

  afterAll(async () => {
    for (const r of runners) {
      r.child.kill('SIGKILL');
      await r.exit;
      rmSync(r.dataDir, { recursive: true, force: true });
    }
    await web?.close().catch(() => {});
    redis?.destroy();
    postgres?.destroy();
  });

  it('every accepted run reaches a final status with its own output', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) {
      const program = `package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\ttime.Sleep(300 * time.Millisecond)\n\tfmt.Println("run ${n}")\n}\n`;
      const res = await web.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: program }] } });
      expect(res.statusCode).toBe(202);
      ids.push((res.json() as { id: string }).id);
    }
    const status = async (id: string) => ((await web.app.inject({ method: 'GET', url: `/api/v1/runs/${id}` })).json() as { status: string; stdout?: string; message?: string });
    // Faults once work is under way.
    for (let i = 0; i < 400 && (await status(ids[0]!)).status === 'queued'; i++) await sleep(25);
    runners[0]!.child.kill('SIGKILL');
    await runners[0]!.exit;
    await redis.restart();
    postgres.stop('fast');
    await sleep(500);
    postgres.start();

    const reports: { status: string; stdout?: string; message?: string }[] = [];
    for (const id of ids) {
      let r = await status(id).catch(() => ({ status: 'queued' }));
      // BullMQ hands a job of the killed runner to the other one once its lock expires (30 s).
      for (let i = 0; i < 1500 && (r.status === 'queued' || r.status === 'running'); i++) {
        await sleep(100);
        r = await status(id).catch(() => ({ status: 'queued' }));
      }
      reports.push(r);
    }
    const summary = reports.map((r, n) => `${n}: ${r.status} ${r.status === 'ok' ? '' : r.message}`).join('\n');
    expect(reports.map((r) => r.status).filter((s) => s !== 'ok'), summary).toEqual([]);
    expect(reports.map((r) => r.stdout)).toEqual(ids.map((_, n) => `run ${n}\n`));
    const attempts = await web.ctx.db.kysely.selectFrom('runs').select(['id', 'attempts']).execute();
    expect(attempts.filter((a) => a.attempts > 2), runners[1]!.logs().slice(-3000)).toEqual([]);
  }, 300_000);
});
