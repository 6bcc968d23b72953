/**
 * The seeded cohort, on SQLite and (when scripts/test.sh provides it)
 * PostgreSQL: exactly the asked number of statements, each one valid xAPI,
 * the same database for the same seed, accounts that sign in with the
 * printed password, and a class dashboard that shows what the archetypes
 * were made to show: every stuck learner as stuck, inactive learners at
 * risk, retention falling after week 0, a funnel that narrows.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { AuthService } from '../auth/service.js';
import { openDb, type Db } from '../db/index.js';
import { tempDir, uniqueName } from '../testing/harness.js';
import { learnerEvents } from './cohort.js';
import { computeDashboard, loadClassActivity, type CourseFacts } from './dashboard.js';
import { planSeed, seedAnalytics, type SeedOptions, type SeedSummary } from './seed.js';
import { EXT, validateStatement, type Statement } from './xapi.js';

const LESSONS = [
  { id: 'values-pointers', hasLab: false, hints: 0 },
  { id: 'slices-aliasing', hasLab: true, hints: 3 },
  { id: 'maps-internals', hasLab: true, hints: 2 },
  { id: 'interfaces-nil', hasLab: false, hints: 0 },
  { id: 'errors-wrapping', hasLab: true, hints: 4 },
  { id: 'generics-iterators', hasLab: true, hints: 3 },
  { id: 'context-deadlines', hasLab: true, hints: 2 },
  { id: 'sync-pool', hasLab: false, hints: 0 },
];
const FACTS: CourseFacts = { lessons: LESSONS.map((l) => ({ ...l, title: l.id })) };
const NOW = new Date('2026-12-09T15:30:00Z');
const OPTIONS: SeedOptions = { learners: 600, events: 9000, classes: 2, seed: 42, now: NOW, lessons: LESSONS, password: 'seeded password 1' };
const DAY = 86_400_000;

describe('the planned cohort', () => {
  const cohort = planSeed(OPTIONS);

  it('spends exactly the asked events, each learner in time order, between joining and now', () => {
    expect(cohort.plans.reduce((n, p) => n + p.budget, 0)).toBe(OPTIONS.events);
    for (const plan of cohort.plans) {
      const events = learnerEvents(cohort, plan);
      expect(events).toHaveLength(plan.budget);
      const times = events.map((e) => e.at);
      expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
      expect(times[0]!).toBeGreaterThan(plan.joinedAt);
      expect(times.at(-1)!).toBeLessThan(NOW.getTime());
    }
  });

  it('has every archetype in plausible shares, and learners who pause, stop or get stuck as planned', () => {
    const share = (a: string) => cohort.plans.filter((p) => p.archetype === a).length / cohort.plans.length;
    expect(share('steady')).toBeGreaterThan(0.4);
    expect(share('dropout')).toBeGreaterThan(0.2);
    expect(share('returner')).toBeGreaterThan(0.08);
    expect(share('stuck')).toBeGreaterThan(0.02);
    for (const plan of cohort.plans) {
      const days = plan.slots;
      if (plan.archetype === 'returner') expect(Math.max(...days.slice(1).map((d, i) => days[i]! - d))).toBeGreaterThanOrEqual(15); // a gap of 2+ weeks
      if (plan.archetype === 'stuck') {
        // The last attempts: at least 3 failures of one hidden test within 48 h, and no pass after them.
        const checks = learnerEvents(cohort, plan).filter((e) => e.input.kind === 'lab');
        const last = checks.at(-1)!;
        const test = (last.input.result?.extensions?.[EXT.failedTests] as string[])[0]!;
        let run = 0;
        while (run < checks.length && checks.at(-1 - run)!.input.verb === 'failed' && (checks.at(-1 - run)!.input.result?.extensions?.[EXT.failedTests] as string[]).includes(test)) run++;
        expect(run).toBeGreaterThanOrEqual(3);
        expect(checks.at(-3)!.at).toBeGreaterThan(NOW.getTime() - 2 * DAY);
      }
    }
  });

  it('refuses options it cannot honour, naming the limit', () => {
    expect(() => planSeed({ ...OPTIONS, classes: 0 })).toThrow(/classes must be a whole number from 1 to the number of learners/);
    expect(() => planSeed({ ...OPTIONS, events: OPTIONS.learners * 2001 })).toThrow(/at most 2000 per learner/);
    expect(() => planSeed({ ...OPTIONS, lessons: LESSONS.filter((l) => !l.hasLab) })).toThrow(/no lab/);
  });
});

/** Everything seeded, in a stable order, minus what is random by design (password salt, invite codes). */
async function dump(db: Db): Promise<unknown[]> {
  const k = db.kysely;
  return [
    await k.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'created_at']).orderBy('id').execute(),
    await k.selectFrom('classes').select(['id', 'name', 'instructor_id', 'created_at']).orderBy('id').execute(),
    await k.selectFrom('class_members').selectAll().orderBy('user_id').execute(),
    await k.selectFrom('learner_goals').selectAll().orderBy('user_id').execute(),
    await k.selectFrom('progress').selectAll().orderBy('user_id').orderBy('lesson_id').execute(),
    await k.selectFrom('xapi_statements').selectAll().orderBy('id').execute(),
  ];
}

describe('determinism', () => {
  it('writes the same database for the same seed, and another for another seed', async () => {
    const small = { ...OPTIONS, learners: 120, events: 1500 };
    const dirs = await Promise.all([1, 2, 3].map(() => tempDir('gl-seed-')));
    const dbs: Db[] = [];
    for (const [i, seed] of [7, 7, 8].entries()) {
      const db = await openDb({ dataDir: dirs[i]! });
      await seedAnalytics(db, { ...small, seed });
      dbs.push(db);
    }
    const [a, b, c] = await Promise.all(dbs.map(dump));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    await Promise.all(dbs.map((db) => db.close()));
    await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });
});

