/**
 * `gopherlab analytics seed` as an operator runs it: into the configured
 * SQLite data directory, with the real course, printing classes, invite
 * codes and the password that signs in; usage errors exit 2 with one line
 * naming the flag (through bin/gopherlab.js, a separate process).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '@gopherlab/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './analytics.js';
import { capture } from './testing.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'packages/cli/bin/gopherlab.js');
const dirs: string[] = [];
const tempDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-cli-seed-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function gopherlab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // SQLite in the given data directory, whatever the environment running the tests points at.
  const { DATABASE_URL: _unused, ...env } = process.env;
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('gopherlab analytics seed', () => {
  it('seeds the data directory and prints the classes, invite codes and password', async () => {
    const dir = tempDataDir();
    vi.stubEnv('GOPHERLAB_DATA_DIR', dir);
    vi.stubEnv('GOPHERLAB_COURSE_DIR', join(root, 'course'));
    vi.stubEnv('DATABASE_URL', undefined);
    const io = capture();
    expect(await command.run(['seed', '--learners', '40', '--events', '600', '--classes', '2', '--seed', '5'])).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Seeded 40 learners in 2 classes with 600 learning events in [\\d.]+ s into SQLite in ${dir}\\.$`, 'm'));
    const codes = [...io.out().matchAll(/ ([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}) +\d+ {2}(instructor\d@seed\.gopherlab\.test)$/gm)];
    expect(codes.map((m) => m[2])).toEqual(['instructor1@seed.gopherlab.test', 'instructor2@seed.gopherlab.test']);
    expect(io.out()).toMatch(/signs in with the password: \S{10,}$/m);

    const db = await openDb({ dataDir: dir });
    const { n } = await db.kysely.selectFrom('xapi_statements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const classes = await db.kysely.selectFrom('classes').select('invite_code').orderBy('invite_code').execute();
    await db.close();
    expect(Number(n)).toBe(600);
    expect(classes.map((c) => c.invite_code)).toEqual(codes.map((m) => m[1]).sort());
  });

  it.each([
    [['analytics', 'seed', '--events', '100'], /^gopherlab: --learners is required .*\[invalid_option\]\n$/],
    [['analytics', 'seed', '--learners', 'ten', '--events', '100'], /^gopherlab: --learners must be a whole number from 1 to 1000000, not "ten"\. \[invalid_option\]\n$/],
    [['analytics', 'seed', '--learners', '10', '--events', '100', '--classes', '11'], /^gopherlab: --classes must be a whole number from 1 to 10, not "11"\. \[invalid_option\]\n$/],
    [['analytics', 'seed', '--learners', '10', '--events', '100', '--shards', '2'], /^gopherlab analytics: Unknown option '--shards'/],
    [['analytics', 'sow'], /^gopherlab analytics: unknown sub-command "sow"/],
  ])('a usage error (%j) exits 2 with one line', async (args, message) => {
    const r = await gopherlab(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names --events when there are too few for the cohort, before writing anything', async () => {
    const dir = tempDataDir();
    const r = await gopherlab(['analytics', 'seed', '--learners', '300', '--events', '300', '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gopherlab: --events must be at least \d+ for 300 learners with seed 1 .*\[invalid_option\]\n$/);
    const db = await openDb({ dataDir: dir });
    expect(await db.kysely.selectFrom('users').select('id').execute()).toEqual([]);
    await db.close();
  });
});
