/**
 * The class dashboard at scale. Seeds SQLite with 10,000 learners / 100,000
 * events and PostgreSQL (started on loopback through scripts/services.sh,
 * stopped after) with 100,000 learners / 1,000,000 events, then times every
 * query behind the dashboard for a typical class (median size) and the
 * largest one: each SQL query of loadClassActivity on its own, the pure
 * computeDashboard, learnerSummary for the class's most active learner, and
 * the first page of /xapi/statements for the class's instructor and for an
 * admin (no filter). Medians of --reps runs after one warm-up, against the
 * 200 ms target, then again without the indexes of migration
 * 0009_analytics_indexes, so each index shows what it is for.
 *
 * Also the at-risk rule's precision and recall against "inactive in the
 * next 14 days": dashboards computed 14 days before the seed's now, from the
 * events before then only, compared with who had no event afterwards.
 *
 *   npx tsx bench/analytics.ts [--reps 7] [--only sqlite|postgres]
 *                              [--sqlite 10000:100000] [--postgres 100000:1000000]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { loadCourse, type Course } from '@gopherlab/course';
import { openDb, type Db } from '../packages/server/src/db/index.js';
import { computeDashboard, loadClassActivity, type CourseFacts } from '../packages/server/src/analytics/dashboard.js';
import { learnerSummary } from '../packages/server/src/analytics/learner.js';
import { seedAnalytics, type SeedSummary } from '../packages/server/src/analytics/seed.js';
import { AnalyticsService } from '../packages/server/src/analytics/service.js';

const TARGET_MS = 200;
const DAY = 86_400_000;
/** The indexes migration 0009_analytics_indexes adds; the second pass runs without them. */
const INDEXES_0009 = ['xapi_statements_stored_id', 'xapi_statements_user_verb_stored_object', 'lab_checks_user_lab'];
const { values: args } = parseArgs({
  options: { reps: { type: 'string', default: '7' }, only: { type: 'string' }, sqlite: { type: 'string', default: '10000:100000' }, postgres: { type: 'string', default: '100000:1000000' } },
});
const reps = Number(args.reps);

