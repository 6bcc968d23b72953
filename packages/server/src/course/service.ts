/**
 * Course content and lab checks. The course is loaded from disk once and kept
 * in memory (content changes ship with a deploy); lab checks are jobs like
 * runs: persisted, queued, graded on a runner slot by @gopherlab/course's
 * grader, and a passing check of a signed-in learner completes the lab.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@gopherlab/errors';
import { gradeLab, loadCourse, type Course, type GradeCheck, type GradeProgress, type GradeReport, type Lesson } from '@gopherlab/course';
import type { SourceFile } from '@gopherlab/runner';
import { retryTransient, type Db } from '../db/index.js';
import type { JobQueue, RunEventBus } from '../queue/index.js';
import { follow } from '../queue/follow.js';
import type { AnalyticsService } from '../analytics/service.js';
import { EXT, isoDuration, type StatementInput } from '../analytics/xapi.js';
import { unavailableMessage, type ExecutionBackend } from '../runs/backend.js';
import type { Metrics } from '../http/metrics.js';
import type { ProgressService, ProgressStatus } from './progress.js';
import { presentLesson, type Lang, type LessonView } from './lesson-view.js';
import { MAX_ATTEMPTS } from '../runs/service.js';

export type { Lang };

export interface CheckView {
  id: string;
  labId: string;
  status: 'queued' | 'running' | 'done';
  grade?: PresentedGrade;
}

/** The course's GradeReport plus the contract's per-check fields (status, message, got/want/ratio/threshold, details). */
export interface PresentedCheck extends GradeCheck {
  status: 'pass' | 'fail' | 'error';
  message: string;
  got?: number;
  want?: number;
  ratio?: number;
  threshold?: number;
  details?: Pick<GradeCheck, 'failures' | 'races' | 'leaks' | 'leakOutput' | 'diagnostics'>;
}
export type PresentedGrade = Omit<GradeReport, 'checks'> & { checks: PresentedCheck[] };

const OUTCOME_STATUSES = new Set(['ok', 'failed', 'compile_error']);

export function presentCheck(c: GradeCheck): PresentedCheck {
  const out: PresentedCheck = {
    ...c,
    status: c.passed ? 'pass' : c.runStatus && !OUTCOME_STATUSES.has(c.runStatus) ? 'error' : 'fail',
    message: c.summary,
  };
  if (c.measurement) {
    // A bench check: the learner's metric against the reference's, and the allowed ratio.
    out.got = c.measurement.learner;
    out.want = c.measurement.reference;
    if (c.measurement.ratio !== null) out.ratio = c.measurement.ratio;
    out.threshold = c.measurement.maxRatio;
  }
  const details = Object.fromEntries(
    (['failures', 'races', 'leaks', 'leakOutput', 'diagnostics'] as const).filter((k) => c[k] !== undefined && (!Array.isArray(c[k]) || c[k].length > 0)).map((k) => [k, c[k]]),
  );
  if (Object.keys(details).length > 0) out.details = details;
  return out;
}

export function presentGrade(grade: GradeReport): PresentedGrade {
  return { ...grade, checks: grade.checks.map(presentCheck) };
}

/** A graded check as a learning event: passed or failed, each check's verdict, the hidden tests that failed, hints used. */
function checkStatement(userId: string, grade: GradeReport): StatementInput {
  const failures = grade.checks.flatMap((c) => c.failures ?? []);
  // The test and race checks run the same hidden tests: a test failing in both failed once.
  const failedTests = [...new Set(failures.map((f) => f.test))];
  // The t.Error line when Go 1.27's test2json marked it, else the end of the output; short either way.
  const failureMessages = Object.fromEntries(failures.map((f) => [f.test, (f.failure ?? f.output).trim().split('\n').slice(-3).join('\n').slice(0, 300)]));
  return {
    userId,
    verb: grade.passed ? 'passed' : 'failed',
    kind: 'lab',
    activity: grade.labId,
    result: {
      success: grade.passed,
      completion: grade.passed,
      duration: isoDuration(grade.wallMs),
      extensions: { [EXT.checks]: grade.checks.map((c) => ({ kind: c.kind, name: c.name, passed: c.passed })), [EXT.failedTests]: failedTests, [EXT.failureMessages]: failureMessages, [EXT.hintsUsed]: grade.hintsUsed ?? 0 },
    },
  };
}

/** The bus stream of a lab check (runs use their bare id). */
const checkStream = (id: string) => `check:${id}`;

