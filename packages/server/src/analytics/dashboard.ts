/**
 * The class dashboard, computed from a class's learning events: weekly
 * active learners, retention by enrolment week, the lesson funnel, attempts
 * to pass per lab and per hidden test, stuck learners and learners at risk.
 *
 * Split in two: `loadClassActivity` asks the database for the class's
 * events (aggregated to learner-days where a day is all we need; lab
 * attempts one by one), `computeDashboard` is a pure function of that
 * activity and the clock, so the rules are tested on hand-made histories
 * and the benchmark can replay a seeded class at any "now".
 *
 * Enrolment is rolling: a learner's own join date starts their week 0, and
 * inactivity is judged against their own pace, never a fixed course date.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { ClassDashboard, DashboardRules, RiskReason } from './contract.js';
import { EXT, XAPI_BASE } from './xapi.js';

export type { ClassDashboard, DashboardRules, RiskReason };

export const DAY = 86_400_000;

/** The UTC day (YYYY-MM-DD) of a stored statement, in SQL both dialects run. */
export const utcDay = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
const WEEKS_SHOWN = 12;

export const DEFAULT_RULES: DashboardRules = { stuckFailures: 3, stuckHours: 48, inactiveFactor: 3, inactiveMinDays: 7, failuresAtRisk: 5 };

export interface Member {
  userId: string;
  name: string;
  joinedAt: string;
  /** Active days per week the learner chose, if any. */
  goalDays: number | null;
}

/** One graded lab check of a learner, oldest first per learner. */
export interface LabAttempt {
  userId: string;
  labId: string;
  passed: boolean;
  at: string;
  failedTests: string[];
  /** The failure line of each failed test, when the grader had one. */
  messages: Record<string, string>;
  hintsUsed: number;
}

export interface ClassActivity {
  members: Member[];
  /** Events per learner and UTC day (YYYY-MM-DD). */
  days: { userId: string; day: string; events: number }[];
  /** Learners who launched / completed each lesson. */
  lessons: { lessonId: string; verb: 'launched' | 'completed'; learners: number }[];
  attempts: LabAttempt[];
}

/** What the dashboard needs to know about the course: lessons in order, and each lab's hint count. */
export interface CourseFacts {
  lessons: { id: string; title: string; hasLab: boolean; hints: number }[];
}

/** Monday (UTC) of the week holding `ms`, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const d = new Date(ms);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function computeDashboard(a: ClassActivity, course: CourseFacts, now: Date, rules: DashboardRules = DEFAULT_RULES): ClassDashboard {
  const byUser = new Map<string, number[]>();
  for (const d of a.days) {
    const list = byUser.get(d.userId) ?? [];
    list.push(dayMs(d.day));
    byUser.set(d.userId, list);
  }
  for (const list of byUser.values()) list.sort((x, y) => x - y);
  return {
    generatedAt: now.toISOString(),
    rules,
    members: a.members.length,
    weeklyActive: weeklyActive(a, now),
    retention: retention(a.members, byUser, now),
    funnel: course.lessons.map((l) => ({
      lessonId: l.id,
      title: l.title,
      launched: a.lessons.find((x) => x.lessonId === l.id && x.verb === 'launched')?.learners ?? 0,
      completed: a.lessons.find((x) => x.lessonId === l.id && x.verb === 'completed')?.learners ?? 0,
    })),
    labs: labStats(a.attempts, course),
    stuck: stuckLearners(a, now, rules),
    atRisk: atRisk(a, byUser, course, now, rules),
  };
}

function weeklyActive(a: ClassActivity, now: Date) {
  const learners = new Map<string, Set<string>>();
  // weekOf per distinct day, not per learner-day: Date work dominated the dashboard of a large class.
  const weeks = new Map<string, string>();
  for (const d of a.days) {
    const w = weeks.get(d.day) ?? weekOf(dayMs(d.day));
    weeks.set(d.day, w);
    const set = learners.get(w) ?? new Set<string>();
    set.add(d.userId);
    learners.set(w, set);
  }
  const out: ClassDashboard['weeklyActive'] = [];
  for (let i = WEEKS_SHOWN - 1; i >= 0; i--) {
    const week = weekOf(now.getTime() - i * 7 * DAY);
    out.push({ week, learners: learners.get(week)?.size ?? 0 });
  }
  return out;
}

/**
 * Week-N retention of each enrolment-week cohort: N counts calendar weeks
 * (Monday to Sunday, UTC) from the week the learner joined, so every
 * learner's week 0 is their own enrolment week; the last point of a young
 * cohort is a week still under way.
 */
