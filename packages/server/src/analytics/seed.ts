/**
 * Writes a synthetic cohort (cohort.ts) into the database: one instructor
 * and one class (with an invite code) per ~250 learners, learner accounts
 * with rolling enrolment, weekly goals for about half of them, and their
 * learning events as xAPI statements, with the progress rows the server
 * would have written alongside. For demos (`gopherlab analytics seed`) and
 * for the dashboard benchmark (bench/analytics.ts).
 *
 * Speed: rows go in as multi-row INSERTs, many per transaction, and the next
 * batch is simulated while the database stores the previous one; a million
 * statements take minutes on PostgreSQL (figures in bench/README.md).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { AppError } from '@gopherlab/errors';
import { hashPassword } from '../auth/service.js';
import type { Database, Db, ProgressTable, XapiStatementsTable } from '../db/index.js';
import { newInviteCode } from './classes.js';
import { cohortLabs, learnerEvents, minimumEvents, planCohort, SEED_EMAIL_DOMAIN, statementIds, type Archetype, type Cohort, type CohortSpec, type LearnerPlan, type SeedLesson, type SimEvent } from './cohort.js';
import { statement } from './xapi.js';

export type { Archetype, SeedLesson } from './cohort.js';

export interface SeedOptions {
  learners: number;
  /** Statements to write in all (each learner's share is cut exactly, so this is the total). */
  events: number;
  /** Default: one class per 250 learners, rounded up. */
  classes?: number;
  seed: number;
  now: Date;
  /** The course in order: what learners launch, complete and check. */
  lessons: readonly SeedLesson[];
  /** The password of every seeded account; a random one by default (printed by the CLI). */
  password?: string;
  /** Called after each stored batch with the statements written so far. */
  onProgress?: (statements: number) => void;
}

export interface SeedSummary {
  classes: { id: string; name: string; inviteCode: string; instructorEmail: string; members: number }[];
  learners: number;
  statements: number;
  archetypes: Record<Archetype, number>;
  password: string;
  ms: number;
}

export const LEARNERS_PER_CLASS = 250;
/** Above this, a "learner" is a load generator, not a plausible person (and days would overflow). */
export const MAX_EVENTS_PER_LEARNER = 2000;
/** Rows per INSERT: 6 columns x 1,000 stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 1000;
/** Statements per transaction: large enough that commits cost little, small enough to show progress. */
const ROWS_PER_TRANSACTION = 20_000;

export function defaultClasses(learners: number): number {
  return Math.max(1, Math.ceil(learners / LEARNERS_PER_CLASS));
}

export async function seedAnalytics(db: Db, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const cohort = planSeed(opts);
  const minimum = minimumEvents(cohort.plans);
  if (opts.events < minimum) {
    throw new AppError('invalid_option', `events must be at least ${minimum} for ${opts.learners} learners with seed ${opts.seed} (each learner's join day, and a stuck learner's failures), not ${opts.events}.`, { option: 'events' });
  }
  await refuseSeededDatabase(db);
  const password = opts.password ?? randomBytes(9).toString('base64url');
  // One argon2id hash for every account: hashing 100,000 passwords would take longer than the whole seed.
  const passwordHash = await hashPassword(password);
  const inviteCodes = await writeClasses(db, cohort, passwordHash);
  await writeLearners(db, cohort, passwordHash);
  const statements = await writeEvents(db, cohort, opts.onProgress);
  await refreshStatistics(db);
  const members = new Map<number, number>();
  for (const p of cohort.plans) members.set(p.classIndex, (members.get(p.classIndex) ?? 0) + 1);
  const archetypes: Record<Archetype, number> = { steady: 0, dropout: 0, returner: 0, stuck: 0 };
  for (const p of cohort.plans) archetypes[p.archetype]++;
  return {
    classes: cohort.classes.map((c) => ({ id: c.id, name: c.name, inviteCode: inviteCodes[c.index]!, instructorEmail: c.instructorEmail, members: members.get(c.index) ?? 0 })),
    learners: cohort.plans.length,
    statements,
    archetypes,
    password,
    ms: performance.now() - started,
  };
}

