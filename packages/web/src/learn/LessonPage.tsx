import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useSession } from '../account/session.js';
import { api } from '../api/index.js';
import { useI18n } from '../i18n/index.js';
import { LabPanel } from './LabPanel.js';
import { lessonSegments } from './markdown.js';
import { RunnableBlock } from './RunnableBlock.js';
import { useAsync } from './useAsync.js';

export function LessonPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [lesson] = useAsync(() => api.lesson(id, lang), [id, lang]);
  const [saved, setSaved] = useState<'started' | 'completed' | null>(null);

  // Opening a lesson marks it started (never downgrading a completed one).
  useEffect(() => {
    if (!user) return;
    let live = true;
    api
      .progress()
      .then(async (p) => {
        const mine = p.lessons.find((l) => l.lessonId === id);
        if (mine?.status === 'completed') return live && setSaved('completed');
        await api.putProgress(id, 'started');
        if (live) setSaved('started');
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [user, id]);

  const complete = useCallback(async () => {
    if (!user) return;
    await api.putProgress(id, 'completed');
    setSaved('completed');
  }, [user, id]);

  useEffect(() => {
    if (lesson.state === 'ok') document.title = `${lesson.value.title} · gopherlab`;
    return () => {
      document.title = 'gopherlab';
    };
  }, [lesson]);

  const segments = useMemo(() => (lesson.state === 'ok' ? lessonSegments(lesson.value.markdown) : []), [lesson]);

  if (lesson.state === 'loading') return <main className="page"><p className="muted">{t('learn.loading')}</p></main>;
  if (lesson.state === 'error')
    return (
      <main className="page">
        <p role="alert">{t('error.generic', { message: lesson.message })}</p>
        <Link href="/learn">{t('learn.title')}</Link>
      </main>
    );
  const l = lesson.value;
  return (
    <main className="page lesson">
      <nav className="crumbs">
        <Link href="/learn">{t('learn.title')}</Link> › {l.module}
      </nav>
      <p className="muted">
        {t('learn.minutes', { n: l.minutes })}
        {l.skills.length > 0 && ` · ${t('learn.skills')}: ${l.skills.join(', ')}`}
      </p>
      {l.prerequisites.length > 0 && (
        <p className="muted">
          {t('learn.prerequisites')}:{' '}
          {l.prerequisites.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              <Link href={`/learn/${p}`}>{p}</Link>
            </span>
          ))}
        </p>
      )}
      <article className="lesson-body">
        {segments.map((s, i) =>
          s.kind === 'html' ? (
            <div key={i} dangerouslySetInnerHTML={{ __html: s.html }} />
          ) : s.kind === 'code' && s.runnable ? (
            <RunnableBlock key={i} code={s.code} mode={s.runnable} />
          ) : s.kind === 'output' ? (
            <pre key={i} className="expected-output" aria-label="expected output">
              {s.code}
            </pre>
          ) : (
            <pre key={i}>
              <code className={`language-${s.lang}`}>{s.code}</code>
            </pre>
          ),
        )}
      </article>
      {l.lab && <LabPanel labId={l.id} lab={l.lab} onPassed={() => setSaved('completed')} />}
      <footer className="lesson-footer">
        {!user ? (
          <p className="muted">
            <Link href={`/signin?next=/learn/${l.id}`}>{t('learn.signInToSave')}</Link>
          </p>
        ) : saved === 'completed' ? (
          <p role="status" className="badge badge-pass" data-progress="completed">
            {t('learn.completed')}
          </p>
        ) : (
          !l.lab && (
            <button type="button" onClick={() => void complete()}>
              {t('learn.markComplete')}
            </button>
          )
        )}
      </footer>
    </main>
  );
}