function retention(members: Member[], byUser: Map<string, number[]>, now: Date) {
  const cohorts = new Map<string, { size: number; active: number[]; weeks: number }>();
  for (const m of members) {
    const joined = Date.parse(m.joinedAt);
    const cohort = weekOf(joined);
    const start = dayMs(cohort);
    const weeks = Math.floor((now.getTime() - start) / (7 * DAY)) + 1;
    const c = cohorts.get(cohort) ?? { size: 0, active: [], weeks };
    c.size++;
    const seen = new Set<number>();
    for (const t of byUser.get(m.userId) ?? []) {
      const n = Math.floor((t - start) / (7 * DAY));
      if (n >= 0 && n < c.weeks) seen.add(n);
    }
    for (const n of seen) c.active[n] = (c.active[n] ?? 0) + 1;
    cohorts.set(cohort, c);
  }
  return [...cohorts.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .slice(-WEEKS_SHOWN)
    .map(([cohort, c]) => ({ cohort, size: c.size, active: Array.from({ length: Math.min(c.weeks, WEEKS_SHOWN) }, (_, n) => (c.active[n] ?? 0) / c.size) }));
}

function labStats(attempts: LabAttempt[], course: CourseFacts): ClassDashboard['labs'] {
  const out: ClassDashboard['labs'] = [];
  for (const l of course.lessons.filter((x) => x.hasLab)) {
    const mine = attempts.filter((x) => x.labId === l.id);
    if (mine.length === 0) {
      out.push({ labId: l.id, title: l.title, learners: 0, passed: 0, attemptsToPass: null, tests: [] });
      continue;
    }
    const perUser = new Map<string, LabAttempt[]>();
    for (const x of mine) {
      const list = perUser.get(x.userId);
      if (list) list.push(x);
      else perUser.set(x.userId, [x]);
    }
    const toPass: number[] = [];
    for (const list of perUser.values()) {
      const i = list.findIndex((x) => x.passed);
      if (i >= 0) toPass.push(i + 1);
    }
    toPass.sort((x, y) => x - y);
    const tests = testStats(perUser);
    out.push({
      labId: l.id,
      title: l.title,
      learners: perUser.size,
      passed: toPass.length,
      attemptsToPass: toPass.length ? { median: quantile(toPass, 0.5), p90: quantile(toPass, 0.9) } : null,
      tests,
    });
  }
  return out;
}

/**
 * Per hidden test: failed checks, learners who failed it, and the checks
 * each took from first failing it to first passing it (median, p90): the
 * test a class struggles with longest, not only the one failed most.
 */
function testStats(perUser: Map<string, LabAttempt[]>): ClassDashboard['labs'][number]['tests'] {
  const stats = new Map<string, { failedAttempts: number; learners: number; toFix: number[] }>();
  for (const list of perUser.values()) {
    const firstFail = new Map<string, number>();
    list.forEach((x, i) => {
      for (const t of x.failedTests) {
        const s = stats.get(t) ?? { failedAttempts: 0, learners: 0, toFix: [] };
        s.failedAttempts++;
        if (!firstFail.has(t)) {
          firstFail.set(t, i);
          s.learners++;
        }
        stats.set(t, s);
      }
      // A check that ran the tests and did not fail t fixed it; one that never ran them (a compile
      // error: failed with no failing test) says nothing about t.
      const ranTests = x.passed || x.failedTests.length > 0;
      for (const [t, at] of firstFail) {
        if (at >= 0 && ranTests && !x.failedTests.includes(t) && i > at) {
          stats.get(t)!.toFix.push(i - at + 1);
          firstFail.set(t, -1); // fixed: later failures count, but not a second fix
        }
      }
    });
  }
  return [...stats.entries()]
    .map(([test, s]) => {
      const fix = s.toFix.sort((a, b) => a - b);
      return { test, failedAttempts: s.failedAttempts, learners: s.learners, attemptsToPass: fix.length ? { median: quantile(fix, 0.5), p90: quantile(fix, 0.9) } : null };
    })
    .sort((x, y) => y.failedAttempts - x.failedAttempts);
}

/** The trailing run of failed attempts of each learner's lab (none when the last attempt passed). */
function failureStreaks(attempts: LabAttempt[]): Map<string, LabAttempt[]> {
  const streaks = new Map<string, LabAttempt[]>();
  for (const x of attempts) {
    const key = `${x.userId}\u0000${x.labId}`;
    if (x.passed) streaks.delete(key);
    else {
      const streak = streaks.get(key);
      if (streak) streak.push(x);
      else streaks.set(key, [x]);
    }
  }
  return streaks;
}

/** K consecutive failures of the same hidden test within T hours, the lab still not passed. */
function stuckLearners(a: ClassActivity, now: Date, rules: DashboardRules): ClassDashboard['stuck'] {
  const names = new Map(a.members.map((m) => [m.userId, m.name]));
  const out: ClassDashboard['stuck'] = [];
  for (const streak of failureStreaks(a.attempts).values()) {
    const last = streak.at(-1)!;
    if (now.getTime() - Date.parse(last.at) > rules.stuckHours * 3_600_000) continue; // stuck long ago is at-risk, not stuck
    for (const test of last.failedTests) {
      // How many attempts in a row, counting back from the last, failed this test?
      let n = 0;
      while (n < streak.length && streak[streak.length - 1 - n]!.failedTests.includes(test)) n++;
      if (n < rules.stuckFailures) continue;
      const first = streak[streak.length - rules.stuckFailures]!;
      if (Date.parse(last.at) - Date.parse(first.at) > rules.stuckHours * 3_600_000) continue;
      out.push({ userId: last.userId, name: names.get(last.userId) ?? last.userId, labId: last.labId, test, failures: n, since: streak[streak.length - n]!.at, lastAt: last.at, output: last.messages[test] ?? '' });
      break; // one row per learner and lab: the first failing test is the one to look at
    }
  }
  return out.sort((x, y) => y.failures - x.failures || (x.lastAt < y.lastAt ? 1 : -1));
}

function atRisk(a: ClassActivity, byUser: Map<string, number[]>, course: CourseFacts, now: Date, rules: DashboardRules): ClassDashboard['atRisk'] {
  const hints = new Map(course.lessons.map((l) => [l.id, l.hints]));
  // Each learner's streaks, grouped once: scanning every streak for every member was quadratic in the class size.
  const streaksOf = new Map<string, LabAttempt[][]>();
  for (const streak of failureStreaks(a.attempts).values()) {
    const mine = streaksOf.get(streak[0]!.userId) ?? [];
    mine.push(streak);
    streaksOf.set(streak[0]!.userId, mine);
  }
  const out: ClassDashboard['atRisk'] = [];
  for (const m of a.members) {
    const days = byUser.get(m.userId) ?? [];
    const reasons: RiskReason[] = [];
    const last = days.at(-1) ?? Date.parse(m.joinedAt);
    const idle = Math.floor((now.getTime() - last) / DAY);
    const gaps = days.slice(1).map((d, i) => (d - days[i]!) / DAY).sort((x, y) => x - y);
    const usual = gaps.length ? quantile(gaps, 0.5) : 1;
    if (idle >= rules.inactiveMinDays && idle > rules.inactiveFactor * usual) reasons.push({ code: 'inactive', days: idle, usualGapDays: usual });
    for (const streak of streaksOf.get(m.userId) ?? []) {
      const labId = streak[0]!.labId;
      // Many failures, or a stuck streak (K or more) that went quiet: no longer "stuck right now", still at risk.
      const stale = now.getTime() - Date.parse(streak.at(-1)!.at) > rules.stuckHours * 3_600_000;
      if (streak.length >= rules.failuresAtRisk || (stale && streak.length >= rules.stuckFailures)) reasons.push({ code: 'repeated_failures', labId, failures: streak.length });
      const h = hints.get(labId) ?? 0;
      if (h > 0 && streak.some((x) => x.hintsUsed >= h)) reasons.push({ code: 'hints_exhausted', labId, hints: h });
    }
    if (m.goalDays) {
      // The last full week before this one, and only once the learner had joined before it.
      const weekStart = dayMs(weekOf(now.getTime())) - 7 * DAY;
      if (Date.parse(m.joinedAt) < weekStart) {
        const active = days.filter((d) => d >= weekStart && d < weekStart + 7 * DAY).length;
        if (active < m.goalDays) reasons.push({ code: 'behind_goal', goalDays: m.goalDays, activeDays: active });
      }
    }
    if (reasons.length) out.push({ userId: m.userId, name: m.name, lastActive: days.length ? new Date(last).toISOString().slice(0, 10) : null, reasons });
  }
  // Most reasons first; then the most recently active: a learner who just slipped can still be reached.
  return out.sort((x, y) => y.reasons.length - x.reasons.length || ((x.lastActive ?? '') < (y.lastActive ?? '') ? 1 : -1));
}

const LESSON_PREFIX = `${XAPI_BASE}/activities/lesson/`;
const LAB_PREFIX = `${XAPI_BASE}/activities/lab/`;

/** A class's events up to `until` (exclusive), as computeDashboard reads them. */
export async function loadClassActivity(db: Db, classId: string, until: Date): Promise<ClassActivity> {
  const k = db.kysely;
  const end = until.toISOString();
  const inClass = k.selectFrom('class_members').select('user_id').where('class_id', '=', classId);
  const day = utcDay('s.stored');
  // Four independent reads: on PostgreSQL each takes its own pooled connection, so they run at once.
  const [members, days, lessons, labRows] = await Promise.all([
    k
      .selectFrom('class_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('learner_goals as g', 'g.user_id', 'm.user_id')
      .select(['m.user_id', 'm.joined_at', 'u.display_name', 'u.email', 'g.days_per_week'])
      .where('m.class_id', '=', classId)
      .where('m.joined_at', '<', end)
      .execute(),
    k
      .selectFrom('xapi_statements as s')
      .select(['s.user_id', day.as('day'), (eb) => eb.fn.countAll<number>().as('events')])
      .where('s.user_id', 'in', inClass)
      .where('s.stored', '<', end)
      .groupBy(['s.user_id', day])
      .execute(),
    k
      .selectFrom('xapi_statements as s')
      .select(['s.object_id', 's.verb', (eb) => eb.fn.count<number>('s.user_id').distinct().as('learners')])
      .where('s.user_id', 'in', inClass)
      .where('s.verb', 'in', ['launched', 'completed'])
      .where('s.object_id', 'like', `${LESSON_PREFIX}%`)
      .where('s.stored', '<', end)
      .groupBy(['s.object_id', 's.verb'])
      .execute(),
    k
      .selectFrom('xapi_statements as s')
      .select(['s.user_id', 's.verb', 's.object_id', 's.stored', 's.statement'])
      .where('s.user_id', 'in', inClass)
      .where('s.verb', 'in', ['passed', 'failed'])
      .where('s.stored', '<', end)
      .orderBy('s.user_id')
      .orderBy('s.stored')
      .execute(),
  ]);
  return {
    members: members.map((m) => ({ userId: m.user_id, name: m.display_name || m.email, joinedAt: m.joined_at, goalDays: m.days_per_week ?? null })),
    days: days.map((d) => ({ userId: d.user_id, day: d.day, events: Number(d.events) })),
    lessons: lessons.map((l) => ({ lessonId: decodeURIComponent(l.object_id.slice(LESSON_PREFIX.length)), verb: l.verb as 'launched' | 'completed', learners: Number(l.learners) })),
    attempts: labRows.filter((r) => r.object_id.startsWith(LAB_PREFIX)).map(toAttempt),
  };
}

function toAttempt(r: { user_id: string; verb: string; object_id: string; stored: string; statement: string }): LabAttempt {
  const ext = (JSON.parse(r.statement) as { result?: { extensions?: Record<string, unknown> } }).result?.extensions ?? {};
  const failed = ext[EXT.failedTests];
  const messages = ext[EXT.failureMessages];
  return {
    userId: r.user_id,
    labId: decodeURIComponent(r.object_id.slice(LAB_PREFIX.length)),
    passed: r.verb === 'passed',
    at: r.stored,
    // Deduplicated: statements stored before the grader's checks were merged list a test once per check.
    failedTests: Array.isArray(failed) ? [...new Set(failed.filter((t): t is string => typeof t === 'string'))] : [],
    messages: messages && typeof messages === 'object' ? (messages as Record<string, string>) : {},
    hintsUsed: typeof ext[EXT.hintsUsed] === 'number' ? (ext[EXT.hintsUsed] as number) : 0,
  };
}
