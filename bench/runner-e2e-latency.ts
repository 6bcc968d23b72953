/**
 * End-to-end latency of a hello-world `run` through the HTTP API (POST
 * /api/v1/runs, then the SSE stream until the report) with novel code each
 * time (a different constant), against bare `go run` of the same file on the
 * host, interleaved. Then an identical repeat, answered from stored reports.
 * Targets: median ratio <= 1.20; identical repeat < 20 ms.
 * Usage: npx tsx bench/runner-e2e-latency.ts [rounds]
 */
import { bareGoRun, helloProgram, median, postRun, startBenchServer, waitReport } from './server-bench-support.js';

const rounds = Number(process.argv[2] ?? 9);
const { server, url } = await startBenchServer();
if (!server.ctx.backend.runner) {
  console.error(`No sandbox: ${server.ctx.backend.reason}`);
  await server.close();
  process.exit(2);
}
const base = Date.now() % 1_000_000_000;
try {
  // One warm-up of each path so neither side pays first-use costs in the figures.
  await waitReport(url, await postRun(url, { action: 'run', files: [{ name: 'main.go', content: helloProgram(base) }] }));
  await bareGoRun(helloProgram(base + 1));
  const api: number[] = [];
  const bare: number[] = [];
  const direct: number[] = [];
  // API wall minus the runner's own wall time for the same run: HTTP, database, queue and SSE, without cross-run noise.
  const pathOverhead: number[] = [];
  const runner = server.ctx.backend.runner;
  for (let i = 0; i < rounds; i++) {
    const n = base + 10 + i;
    const t0 = performance.now();
    const report = await waitReport(url, await postRun(url, { action: 'run', files: [{ name: 'main.go', content: helloProgram(n) }] }));
    api.push(performance.now() - t0);
    pathOverhead.push(api.at(-1)! - report.timing.wallMs);
    if (report.status !== 'ok' || report.stdout !== `hello ${n}\n`) throw new Error(`run ${i}: ${report.status} ${report.message}`);
    bare.push((await bareGoRun(helloProgram(n + 1_000_000))).ms);
    // The runner alone (no HTTP, queue or database) on novel code: what the server adds is api - direct.
    const t1 = performance.now();
    await runner.run({ action: 'run', files: [{ name: 'main.go', content: helloProgram(n + 2_000_000) }] });
    direct.push(performance.now() - t1);
  }
  const repeat: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const body = { action: 'run', files: [{ name: 'main.go', content: helloProgram(base + 10 + i) }] };
    const t0 = performance.now();
    const id = await postRun(url, body);
    const res = await fetch(`${url}/api/v1/runs/${id}`);
    const report = (await res.json()) as { status: string };
    repeat.push(performance.now() - t0);
    if (report.status !== 'ok') throw new Error(`repeat ${i} not served at once: ${report.status}`);
  }
  const ratios = api.map((a, i) => a / bare[i]!);
  console.log(`rounds ${rounds}, slots ${server.ctx.backend.slots}`);
  console.log(`api run (novel code)   median ${median(api).toFixed(0)} ms   [${api.map((x) => x.toFixed(0)).join(' ')}]`);
  console.log(`runner.run directly    median ${median(direct).toFixed(0)} ms   [${direct.map((x) => x.toFixed(0)).join(' ')}]`);
  console.log(`server path overhead   median ${median(pathOverhead).toFixed(1)} ms   [${pathOverhead.map((x) => x.toFixed(0)).join(' ')}] (api wall - runner-reported wallMs of the same run)`);
  console.log(`bare go run            median ${median(bare).toFixed(0)} ms   [${bare.map((x) => x.toFixed(0)).join(' ')}]`);
  console.log(`ratio api/bare         median ${median(ratios).toFixed(2)}   (target <= 1.20)`);
  console.log(`identical repeat       median ${median(repeat).toFixed(1)} ms  max ${Math.max(...repeat).toFixed(1)} ms   (target < 20 ms; POST + GET of the finished report)`);
} finally {
  await server.close();
}
