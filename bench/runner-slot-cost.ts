/**
 * The fixed cost of one sandboxed run, without the go command: `/bin/true`
 * through a one-slot sandbox, N times in a row. Each run includes the slot's
 * teardown and the next preparation (unmount, mount, cgroup, pre-started
 * sandbox), which is what a backlog of runs pays per run beyond the work
 * itself. Printed side by side with `/bin/true` started bare from this
 * process, the floor any process start costs here.
 *
 * Host CPU comes from /proc/stat (all cores, so keep the machine otherwise
 * quiet); the cgroup's CPU is what the sandbox charges to the run itself.
 *   npx tsx bench/runner-slot-cost.ts [runs]
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createSandbox, defaultLimits } from '../packages/runner/src/sandbox/index.js';

const runs = Number(process.argv[2] ?? 40);
const run = promisify(execFile);

/** Busy CPU of the whole host in ms (user, nice, system, irq, softirq, steal). */
function hostBusyMs(): number {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return (v[0]! + v[1]! + v[2]! + v[5]! + v[6]! + v[7]!) * 10;
}

async function measure(label: string, once: () => Promise<number>): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < 3; i++) await once();
  let charged = 0;
  const b0 = hostBusyMs();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) charged += await once();
  const wall = (performance.now() - t0) / runs;
  // The last teardown and preparation run after the result: let them finish.
  await new Promise((r) => setTimeout(r, 300));
  const cpu = (hostBusyMs() - b0) / runs;
  console.log(`${label.padEnd(34)} wall ${wall.toFixed(1).padStart(6)} ms   host cpu ${cpu.toFixed(1).padStart(6)} ms   charged to the run ${(charged / runs).toFixed(1)} ms`);
  return { wall, cpu };
}

const sandbox = await createSandbox({ slots: 1 });
try {
  console.log(`${runs} runs each`);
  const bare = await measure('/bin/true, bare from Node', async () => {
    await run('/bin/true');
    return 0;
  });
  const boxed = await measure('/bin/true in the sandbox', async () => {
    const r = await sandbox.exec({ argv: ['/bin/true'], files: [{ name: 'main.go', content: 'package main\n' }], limits: defaultLimits });
    if (r.status !== 'exited' || r.exitCode !== 0) throw new Error(`run failed: ${r.status} ${r.stderr}`);
    return r.cpuMs;
  });
  console.log(`sandbox / bare: wall ${(boxed.wall / bare.wall).toFixed(1)}x, host cpu ${(boxed.cpu / bare.cpu).toFixed(1)}x`);
} finally {
  await sandbox.close();
}