/**
 * Fresh planner statistics: the dashboard's queries are planned for tables
 * that just grew from nothing. On PostgreSQL also VACUUM, which sets the
 * visibility map that index-only scans need (what autovacuum would do later,
 * as PostgreSQL advises after a bulk load). VACUUM on SQLite would rewrite
 * the whole file for nothing.
 */
async function refreshStatistics(db: Db): Promise<void> {
  const seeded = 'users, classes, class_members, learner_goals, progress, xapi_statements';
  await sql.raw(db.kind === 'postgres' ? `VACUUM ANALYZE ${seeded}` : 'ANALYZE').execute(db.kysely);
}

/** The cohort the options describe, without writing anything (tests and the benchmark read who is who). */
export function planSeed(opts: Omit<SeedOptions, 'password' | 'onProgress'>): Cohort {
  const spec: CohortSpec = { learners: opts.learners, events: opts.events, classes: opts.classes ?? defaultClasses(opts.learners), seed: opts.seed, now: opts.now.getTime(), lessons: opts.lessons };
  checkSpec(spec);
  return planCohort(spec);
}

/**
 * What must hold before planning (the minimum number of events is known
 * only once the cohort is planned). Each error names its option in the
 * message and in details.option, so the CLI can say which flag was wrong.
 */
function checkSpec(spec: CohortSpec): void {
  const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if (!whole(spec.learners, 1)) throw new AppError('invalid_option', `learners must be a whole number of at least 1, not ${spec.learners}.`, { option: 'learners' });
  if (!whole(spec.classes, 1) || spec.classes > spec.learners) throw new AppError('invalid_option', `classes must be a whole number from 1 to the number of learners (${spec.learners}), not ${spec.classes}.`, { option: 'classes' });
  if (!whole(spec.seed, 0) || spec.seed > 0xffff_ffff) throw new AppError('invalid_option', `seed must be a whole number from 0 to 4294967295, not ${spec.seed}.`, { option: 'seed' });
  if (!whole(spec.events, 1)) throw new AppError('invalid_option', `events must be a whole number of at least 1, not ${spec.events}.`, { option: 'events' });
  if (spec.events > spec.learners * MAX_EVENTS_PER_LEARNER) throw new AppError('invalid_option', `events may be at most ${MAX_EVENTS_PER_LEARNER} per learner (${spec.learners * MAX_EVENTS_PER_LEARNER} for ${spec.learners}), not ${spec.events}.`, { option: 'events' });
  if (!Number.isFinite(spec.now)) throw new AppError('invalid_option', 'now must be a valid date.');
  if (!spec.lessons.some((l) => l.hasLab)) throw new AppError('invalid_option', 'The course has no lab: a seeded cohort needs at least one lab to check.');
}

/** Seeding twice would collide on the seeded emails half-way through: refuse before writing anything. */
async function refuseSeededDatabase(db: Db): Promise<void> {
  const existing = await db.kysely.selectFrom('users').select('email').where('email', 'like', `%@${SEED_EMAIL_DOMAIN}`).limit(1).executeTakeFirst();
  if (existing) throw new AppError('email_taken', `This database already holds a seeded cohort (${existing.email}). Seed into a fresh data directory (GOPHERLAB_DATA_DIR) or database (DATABASE_URL).`);
}

type Trx = Transaction<Database>;