function size(flag: string): { learners: number; events: number } {
  const [learners, events] = flag.split(':').map(Number);
  if (!learners || !events) throw new Error(`expected learners:events, got ${flag}`);
  return { learners, events };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times every query a Kysely instance runs, from compilation to the rows (a plugin sees both ends). */
class QueryTimer implements KyselyPlugin {
  private readonly started = new WeakMap<QueryId, number>();
  readonly ms: number[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.started.set(args.queryId, performance.now());
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.ms.push(performance.now() - this.started.get(args.queryId)!);
    return args.result;
  }
}

interface Subject {
  label: string;
  classId: string;
  members: number;
  instructorId: string;
  learner: { id: string; events: number };
}

const ROWS = ['loadClassActivity: members', 'loadClassActivity: days', 'loadClassActivity: lessons', 'loadClassActivity: lab attempts', 'loadClassActivity (all four)', 'computeDashboard', 'dashboard request (load + compute)', 'learnerSummary (most active learner)', 'statements page 1, instructor', 'statements page 1, admin (no filter)'] as const;
type Row = (typeof ROWS)[number];

/** One repetition of everything, for one class: ms per row. */
async function measureOnce(db: Db, course: Course, facts: CourseFacts, now: Date, s: Subject): Promise<Record<Row, number>> {
  const timer = new QueryTimer();
  const timed: Db = { ...db, kysely: db.kysely.withPlugin(timer) };
  const t0 = performance.now();
  const activity = await loadClassActivity(timed, s.classId, now);
  const t1 = performance.now();
  computeDashboard(activity, facts, now);
  const t2 = performance.now();
  await learnerSummary(db, course, s.learner.id, null, now);
  const t3 = performance.now();
  const service = new AnalyticsService(db, { warn: () => {} });
  await service.list({ limit: 100, instructorId: s.instructorId });
  const t4 = performance.now();
  await service.list({ limit: 100 });
  const t5 = performance.now();
  const [members, days, lessons, attempts] = timer.ms;
  return {
    'loadClassActivity: members': members!,
    'loadClassActivity: days': days!,
    'loadClassActivity: lessons': lessons!,
    'loadClassActivity: lab attempts': attempts!,
    'loadClassActivity (all four)': t1 - t0,
    computeDashboard: t2 - t1,
    'dashboard request (load + compute)': t2 - t0,
    'learnerSummary (most active learner)': t3 - t2,
    'statements page 1, instructor': t4 - t3,
    'statements page 1, admin (no filter)': t5 - t4,
  };
}

async function measure(db: Db, course: Course, facts: CourseFacts, now: Date, subjects: Subject[]): Promise<Record<Row, number>[]> {
  const out: Record<Row, number>[] = [];
  for (const s of subjects) {
    await measureOnce(db, course, facts, now, s); // warm-up: caches and the planner's first look
    const runs: Record<Row, number>[] = [];
    for (let i = 0; i < reps; i++) runs.push(await measureOnce(db, course, facts, now, s));
    out.push(Object.fromEntries(ROWS.map((r) => [r, median(runs.map((x) => x[r]))])) as Record<Row, number>);
  }
  return out;
}

function printTable(title: string, subjects: Subject[], withIdx: Record<Row, number>[], without: Record<Row, number>[]): void {
  console.log(`\n${title}: median of ${reps} runs, ms (target ${TARGET_MS} ms; "without" = migration 0009's indexes dropped)`);
  const head = subjects.flatMap((s) => [`${s.label} (${s.members})`, 'without 0009']);
  console.log(`${''.padEnd(40)}${head.map((h) => h.padStart(24)).join('')}  target`);
  const verdict = (runs: Record<Row, number>[], row: Row) => (runs.every((r) => r[row] <= TARGET_MS) ? 'met' : 'NOT met');
  for (const row of ROWS) {
    const cells = subjects.flatMap((_, i) => [withIdx[i]![row], without[i]![row]]);
    const withoutVerdict = verdict(without, row) === 'met' ? '' : ' (NOT met without 0009)';
    console.log(`${row.padEnd(40)}${cells.map((c) => c.toFixed(1).padStart(24)).join('')}  ${verdict(withIdx, row)}${withoutVerdict}`);
  }
}

/** The typical (median-size) and the largest class, each with its instructor and most active learner. */
async function subjects(db: Db, summary: SeedSummary): Promise<Subject[]> {
  const bySize = [...summary.classes].sort((a, b) => a.members - b.members);
  const picks = [{ label: 'typical class', c: bySize[bySize.length >> 1]! }, { label: 'largest class', c: bySize.at(-1)! }];
  const out: Subject[] = [];
  for (const { label, c } of picks) {
    const klass = await db.kysely.selectFrom('classes').select('instructor_id').where('id', '=', c.id).executeTakeFirstOrThrow();
    const top = await db.kysely
      .selectFrom('xapi_statements as s')
      .innerJoin('class_members as m', 'm.user_id', 's.user_id')
      .select(['s.user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.class_id', '=', c.id)
      .groupBy('s.user_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    out.push({ label, classId: c.id, members: c.members, instructorId: klass.instructor_id, learner: { id: top.user_id, events: Number(top.n) } });
  }
  return out;
}

/**
 * The at-risk rule, judged: dashboards of every class at now - 14 days (only
 * events before then), flagged learners against those with no event in the
 * 14 days after. Per reason too, and the base rate a random flag would hit.
 */
async function atRiskQuality(db: Db, facts: CourseFacts, now: Date, summary: SeedSummary): Promise<void> {
  const then = new Date(now.getTime() - 14 * DAY);
  const t0 = performance.now();
  const later = new Set((await db.kysely.selectFrom('xapi_statements').select('user_id').distinct().where('stored', '>=', then.toISOString()).where('stored', '<', now.toISOString()).execute()).map((r) => r.user_id));
  let members = 0;
  let inactive = 0;
  const flagged = new Map<string, Set<string>>([['any reason', new Set()]]);
  const inactiveIds = new Set<string>();
  for (const c of summary.classes) {
    const activity = await loadClassActivity(db, c.id, then);
    const d = computeDashboard(activity, facts, then);
    for (const m of activity.members) {
      members++;
      if (!later.has(m.userId)) {
        inactive++;
        inactiveIds.add(m.userId);
      }
    }
    for (const r of d.atRisk) {
      flagged.get('any reason')!.add(r.userId);
      for (const reason of r.reasons) {
        if (!flagged.has(reason.code)) flagged.set(reason.code, new Set());
        flagged.get(reason.code)!.add(r.userId);
      }
    }
  }
  console.log(`\nat-risk at now - 14 days (${summary.classes.length} classes, ${members} members then, ${(performance.now() - t0) / 1000 | 0} s): ${inactive} (${((100 * inactive) / members).toFixed(1)}%) had no event in the next 14 days (the base rate a random flag hits)`);
  console.log(`${'rule'.padEnd(20)}${'flagged'.padStart(9)}${'precision'.padStart(11)}${'recall'.padStart(9)}`);
  for (const [rule, ids] of flagged) {
    const hits = [...ids].filter((id) => inactiveIds.has(id)).length;
    console.log(`${rule.padEnd(20)}${String(ids.size).padStart(9)}${(ids.size ? hits / ids.size : 0).toFixed(2).padStart(11)}${(inactive ? hits / inactive : 0).toFixed(2).padStart(9)}`);
  }
}

async function dropIndexes(db: Db): Promise<void> {
  for (const name of INDEXES_0009) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(db.kysely);
  await sql`ANALYZE`.execute(db.kysely);
}

async function run(title: string, db: Db, course: Course, spec: { learners: number; events: number }): Promise<void> {
  const facts: CourseFacts = { lessons: course.lessons.map((l) => ({ id: l.id, title: l.content.en.title, hasLab: Boolean(l.lab), hints: l.lab?.spec.hints.en.length ?? 0 })) };
  const lessons = facts.lessons.map(({ id, hasLab, hints }) => ({ id, hasLab, hints }));
  const now = new Date();
  let last = performance.now();
  const summary = await seedAnalytics(db, {
    ...spec,
    seed: 1,
    now,
    lessons,
    onProgress: (n) => {
      if (performance.now() - last > 15_000) {
        last = performance.now();
        console.error(`  ${title}: ${n} of ${spec.events} statements stored`);
      }
    },
  });
  const sizes = summary.classes.map((c) => c.members).sort((a, b) => a - b);
  console.log(`\n${title}: seeded ${summary.learners} learners, ${summary.classes.length} classes (${sizes[0]}-${sizes.at(-1)} members, median ${sizes[sizes.length >> 1]}), ${summary.statements} statements in ${(summary.ms / 1000).toFixed(1)} s (${Math.round(summary.statements / (summary.ms / 1000))} statements/s)`);
  const picked = await subjects(db, summary);
  for (const s of picked) console.log(`  ${s.label}: ${s.members} members; most active learner ${s.learner.events} events`);
  const withIdx = await measure(db, course, facts, now, picked);
  await atRiskQuality(db, facts, now, summary);
  await dropIndexes(db);
  const without = await measure(db, course, facts, now, picked);
  printTable(title, picked, withIdx, without);
}

const SERVICES_DIR = path.join(os.tmpdir(), 'gopherlab-bench-analytics');

/** scripts/services.sh, as the tests use it, on ports and a directory of this script's own. */
function services(action: 'start' | 'stop'): string {
  const env = { ...process.env, PG_PORT: '55741', REDIS_PORT: '56791', SERVICES_DIR };
  return execFileSync('bash', ['-c', `source scripts/lib.sh; source scripts/services.sh; services_${action}; echo "\${DATABASE_URL_TEST:-}"`], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

const course = await loadCourse('course', { skipInvalid: true });
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);

if (args.only !== 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-bench-analytics-'));
  const db = await openDb({ dataDir: dir });
  try {
    await run('SQLite', db, course, size(args.sqlite));
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (args.only !== 'sqlite') {
  const url = services('start');
  if (!url) throw new Error('scripts/services.sh started no PostgreSQL (is it installed? see scripts/setup.sh --test)');
  // The cluster holds ~1.5 GB after a million statements: gone with the server.
  const stop = () => {
    services('stop');
    fs.rmSync(SERVICES_DIR, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const db = await openDb({ databaseUrl: url, dataDir: os.tmpdir() });
  try {
    const version = await sql<{ server_version: string }>`SHOW server_version`.execute(db.kysely);
    console.log(`\nPostgreSQL ${version.rows[0]?.server_version} on 127.0.0.1 (scripts/services.sh: fsync=off)`);
    await run('PostgreSQL', db, course, size(args.postgres));
  } finally {
    await db.close();
    stop();
  }
}
