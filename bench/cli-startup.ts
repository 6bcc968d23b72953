/**
 * Start-up cost of the `gopherlab` CLI: the prebuilt bundle
 * (packages/cli/dist/gopherlab.mjs) vs the TypeScript sources through tsx's
 * loader, side by side; then what a learner compares it with: `gopherlab exec
 * --action test` of a small package against bare `go test` (warm build cache,
 * no result cache on either side; needs the sandbox, so root after setup) and
 * `gopherlab pprof top` against `go tool pprof -top` on a small profile.
 * Targets (the reliability issue): --help under 150 ms wall, exec at most
 * 1.3x go test, pprof top at most 1x go tool pprof.
 *
 *   npx tsx bench/cli-startup.ts [--reps 15]
 *
 * Builds (or confirms) the bundle first, exactly as setup does. Runs are
 * interleaved (one of each variant per round) so that load from other
 * processes hits every variant alike; figures are medians of wall time and of
 * CPU time (user+sys from GNU time, steadier on a busy machine). The ratios
 * have the tsx path as baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildBundle } from '../packages/cli/bin/build-bundle.js';
import { freshBundle } from '../packages/cli/bin/freshness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/gopherlab.js');
const data = join(root, 'packages/profiling/testdata/benchstat');
const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' } } });
const reps = Number(values.reps);

const action = await buildBundle({ root });
if (!freshBundle(root)) throw new Error('the bundle is not fresh right after building it (sources changing under us?)');

// How long the freshness check itself takes (it runs at every start).
const fresh: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  freshBundle(root);
  fresh.push(performance.now() - t0);
}

// And in a new process, as the CLI pays it: import freshness.js + first check.
const coldCheck: number[] = [];
const probe = `const t0 = performance.now(); const m = await import(${JSON.stringify(join(root, 'packages/cli/bin/freshness.js'))}); m.freshBundle(${JSON.stringify(root)}); console.log(performance.now() - t0);`;
for (let i = 0; i < 15; i++) {
  coldCheck.push(Number(spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }).stdout));
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
interface Variant {
  name: string;
  args: string[];
  env: Record<string, string>;
  wall: number[];
  cpu: number[];
  out?: string;
}
const variants: Variant[] = [];
const add = (name: string, args: string[], env: Record<string, string> = {}) => variants.push({ name, args, env, wall: [], cpu: [] });
add('node -e 0 (floor)', ['-e', '0']);
add('--version: bundle (auto, fresh)', [bin, '--version'], { GOPHERLAB_CLI_LOADER: 'auto' });
for (const [label, args] of [
  ['--help', ['--help']],
  ['benchstat fixture', ['benchstat', join(data, 'old.txt'), join(data, 'new.txt')]],
] as const) {
  add(`${label}: bundle (auto, fresh)`, [bin, ...args], { GOPHERLAB_CLI_LOADER: 'auto' });
  add(`${label}: tsx`, [bin, ...args], { GOPHERLAB_CLI_LOADER: 'tsx' });
}

for (let round = 0; round <= reps; round++) {
  for (const v of variants) {
    const t0 = performance.now();
    const r = gnuTime
      ? spawnSync(gnuTime, ['-f', '@@cpu %U %S', process.execPath, ...v.args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...v.env } })
      : spawnSync(process.execPath, v.args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...v.env } });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${v.name} failed: ${r.stderr}`);
    if (v.out !== undefined && v.out !== r.stdout) throw new Error(`${v.name}: output differs between runs`);
    v.out = r.stdout;
    if (round === 0) continue; // warms the page cache
    v.wall.push(ms);
    const m = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (m) v.cpu.push((Number(m[1]) + Number(m[2])) * 1000);
  }
}

// Someone editing a source during the runs would have sent "auto" to tsx.
if (!freshBundle(root)) throw new Error('an input of the bundle changed during the runs, so "auto" may have run tsx: run again');

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);
const f = (x: number) => (Number.isNaN(x) ? '     n/a' : x.toFixed(0).padStart(8));
console.log(`gopherlab CLI start-up, median of ${reps} interleaved runs (bundle: ${action})`);
console.log(`  freshness check: median ${median(fresh).toFixed(2)} ms (in process, warm); ${median(coldCheck).toFixed(2)} ms in a new process including its import`);
console.log('                                             wall ms    cpu ms   vs tsx (wall, cpu)');
for (let i = 0; i < variants.length; i++) {
  const v = variants[i]!;
  const base = v.name.endsWith(': bundle (auto, fresh)') ? variants[i + 1] : undefined;
  const rel = base ? `   ${(median(v.wall) / median(base.wall)).toFixed(2)}, ${(median(v.cpu) / median(base.cpu)).toFixed(2)}` : '';
  console.log(`  ${v.name.padEnd(40)} ${f(median(v.wall))}  ${f(median(v.cpu))}${rel}`);
}
const helpWall = median(variants.find((v) => v.name === '--help: bundle (auto, fresh)')!.wall);
console.log(`  --help through the bundle: ${helpWall.toFixed(0)} ms wall (target < 150 ms: ${helpWall < 150 ? 'met' : 'NOT met'})`);
const same = variants[2]!.out === variants[3]!.out && variants[4]!.out === variants[5]!.out;
console.log(`  output identical between bundle and tsx: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;

await compareWithGo();

/** gopherlab exec and pprof top next to the go commands they stand in for, interleaved. */
async function compareWithGo(): Promise<void> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { sandboxAvailable } = await import('@gopherlab/runner');
  const go = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
  const pkg = mkdtempSync(join(tmpdir(), 'gl-cli-bench-'));
  writeFileSync(join(pkg, 'go.mod'), 'module example.com/small\n\ngo 1.26\n');
  const edit = (round: number) => writeFileSync(join(pkg, 'small.go'), `package small\n\nconst salt = ${round}\n\nfunc Add(a, b int) int { return a + b + salt - salt }\n`);
  edit(0);
  writeFileSync(join(pkg, 'small_test.go'), 'package small\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("Add")\n\t}\n}\n');
  const profile = join(root, 'packages/profiling/testdata/pprof/test-cpu.pb.gz');
  type Pair = { name: string; ours: string[]; theirs: [string, string[]]; ourMs: number[]; theirMs: number[]; target: number; change?: boolean };
  const pairs: Pair[] = [
    { name: 'pprof top (small profile)', ours: [bin, 'pprof', 'top', profile], theirs: [go, ['tool', 'pprof', '-top', profile]], ourMs: [], theirMs: [], target: 1 },
  ];
  const sandbox = await sandboxAvailable();
  if (sandbox.ok) {
    const exec = { ours: [bin, 'exec', pkg, '--action', 'test', '--no-cache'], theirs: [go, ['test', '-count=1', '.']] as [string, string[]], target: 1.3 };
    // Same package every round: go test reuses its compiled package (only links and runs); a sandboxed
    // run never keeps a learner's compiled package (per-run cache layer), so it compiles every time.
    pairs.push({ name: 'exec --action test (same package)', ...exec, ourMs: [], theirMs: [] });
    // Package edited before every round, as a learner's is between runs: both sides compile it.
    pairs.push({ name: 'exec --action test (edited package)', ...exec, ourMs: [], theirMs: [], change: true });
  } else console.log(`  exec vs go test: skipped (${sandbox.reason})`);
  // gopherlab runs from the repository (its data/ holds the sandbox assets), go in the package.
  const time = (file: string, args: string[], cwd: string) => {
    const t0 = performance.now();
    const r = spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
    if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  for (let round = 0; round <= reps; round++) {
    for (const p of pairs) {
      if (p.change) edit(round * 2 + 1);
      const ours = time(process.execPath, p.ours, root);
      if (p.change) edit(round * 2 + 2);
      const theirs = time(p.theirs[0], p.theirs[1], pkg);
      if (p.change) edit(0); // the same-package pair keeps its one version
      if (round === 0) continue; // warms caches and the pprof tool build
      p.ourMs.push(ours);
      p.theirMs.push(theirs);
    }
  }
  console.log('');
  console.log('                                             ours ms   go ms   ratio   target');
  for (const p of pairs) {
    const ratio = median(p.ourMs) / median(p.theirMs);
    console.log(`  ${p.name.padEnd(40)} ${f(median(p.ourMs))} ${f(median(p.theirMs))}   ${ratio.toFixed(2)}   <= ${p.target} ${ratio <= p.target ? 'met' : 'NOT met'}`);
  }
}
