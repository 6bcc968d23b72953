/**
 * Throughput: 40 distinct `run` requests posted at once through the API; all
 * must finish ok (none lost or failed). Baseline: the same 40 programs run
 * bare on the host with `go run`, as many at a time as the server has slots.
 * Target: total wall ratio <= 1.3.
 * Usage: npx tsx bench/runner-throughput.ts [count]
 */
import { bareGoRun, helloProgram, postRun, startBenchServer, waitReport } from './server-bench-support.js';

const count = Number(process.argv[2] ?? 40);
const { server, url } = await startBenchServer();
if (!server.ctx.backend.runner) {
  console.error(`No sandbox: ${server.ctx.backend.reason}`);
  await server.close();
  process.exit(2);
}
const slots = server.ctx.backend.slots;
const base = (Date.now() % 1_000_000_000) + 2_000_000_000;
try {
  await waitReport(url, await postRun(url, { action: 'run', files: [{ name: 'main.go', content: helloProgram(base - 1) }] }));
  const t0 = performance.now();
  const ids = await Promise.all(Array.from({ length: count }, (_, i) => postRun(url, { action: 'run', files: [{ name: 'main.go', content: helloProgram(base + i) }] })));
  const reports = await Promise.all(ids.map((id) => waitReport(url, id)));
  const apiMs = performance.now() - t0;
  const bad = reports.filter((r, i) => r.status !== 'ok' || r.stdout !== `hello ${base + i}\n`);

  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: slots }, async () => {
      while (next < count) {
        const i = next++;
        await bareGoRun(helloProgram(base + 1_000_000 + i));
      }
    }),
  );
  const bareMs = performance.now() - t1;
  console.log(`${count} runs, parallelism ${slots}`);
  console.log(`api   total ${(apiMs / 1000).toFixed(2)} s, ${reports.length - bad.length} ok, ${bad.length} not ok${bad.length ? `: ${bad.map((b) => `${b.status} (${b.message})`).slice(0, 3).join('; ')}` : ''}`);
  console.log(`bare  total ${(bareMs / 1000).toFixed(2)} s`);
  console.log(`ratio api/bare ${(apiMs / bareMs).toFixed(2)}   (target <= 1.30)`);
  if (bad.length > 0) process.exitCode = 1;
} finally {
  await server.close();
}
