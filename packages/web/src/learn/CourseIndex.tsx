import { Link } from 'wouter';
import { api } from '../api/index.js';
import type { Course, ProgressEntry } from '../api/types.js';
import { useSession } from '../account/session.js';
import { useI18n } from '../i18n/index.js';
import { lastVisit, resumeTarget, type Resume } from './resume.js';
import { useAsync } from './useAsync.js';

/** "Continue where you left off": one link to the lesson to open now. */
function ResumeCard({ resume }: { resume: Resume }) {
  const { t } = useI18n();
  if (resume.kind === 'done') {
    return (
      <section className="resume resume-done" aria-label={t('lesson.continue')}>
        <p>✓ {t('lesson.allDone')}</p>
      </section>
    );
  }
  const { lesson } = resume;
  const heading = resume.kind === 'start' ? t('lesson.startHeading') : t('lesson.continue');
  const line =
    resume.kind === 'start'
      ? t('lesson.startWith', { title: lesson.title })
      : resume.kind === 'continue'
        ? t('lesson.resumeStarted', { title: lesson.title })
        : t('lesson.resumeNext', { done: resume.after.title, title: lesson.title });
  return (
    <section className="resume" aria-labelledby="resume-title" data-resume={resume.kind} data-lesson={lesson.id}>
      <div>
        <h2 id="resume-title">{heading}</h2>
        <p>
          {line} <span className="muted">{t('learn.minutes', { n: lesson.minutes })}</span>
          {lesson.hasLab && <span className="badge">{t('learn.lab')}</span>}
        </p>
      </div>
      <Link href={`/learn/${lesson.id}`} className="button-link primary">
        {resume.kind === 'start' ? t('lesson.startButton') : t('lesson.continueButton')} →
      </Link>
    </section>
  );
}

export function CourseIndex() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [course] = useAsync<{ course: Course; progress: ProgressEntry[] }>(async () => {
    const [c, progress] = await Promise.all([api.course(lang), user ? api.progress().then((p) => p.lessons, () => []) : Promise.resolve([])]);
    return { course: c, progress };
  }, [lang, user?.id]);
  const resume = course.state === 'ok' ? resumeTarget(course.value.course.modules, course.value.progress, lastVisit()) : null;
  return (
    <main className="page learn-index">
      <h1>{t('learn.title')}</h1>
      {course.state === 'loading' && <p className="muted">{t('learn.loading')}</p>}
      {course.state === 'error' && <p role="alert">{t('error.generic', { message: course.message })}</p>}
      {resume && <ResumeCard resume={resume} />}
      {course.state === 'ok' &&
        course.value.course.modules.map((m) => (
          <section key={m.id} className="module">
            <h2>{m.title}</h2>
            <ol className="lesson-list">
              {m.lessons.map((l) => (
                <li key={l.id} data-progress={l.progress ?? 'none'}>
                  <Link href={`/learn/${l.id}`}>{l.title}</Link> <span className="muted">{t('learn.minutes', { n: l.minutes })}</span>
                  {l.hasLab && <span className="badge">{t('learn.lab')}</span>}
                  {l.progress === 'completed' && <span className="badge badge-pass">{t('learn.completed')}</span>}
                  {l.progress === 'started' && <span className="badge badge-skip">{t('learn.started')}</span>}
                </li>
              ))}
            </ol>
          </section>
        ))}
    </main>
  );
}
