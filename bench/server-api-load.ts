/**
 * API load: 200 concurrent clients on one server for a fixed time, each
 * looping over polling a run's status, opening its SSE event stream (read to
 * the report), and reading the non-run endpoints (course, a share, /auth/me,
 * /healthz), pausing `think` ms between rounds as a polling page does.
 * The server runs as its own process (`gopherlab serve`), so the load
 * generator does not share its event loop. Reports errors and p50/p99 per
 * endpoint. Target: no errors, p99 < 100 ms for the non-run endpoints.
 * Usage: npx tsx bench/server-api-load.ts [clients] [seconds] [think-ms]
 */
import http from 'node:http';
import { helloProgram, percentile, postRun, startServerProcess, waitReport } from './server-bench-support.js';

// node:http with keep-alive costs the load generator far less CPU than fetch; on a 2-core host the
// generator shares the cores with the server, so a heavy client would inflate the server's latencies.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.setEncoding('utf8');
      let body = '';
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

const clients = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 15);
const think = Number(process.argv[4] ?? 250);
const { url, stop } = await startServerProcess({ GOPHERLAB_RATE_LIMIT: '1000000' });
try {
  // Finished runs to poll and stream (their outcome does not matter here, only that they are stored).
  const runIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const id = await postRun(url, { action: 'run', files: [{ name: 'main.go', content: helloProgram(4_000_000 + i) }] });
    await waitReport(url, id);
    runIds.push(id);
  }
  const share = (await (await fetch(`${url}/api/v1/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files: [{ name: 'main.go', content: helloProgram(1) }] }) })).json()) as { id: string };
  await fetch(`${url}/api/v1/course`); // loads the course once, as the first visitor would

  const lat = new Map<string, number[]>();
  let errors = 0;
  const errorSamples: string[] = [];
  const record = (name: string, ms: number) => {
    let a = lat.get(name);
    if (!a) lat.set(name, (a = []));
    a.push(ms);
  };
  const timed = async (name: string, path: string, check: (body: string) => boolean) => {
    const t0 = performance.now();
    try {
      const res = await get(url + path);
      record(name, performance.now() - t0);
      if (res.status !== 200 || !check(res.body)) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${name} ${res.status}`);
      }
    } catch (e) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${name} ${(e as Error).message}`);
    }
  };
  const json = (body: string) => typeof JSON.parse(body) === 'object';
  const deadline = Date.now() + seconds * 1000;
  let k = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < deadline) {
        const run = runIds[(c + k++) % runIds.length]!;
        await timed('GET /runs/{id} (poll)', `/api/v1/runs/${run}`, json);
        await timed('GET /runs/{id}/events (SSE)', `/api/v1/runs/${run}/events`, (body) => body.includes('event: report'));
        await timed('GET /course', '/api/v1/course', json);
        await timed('GET /shares/{id}', `/api/v1/shares/${share.id}`, json);
        await timed('GET /auth/me', '/api/v1/auth/me', json);
        await timed('GET /healthz', '/healthz', json);
        if (think > 0) await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())));
      }
    }),
  );
  let total = 0;
  console.log(`${clients} clients, ${seconds} s, think time ${think} ms (±50%) between rounds of 6 requests`);
  for (const [name, xs] of lat) {
    total += xs.length;
    console.log(`${name.padEnd(30)} n=${String(xs.length).padStart(6)}  p50 ${percentile(xs, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(xs, 99).toFixed(1).padStart(6)} ms`);
  }
  const nonRun = [...lat].filter(([n]) => !n.includes('/runs')).flatMap(([, xs]) => xs);
  console.log(`requests ${total} (${(total / seconds).toFixed(0)}/s), errors ${errors}${errorSamples.length ? ` e.g. ${errorSamples.join(', ')}` : ''}`);
  console.log(`non-run endpoints p99 ${percentile(nonRun, 99).toFixed(1)} ms   (target < 100 ms)`);
  if (errors > 0) process.exitCode = 1;
} finally {
  await stop();
}
