/**
 * The learner's week at a glance: the goal they chose (active days per
 * week) and how far this week is, the streak (one missed day is forgiven),
 * where they left off and what to do next. All from GET /me/learning.
 */
import { Link } from 'wouter';
import { ApiError, api } from '../api/index.js';
import type { Course, LearnerSummary } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useAsync } from '../learn/useAsync.js';
import { useState } from 'react';

export function ThisWeek({ course }: { course: Course }) {
  const { t } = useI18n();
  const [data, set] = useAsync<LearnerSummary>(() => api.learning(), []);
  const [error, setError] = useState<string | null>(null);
  if (data.state !== 'ok') return data.state === 'error' ? <p role="alert">{t('error.generic', { message: data.message })}</p> : null;
  const s = data.value;
  const title = (id: string) => course.modules.flatMap((m) => m.lessons).find((l) => l.id === id)?.title ?? id;
  const setGoal = async (days: number) => {
    try {
      await api.setGoal(days);
      set({ ...s, goalDays: days });
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const goal = s.goalDays ?? 0;
  return (
    <section className="this-week" aria-labelledby="week-title">
      <div className="week-goal">
        <h2 id="week-title">{t('week.title')}</h2>
        <div className="week-dots" role="img" aria-label={goal ? t('week.progress', { done: s.activeDaysThisWeek, goal }) : t('week.active', { done: s.activeDaysThisWeek })}>
          {Array.from({ length: Math.max(goal, s.activeDaysThisWeek, 1) }, (_, i) => (
            <span key={i} className={i < s.activeDaysThisWeek ? 'dot done' : 'dot'} />
          ))}
        </div>
        <p>
          {goal ? t('week.progress', { done: s.activeDaysThisWeek, goal }) : t('week.active', { done: s.activeDaysThisWeek })}{' '}
          <label className="week-goal-pick">
            <span className="muted">{t('week.goal')}</span>{' '}
            <select value={goal} onChange={(e) => void setGoal(Number(e.target.value))} aria-label={t('week.goal')}>
              {goal === 0 && <option value={0}>{t('week.noGoal')}</option>}
              {[1, 2, 3, 4, 5, 6, 7].map((n) => (
                <option key={n} value={n}>
                  {t('week.days', { n })}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p className="week-streak" data-streak={s.streakDays}>
          <strong>{t('week.streak', { n: s.streakDays })}</strong>
          {s.freezeUsed && <span className="muted"> · {t('week.freeze')}</span>}
        </p>
        {error && <p role="alert">{error}</p>}
      </div>
      <div className="week-next">
        {s.continueLesson && (
          <p>
            <span className="muted">{t('week.continue')}</span>{' '}
            <Link href={`/learn/${s.continueLesson}`} className="button-link primary">
              {title(s.continueLesson)}
            </Link>
          </p>
        )}
        {s.next && s.next.lessonId !== s.continueLesson && (
          <p>
            <span className="muted">{t(s.next.reason === 'failed_lab' ? 'week.nextFailed' : 'week.next')}</span> <Link href={`/learn/${s.next.lessonId}`}>{title(s.next.lessonId)}</Link>
          </p>
        )}
        {s.review && (
          <p data-review={s.review.lessonId}>
            <span className="muted">{t('week.review', { days: s.review.daysSince })}</span> <Link href={`/learn/${s.review.lessonId}`}>{title(s.review.lessonId)}</Link>
          </p>
        )}
      </div>
    </section>
  );
}
