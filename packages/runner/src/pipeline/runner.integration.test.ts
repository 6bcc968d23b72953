/**
 * The pipeline end to end through the real sandbox: every action, on the Go
 * programs under testdata/. Nothing here is mocked; the sandbox is the one
 * production uses. Without isolation on this host (no bwrap/cgroups, or not
 * root) the suite is skipped and says why: running learner code outside the
 * sandbox is exactly what the runner refuses to do.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunReport, RunRequest, SourceFile } from '../model/report.js';
import { sandboxAvailable } from '../sandbox/index.js';
import { createRunner, type SandboxedRunner } from './runner.js';

const testdata = new URL('../../testdata/', import.meta.url).pathname;

function srcFiles(fixture: string): SourceFile[] {
  const root = join(testdata, fixture, 'src');
  const out: SourceFile[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out.push({ name: `${prefix}${name}`, content: readFileSync(full, 'utf8') });
    }
  };
  walk(root, '');
  return out;
}

async function sandboxProblem(): Promise<string | null> {
  const r = await sandboxAvailable();
  return r.ok ? null : (r.reason ?? 'the sandbox is not available on this host');
}

const problem = await sandboxProblem();
if (problem) console.warn(`runner integration tests skipped: ${problem}`);

describe.skipIf(problem !== null)('run pipeline through the real sandbox', () => {
  let runner: SandboxedRunner;
  let dataDir: string;
  const run = (req: RunRequest, onEvent?: (e: RunEvent) => void): Promise<RunReport> => runner.run(req, onEvent ? { onEvent } : {});

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gl-runner-it-'));
    runner = await createRunner({ dataDir });
  });
  afterAll(async () => {
    await runner?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('run: builds and executes a single prog.go without go.mod, streaming stdout, timing both phases', async () => {
    const events: RunEvent[] = [];
    const r = await run(
      { action: 'run', files: [{ name: 'prog.go', content: 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"runtime"\n)\n\nfunc main() {\n\tfmt.Println("hello", os.Args[1:], runtime.GOMAXPROCS(0))\n}\n' }], options: { args: ['a', 'b'], gomaxprocs: 1 } },
      (e) => events.push(e),
    );
    expect(r.status).toBe('ok');
    expect(r.stdout).toBe('hello [a b] 1\n');
    expect(r.limits.gomaxprocs).toBe(1);
    expect(r.timing.compileMs).toBeGreaterThan(0);
    expect(r.timing.execMs).toBeGreaterThan(0);
    expect(r.goVersion).toBe(runner.goVersions[0]);
    const types = events.map((e) => e.type);
    expect(types).toContain('stdout');
    expect(types.indexOf('stdout')).toBeLessThan(types.indexOf('report'));
  });

  it('run: a single file importing an allowlisted module gets a go.mod that builds offline', async () => {
    const prog = 'package main\n\nimport (\n\t"fmt"\n\n\t"golang.org/x/sync/errgroup"\n)\n\nfunc main() {\n\tvar g errgroup.Group\n\tg.Go(func() error { return nil })\n\tfmt.Println(g.Wait())\n}\n';
    const r = await run({ action: 'run', files: [{ name: 'prog.go', content: prog }] });
    expect(r.message).toBe('');
    expect(r.stdout).toBe('<nil>\n');
  });

  it('test: a heavy allowlisted module (modernc.org/sqlite) is tested within the default limits', async () => {
    // go test vets the package, which needs vet facts of every dependency:
    // without them in the trusted base cache, computing them for modernc's
    // libc exceeds the 512 MiB limit (memory_limit) before any test runs.
    const test = `package db\n\nimport (\n\t"database/sql"\n\t"testing"\n\n\t_ "modernc.org/sqlite"\n)\n\nfunc TestPing${Date.now()}(t *testing.T) {\n\tdb, err := sql.Open("sqlite", ":memory:")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer db.Close()\n\tif err := db.Ping(); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n`;
    const r = await run({ action: 'test', files: [{ name: 'db_test.go', content: test }] });
    expect(r.message).toBe('');
    expect(r.status).toBe('ok');
    expect(r.tests.map((t) => t.status)).toEqual(['pass']);
  });

  it('run: a module that is not allowlisted is explained, not downloaded', async () => {
    const r = await run({ action: 'run', files: [{ name: 'prog.go', content: 'package main\n\nimport _ "github.com/evil/x"\n\nfunc main() {}\n' }] });
    expect(r.status).toBe('compile_error');
    expect(r.message).toMatch(/github\.com\/evil\/x is not available here/);
  });

  it('run: routes gctrace to runtimeTrace', async () => {
    const r = await run({ action: 'run', files: srcFiles('gctrace'), options: { godebug: 'gctrace=1', noCache: true } });
    expect(r.status).toBe('ok');
    expect(r.runtimeTrace).toMatch(/^gc 1 @/);
    expect(r.stderr).not.toMatch(/^gc \d+ @/m);
  });

  it('run: compile errors become diagnostics', async () => {
    const r = await run({ action: 'run', files: srcFiles('compile') });
    expect(r.status).toBe('compile_error');
    expect(r.diagnostics[0]).toMatchObject({ file: 'main.go', line: 5, col: 2, source: 'compiler' });
    expect(r.message).toMatch(/^Your code does not compile: main\.go:5:2/);
  });

  it('run: an endless loop times out with advice', async () => {
    const r = await run({ action: 'run', files: [{ name: 'main.go', content: 'package main\n\nfunc main() {\n\tfor {\n\t}\n}\n' }], options: { timeoutMs: 1000 } });
    expect(r.status).toBe('timeout');
    expect(r.message).toMatch(/longer than 1 s .*infinite loop/);
  });

  it('run: a program that ignores SIGTERM is still stopped at its time limit', async () => {
    const prog = 'package main\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n\t"time"\n)\n\nfunc main() {\n\tsignal.Ignore(syscall.SIGTERM)\n\tos.Stderr.WriteString("started\\n")\n\tfor {\n\t\ttime.Sleep(time.Hour)\n\t}\n}\n';
    const t0 = Date.now();
    const r = await run({ action: 'run', files: [{ name: 'main.go', content: prog }], options: { timeoutMs: 1000 } });
    expect(r.status).toBe('timeout');
    expect(r.stderr).toBe('started\n');
    expect(r.timing.execMs).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('run: a panic fails with the panic value in the message', async () => {
    const r = await run({ action: 'run', files: [{ name: 'main.go', content: 'package main\n\nfunc main() {\n\tvar s []int\n\t_ = s[3]\n}\n' }] });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/panicked: runtime error: index out of range/);
  });

  it('run: a go line newer than the toolchain fails fast without a download', async () => {
    const t0 = Date.now();
    const r = await run({ action: 'run', files: [{ name: 'go.mod', content: 'module x\n\ngo 1.99\n' }, { name: 'main.go', content: 'package main\n\nfunc main() {}\n' }] });
    expect(r.status).toBe('compile_error');
    expect(r.message).toMatch(/asks for Go 1\.99/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('build: ok for a valid program', async () => {
    const r = await run({ action: 'build', files: srcFiles('escape') });
    expect(r.status).toBe('ok');
  });

  it('test: every test with its status, learner output kept apart', async () => {
    const tests: string[] = [];
    const r = await run({ action: 'test', files: srcFiles('testjson') }, (e) => e.type === 'test' && tests.push(e.test.name));
    expect(r.status).toBe('failed');
    expect(r.tests.map((t) => `${t.name}:${t.status}`)).toEqual([
      'TestAddPass:pass',
      'TestAddFail:fail',
      'TestSkipped:skip',
      'TestNoisy:pass',
      'TestTable:fail',
      'TestTable/small:pass',
      'TestTable/neg:fail',
    ]);
    expect(tests).toHaveLength(7);
    expect(r.message).toBe('2 of 5 tests failed.');
  });

  it('test: a test file that does not compile is a compile_error, never a pass', async () => {
    const r = await run({ action: 'test', files: srcFiles('compiletest') });
    expect(r.status).toBe('compile_error');
    expect(r.diagnostics[0]).toMatchObject({ file: 'lib_test.go', line: 6, col: 18 });
  });

  // Without GOEXPERIMENT=goroutineleakprofile: a build with an experiment recompiles the standard
  // library (the trusted base cache holds the default configuration only), too slow for this suite.
  it('test: goroutine leaks found by the harness', async () => {
    const r = await run({ action: 'test', files: srcFiles('leak') });
    expect(r.status).toBe('ok');
    expect(r.leaks).toEqual([expect.objectContaining({ function: 'example.com/lk.Start.func1', state: 'chan receive', count: 1 })]);
    expect(r.leaks[0]!.stack[0]).toEqual({ func: 'example.com/lk.Start.func1', file: 'worker.go', line: 7 });
  });

  it('race: a main program without tests is built and run with -race', async () => {
    const r = await run({ action: 'race', files: srcFiles('racemain') });
    expect(r.status).toBe('failed');
    expect(r.races.length).toBeGreaterThanOrEqual(1);
    expect(r.races[0]!.accesses.flatMap((a) => a.stack.map((f) => f.file))).toContain('main.go');
    expect(r.diagnostics.some((d) => d.source === 'race' && d.file === 'main.go')).toBe(true);
  });

  it('race: tests run with -race and races are attributed to the test', async () => {
    const r = await run({ action: 'race', files: srcFiles('race') });
    expect(r.status).toBe('failed');
    expect(r.races[0]!.test).toBe('TestCount');
  });

  it('bench: results with -benchmem and custom metrics, streamed', async () => {
    let streamed = 0;
    const r = await run({ action: 'bench', files: srcFiles('bench'), options: { benchtime: '200x', gomaxprocs: 2 } }, (e) => e.type === 'benchmark' && streamed++);
    expect(r.status).toBe('ok');
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkConcat', 'BenchmarkBuilder/n=10', 'BenchmarkBuilder/n=100', 'BenchmarkCopy']);
    expect(r.benchmarks[0]).toMatchObject({ procs: 2, iterations: 200, allocsPerOp: 9 });
    expect(r.benchmarks[3]!.metrics['widgets/op']).toBe(42);
    expect(streamed).toBe(4);
  });

  it('asm: the assembly of the learner package grouped by source line; escape: the bounds checks kept', async () => {
    const r = await run({ action: 'asm', files: srcFiles('asm') });
    expect(r.status, r.message).toBe('ok');
    const sum = r.assembly!.filter((b) => b.function === 'main.Sum');
    expect(sum.map((b) => [b.file, b.line])).toEqual([
      ['sum.go', 6],
      ['sum.go', 8],
      ['sum.go', 9],
      ['sum.go', 8],
      ['sum.go', 11],
    ]);
    // Inlined standard-library code is named from GOROOT/src, never by a host or sandbox path.
    expect(r.assembly!.some((b) => b.file === 'fmt/print.go')).toBe(true);
    expect(r.assembly!.every((b) => !b.file.startsWith('/'))).toBe(true);
    const escape = await run({ action: 'escape', files: srcFiles('asm') });
    expect(escape.diagnostics.filter((d) => d.source === 'bce').map((d) => [d.file, d.line, d.col])).toEqual([
      ['sum.go', 16, 11],
      ['sum.go', 22, 57],
    ]);
  });

  it('tests and benchmarks written in main.go run as the Go Playground runs them, positions in main.go', async () => {
    const main = [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"testing"',
      ')',
      '',
      'func Double(n int) int { return n * 3 }',
      '',
      'func main() { fmt.Println(Double(2)) }',
      '',
      'func TestDouble(t *testing.T) {',
      '\tif got := Double(2); got != 4 {',
      '\t\tt.Errorf("Double(2) = %d, want 4", got)',
      '\t}',
      '}',
      '',
      'func BenchmarkDouble(b *testing.B) {',
      '\tfor b.Loop() {',
      '\t\tDouble(21)',
      '\t}',
      '}',
      '',
    ].join('\n');
    const test = await run({ action: 'test', files: [{ name: 'main.go', content: main }] });
    expect(test.status, test.message).toBe('failed');
    expect(test.tests.map((t) => [t.name, t.status])).toEqual([['TestDouble', 'fail']]);
    expect(test.tests[0]!.output).toContain('main.go:14: Double(2) = 6, want 4');
    const bench = await run({ action: 'bench', files: [{ name: 'main.go', content: main }], options: { benchtime: '100x' } });
    expect(bench.status, bench.message).toBe('ok');
    expect(bench.benchmarks.map((b) => b.name)).toEqual(['BenchmarkDouble']);
    // A compile error in a test function is reported on its line of main.go.
    const broken = await run({ action: 'test', files: [{ name: 'main.go', content: main.replace('got != 4', 'got != "4"') }] });
    expect(broken.status).toBe('compile_error');
    expect(broken.diagnostics[0]).toMatchObject({ file: 'main.go', line: 13 });
  });

  it('vet: findings as diagnostics', async () => {
    const r = await run({ action: 'vet', files: srcFiles('vet') });
    expect(r.status).toBe('failed');
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual(['main.go:10', 'main.go:13', 'main.go:15', 'main.go:17']);
  });

  it('fmt: returns the files gofmt changed', async () => {
    const r = await run({ action: 'fmt', files: [{ name: 'main.go', content: 'package main\nimport "fmt"\nfunc main(){\nfmt.Println( "hi" )\n}\n' }, { name: 'ok.go', content: 'package main\n\nfunc ok() {}\n' }] });
    expect(r.status).toBe('ok');
    expect(r.formatted).toEqual([{ name: 'main.go', content: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n' }]);
  });

  it('escape: -gcflags=-m=2 decisions mapped to file:line, with the compiler\'s reasons and inlining costs', async () => {
    const r = await run({ action: 'escape', files: srcFiles('escape') });
    expect(r.status).toBe('ok');
    expect(r.diagnostics).toContainEqual({ file: 'main.go', line: 8, col: 2, severity: 'info', message: 'moved to heap: p', source: 'escape' });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ line: 8, message: 'p escapes to heap (in newPoint)', explanation: expect.arrayContaining(['from &p (address-of) at main.go:9:9']) }));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ line: 7, inline: { function: 'newPoint', inlinable: true, cost: expect.any(Number), budget: 80 } }));
  });

  it('profile: cpu and allocs profiles collected into the run directory', async () => {
    const r = await run({ action: 'profile', files: srcFiles('bench'), options: { benchtime: '2000x', profiles: ['cpu', 'allocs', 'mutex'] } });
    expect(r.status).toBe('ok');
    expect(r.profiles.map((p) => p.kind)).toEqual(['cpu', 'allocs', 'mutex']);
    for (const p of r.profiles) {
      expect(p.path!.startsWith(join(dataDir, 'runs', r.id))).toBe(true);
      expect(existsSync(p.path!)).toBe(true);
      // pprof files are gzipped protobufs.
      expect([...readFileSync(p.path!).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    }
  });

  it('trace: an execution trace file', async () => {
    const r = await run({ action: 'trace', files: srcFiles('bench'), options: { benchtime: '100x' } });
    expect(r.status).toBe('ok');
    expect(r.profiles[0]).toMatchObject({ kind: 'trace', format: 'trace' });
    expect(readFileSync(r.profiles[0]!.path!).subarray(0, 11).toString()).toBe('go 1.26 tra');
  });

  // Slow (about 30 s) unless the trusted base cache holds a fuzz-instrumented standard library.
  it('fuzz: time-boxed, reports the failing input', { timeout: 180_000 }, async () => {
    const r = await run({ action: 'fuzz', files: srcFiles('fuzz'), options: { fuzztime: '3s', gomaxprocs: 1 } });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/fuzzer found an input that makes FuzzReverse fail/);
    expect(r.tests[0]!.output).toMatch(/Failing input written to testdata\/fuzz\/FuzzReverse\//);
  });

  it('run: the program gets the learner\'s CPU quota even though the build used every core', async () => {
    // Four spinning goroutines with GOMAXPROCS=4 for one second of wall time: under a
    // 1-core quota the process can only have received about one second of CPU.
    const prog = `package main

import (
	"fmt"
	"sync"
	"syscall"
	"time"
)

func main() {
	var wg sync.WaitGroup
	stop := time.Now().Add(time.Second)
	for range 4 {
		wg.Go(func() {
			for time.Now().Before(stop) {
			}
		})
	}
	wg.Wait()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Println(cpu.Milliseconds(), ${Date.now()})
}
`;
    const r = await run({ action: 'run', files: [{ name: 'main.go', content: prog }], options: { gomaxprocs: 4 } });
    expect(r.status).toBe('ok');
    expect(r.limits.cpus).toBe(1);
    const cpuMs = Number(r.stdout.trim().split(' ')[0]);
    expect(cpuMs).toBeGreaterThan(300);
    expect(cpuMs).toBeLessThan(1400);
  });

  it('go.work: a workspace of two modules runs, tests and vets without a root module', async () => {
    const files: SourceFile[] = [
      { name: 'go.work', content: 'go 1.26.0\n\nuse (\n\t./app\n\t./greet\n)\n' },
      { name: 'app/go.mod', content: 'module example.com/app\n\ngo 1.26.0\n\nrequire example.com/greet v0.0.0\n' },
      { name: 'app/main.go', content: 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() { fmt.Println(greet.Hello("workspace")) }\n' },
      { name: 'greet/go.mod', content: 'module example.com/greet\n\ngo 1.26.0\n' },
      { name: 'greet/greet.go', content: 'package greet\n\nfunc Hello(who string) string { return "hello, " + who }\n' },
      { name: 'greet/greet_test.go', content: 'package greet\n\nimport "testing"\n\nfunc TestHello(t *testing.T) {\n\tif got := Hello("x"); got != "hello, x" {\n\t\tt.Fatal(got)\n\t}\n}\n' },
    ];
    const ran = await run({ action: 'run', files });
    expect(ran.status, ran.message + ran.stderr).toBe('ok');
    expect(ran.stdout).toBe('hello, workspace\n');
    const tested = await run({ action: 'test', files });
    expect(tested.status, tested.message + tested.stderr).toBe('ok');
    expect(tested.tests.map((t) => `${t.package}.${t.name}:${t.status}`)).toEqual(['example.com/greet.TestHello:pass']);
    const vetted = await run({ action: 'vet', files });
    expect(vetted.status, vetted.message + vetted.stderr).toBe('ok');
  });

  // How fast a hit is answered is measured by bench/runner-cache.ts, not here: timings in tests are noise.
  it('cache: an identical request is answered from the cache with a new id', async () => {
    const req: RunRequest = { action: 'run', files: [{ name: 'prog.go', content: `package main\n\nfunc main() { println(${Date.now()}) }\n` }] };
    const first = await run(req);
    expect(first.cached).toBeUndefined();
    const again = await run(req);
    expect(again.cached).toBe(true);
    expect(again.id).not.toBe(first.id);
    expect(again.stderr).toBe(first.stderr);
    // The stored report comes back as measured (only the queue wait is this request's own).
    expect({ ...again.timing, queueMs: 0 }).toEqual({ ...first.timing, queueMs: 0 });
  });
});