export class CourseService {
  private course: Promise<Course> | null = null;

  constructor(
    private readonly deps: {
      courseDir: string;
      db: Db;
      queue: JobQueue;
      /** Streams a check's progress to whichever node serves its SSE (under `check:<id>`). */
      bus: RunEventBus;
      /** Each graded check of a signed-in learner becomes a learning event. */
      analytics: AnalyticsService;
      backend: ExecutionBackend;
      progress: ProgressService;
      metrics: Metrics;
      log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
    },
  ) {}

  load(): Promise<Course> {
    if (!this.course) {
      // Broken lessons are left out (and logged) rather than taking the whole course offline.
      this.course = loadCourse(this.deps.courseDir, { skipInvalid: true }).then((course) => {
        if (course.problems?.length) this.deps.log.warn({ problems: course.problems.length }, 'course loaded without its invalid lessons');
        return course;
      }).catch((e: unknown) => {
        this.course = null; // a later request retries rather than caching the failure forever
        throw e;
      });
    }
    return this.course;
  }

  async outline(lang: Lang, userId: string | null) {
    const course = await this.load();
    const progress = userId ? new Map((await this.deps.progress.list(userId)).map((p) => [p.lessonId, p.status])) : null;
    return {
      modules: course.modules.map((m) => ({
        id: m.id,
        title: m.title[lang],
        lessons: m.lessons.map((l) => {
          const entry: { id: string; title: string; minutes: number; hasLab: boolean; progress?: ProgressStatus } = {
            id: l.id,
            title: l.content[lang].title,
            minutes: l.minutes,
            hasLab: Boolean(l.lab),
          };
          const p = progress?.get(l.id);
          if (p) entry.progress = p;
          return entry;
        }),
      })),
    };
  }

  async lesson(id: string): Promise<Lesson> {
    const course = await this.load();
    const lesson = course.lessonById.get(id);
    if (!lesson) throw new AppError('lesson_not_found');
    return lesson;
  }

  /** The lab of lesson `id`: lab_not_found for an unknown lesson or one without a lab. */
  async lab(id: string): Promise<NonNullable<Lesson['lab']>> {
    const lab = (await this.load()).lessonById.get(id)?.lab;
    if (!lab) throw new AppError('lab_not_found');
    return lab;
  }

  async lessonView(id: string, lang: Lang): Promise<LessonView> {
    return presentLesson(await this.load(), await this.lesson(id), lang);
  }

  async createCheck(labId: string, files: SourceFile[], userId: string | null, hintsUsed = 0): Promise<{ id: string }> {
    await this.lab(labId);
    if (!this.deps.backend.runner && this.deps.queue.kind === 'memory') {
      throw new AppError('sandbox_unavailable', unavailableMessage(this.deps.backend));
    }
    const id = randomUUID();
    await this.deps.db.kysely
      .insertInto('lab_checks')
      .values({ id, user_id: userId, lab_id: labId, files: JSON.stringify(files), status: 'queued', grade: null, passed: null, hints_used: hintsUsed, created_at: new Date().toISOString(), finished_at: null })
      .execute();
    try {
      await this.deps.queue.enqueue({ kind: 'check', id });
    } catch (e) {
      await this.deps.db.kysely.deleteFrom('lab_checks').where('id', '=', id).execute();
      throw e;
    }
    if (userId) await this.deps.progress.set(userId, labId, 'started');
    return { id };
  }

  async getCheck(id: string): Promise<CheckView> {
    const row = await this.deps.db.kysely.selectFrom('lab_checks').select(['id', 'lab_id', 'status', 'grade']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'There is no lab check with that id.');
    const view: CheckView = { id: row.id, labId: row.lab_id, status: row.status };
    if (row.status === 'done' && row.grade) view.grade = presentGrade(JSON.parse(row.grade) as GradeReport);
    return view;
  }

