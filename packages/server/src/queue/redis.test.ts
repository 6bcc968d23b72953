/**
 * The scale-out path: an API-only node (--services=web) and a runner node
 * (--services=runner) sharing PostgreSQL (or one SQLite file) and a Redis
 * queue; output reaches the web node's SSE clients over Redis pub/sub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '@gopherlab/runner';
import type { GopherlabServer } from '../server.js';
import { backendFromRunner } from '../runs/backend.js';
import { HostGoRunner, warmHostCache } from '../testing/host-runner.js';
import { readSse, startTestServer, tempDir, uniqueName } from '../testing/harness.js';
import { RedisEventBus } from './redis.js';

const redisUrl = process.env.REDIS_URL_TEST;
const pgUrl = process.env.DATABASE_URL_TEST;

// Needs the Redis that scripts/test.sh starts; without it there is nothing to test against.
describe.skipIf(!redisUrl)('BullMQ queue and Redis event fan-out', () => {
  let web: GopherlabServer;
  let worker: GopherlabServer;
  let url: string;
  const runner = new HostGoRunner();
  const prefix = uniqueName('gltest');

  beforeAll(async () => {
    // A cold host build cache is compiled here, under the hook's budget, not a test's.
    await warmHostCache();
    const dataDir = await tempDir();
    const schema = uniqueName('redis');
    const env = { GOPHERLAB_DATA_DIR: dataDir, REDIS_URL: redisUrl!, ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) };
    const common = { redisPrefix: prefix, ...(pgUrl ? { pgSchema: schema } : {}) };
    web = await startTestServer({ ...env, GOPHERLAB_SERVICES: 'web' }, common);
    worker = await startTestServer({ ...env, GOPHERLAB_SERVICES: 'runner' }, { ...common, backend: backendFromRunner(runner, 2, false) });
    url = await web.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await web?.close();
    await worker?.close();
  });

  it('runs a job accepted by the web node on the runner node and streams its output back', async () => {
    const health = (await web.app.inject({ method: 'GET', url: '/healthz' })).json() as { queue: string; sandbox: { slots: number } };
    expect(health).toMatchObject({ queue: 'redis', sandbox: { slots: 0 } });
    const program = 'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println("tick", i)\n\t\ttime.Sleep(100 * time.Millisecond)\n\t}\n}\n';
    const res = await web.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { action: 'run', files: [{ name: 'main.go', content: program }] } });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    const events = await readSse(`${url}/api/v1/runs/${id}/events`);
    expect(events.at(-1)!.event).toBe('report');
    const out = events.filter((e) => e.event === 'stdout').map((e) => (e.data as { data: string }).data).join('');
    expect(out).toBe('tick 0\ntick 1\ntick 2\n');
    const report = (await web.app.inject({ method: 'GET', url: `/api/v1/runs/${id}` })).json() as RunReport;
    expect(report).toMatchObject({ id, status: 'ok', stdout: 'tick 0\ntick 1\ntick 2\n' });
    expect(runner.executed).toBe(1);
  }, 60_000);

  it('replays the event log to a subscriber that joins late, without duplicates', async () => {
    const pub = new RedisEventBus(redisUrl!, prefix);
    const sub = new RedisEventBus(redisUrl!, prefix);
    try {
      pub.publish('late', { type: 'stdout', data: 'a' });
      pub.publish('late', { type: 'stdout', data: 'b' });
      await new Promise((r) => setTimeout(r, 100));
      const got: string[] = [];
      const done = new Promise<void>((resolve) => {
        void sub.subscribe('late', ({ seq, event: e }) => {
          got.push(`${seq}:${e.type === 'stdout' ? e.data : e.type}`);
          if (e.type === 'report') resolve();
        });
      });
      await new Promise((r) => setTimeout(r, 100));
      pub.publish('late', { type: 'stdout', data: 'c' });
      pub.publish('late', { type: 'report', report: { id: 'late' } as RunReport });
      await done;
      expect(got).toEqual(['1:a', '2:b', '3:c', '4:report']);
      // A browser reconnecting to another process with Last-Event-ID: 2 resumes at 3, no gap, no repeat.
      const resumed: number[] = [];
      const off = await sub.subscribe('late', ({ seq }) => resumed.push(seq), 2);
      off();
      expect(resumed).toEqual([3, 4]);
    } finally {
      await pub.close();
      await sub.close();
    }
  });
});
