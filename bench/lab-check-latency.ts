/**
 * Instant feedback, measured: how long a learner waits for a lab check,
 * from POST /labs/:id/check to the grade, through the real server and
 * sandbox, one check at a time as a learner sends them. Every lab of the
 * course is checked with its starter code (fails) and its reference
 * solution (passes), each made novel with a comment so no stored result is
 * reused (a learner's edited code never is). Target (the retention issue):
 * 95% of checks finish in under 10 s on this machine.
 *
 *   npx tsx bench/lab-check-latency.ts [rounds, default 1]
 */
import { loadCourse } from '@gopherlab/course';
import { percentile, median, startBenchServer } from './server-bench-support.js';

const rounds = Number(process.argv[2] ?? 1);
const course = await loadCourse('course');
const labs = course.lessons.filter((l) => l.lab);
const { server, url } = await startBenchServer();
if (!server.ctx.backend.runner) {
  console.error(`No sandbox: ${server.ctx.backend.reason}`);
  await server.close();
  process.exit(2);
}

/** Files with a comment that makes the code new to every cache. */
function novel(files: { name: string; content: string }[], nonce: string) {
  return files.map((f) => (f.name.endsWith('.go') && !f.name.endsWith('_test.go') ? { ...f, content: `${f.content}\n// ${nonce}\n` } : f));
}

async function check(labId: string, files: { name: string; content: string }[]): Promise<{ ms: number; passed: boolean }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/labs/${labId}/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files }) });
  if (res.status !== 202) throw new Error(`POST check ${labId}: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const c = (await (await fetch(`${url}/api/v1/checks/${id}`)).json()) as { status: string; grade?: { passed: boolean } };
    if (c.status === 'done') return { ms: performance.now() - t0, passed: c.grade?.passed ?? false };
    await new Promise((r) => setTimeout(r, 25));
  }
}

const rows: { lab: string; kind: string; ms: number; passed: boolean }[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    for (const l of labs) {
      for (const [kind, files] of [['starter', l.lab!.starter], ['reference', l.lab!.reference]] as const) {
        const res = await check(l.id, novel(files, `bench ${Date.now()} ${r}`));
        rows.push({ lab: l.id, kind, ...res });
        console.log(`  ${l.id.padEnd(34)} ${kind.padEnd(9)} ${(res.ms / 1000).toFixed(2).padStart(6)} s  ${res.passed ? 'passed' : 'failed'}`);
      }
    }
  }
} finally {
  await server.close();
}
const ms = rows.map((x) => x.ms);
const under = rows.filter((x) => x.ms < 10_000).length / rows.length;
const wrong = rows.filter((x) => (x.kind === 'reference') !== x.passed);
console.log(`\n${rows.length} checks of ${labs.length} labs, one at a time, load average at the end ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);
console.log(`  median ${(median(ms) / 1000).toFixed(2)} s, p95 ${(percentile(ms, 95) / 1000).toFixed(2)} s, max ${(Math.max(...ms) / 1000).toFixed(2)} s`);
console.log(`  under 10 s: ${(under * 100).toFixed(1)}%  (target >= 95%: ${under >= 0.95 ? 'met' : 'NOT met'})`);
if (wrong.length) {
  console.log(`  UNEXPECTED verdicts: ${wrong.map((x) => `${x.lab} ${x.kind} ${x.passed ? 'passed' : 'failed'}`).join(', ')}`);
  process.exitCode = 1;
}