  /** Grades one queued check on this process's runner (called by the queue worker). */
  async executeCheck(id: string): Promise<void> {
    const { kysely } = this.deps.db;
    const row = await kysely.selectFrom('lab_checks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'done') return;
    await kysely.updateTable('lab_checks').set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
    let grade: GradeReport;
    const started = Date.now();
    try {
      const runner = this.deps.backend.runner;
      if (!runner) throw new AppError('sandbox_unavailable');
      const onProgress = (progress: GradeProgress) => this.deps.bus.publish(checkStream(id), { type: 'grading', progress });
      grade = await gradeLab(runner, await this.lab(row.lab_id), JSON.parse(row.files) as SourceFile[], { onProgress });
    } catch (e) {
      this.deps.log.error({ checkId: id, err: e }, 'lab check failed');
      grade = this.failedGrade(row.lab_id, e instanceof AppError ? e.message : 'The grader failed on our side. Try again.', Date.now() - started);
    }
    grade.hintsUsed = row.hints_used;
    await this.finishCheck(id, row.user_id, grade);
    if (row.user_id) {
      await this.deps.analytics.record(checkStatement(row.user_id, grade));
      // Passing the lab completes its lesson (progress above): the funnel counts it like any completed lesson.
      if (grade.passed) await this.deps.analytics.record({ userId: row.user_id, verb: 'completed', kind: 'lesson', activity: grade.labId });
    }
    this.deps.bus.publish(checkStream(id), { type: 'graded' });
  }

  /**
   * Follows a check: what the grader reported so far (after `afterSeq`),
   * live progress, then `{type: 'grade', ...CheckView}` and the end. A
   * check already done answers with its grade at once.
   */
  async subscribeCheck(id: string, listener: (event: { type: string; [k: string]: unknown }, seq?: number) => void, onEnd: () => void, afterSeq = 0): Promise<() => void> {
    type Out = { type: string; [k: string]: unknown };
    return follow<Awaited<ReturnType<CourseService['getCheck']>>, Out>(
      {
        bus: this.deps.bus,
        stream: checkStream(id),
        read: async () => {
          const c = await this.getCheck(id);
          return c.status === 'done' ? { done: true, value: c } : { done: false };
        },
        // Checks go out in the grade's presented form, so the stream and the final grade read alike.
        map: (event) =>
          event.type === 'graded'
            ? { end: true }
            : event.type === 'grading'
              ? { event: event.progress.type === 'check' ? { type: 'grading', progress: { type: 'check', check: presentCheck(event.progress.check) } } : event }
              : null,
        final: (check) => ({ type: 'grade', ...check }),
      },
      listener,
      onEnd,
      afterSeq,
    );
  }

  private failedGrade(labId: string, summary: string, wallMs: number): GradeReport {
    return {
      labId,
      passed: false,
      checks: [{ kind: 'test', name: 'grader', passed: false, summary, runStatus: 'internal_error' }],
      replacedFiles: [],
      ignoredFiles: [],
      wallMs,
    };
  }

  private async finishCheck(id: string, userId: string | null, grade: GradeReport): Promise<void> {
    // The grade exists: wait out a database restart rather than grade the lab again.
    await retryTransient(() =>
      this.deps.db.kysely
        .updateTable('lab_checks')
        .set({ status: 'done', grade: JSON.stringify(grade), passed: grade.passed ? 1 : 0, finished_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute(),
    );
    this.deps.metrics.checks.inc({ result: grade.passed ? 'passed' : grade.checks.some((c) => c.runStatus === 'internal_error') ? 'error' : 'failed' });
    if (grade.passed && userId) await retryTransient(() => this.deps.progress.set(userId, grade.labId, 'completed'));
  }

  /** Same policy as RunService.recover, for lab checks. */
  async recover(staleAfterMs = 0): Promise<{ requeued: number; failed: number }> {
    const { kysely } = this.deps.db;
    const rows = await kysely.selectFrom('lab_checks').select(['id', 'lab_id', 'user_id', 'status', 'attempts', 'created_at']).where('status', 'in', ['queued', 'running']).execute();
    let requeued = 0;
    let failed = 0;
    const cutoff = Date.now() - staleAfterMs;
    for (const row of rows) {
      if (row.status === 'running' && staleAfterMs > 0 && Date.parse(row.created_at) > cutoff) continue;
      if (row.attempts >= MAX_ATTEMPTS) {
        await this.finishCheck(row.id, row.user_id, this.failedGrade(row.lab_id, 'The server stopped repeatedly while grading this lab, so it was not retried. Check again.', 0));
        failed++;
        continue;
      }
      await kysely.updateTable('lab_checks').set({ status: 'queued' }).where('id', '=', row.id).execute();
      try {
        await this.deps.queue.enqueue({ kind: 'check', id: row.id });
        requeued++;
      } catch (e) {
        this.deps.log.warn({ checkId: row.id, err: e }, 'could not re-enqueue lab check');
        await this.finishCheck(row.id, row.user_id, this.failedGrade(row.lab_id, 'The server restarted and could not queue this check again. Check again.', 0));
        failed++;
      }
    }
    return { requeued, failed };
  }
}
