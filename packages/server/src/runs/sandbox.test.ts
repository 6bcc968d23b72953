/**
 * The run API on the real sandboxed runner (packages/runner), when this host
 * has it set up (root, bubblewrap, cgroups and the assets scripts/setup.sh
 * prepares in ./data). Elsewhere the suite is skipped with the runner's reason.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '@gopherlab/runner';
import type { GopherlabServer } from '../server.js';
import { loadRunnerBackend, type ExecutionBackend } from './backend.js';
import { readSse, REPO_ROOT, startTestServer } from '../testing/harness.js';

const backend: ExecutionBackend = await loadRunnerBackend({ dataDir: path.join(REPO_ROOT, 'data') });
if (!backend.runner) console.warn(`sandboxed run API tests skipped: ${backend.reason}`);

describe.skipIf(!backend.runner)('run API on the sandboxed runner', () => {
  let server: GopherlabServer;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({}, { backend });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server?.close());

  it('runs a program in the sandbox and streams its output', async () => {
    const n = Date.now();
    const content = `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Print("no newline ")\n\tfmt.Println(${n})\n}\n`;
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content }] } });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    const report = (events.at(-1)!.data as { report: RunReport }).report;
    expect(report).toMatchObject({ id, status: 'ok', stdout: `no newline ${n}\n` });
    expect(events.some((e) => e.event === 'stdout')).toBe(true);
    const health = (await server.app.inject({ method: 'GET', url: '/healthz' })).json() as { sandbox: { isolated: boolean; slots: number } };
    expect(health.sandbox.isolated).toBe(true);
    expect(health.sandbox.slots).toBeGreaterThan(0);
  }, 120_000);

  it('lists the Go releases, names the chosen one in each run and refuses one it does not have', async () => {
    const list = (await server.app.inject({ method: 'GET', url: '/api/v1/toolchains' })).json() as { default: string; toolchains: { release: string; version: string }[] };
    expect(list).toEqual({ default: '1.27', toolchains: [{ release: '1.27', version: 'go1.27.3' }, { release: '1.26', version: 'go1.26.8' }] });
    const files = [{ name: 'main.go', content: `package main

func main() { println(${Date.now()}) }
` }];
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files, options: { goVersion: '1.20' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'unsupported_go_version', details: { available: ['1.27', '1.26'] } } });
    // The default is written into the stored request, so a later default never serves this report.
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files } })).json() as { id: string };
    const row = await server.ctx.db.kysely.selectFrom('runs').select('request').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.request)).toMatchObject({ options: { goVersion: '1.27' } });
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    expect((events.at(-1)!.data as { report: RunReport }).report.goVersion).toBe('go1.27.3');
  }, 120_000);

  it('reports a failing test as a test event and a failed report', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/s\n\ngo 1.26\n' },
      { name: 's_test.go', content: `package s\n\nimport "testing"\n\nfunc TestNo${Date.now()}(t *testing.T) { t.Fatal("nope") }\n` },
    ];
    const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'test', files } })).json() as { id: string };
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    expect(events.filter((e) => e.event === 'test').map((e) => (e.data as { test: { status: string } }).test.status)).toEqual(['fail']);
    expect((events.at(-1)!.data as { report: RunReport }).report.status).toBe('failed');
  }, 120_000);

  it('serves the SSA view of a function in a sandboxed page, and refuses a function that is not there', async () => {
    const content = 'package main\n\nimport "fmt"\n\nfunc Sum(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n\nfunc main() { fmt.Println(Sum([]int{1, 2})) }\n';
    // A file of that name from the learner is never taken for the compiler's.
    const planted = { name: 'ssa.html', content: '<script>parent.postMessage("planted")</script>' };
    const run = async (func: string) => {
      const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'ssa', files: [{ name: 'main.go', content }, planted], options: { func } } })).json() as { id: string };
      const report = ((await readSse(`${url}/api/v1/runs/${id}/events`)).at(-1)!.data as { report: RunReport }).report;
      return { id, report };
    };
    const ok = await run('Sum');
    expect(ok.report.status, ok.report.message).toBe('ok');
    expect(ok.report.profiles).toEqual([expect.objectContaining({ kind: 'ssa', format: 'html' })]);
    const page = await fetch(`${url}/api/v1/runs/${ok.id}/ssa`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts; default-src 'none'/);
    const html = await page.text();
    expect(html).toMatch(/<html>/i);
    expect(html).toContain('Sum');
    expect(html).not.toContain('planted');
    const missing = await run('Nope');
    expect(missing.report.status).toBe('rejected');
    expect(missing.report.message).toMatch(/has no function Nope/);
    expect((await fetch(`${url}/api/v1/runs/${missing.id}/ssa`)).status).toBe(404);
  }, 120_000);

  it('serves the profiles and the converted execution trace of a run', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/p\n\ngo 1.26\n' },
      { name: 'p.go', content: 'package p\n\nfunc Fill(n int) []int {\n\ts := []int{}\n\tfor i := range n {\n\t\ts = append(s, i)\n\t}\n\treturn s\n}\n' },
      { name: 'p_test.go', content: `package p\n\nimport "testing"\n\nfunc BenchmarkFill${Date.now()}(b *testing.B) {\n\tfor b.Loop() {\n\t\tFill(1000)\n\t}\n}\n\nfunc TestFill(t *testing.T) {\n\tif len(Fill(10)) != 10 {\n\t\tt.Fatal("len")\n\t}\n}\n` },
    ];
    const post = async (action: string, options: object) => {
      const { id } = (await server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action, files, options } })).json() as { id: string };
      const events = await readSse(`${url}/api/v1/runs/${id}/events`);
      return { id, report: (events.at(-1)!.data as { report: RunReport }).report };
    };
    const prof = await post('profile', { benchtime: '50ms', profiles: ['cpu', 'allocs'] });
    expect(prof.report.status, prof.report.message).toBe('ok');
    expect(prof.report.profiles.length).toBeGreaterThan(0);
    for (const [i, p] of prof.report.profiles.entries()) {
      expect(p.url).toBe(`/api/v1/runs/${prof.id}/profiles/${i}`);
      expect(p.path).toBeUndefined(); // host paths stay on the server
      const res = await server.app.inject({ method: 'GET', url: p.url! });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzipped pprof
    }
    // Stored in the database: served even when the runner's file is gone (another node, scratch cleanup).
    const raw = await server.ctx.runs.rawReport(prof.id);
    for (const p of raw!.profiles) if (p.path) await fs.rm(p.path, { force: true });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/runs/${prof.id}/profiles/0` })).statusCode).toBe(200);
    const tr = await post('trace', { run: 'TestFill' });
    expect(tr.report.status, tr.report.message).toBe('ok');
    const trace = await server.app.inject({ method: 'GET', url: `/api/v1/runs/${tr.id}/trace` });
    expect(trace.statusCode, trace.body.slice(0, 300)).toBe(200);
    expect(Array.isArray((trace.json() as { traceEvents: unknown[] }).traceEvents)).toBe(true);
  }, 180_000);
});
