/**
 * "Continue where you left off": which lesson the course page offers first.
 * The last lesson the learner touched, from their saved progress when signed
 * in (PUT /progress marks a lesson started when it is opened, completed when
 * finished; each entry has its updatedAt) and from this browser's last visit
 * otherwise. A finished lesson hands over to the next unfinished one.
 */
import type { CourseLessonSummary, CourseModule, ProgressEntry } from '../api/types.js';

export type Resume =
  | { kind: 'start'; lesson: CourseLessonSummary }
  | { kind: 'continue'; lesson: CourseLessonSummary }
  | { kind: 'next'; lesson: CourseLessonSummary; after: CourseLessonSummary }
  | { kind: 'done' };

export interface Visit {
  id: string;
  at: string;
}

export function resumeTarget(modules: readonly CourseModule[], progress: readonly ProgressEntry[], visit: Visit | null): Resume | null {
  const lessons = modules.flatMap((m) => m.lessons);
  if (lessons.length === 0) return null;
  const index = new Map(lessons.map((l, i) => [l.id, i]));
  const completed = new Set(progress.filter((p) => p.status === 'completed').map((p) => p.lessonId));
  for (const l of lessons) if (l.progress === 'completed') completed.add(l.id);

  const events: Visit[] = progress.map((p) => ({ id: p.lessonId, at: p.updatedAt }));
  if (visit) events.push(visit);
  let last: Visit | null = null;
  for (const e of events) {
    if (!index.has(e.id)) continue;
    // Most recent first; on a tie (same second), the later lesson in the course.
    if (!last || e.at > last.at || (e.at === last.at && index.get(e.id)! > index.get(last.id)!)) last = e;
  }
  const firstOpen = (from: number) => lessons.slice(from).find((l) => !completed.has(l.id));
  if (!last) {
    const first = firstOpen(0);
    return first ? { kind: 'start', lesson: first } : { kind: 'done' };
  }
  const at = index.get(last.id)!;
  const lesson = lessons[at]!;
  if (!completed.has(lesson.id)) return { kind: 'continue', lesson };
  const next = firstOpen(at + 1) ?? firstOpen(0);
  return next ? { kind: 'next', lesson: next, after: lesson } : { kind: 'done' };
}

const VISIT_KEY = 'gopherlab.learn.lastVisit';

/** Remembers the lesson opened last in this browser (for learners who are not signed in). */
export function rememberVisit(id: string, now = new Date()): void {
  try {
    localStorage.setItem(VISIT_KEY, JSON.stringify({ id, at: now.toISOString() }));
  } catch {
    // Storage unavailable: the course page then offers the first lesson.
  }
}

export function lastVisit(): Visit | null {
  try {
    const v = JSON.parse(localStorage.getItem(VISIT_KEY) ?? 'null') as Partial<Visit> | null;
    return v && typeof v.id === 'string' && typeof v.at === 'string' ? { id: v.id, at: v.at } : null;
  } catch {
    return null;
  }
}