const databases: { name: string; url?: string }[] = [{ name: 'sqlite' }];
if (process.env.DATABASE_URL_TEST) databases.push({ name: 'postgres', url: process.env.DATABASE_URL_TEST });

describe.each(databases)('a seeded cohort on $name', ({ url }) => {
  let db: Db;
  let dir: string;
  let summary: SeedSummary;
  const pgSchema = url ? uniqueName('seed') : undefined;
  const cohort = planSeed(OPTIONS);

  beforeAll(async () => {
    dir = await tempDir('gl-seed-');
    db = await openDb({ dataDir: dir, ...(url ? { databaseUrl: url, pgSchema } : {}) });
    summary = await seedAnalytics(db, OPTIONS);
  });
  afterAll(async () => {
    if (pgSchema) await sql`DROP SCHEMA ${sql.id(pgSchema)} CASCADE`.execute(db.kysely);
    await db?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes exactly the asked statements, every one valid xAPI, and accounts that sign in', async () => {
    expect(summary.statements).toBe(OPTIONS.events);
    const { n } = await db.kysely.selectFrom('xapi_statements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(OPTIONS.events);
    expect(summary.classes.reduce((sum, c) => sum + c.members, 0)).toBe(OPTIONS.learners);
    const sample = await db.kysely.selectFrom('xapi_statements').select(['statement', 'stored', 'verb']).where('user_id', 'in', cohort.plans.filter((p) => p.index % 25 === 0).map((p) => p.id)).execute();
    expect(sample.length).toBeGreaterThan(100);
    for (const row of sample) {
      const s = JSON.parse(row.statement) as Statement;
      expect(validateStatement(s), row.statement).toEqual([]);
      expect([s.timestamp, s.stored, s.verb.display['en-US']]).toEqual([row.stored, row.stored, row.verb]);
    }
    const failed = sample.map((r) => JSON.parse(r.statement) as Statement).find((s) => s.verb.display['en-US'] === 'failed')!;
    const [test] = failed.result!.extensions![EXT.failedTests] as string[];
    expect((failed.result!.extensions![EXT.failureMessages] as Record<string, string>)[test!]).toMatch(/^\w+_test\.go:\d+: got \d+, want \d+$/);

    const auth = new AuthService(db, 1);
    const instructor = summary.classes[0]!.instructorEmail;
    expect((await auth.signIn({ email: instructor, password: summary.password })).user).toMatchObject({ email: instructor, role: 'instructor' });
    await expect(auth.signIn({ email: instructor, password: 'not the password' })).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('shows every stuck learner, learners at risk, retention falling after week 0 and a narrowing funnel', async () => {
    for (const klass of summary.classes) {
      const d = computeDashboard(await loadClassActivity(db, klass.id, NOW), FACTS, NOW);
      expect(d.members).toBe(klass.members);
      const classIndex = summary.classes.indexOf(klass);
      const stuck = cohort.plans.filter((p) => p.classIndex === classIndex && p.archetype === 'stuck').map((p) => p.id);
      expect(stuck.length).toBeGreaterThan(0);
      expect(d.stuck.map((s) => s.userId)).toEqual(expect.arrayContaining(stuck));
      expect(d.stuck.every((s) => /_test\.go:\d+: got/.test(s.output))).toBe(true);

      const reasons = new Set(d.atRisk.flatMap((r) => r.reasons.map((x) => x.code)));
      expect([...reasons].sort()).toEqual(['behind_goal', 'hints_exhausted', 'inactive', 'repeated_failures']);
      // Drop-outs gone for three weeks and more: most are flagged inactive (a slow one's usual gap can still cover it).
      const dropouts = new Set(cohort.plans.filter((p) => p.classIndex === classIndex && p.archetype === 'dropout' && p.slots.at(-1)! >= 21).map((p) => p.id));
      expect(d.atRisk.filter((r) => dropouts.has(r.userId) && r.reasons.some((x) => x.code === 'inactive')).length).toBeGreaterThan(dropouts.size / 2);

      // Cohorts old enough to have a week 6: on average, far fewer active then than in week 0.
      const old = d.retention.filter((c) => c.active.length > 6);
      const mean = (week: number) => old.reduce((sum, c) => sum + c.active[week]!, 0) / old.length;
      expect(old.length).toBeGreaterThan(3);
      expect(mean(0)).toBeGreaterThan(0.9);
      expect(mean(6)).toBeLessThan(mean(0) - 0.2);

      expect(d.funnel.map((f) => f.lessonId)).toEqual(LESSONS.map((l) => l.id));
      expect(d.funnel[0]!.launched).toBe(klass.members);
      expect(d.funnel.at(-1)!.launched).toBeLessThan(d.funnel[0]!.launched / 2);
      expect(d.labs.find((l) => l.labId === 'slices-aliasing')!.attemptsToPass).not.toBeNull();
    }
  });

  it('refuses to seed the same database twice', async () => {
    await expect(seedAnalytics(db, OPTIONS)).rejects.toMatchObject({ code: 'email_taken', message: expect.stringMatching(/already holds a seeded cohort/) });
  });
});

describe('too few events', () => {
  it('names the minimum for the cohort', async () => {
    const dir = await tempDir('gl-seed-');
    const db = await openDb({ dataDir: dir });
    await expect(seedAnalytics(db, { ...OPTIONS, events: OPTIONS.learners })).rejects.toMatchObject({ code: 'invalid_option', message: expect.stringMatching(/^events must be at least \d+ for 600 learners with seed 42/) });
    expect(await db.kysely.selectFrom('users').select('id').execute()).toEqual([]);
    await db.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
