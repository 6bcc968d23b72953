import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '@gopherlab/runner';
import type { GopherlabServer } from '../server.js';
import { backendFromRunner } from './backend.js';
import { HostGoRunner, warmHostCache } from '../testing/host-runner.js';
import { readSse, readSseUntil, REPO_ROOT, startTestServer, tempDir, type SseEvent } from '../testing/harness.js';

const hello = (word: string) => `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello, ${word}")\n}\n`;

async function waitDone(server: GopherlabServer, id: string, timeoutMs = 60_000): Promise<RunReport> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await server.app.inject({ method: 'GET', url: `/api/v1/runs/${id}` });
    const body = res.json() as RunReport;
    if (body.status !== ('queued' as string) && body.status !== ('running' as string)) return body;
    if (Date.now() > until) throw new Error(`run ${id} not done: ${body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('runs API (SQLite, in-process queue, real Go on the host)', () => {
  let server: GopherlabServer;
  let url: string;
  const runner = new HostGoRunner();

  beforeAll(async () => {
    // A cold host build cache is compiled here, under the hook's budget, not a test's.
    await warmHostCache();
    server = await startTestServer({}, { backend: backendFromRunner(runner, 2, false) });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.close());

  it('accepts a run with 202, streams its output over SSE and ends with the report', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: hello('sse') }] } });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    const types = events.map((e) => e.event);
    expect(types.at(-1)).toBe('report');
    expect(types).toContain('stdout');
    expect(events.filter((e) => e.event === 'stdout').map((e) => (e.data as { data: string }).data).join('')).toBe('hello, sse\n');
    const report = (events.at(-1)!.data as { report: RunReport }).report;
    expect(report).toMatchObject({ id, status: 'ok', stdout: 'hello, sse\n' });
    const again = await waitDone(server, id);
    expect(again.status).toBe('ok');
  });

  it('numbers the events and resumes a reconnect after Last-Event-ID without gaps or repeats', async () => {
    const ticks = 'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println("tick", i)\n\t\ttime.Sleep(300 * time.Millisecond)\n\t}\n}\n';
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: ticks }] } })).json() as { id: string };
    const first = await readSseUntil(`${url}/api/v1/runs/${id}/events`, (e) => e.event === 'stdout');
    const lastId = first.at(-1)!.id!;
    expect(lastId).toMatch(/^\d+$/);
    const rest = await readSse(`${url}/api/v1/runs/${id}/events`, { headers: { 'last-event-id': lastId } });
    const stdout = (events: SseEvent[]) => events.filter((e) => e.event === 'stdout').map((e) => (e.data as { data: string }).data).join('');
    expect(stdout(first) + stdout(rest)).toBe('tick 0\ntick 1\ntick 2\n');
    const ids = rest.flatMap((e) => (e.id === undefined ? [] : [Number(e.id)]));
    expect(ids.every((n, i) => n > Number(lastId) && (i === 0 || n > ids[i - 1]!))).toBe(true);
    expect(rest.at(-1)!.event).toBe('report');
  });

  it('gives a client connecting after the end the report at once', async () => {
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: hello('late') }] } })).json() as { id: string };
    await waitDone(server, id);
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    expect(events.map((e) => e.event)).toEqual(['report']);
  });

  it('streams test events for the test action, failing tests included', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/t\n\ngo 1.26\n' },
      { name: 'sum.go', content: 'package t\n\nfunc Sum(a, b int) int { return a - b }\n' },
      { name: 'sum_test.go', content: 'package t\n\nimport "testing"\n\nfunc TestZero(t *testing.T) {\n\tif Sum(0, 0) != 0 {\n\t\tt.Fatal("zero")\n\t}\n}\n\nfunc TestSum(t *testing.T) {\n\tif got := Sum(2, 3); got != 5 {\n\t\tt.Fatalf("Sum(2, 3) = %d, want 5", got)\n\t}\n}\n' },
    ];
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'test', files } })).json() as { id: string };
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    const tests = events.filter((e) => e.event === 'test').map((e) => (e.data as { test: { name: string; status: string } }).test);
    expect(tests.map((t) => [t.name, t.status])).toEqual([
      ['TestZero', 'pass'],
      ['TestSum', 'fail'],
    ]);
    expect((events.at(-1)!.data as { report: RunReport }).report.status).toBe('failed');
  });

  it('answers an identical repeat from the stored report without running it again', async () => {
    const payload = { action: 'run', files: [{ name: 'main.go', content: hello('cache') }] };
    const first = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload })).json() as { id: string };
    await waitDone(server, first.id);
    const executed = runner.executed;
    const second = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload });
    expect(second.statusCode).toBe(202);
    const { id } = second.json() as { id: string };
    expect(id).not.toBe(first.id);
    const report = (await server.app.inject({ method: 'GET', url: `/api/v1/runs/${id}` })).json() as RunReport;
    expect(report).toMatchObject({ id, status: 'ok', stdout: 'hello, cache\n', cached: true });
    expect(runner.executed).toBe(executed);
  });

  it('runs a timed-out program again instead of serving the timeout, which depends on the moment', async () => {
    const sleepy = 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(20 * time.Second) }\n';
    const payload = { action: 'run', files: [{ name: 'main.go', content: sleepy }], options: { timeoutMs: 300 } };
    const executed = runner.executed;
    for (let i = 0; i < 2; i++) {
      const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload })).json() as { id: string };
      expect(await waitDone(server, id)).toMatchObject({ status: 'timeout' });
    }
    expect(runner.executed).toBe(executed + 2);
  });

  it('measures benchmarks again instead of reusing a stored report', async () => {
    const payload = { action: 'bench', files: [{ name: 'main.go', content: hello('bench') }] };
    const executed = runner.executed;
    for (let i = 0; i < 2; i++) {
      const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload })).json() as { id: string };
      expect((await waitDone(server, id)).cached).toBeUndefined();
    }
    expect(runner.executed).toBe(executed + 2);
  });

  it('accepts txtar archives', async () => {
    const txtar = `-- main.go --\n${hello('txtar')}`;
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', txtar } })).json() as { id: string };
    expect((await waitDone(server, id)).stdout).toBe('hello, txtar\n');
  });

  it('reports compile errors as a finished run, not an HTTP error', async () => {
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: 'package main\n\nfunc main() { x := 1 }\n' }] } })).json() as { id: string };
    expect((await waitDone(server, id)).status).toBe('compile_error');
  });

  it('refuses malformed requests with 400 and stable codes', async () => {
    const cases: [unknown, string][] = [
      [{ action: 'explode', files: [{ name: 'main.go', content: 'x' }] }, 'invalid_action'],
      [{ action: 'run' }, 'invalid_request'],
      [{ action: 'run', files: [{ name: 'main.go', content: 'x' }], txtar: '-- a.go --\n' }, 'invalid_request'],
      [{ action: 'run', files: [{ name: 'README.md', content: 'x' }] }, 'no_files'],
    ];
    for (const [payload, code] of cases) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe(code);
    }
    const notJson = await server.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { 'content-type': 'application/json' }, payload: '{"action":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('answers 404 run_not_found for unknown runs, also on the event stream', async () => {
    for (const u of ['/api/v1/runs/nope', '/api/v1/runs/nope/events', '/api/v1/runs/nope/profiles/0']) {
      const res = await server.app.inject({ method: 'GET', url: u });
      expect(res.statusCode).toBe(404);
      expect((res.json() as { error: { code: string } }).error.code).toBe('run_not_found');
    }
  });

  it('counts finished runs in /metrics', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/gopherlab_runs_total\{action="run",status="ok"\} [1-9]/);
    expect(res.body).toMatch(/gopherlab_queue_depth \d/);
    expect(res.body).toMatch(/gopherlab_sandbox_slots_busy \d/);
    expect(res.body).toMatch(/gopherlab_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/runs\/:id"/);
  });
});

describe('shutdown with open event streams', () => {
  it('ends the streams so close() does not hang, and finishes the running job', async () => {
    const runner = new HostGoRunner();
    const server = await startTestServer({}, { backend: backendFromRunner(runner, 1, false) });
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const program = 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(1500 * time.Millisecond) }\n';
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: program }] } })).json() as { id: string };
    const res = await fetch(`${url}/api/v1/runs/${id}/events`);
    const body = res.text();
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(await body).toContain('event: status');
    expect(runner.executed).toBe(1);
  }, 30_000);
});

describe('runs without a sandbox', () => {
  it('refuses runs with 503 sandbox_unavailable and /healthz says why', async () => {
    const server = await startTestServer({}, { backend: { runner: null, isolated: false, slots: 0, goVersions: [], reason: 'bubblewrap is not installed', close: async () => {} } });
    try {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: hello('x') }] } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'sandbox_unavailable' } });
      const health = (await server.app.inject({ method: 'GET', url: '/healthz' })).json() as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, db: 'sqlite', queue: 'memory', sandbox: { isolated: false, slots: 0, reason: 'bubblewrap is not installed' } });
    } finally {
      await server.close();
    }
  });
});

describe('restart persistence', () => {
  it('completes runs accepted by a server that was killed mid-run', async () => {
    const dataDir = await tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../testing/serve-child.ts'), dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      let buf = '';
      child.stdout.on('data', (c: string) => {
        buf += c;
        if (buf.includes('\n')) resolve(buf.trim());
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const slow = (n: number) => `package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\ttime.Sleep(1500 * time.Millisecond)\n\tfmt.Println("survived", ${n})\n}\n`;
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'run', files: [{ name: 'main.go', content: slow(n) }] }) });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Wait until the first run is executing, then kill the process without any chance to clean up.
    for (;;) {
      const r = (await (await fetch(`${url}/api/v1/runs/${ids[0]}`)).json()) as { status: string };
      if (r.status === 'running') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const runner = new HostGoRunner();
    const server = await startTestServer({ GOPHERLAB_DATA_DIR: dataDir }, { backend: backendFromRunner(runner, 2, false) });
    try {
      for (let n = 0; n < 3; n++) {
        const report = await waitDone(server, ids[n]!);
        expect(report).toMatchObject({ id: ids[n], status: 'ok', stdout: `survived ${n}\n` });
      }
      expect(runner.executed).toBe(3);
    } finally {
      await server.close();
    }
  }, 90_000);
});
