/**
 * What keeps one learner going, from their own events: the weekly goal they
 * chose and how this week stands, a streak of active days that forgives a
 * single missed day (a freeze), where they left off, and the next step.
 */
import type { Course } from '@gopherlab/course';
import type { Db } from '../db/index.js';
import type { LearnerSummary } from './contract.js';
import { DAY, utcDay, weekOf } from './dashboard.js';

/** A passed lab comes back for review after this many days without a check (a first spacing step). */
export const REVIEW_AFTER_DAYS = 14;

/**
 * The streak over UTC day numbers: active days counted back from today
 * until two days in a row were missed. A single missed day between active
 * days is forgiven (the freeze), as often as it happens: a learner who
 * studies every other day keeps a streak, one who skips two days does not.
 * Today does not count as missed while it lasts.
 */
export function streak(days: readonly number[], today: number): { streakDays: number; freezeUsed: boolean } {
  const active = new Set(days);
  let n = 0;
  let missedPrev = false;
  for (let d = active.has(today) ? today : today - 1; ; d--) {
    if (active.has(d)) {
      n++;
      missedPrev = false;
    } else if (missedPrev) break;
    else missedPrev = true;
  }
  // Yesterday missed and nothing yet today: the freeze is spent, today keeps the streak.
  return { streakDays: n, freezeUsed: n > 0 && !active.has(today) && !active.has(today - 1) };
}

export async function learnerSummary(db: Db, course: Course, userId: string, goalDays: number | null, now = new Date()): Promise<LearnerSummary> {
  const k = db.kysely;
  const dayRows = await k
    .selectFrom('xapi_statements')
    .select(utcDay('stored').as('day'))
    .where('user_id', '=', userId)
    .groupBy(utcDay('stored'))
    .execute();
  const days = dayRows.map((r) => Math.floor(Date.parse(`${r.day}T00:00:00Z`) / DAY)).sort((a, b) => a - b);
  const today = Math.floor(now.getTime() / DAY);
  const monday = Math.floor(Date.parse(`${weekOf(now.getTime())}T00:00:00Z`) / DAY);
  const progress = await k.selectFrom('progress').select(['lesson_id', 'status', 'updated_at']).where('user_id', '=', userId).execute();
  const completed = new Set(progress.filter((p) => p.status === 'completed').map((p) => p.lesson_id));
  const started = progress.filter((p) => p.status === 'started').sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
  const labs = await k
    .selectFrom('lab_checks')
    .select(['lab_id', (eb) => eb.fn.max('passed').as('passed'), (eb) => eb.fn.max('created_at').as('last')])
    .where('user_id', '=', userId)
    .groupBy('lab_id')
    .execute();
  const failedLab = labs.find((l) => !Number(l.passed) && !completed.has(l.lab_id) && course.lessonById.has(l.lab_id));
  const ready = course.lessons.find((l) => !completed.has(l.id) && l.prerequisites.every((p) => completed.has(p)));
  // Spaced review: the passed lab not checked for the longest time, once that is REVIEW_AFTER_DAYS or more.
  const due = labs
    .filter((l) => Number(l.passed) && l.last && course.lessonById.has(l.lab_id) && now.getTime() - Date.parse(String(l.last)) >= REVIEW_AFTER_DAYS * DAY)
    .sort((a, b) => (String(a.last) < String(b.last) ? -1 : 1))[0];
  return {
    goalDays,
    activeDaysThisWeek: days.filter((d) => d >= monday && d <= today).length,
    ...streak(days, today),
    continueLesson: started.find((p) => course.lessonById.has(p.lesson_id))?.lesson_id ?? null,
    next: failedLab ? { lessonId: failedLab.lab_id, reason: 'failed_lab' } : ready ? { lessonId: ready.id, reason: 'prerequisites_done' } : null,
    review: due ? { lessonId: due.lab_id, daysSince: Math.floor((now.getTime() - Date.parse(String(due.last))) / DAY) } : null,
  };
}