/** `rows` as multi-row INSERTs of ROWS_PER_INSERT, inside `trx`. */
async function inBatches<R>(trx: Trx, rows: R[], insert: (trx: Trx, chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(trx, rows.slice(i, i + ROWS_PER_INSERT));
}

/** Instructors and their classes; returns each class's invite code. */
async function writeClasses(db: Db, cohort: Cohort, passwordHash: string): Promise<string[]> {
  const created = (ms: number) => new Date(ms).toISOString();
  const instructors = cohort.classes.map((c) => ({ id: c.instructorId, email: c.instructorEmail, password_hash: passwordHash, display_name: `Instructor ${c.index + 1}`, role: 'instructor' as const, created_at: created(c.createdAt) }));
  // Invite codes come from the platform's own generator: unguessable, so never derived from the seed.
  const codes = cohort.classes.map(() => newInviteCode());
  const classes = cohort.classes.map((c, i) => ({ id: c.id, name: c.name, instructor_id: c.instructorId, invite_code: codes[i]!, created_at: created(c.createdAt) }));
  await db.kysely.transaction().execute(async (trx) => {
    await inBatches(trx, instructors, (t, chunk) => t.insertInto('users').values(chunk).execute());
    await inBatches(trx, classes, (t, chunk) => t.insertInto('classes').values(chunk).execute());
  });
  return codes;
}

async function writeLearners(db: Db, cohort: Cohort, passwordHash: string): Promise<void> {
  const { plans, classes } = cohort;
  const iso = (ms: number) => new Date(ms).toISOString();
  const users = plans.map((p) => ({ id: p.id, email: p.email, password_hash: passwordHash, display_name: p.name, role: 'learner' as const, created_at: iso(p.joinedAt - 60_000) }));
  const members = plans.map((p) => ({ class_id: classes[p.classIndex]!.id, user_id: p.id, joined_at: iso(p.joinedAt) }));
  const goals = plans.filter((p) => p.goalDays !== null).map((p) => ({ user_id: p.id, days_per_week: p.goalDays!, updated_at: iso(p.joinedAt + 120_000) }));
  await db.kysely.transaction().execute(async (trx) => {
    await inBatches(trx, users, (t, chunk) => t.insertInto('users').values(chunk).execute());
    await inBatches(trx, members, (t, chunk) => t.insertInto('class_members').values(chunk).execute());
    await inBatches(trx, goals, (t, chunk) => t.insertInto('learner_goals').values(chunk).execute());
  });
}

/** A learner's statements as rows, and the progress rows the server would hold after the same events. */
function learnerRows(cohort: Cohort, plan: LearnerPlan, events: SimEvent[]): { statements: XapiStatementsTable[]; progress: ProgressTable[] } {
  const nextId = statementIds(cohort, plan);
  const progress = new Map<string, ProgressTable>();
  const statements = events.map(({ input, at }) => {
    const s = statement(input, new Date(at));
    s.id = nextId();
    const lessonDone = (input.verb === 'completed' && input.kind === 'lesson') || (input.verb === 'passed' && input.kind === 'lab');
    if (lessonDone || (input.verb === 'launched' && !progress.has(input.activity))) {
      progress.set(input.activity, { user_id: plan.id, lesson_id: input.activity, status: lessonDone ? 'completed' : 'started', updated_at: s.stored });
    }
    return { id: s.id, user_id: plan.id, verb: input.verb, object_id: s.object.id, stored: s.stored, statement: JSON.stringify(s) };
  });
  return { statements, progress: [...progress.values()] };
}

async function storeBatch(db: Db, statements: XapiStatementsTable[], progress: ProgressTable[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await inBatches(trx, statements, (t, chunk) => t.insertInto('xapi_statements').values(chunk).execute());
    await inBatches(trx, progress, (t, chunk) => t.insertInto('progress').values(chunk).execute());
  });
}

/**
 * Simulates learner after learner and stores them in batches. One batch is
 * in flight while the next is simulated, and the simulation yields to the
 * event loop now and then so the driver can send the batch's next INSERT:
 * PostgreSQL works while Node does.
 */
async function writeEvents(db: Db, cohort: Cohort, onProgress?: (n: number) => void): Promise<number> {
  const labs = cohortLabs(cohort.spec);
  let statements: XapiStatementsTable[] = [];
  let progress: ProgressTable[] = [];
  let written = 0;
  let inFlight: Promise<void> = Promise.resolve();
  // A failed batch is kept, not left as a rejected promise nobody awaits yet, and thrown at the next flush.
  let failure: { error: unknown } | null = null;
  const flush = async () => {
    await inFlight;
    if (failure) throw failure.error;
    const [s, p] = [statements, progress];
    [statements, progress] = [[], []];
    inFlight = storeBatch(db, s, p).then(
      () => {
        written += s.length;
        onProgress?.(written);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  let sinceYield = 0;
  for (const plan of cohort.plans) {
    const rows = learnerRows(cohort, plan, learnerEvents(cohort, plan, labs));
    statements.push(...rows.statements);
    progress.push(...rows.progress);
    sinceYield += rows.statements.length;
    if (sinceYield >= ROWS_PER_INSERT) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (statements.length >= ROWS_PER_TRANSACTION) await flush();
  }
  await flush();
  await inFlight;
  if (failure) throw (failure as { error: unknown }).error;
  return written;
}
