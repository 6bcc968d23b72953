import { Link } from 'wouter';
import { api } from '../api/index.js';
import { useSession } from '../account/session.js';
import { useI18n } from '../i18n/index.js';
import { useAsync } from './useAsync.js';

export function CourseIndex() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [course] = useAsync(() => api.course(lang), [lang, user?.id]);
  return (
    <main className="page learn-index">
      <h1>{t('learn.title')}</h1>
      {course.state === 'loading' && <p className="muted">{t('learn.loading')}</p>}
      {course.state === 'error' && <p role="alert">{t('error.generic', { message: course.message })}</p>}
      {course.state === 'ok' &&
        course.value.modules.map((m) => (
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
