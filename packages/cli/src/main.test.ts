/**
 * What a new user types first: --help, --version, a typo in a flag. The CLI
 * runs as a separate process through bin/gopherlab.js, as `npx gopherlab` does.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(cliDir, 'bin/gopherlab.js');

function gopherlab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: resolve(cliDir, '../..') }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('gopherlab usage', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as { version: string };
    expect(await gopherlab(['--version'])).toMatchObject({ code: 0, stdout: `gopherlab ${version}\n` });
  });

  it('--help lists every command and the global options', async () => {
    const r = await gopherlab(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['serve', 'exec', 'pprof', 'benchstat', 'gctrace', 'course']) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.stdout).toContain('--version');
  });

  it.each([
    [['exec', '--no-such-flag'], /^gopherlab exec: Unknown option '--no-such-flag'.* Run `gopherlab exec --help` for the options\.\n$/],
    [['benchstat', '--alpha'], /^gopherlab benchstat: Option '--alpha <value>' argument missing.* Run `gopherlab benchstat --help`/],
    [['benchstat', '--alpha', 'often', 'x.txt'], /^gopherlab: .*alpha.* \[invalid_option\]/],
    [['nope'], /^gopherlab: unknown command "nope"/],
  ])('a usage error (%j) exits 2 with one line and no stack trace', async (args, message) => {
    const r = await gopherlab(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
