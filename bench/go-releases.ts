/**
 * The first run on each Go release against a warm one: is the trusted build
 * cache complete for every toolchain setup prepared? A "first" run is the
 * first program a fresh runner process executes on that release (nothing in
 * memory, nothing in the run's own cache layer); "warm" runs follow it in the
 * same process. Every program is novel (a unique constant), so the result
 * cache never answers and each run compiles and links for real.
 *
 * Per release and action (run = hello world, test = a small package with
 * tests, race = the same under -race) it prints the first run's wall time, the
 * median of the warm ones and their ratio (target: at most 1.3). Releases are
 * measured interleaved, one fresh runner each, so machine load hits both.
 *   npx tsx bench/go-releases.ts [warm runs, default 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner, goRelease, type RunRequest } from '../packages/runner/src/index.js';

const warmRuns = Number(process.argv[2] ?? 7);
const TARGET = 1.3;
let serial = Date.now();

function program(action: 'run' | 'test' | 'race', goVersion: string): RunRequest {
  const n = serial++;
  if (action === 'run') {
    return { action, files: [{ name: 'main.go', content: `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello", ${n}) }\n` }], options: { goVersion, noCache: true } };
  }
  return {
    action,
    options: { goVersion, noCache: true },
    files: [
      { name: 'go.mod', content: 'module example.com/sum\n\ngo 1.26\n' },
      { name: 'sum.go', content: `package sum\n\n// Sum adds xs (build ${n}).\nfunc Sum(xs ...int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n` },
      { name: 'sum_test.go', content: 'package sum\n\nimport (\n\t"strings"\n\t"testing"\n)\n\nfunc TestSum(t *testing.T) {\n\tif Sum(1, 2) != 3 || strings.Repeat("a", 2) != "aa" {\n\t\tt.Fatal("sum")\n\t}\n}\n' },
    ],
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(release: string, action: 'run' | 'test' | 'race'): Promise<{ first: number; warm: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-bench-releases-'));
  const runner = await createRunner({ dataDir, cache: false });
  try {
    const once = async () => {
      const t0 = performance.now();
      const r = await runner.run(program(action, release));
      if (r.status !== 'ok') throw new Error(`${action} on ${release}: ${r.status} ${r.message}\n${r.stderr}`);
      return performance.now() - t0;
    };
    const first = await once();
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await once());
    return { first, warm: median(warm) };
  } finally {
    await runner.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const probe = await createRunner({ cache: false });
const releases = probe.goVersions.map(goRelease);
const versions = probe.goVersions;
await probe.close();
console.log(`releases: ${versions.join(', ')}; ${warmRuns} warm runs each; target first/warm <= ${TARGET}`);
let worst = 0;
for (const action of ['run', 'test', 'race'] as const) {
  for (const [i, release] of releases.entries()) {
    const { first, warm } = await measure(release, action);
    const ratio = first / warm;
    worst = Math.max(worst, ratio);
    console.log(`${versions[i]!.padEnd(9)} ${action.padEnd(5)} first ${first.toFixed(0).padStart(5)} ms   warm median ${warm.toFixed(0).padStart(5)} ms   ratio ${ratio.toFixed(2)}`);
  }
}
console.log(`worst ratio ${worst.toFixed(2)} (${worst <= TARGET ? 'met' : 'NOT met'}: target ${TARGET})`);
