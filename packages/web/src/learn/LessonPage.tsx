/**
 * A lesson: the server-rendered text with its code blocks (runnable ones
 * editable in place), the lab, and the way on to the next lesson.
 *
 * On a wide screen a lesson with a lab is a split view, as in A Tour of Go
 * or Exercism: the text scrolls on the left while the lab (its editor,
 * checks and hints) stays in view on the right. Without a lab, and on narrow
 * screens, it is one column: text, lab, then the way on.
 */
import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from '../account/session.js';
import { api } from '../api/index.js';
import { useI18n } from '../i18n/index.js';
import { LabPanel } from './LabPanel.js';
import { fetchLesson, type LessonView } from './lesson.js';
import { rememberVisit } from './resume.js';
import { CodeView, RunnableBlock } from './RunnableBlock.js';
import { useAsync } from './useAsync.js';

function LessonText({ lesson }: { lesson: LessonView }) {
  const [, navigate] = useLocation();
  // Links between lessons (`lesson:<id>` -> /learn/<id>) stay in the app instead of reloading the page.
  const onClick = (e: MouseEvent<HTMLElement>) => {
    const a = (e.target as Element).closest?.('a');
    const href = a?.getAttribute('href');
    if (!a || !href || a.target || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (!href.startsWith('/') || href.startsWith('//')) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <article className="lesson-body" onClick={onClick}>
      {lesson.segments.map((s, i) =>
        s.kind === 'html' ? (
          <div key={i} className="lesson-prose" dangerouslySetInnerHTML={{ __html: s.html }} />
        ) : s.mode ? (
          <RunnableBlock key={`${lesson.id}:${s.block}`} lessonId={lesson.id} segment={s} />
        ) : (
          <CodeView key={i} segment={s} />
        ),
      )}
    </article>
  );
}

function LessonFooter({ lesson, saved, onComplete }: { lesson: LessonView; saved: 'started' | 'completed' | null; onComplete(): Promise<void> }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  // Reading to the end of a lesson without a lab and moving on completes it, in one click.
  const completeOnNext = Boolean(user) && !lesson.lab && saved !== 'completed';

  const next = lesson.next;
  const goNext = async () => {
    if (!next) return;
    if (completeOnNext) {
      setBusy(true);
      await onComplete().catch(() => undefined);
    }
    navigate(`/learn/${next.id}`);
  };

  return (
    <footer className="lesson-footer">
      <div className="lesson-status">
        {!user ? (
          <p className="muted">
            <Link href={`/signin?next=/learn/${lesson.id}`}>{t('learn.signInToSave')}</Link>
          </p>
        ) : saved === 'completed' ? (
          <p role="status" className="badge badge-pass" data-progress="completed">
            ✓ {t('learn.completed')}
          </p>
        ) : (
          !lesson.lab &&
          !next && (
            <button type="button" onClick={() => void onComplete()}>
              {t('learn.markComplete')}
            </button>
          )
        )}
      </div>
      <nav className="lesson-nav" aria-label={t('lesson.nav')}>
        {lesson.previous ? (
          <Link href={`/learn/${lesson.previous.id}`} className="lesson-nav-prev" rel="prev">
            <span className="lesson-nav-dir">← {t('lesson.previous')}</span>
            <span className="lesson-nav-title">{lesson.previous.title}</span>
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <a
            href={`/learn/${next.id}`}
            className="lesson-nav-next"
            rel="next"
            data-completes={completeOnNext || undefined}
            aria-busy={busy || undefined}
            onClick={(e) => {
              if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              void goNext();
            }}
          >
            <span className="lesson-nav-dir">{completeOnNext ? t('lesson.completeAndNext') : t('lesson.next')} →</span>
            <span className="lesson-nav-title">{next.title}</span>
          </a>
        ) : (
          <p className="lesson-nav-end">
            {t('lesson.courseEnd')} <Link href="/learn">{t('lesson.backToCourse')}</Link>
          </p>
        )}
      </nav>
    </footer>
  );
}

export function LessonPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [lesson] = useAsync(() => fetchLesson(id, lang), [id, lang]);
  const [saved, setSaved] = useState<'started' | 'completed' | null>(null);

  useEffect(() => rememberVisit(id), [id]);

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

  // A new lesson starts at its top, not at the previous lesson's scroll position.
  useEffect(() => window.scrollTo(0, 0), [id]);

  const onPassed = useCallback(() => setSaved('completed'), []);

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
    <main className={`page lesson${l.lab ? ' lesson-with-lab' : ''}`} data-lesson={l.id}>
      <div className="lesson-text">
        <nav className="crumbs" aria-label={t('lesson.breadcrumbs')}>
          <Link href="/learn">{t('learn.title')}</Link> › {l.moduleTitle}
        </nav>
        <p className="muted lesson-meta">
          {t('learn.minutes', { n: l.minutes })}
          {l.skills.length > 0 && ` · ${t('learn.skills')}: ${l.skills.join(', ')}`}
          {l.lab && ` · ${t('learn.lab')}`}
        </p>
        {l.prerequisites.length > 0 && (
          <p className="muted lesson-meta">
            {t('learn.prerequisites')}:{' '}
            {l.prerequisites.map((p, i) => (
              <span key={p}>
                {i > 0 && ', '}
                <Link href={`/learn/${p}`}>{p}</Link>
              </span>
            ))}
          </p>
        )}
        <LessonText lesson={l} />
      </div>
      {l.lab && (
        <aside className="lesson-work" aria-label={t('learn.labTitle', { title: l.lab.title })}>
          <LabPanel labId={l.id} lab={l.lab} onPassed={onPassed} />
        </aside>
      )}
      <LessonFooter lesson={l} saved={saved} onComplete={complete} />
    </main>
  );
}
