/**
 * `gopherlab analytics seed`: fills the database `gopherlab serve` would use
 * (GOPHERLAB_DATA_DIR, or DATABASE_URL) with a synthetic cohort for demos
 * and load tests, then prints the classes, their invite codes and how to
 * sign in. The simulation itself is the server's (analytics/seed.ts).
 */
import { parseArgs } from 'node:util';
import { loadCourse } from '@gopherlab/course';
import { AppError, isAppError } from '@gopherlab/errors';
import { defaultClasses, loadConfig, MAX_EVENTS_PER_LEARNER, openDb, seedAnalytics, type SeedSummary } from '@gopherlab/server';
import type { Command } from '../main.js';

const USAGE = `gopherlab analytics seed --learners N --events M [--classes C] [--seed S] [--data-dir D]

seed   creates a synthetic cohort in the configured database: one instructor and one
       class (with an invite code) per 250 learners, learner accounts joining over the
       past 12 weeks, and M learning events in all (lessons, lab checks with failing
       hidden tests, solutions) from steady learners, drop-outs, returners and learners
       stuck on a lab. Every seeded account signs in with the password printed at the
       end. The same --seed gives the same cohort.

  --learners N   learner accounts (1-1000000)
  --events M     learning events (xAPI statements) in all: at least about 2 per learner
                 (the exact minimum depends on the cohort), at most 2000 per learner
  --classes C    classes (default: learners / 250, rounded up)
  --seed S       0-4294967295 (default 1)
  --data-dir D   SQLite database directory (GOPHERLAB_DATA_DIR, default ./data)

Writes to PostgreSQL when DATABASE_URL is set, as gopherlab serve does. Lessons and
labs come from the course (GOPHERLAB_COURSE_DIR, default ./course).`;

/** A whole-number flag within [min, max]; undefined when absent. */
function wholeFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new AppError('invalid_option', `--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return Number(raw);
}

function required(name: string, value: number | undefined, what: string): number {
  if (value === undefined) throw new AppError('invalid_option', `--${name} is required (${what}). Run \`gopherlab analytics --help\` for the options.`);
  return value;
}

function printSummary(s: SeedSummary, seed: number, where: string): void {
  const a = s.archetypes;
  console.log(`Seeded ${s.learners} learners in ${s.classes.length} classes with ${s.statements} learning events in ${(s.ms / 1000).toFixed(1)} s into ${where}.`);
  console.log(`Seed ${seed}: ${a.steady} steady, ${a.dropout} drop-outs, ${a.returner} returners, ${a.stuck} stuck on a lab right now.\n`);
  const width = Math.max(5, ...s.classes.map((c) => c.name.length));
  console.log(`${'Class'.padEnd(width)}  Invite code  Members  Instructor`);
  for (const c of s.classes) console.log(`${c.name.padEnd(width)}  ${c.inviteCode.padEnd(11)}  ${String(c.members).padStart(7)}  ${c.instructorEmail}`);
  console.log(`\nEvery seeded account (instructorN@ and learnerN@seed.gopherlab.test) signs in with the password: ${s.password}`);
}

async function seed(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { learners: { type: 'string' }, events: { type: 'string' }, classes: { type: 'string' }, seed: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const learners = required('learners', wholeFlag('learners', values.learners, 1, 1_000_000), 'how many learner accounts to create');
  const events = required('events', wholeFlag('events', values.events, 1, MAX_EVENTS_PER_LEARNER * learners), 'how many learning events to create in all');
  const classes = wholeFlag('classes', values.classes, 1, learners) ?? defaultClasses(learners);
  const seedValue = wholeFlag('seed', values.seed, 0, 0xffff_ffff) ?? 1;
  const config = loadConfig(process.env, values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {});
  const course = await loadCourse(config.courseDir, { skipInvalid: true });
  const lessons = course.lessons.map((l) => ({ id: l.id, hasLab: Boolean(l.lab), hints: l.lab?.spec.hints.en.length ?? 0 }));
  const db = await openDb({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  let reported = 0;
  // A million events take minutes: say how far it got, every tenth.
  const onProgress = (n: number) => {
    if (events >= 100_000 && n >= reported + events / 10) {
      reported = n;
      console.error(`  ${n} of ${events} events stored`);
    }
  };
  try {
    const summary = await seedAnalytics(db, { learners, events, classes, seed: seedValue, now: new Date(), lessons, onProgress });
    printSummary(summary, seedValue, db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.dataDir}`);
    return 0;
  } catch (e) {
    // The seeder names the option in its message and details; on the command line it is a flag.
    const option = isAppError(e) ? (e.details as { option?: unknown } | undefined)?.option : undefined;
    if (isAppError(e) && typeof option === 'string') throw new AppError(e.code, `--${e.message}`);
    throw e;
  } finally {
    await db.close();
  }
}

export const command: Command = {
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'seed') return seed(rest);
    console.error(`gopherlab analytics: unknown sub-command "${sub ?? ''}". Run \`gopherlab analytics --help\` for the usage.`);
    return 2;
  },
};
