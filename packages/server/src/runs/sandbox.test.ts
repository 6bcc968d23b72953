/**
 * The run API on the real sandboxed runner (packages/runner), when this host
 * has it set up (root, bubblewrap, cgroups and the assets scripts/setup.sh
 * prepares in ./data). Elsewhere the suite is skipped with the runner's reason.
 */
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
});
