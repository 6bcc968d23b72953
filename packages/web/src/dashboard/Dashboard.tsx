import { Link } from 'wouter';
import { useSession } from '../account/session.js';
import { api } from '../api/index.js';
import type { Course, ProgressEntry } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useAsync } from '../learn/useAsync.js';
import { ApiTokens } from './ApiTokens.js';
import { Classes } from './Classes.js';
import { ThisWeek } from './ThisWeek.js';
import { LearningData } from './LearningData.js';

/** The learner's progress across the course: per module, which lessons are started or completed; and the CLI's sign-ins. */
export function Dashboard() {
  const { t, lang } = useI18n();
  const { user, loading } = useSession();
  const [data] = useAsync<{ course: Course; progress: ProgressEntry[] } | null>(
    async () => (user ? { course: await api.course(lang), progress: (await api.progress()).lessons } : null),
    [user?.id, lang],
  );
  if (loading) return <main className="page"><p className="muted">{t('learn.loading')}</p></main>;
  if (!user)
    return (
      <main className="page">
        <h1>{t('dash.title')}</h1>
        <p>
          <Link href="/signin?next=/dashboard">{t('dash.signIn')}</Link>
        </p>
      </main>
    );
  if (data.state !== 'ok' || !data.value)
    return (
      <main className="page">
        <h1>{t('dash.title')}</h1>
        {data.state === 'error' ? <p role="alert">{t('error.generic', { message: data.message })}</p> : <p className="muted">{t('learn.loading')}</p>}
      </main>
    );
  const status = new Map(data.value.progress.map((p) => [p.lessonId, p.status]));
  const all = data.value.course.modules.flatMap((m) => m.lessons);
  const done = all.filter((l) => status.get(l.id) === 'completed').length;
  return (
    <main className="page dashboard">
      <h1>{t('dash.title')}</h1>
      <p className="dash-summary" data-completed={done}>
        {t('dash.summary', { done, total: all.length })}
      </p>
      <progress value={done} max={Math.max(all.length, 1)} aria-label={t('dash.summary', { done, total: all.length })} />
      <ThisWeek course={data.value.course} />
      <Classes user={user} />
      {data.value.course.modules.map((m) => {
        const mDone = m.lessons.filter((l) => status.get(l.id) === 'completed').length;
        return (
          <section key={m.id} className="module">
            <h2>
              {m.title} <span className="muted">{t('dash.module', { done: mDone, total: m.lessons.length })}</span>
            </h2>
            <ul className="lesson-list">
              {m.lessons.map((l) => {
                const s = status.get(l.id);
                return (
                  <li key={l.id} data-lesson={l.id} data-progress={s ?? 'none'}>
                    <span aria-hidden="true">{s === 'completed' ? '✔' : s === 'started' ? '◐' : '○'}</span> <Link href={`/learn/${l.id}`}>{l.title}</Link>{' '}
                    {s && <span className={`badge ${s === 'completed' ? 'badge-pass' : 'badge-skip'}`}>{t(s === 'completed' ? 'learn.completed' : 'learn.started')}</span>}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <ApiTokens />
      <LearningData />
    </main>
  );
}
