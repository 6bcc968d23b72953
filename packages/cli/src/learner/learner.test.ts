/**
 * The learner CLI as a learner uses it: separate `gopherlab` processes against
 * a real `gopherlab serve` (SQLite, the real sandbox and course), from login
 * to a passing check, with every bad input answered in one line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxAvailable } from '@gopherlab/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'packages/cli/bin/gopherlab.js');
const LAB = 'generic-methods';
const reference = join(root, 'course/01-language', LAB, 'reference');
const sandbox = await sandboxAvailable();

interface Result {
  code: number | null;
  out: string;
  err: string;
}

describe.skipIf(!sandbox.ok)('learner CLI against a gopherlab server', () => {
  let server: ChildProcess;
  let url = '';
  const tmp = mkdtempSync(join(tmpdir(), 'gl-learner-cli-'));
  const config = join(tmp, 'config');
  const work = join(tmp, 'work');

  const cli = (args: string[], opts: { input?: string; cwd?: string; xdg?: string } = {}): Result => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? tmp,
      input: opts.input ?? '',
      env: { ...process.env, XDG_CONFIG_HOME: opts.xdg ?? config },
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** One line, no stack trace, the given exit code. */
  const oneLine = (r: Result, code: number, pattern: RegExp) => {
    expect(r.code, r.err + r.out).toBe(code);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  beforeAll(async () => {
    server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', join(tmp, 'data')], {
      cwd: root,
      env: { ...process.env, GOPHERLAB_SANDBOX_DIR: join(root, 'data/sandbox'), GOPHERLAB_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (b: Buffer) => (logs += b.toString()));
    server.stderr!.on('data', (b: Buffer) => (logs += b.toString()));
    for (let i = 0; i < 1200 && !/"address":"http/.test(logs); i++) await new Promise((r) => setTimeout(r, 50));
    url = /"address":"(http[^"]+)"/.exec(logs)?.[1] ?? '';
    if (!url) throw new Error(`serve did not start: ${logs}`);
    const signup = await fetch(`${url}/api/v1/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }) });
    expect(signup.status).toBe(201);
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers bad input in one line: not signed in, unreachable server, bad credentials, missing flags', () => {
    oneLine(cli(['whoami']), 2, /not signed in.*gopherlab login --server/);
    oneLine(cli(['login', '--server', 'http://127.0.0.1:9', '--email', 'ada@example.com', '--password-stdin'], { input: 'x\n' }), 2, /Cannot reach the gopherlab server at http:\/\/127\.0\.0\.1:9/);
    oneLine(cli(['login', '--server', url, '--email', 'ada@example.com', '--password-stdin'], { input: 'wrong password\n' }), 2, /invalid_credentials/);
    oneLine(cli(['login', '--server', url]), 2, /--email and --password-stdin/);
    oneLine(cli(['lab', 'check'], { cwd: tmp }), 2, /not a lab folder/);
  });

  it('signs in with a token in a private file, never the password, and says who you are', () => {
    const r = cli(['login', '--server', url, '--email', 'ada@example.com', '--password-stdin'], { input: 'correct horse battery\n' });
    expect(r.code, r.err).toBe(0);
    const file = join(config, 'gopherlab/credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toMatch(/"token": "glpat_/);
    expect(saved).not.toContain('correct horse battery');
    expect(cli(['whoami']).out).toMatch(/<ada@example\.com> \(admin\) on http:\/\/127\.0\.0\.1/);
    expect(cli(['labs', '--module', '01-language']).out).toMatch(/not started\s+generic-methods/);
    oneLine(cli(['labs', '--module', 'no-such-module']), 2, /No module no-such-module/);
  });

  it('starts a lab, fails a check with the hidden test got/want lines, passes it, then opens the solution', async () => {
    oneLine(cli(['lab', 'start', 'no-such-lab'], { cwd: tmp }), 2, /not_found|lesson/i);
    const start = cli(['lab', 'start', LAB, '--dir', work]);
    expect(start.code, start.err).toBe(0);
    expect(start.out).toContain(`cd ${work} && gopherlab lab check`);
    expect(readdirSync(work).sort()).toEqual(['.gopherlab-lab.json', 'go.mod', 'stream.go']);

    const failing = cli(['lab', 'check'], { cwd: work });
    expect(failing.code, failing.err).toBe(1);
    expect(failing.out).toMatch(/✗ .*hidden tests failed/);
    expect(failing.out).toMatch(/stream_test\.go:\d+: .*want/);
    oneLine(cli(['lab', 'solution'], { cwd: work }), 2, /opens once you have passed/);
    // Marking the lesson completed by hand does not open it either.
    const token = (JSON.parse(readFileSync(join(config, 'gopherlab/credentials.json'), 'utf8')) as { token: string }).token;
    const mark = await fetch(`${url}/api/v1/progress/${LAB}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'completed' }) });
    expect(mark.status).toBe(200);
    oneLine(cli(['lab', 'solution'], { cwd: work }), 2, /opens once you have passed/);
    expect(cli(['lab', 'hint', '1'], { cwd: work }).out).toMatch(/^Hint 1 of \d+: /);
    oneLine(cli(['lab', 'hint', '99'], { cwd: work }), 2, /ask for 1 to \d+/);

    cpSync(join(reference, 'stream.go'), join(work, 'stream.go'));
    const passing = cli(['lab', 'check', '--json'], { cwd: work });
    expect(passing.code, passing.out + passing.err).toBe(0);
    // The hint revealed with `lab hint 1` is recorded in the grade.
    expect(JSON.parse(passing.out)).toMatchObject({ labId: LAB, passed: true, hintsUsed: 1 });
    expect(cli(['labs', '--module', '01-language']).out).toMatch(/completed\s+generic-methods/);
    const sol = cli(['lab', 'solution'], { cwd: work });
    expect(sol.code).toBe(0);
    expect(sol.out).toContain('── stream.go');
    // Another machine continues from the draft the last check saved, not the starter.
    const again = cli(['lab', 'start', LAB, '--dir', join(tmp, 'second-machine')]);
    expect(again.out).toContain('Your saved draft');
    expect(readFileSync(join(tmp, 'second-machine/stream.go'), 'utf8')).toBe(readFileSync(join(reference, 'stream.go'), 'utf8'));
  }, 600_000);

  it('runs tests and profiles on the server with exec --server, downloading the profiles', () => {
    const pkg = join(tmp, 'remote');
    cpSync(reference, pkg, { recursive: true });
    writeFileSync(join(pkg, 'own_test.go'), 'package stream\n\nimport "testing"\n\nfunc TestCollectOf(t *testing.T) {\n\tif got := Of(1, 2).Collect(); len(got) != 2 {\n\t\tt.Fatalf("got %v", got)\n\t}\n}\n');
    const test = cli(['exec', pkg, '--action', 'test', '--server', url]);
    expect(test.code, test.err).toBe(0);
    expect(test.out).toMatch(/✓ ok {2}test .*go1\.27\.3/);
    expect(test.out).toMatch(/PASS {2}TestCollectOf/);
    const bench = `package stream\n\nimport "testing"\n\nfunc BenchmarkCollect(b *testing.B) {\n\tfor b.Loop() {\n\t\tOf(1, 2, 3).Collect()\n\t}\n}\n`;
    writeFileSync(join(pkg, 'bench_test.go'), bench);
    // The short form runs on the signed-in server.
    const short = cli(['test', pkg]);
    expect(short.code, short.err).toBe(0);
    expect(short.out).toMatch(/PASS {2}TestCollectOf/);
    expect(cli(['lab', 'open'], { cwd: work }).out.trim()).toBe(`${url}/learn/${LAB}`);
    const profile = cli(['exec', pkg, '--action', 'profile', '--benchtime', '100x', '--server', url, '--json'], { cwd: tmp });
    expect(profile.code, profile.err).toBe(0);
    const report = JSON.parse(profile.out) as { profiles: { kind: string; path: string }[] };
    expect(report.profiles.map((p) => p.kind)).toEqual(['cpu', 'allocs']);
    for (const p of report.profiles) expect(statSync(p.path).size).toBeGreaterThan(0);
    expect(cli(['pprof', 'top', report.profiles[1]!.path]).code).toBe(0);
  }, 300_000);

  it('a revoked token is refused in one line, and logout forgets it', async () => {
    const other = join(tmp, 'config2');
    expect(cli(['login', '--server', url, '--email', 'ada@example.com', '--password-stdin'], { input: 'correct horse battery\n', xdg: other }).code).toBe(0);
    expect(cli(['logout'], { xdg: other }).code).toBe(0);
    oneLine(cli(['whoami'], { xdg: other }), 2, /not signed in/);
    // Revoked elsewhere (the account page): the next command says so.
    const token = JSON.parse(readFileSync(join(config, 'gopherlab/credentials.json'), 'utf8')) as { token: string; tokenId: string };
    const del = await fetch(`${url}/api/v1/auth/tokens/${token.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token.token}` } });
    expect(del.status).toBe(200);
    oneLine(cli(['whoami']), 2, /unknown or was revoked.*gopherlab login/);
  });
});
