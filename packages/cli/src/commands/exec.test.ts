import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import { sandboxAvailable, type RunReport } from '@gopherlab/runner';
import { formatSummary, parseDurationMs, readInput } from './exec.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-exec-'));
  await mkdir(join(dir, 'mod', 'internal', 'x'), { recursive: true });
  await mkdir(join(dir, 'mod', '.git'), { recursive: true });
  await writeFile(join(dir, 'mod', 'go.mod'), 'module m\n\ngo 1.26\n');
  await writeFile(join(dir, 'mod', 'main.go'), 'package main\n\nfunc main() {}\n');
  await writeFile(join(dir, 'mod', 'internal', 'x', 'x.go'), 'package x\n');
  await writeFile(join(dir, 'mod', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(dir, 'a.txtar'), '-- go.mod --\nmodule a\n-- a.go --\npackage main\n');
  await writeFile(join(dir, 'bad.go'), Buffer.from([0x70, 0xff, 0x0a]));
  await mkdir(join(dir, 'linked'));
  await symlink('/etc/passwd', join(dir, 'linked', 'passwd.go'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'none';
}

describe('readInput', () => {
  it('reads a directory recursively with slash paths, skipping VCS folders', () => {
    expect(readInput(join(dir, 'mod')).map((f) => f.name)).toEqual(['go.mod', 'internal/x/x.go', 'main.go']);
  });
  it('reads a txtar archive and a single file', () => {
    expect(readInput(join(dir, 'a.txtar')).map((f) => f.name)).toEqual(['go.mod', 'a.go']);
    expect(readInput(join(dir, 'mod', 'main.go'))).toEqual([{ name: 'main.go', content: 'package main\n\nfunc main() {}\n' }]);
  });
  it('refuses missing paths, invalid UTF-8 and symlinks with codes', () => {
    expect(code(() => readInput(join(dir, 'nope')))).toBe('file_not_found');
    expect(code(() => readInput(join(dir, 'bad.go')))).toBe('invalid_utf8');
    expect(code(() => readInput(join(dir, 'linked')))).toBe('invalid_file_name');
  });
});

describe('parseDurationMs', () => {
  it('reads s, ms, m and bare seconds', () => {
    expect(parseDurationMs('10s', 'timeout')).toBe(10000);
    expect(parseDurationMs('250ms', 'timeout')).toBe(250);
    expect(parseDurationMs('1m', 'timeout')).toBe(60000);
    expect(parseDurationMs('2', 'timeout')).toBe(2000);
    expect(code(() => parseDurationMs('soon', 'timeout'))).toBe('invalid_option');
  });
});

describe('formatSummary', () => {
  const base: RunReport = {
    id: 'x',
    action: 'test',
    status: 'failed',
    message: '1 of 2 tests failed.',
    exitCode: 1,
    stdout: '=== RUN TestA\n',
    stderr: '',
    truncated: false,
    timing: { wallMs: 1500, cpuMs: 0, compileMs: 1200, execMs: 300, queueMs: 0 },
    limits: { buildTimeoutMs: 30000, runTimeoutMs: 10000, memoryBytes: 1, processes: 1, outputBytes: 1, diskBytes: 1, gomaxprocs: 2, cpus: 2 },
    tests: [
      { package: 'p', name: 'TestA', status: 'pass', elapsedMs: 0, output: '' },
      { package: 'p', name: 'TestLonger', status: 'fail', elapsedMs: 10, output: '    a_test.go:9: boom\n' },
    ],
    benchmarks: [{ name: 'BenchmarkX', procs: 2, iterations: 1000, nsPerOp: 12.5, bytesPerOp: 0, allocsPerOp: 0, metrics: { 'MB/s': 80 } }],
    profiles: [],
    diagnostics: [{ file: 'a.go', line: 3, col: 2, severity: 'error', message: 'undefined: y', source: 'compiler' }],
    races: [],
    leaks: [],
  };

  it('shows status, message, tests with failure output, benchmarks and diagnostics', () => {
    const s = formatSummary(base);
    expect(s.split('\n')[0]).toMatch(/^✗ failed {2}test {2}compile 1\.20 s, run 300 ms, total 1\.50 s {2}GOMAXPROCS=2$/);
    expect(s).toContain('  1 of 2 tests failed.');
    expect(s).toContain('tests (1 pass, 1 fail, 0 skip)');
    expect(s).toMatch(/FAIL {2}TestLonger {2}10 ms\n {8,}a_test\.go:9: boom/);
    expect(s).toMatch(/BenchmarkX +1000 +12\.5 ns\/op +0 B\/op +0 allocs\/op {2}80 MB\/s/);
    expect(s).toContain('a.go:3:2: error: undefined: y (compiler)');
  });
});

// The real binary through the real sandbox: exit codes and --json are the CLI contract.
const sandbox = await sandboxAvailable();
describe.skipIf(!sandbox.ok)(`gopherlab exec end to end${sandbox.ok ? '' : ` (skipped: ${sandbox.reason})`}`, () => {
  const bin = fileURLToPath(new URL('../../bin/gopherlab.js', import.meta.url));
  const exec = (args: string[]) => spawnSync(process.execPath, [bin, 'exec', ...args], { encoding: 'utf8', timeout: 120_000 });
  const failingTests = fileURLToPath(new URL('../../../runner/testdata/testjson/src', import.meta.url));

  it('exits 0 and prints the RunReport as JSON when the status is ok', async () => {
    await writeFile(join(dir, 'hello.go'), `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello ${Date.now()}") }\n`);
    const r = exec([join(dir, 'hello.go'), '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report).toMatchObject({ action: 'run', status: 'ok' });
    expect(report.stdout).toMatch(/^hello \d+\n$/);
  });

  it('exits 1 with a readable summary when tests fail, and 2 for a refused request', () => {
    const tests = exec([failingTests, '--action', 'test']);
    expect(tests.status).toBe(1);
    expect(tests.stdout).toMatch(/^✗ failed {2}test/);
    expect(tests.stdout).toMatch(/FAIL {2}TestAddFail/);
    const refused = exec([join(dir, 'mod'), '--action', 'run', '--godebug', 'panicnil=1']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/GODEBUG key "panicnil" is not allowed.*\[invalid_option\]/);
  });
});
