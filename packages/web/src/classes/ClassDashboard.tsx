/**
 * An instructor's view of one class: who is stuck right now (and on which
 * hidden test, with the failure line), who is at risk and why, then the
 * class's shape over time: weekly activity, retention by enrolment week, the
 * lesson funnel and where labs are hard. Stuck learners come first because
 * they are the ones an instructor can help today.
 */
import { Link } from 'wouter';
import { api } from '../api/index.js';
import type { ClassDashboardView, RiskReason } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useAsync } from '../learn/useAsync.js';
import { BarChart, LineChart } from './charts.js';

export function ClassDashboardPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [data] = useAsync(() => api.classDashboard(id, lang), [id, lang]);
  if (data.state === 'loading') return <main className="page muted">{t('learn.loading')}</main>;
  if (data.state === 'error')
    return (
      <main className="page">
        <h1>{t('classDash.title')}</h1>
        <p role="alert">{data.code === 'forbidden' ? t('classDash.forbidden') : t('error.generic', { message: data.message })}</p>
      </main>
    );
  const d = data.value;
  return (
    <main className="page class-dashboard">
      <h1>{d.class.name}</h1>
      <p className="muted">
        {t('classDash.summary', { n: d.members })} · {t('classes.code')} <code className="invite-code">{d.class.inviteCode}</code>
      </p>
      <Stuck d={d} />
      <AtRisk d={d} />
      <div className="dash-grid">
        <section aria-labelledby="wal-title">
          <h2 id="wal-title">{t('classDash.weekly')}</h2>
          <BarChart label={t('classDash.weekly')} data={d.weeklyActive.map((w) => ({ label: shortDate(w.week, lang), value: w.learners, title: t('classDash.weeklyTip', { week: w.week, n: w.learners }) }))} />
        </section>
        <Retention d={d} />
      </div>
      <Funnel d={d} />
      <Labs d={d} />
      <p className="muted small">{t('classDash.rules', { k: d.rules.stuckFailures, h: d.rules.stuckHours, f: d.rules.failuresAtRisk })}</p>
    </main>
  );
}

/** "Dec 7, 01:40" in the reader's language and time zone. */
function when(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

function shortDate(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A lesson's (or lab's) title, from the funnel, which lists every lesson in course order. */
function lessonTitle(d: ClassDashboardView, id: string): string {
  return d.funnel.find((f) => f.lessonId === id)?.title ?? id;
}

/** A list section's heading with its count, or the sentence that says the list is empty. */
function CountedHeading({ id, title, count, badge, empty }: { id: string; title: string; count: number; badge: 'fail' | 'skip'; empty: string }) {
  return (
    <>
      <h2 id={id}>
        {title} <span className={`badge badge-${badge}`}>{count}</span>
      </h2>
      {count === 0 && <p className="muted">{empty}</p>}
    </>
  );
}

function Stuck({ d }: { d: ClassDashboardView }) {
  const { t, lang } = useI18n();
  const lab = (id: string) => lessonTitle(d, id);
  return (
    <section aria-labelledby="stuck-title" className="stuck">
      <CountedHeading id="stuck-title" title={t('classDash.stuck')} count={d.stuck.length} badge="fail" empty={t('classDash.noStuck')} />
      {d.stuck.length > 0 && (
        <ul className="stuck-list">
          {d.stuck.map((s) => (
            <li key={`${s.userId}:${s.labId}`} data-learner={s.userId} data-test={s.test}>
              <p>
                <strong>{s.name}</strong> · <Link href={`/learn/${s.labId}`}>{lab(s.labId)}</Link> · <code>{s.test}</code>
              </p>
              <p className="muted">{t('classDash.stuckLine', { n: s.failures, since: when(s.since, lang), last: when(s.lastAt, lang) })}</p>
              {s.output && <pre>{s.output}</pre>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function reasonText(t: (k: MessageKey, v?: Record<string, string | number>) => string, r: RiskReason, lab: (id: string) => string): string {
  switch (r.code) {
    case 'inactive':
      return t('risk.inactive', { days: r.days, usual: r.usualGapDays });
    case 'repeated_failures':
      return t('risk.failures', { n: r.failures, lab: lab(r.labId) });
    case 'hints_exhausted':
      return t('risk.hints', { n: r.hints, lab: lab(r.labId) });
    case 'behind_goal':
      return t('risk.goal', { done: r.activeDays, goal: r.goalDays });
  }
}

/** Learners at risk, most reasons first: the first ten at once, the rest on request. */
function AtRisk({ d }: { d: ClassDashboardView }) {
  const { t } = useI18n();
  const lab = (id: string) => lessonTitle(d, id);
  const row = (r: ClassDashboardView['atRisk'][number]) => (
    <tr key={r.userId} data-learner={r.userId}>
      <th scope="row">{r.name}</th>
      <td className="muted">{r.lastActive ?? t('classDash.neverActive')}</td>
      <td>
        <ul className="reasons">
          {r.reasons.map((x, i) => (
            <li key={i} data-reason={x.code}>
              {reasonText(t, x, lab)}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th>{t('classDash.learner')}</th>
        <th>{t('classDash.lastActiveCol')}</th>
        <th>{t('classDash.reasons')}</th>
      </tr>
    </thead>
  );
  return (
    <section aria-labelledby="risk-title">
      <CountedHeading id="risk-title" title={t('classDash.atRisk')} count={d.atRisk.length} badge="skip" empty={t('classDash.noRisk')} />
      {d.atRisk.length > 0 && (
        <table className="risk-table">
          {head}
          <tbody>{d.atRisk.slice(0, 10).map(row)}</tbody>
        </table>
      )}
      {d.atRisk.length > 10 && (
        <details className="risk-more">
          <summary>{t('classDash.more', { n: d.atRisk.length - 10 })}</summary>
          <table className="risk-table">
            {head}
            <tbody>{d.atRisk.slice(10).map(row)}</tbody>
          </table>
        </details>
      )}
    </section>
  );
}

function Retention({ d }: { d: ClassDashboardView }) {
  const { t, lang } = useI18n();
  const cohorts = d.retention.filter((c) => c.size > 0);
  return (
    <section aria-labelledby="ret-title">
      <h2 id="ret-title">{t('classDash.retention')}</h2>
      <LineChart label={t('classDash.retention')} xLabel={(i) => t('classDash.weekN', { n: i })} series={cohorts.map((c) => ({ name: t('classDash.cohortTip', { week: shortDate(c.cohort, lang), n: c.size }), values: c.active }))} />
      <table className="heatmap">
        <thead>
          <tr>
            <th>{t('classDash.cohort')}</th>
            {Array.from({ length: Math.max(0, ...cohorts.map((c) => c.active.length)) }, (_, i) => (
              <th key={i}>{t('classDash.weekN', { n: i })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.cohort}>
              <th scope="row">
                {shortDate(c.cohort, lang)} <span className="muted">({c.size})</span>
              </th>
              {c.active.map((v, i) => (
                <td key={i} style={{ background: `color-mix(in srgb, var(--accent) ${Math.round(v * 85)}%, transparent)` }}>
                  {Math.round(v * 100)}%
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Funnel({ d }: { d: ClassDashboardView }) {
  const { t } = useI18n();
  const max = Math.max(1, ...d.funnel.map((f) => f.launched));
  // The drop-off point: the biggest fall in learners from one lesson to the next.
  let drop = -1;
  let worst = 0;
  d.funnel.forEach((f, i) => {
    const next = d.funnel[i + 1];
    if (next && f.launched - next.launched > worst) {
      worst = f.launched - next.launched;
      drop = i + 1;
    }
  });
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('classDash.funnel')}</h2>
      <p className="muted">{t('classDash.funnelHelp')}</p>
      <ol className="funnel">
        {d.funnel.map((f, i) => (
          <li key={f.lessonId} data-lesson={f.lessonId} className={i === drop ? 'drop' : undefined}>
            <span className="funnel-name">{f.title}</span>
            <span className="funnel-bar" title={t('classDash.funnelTip', { launched: f.launched, completed: f.completed })}>
              <span className="launched" style={{ width: `${(f.launched / max) * 100}%` }} />
              <span className="completed" style={{ width: `${(f.completed / max) * 100}%` }} />
            </span>
            <span className="num">
              {f.completed}/{f.launched}
            </span>
            {i === drop && <span className="badge badge-fail">{t('classDash.dropOff', { n: worst })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Labs({ d }: { d: ClassDashboardView }) {
  const { t } = useI18n();
  const labs = d.labs.filter((l) => l.learners > 0);
  return (
    <section aria-labelledby="labs-title">
      <h2 id="labs-title">{t('classDash.labs')}</h2>
      {labs.length === 0 ? (
        <p className="muted">{t('classDash.noLabs')}</p>
      ) : (
        <table className="lab-table">
          <thead>
            <tr>
              <th>{t('classDash.lab')}</th>
              <th className="num">{t('classDash.passed')}</th>
              <th className="num">{t('classDash.attempts')}</th>
              <th>{t('classDash.hardest')}</th>
            </tr>
          </thead>
          <tbody>
            {labs.map((l) => (
              <tr key={l.labId} data-lab={l.labId}>
                <td>{l.title}</td>
                <td className="num">
                  {l.passed}/{l.learners}
                </td>
                <td className="num">{l.attemptsToPass ? t('classDash.attemptsValue', { median: l.attemptsToPass.median, p90: l.attemptsToPass.p90 }) : '–'}</td>
                <td>
                  {l.tests.slice(0, 3).map((x) => (
                    <span
                      key={x.test}
                      className="test-chip"
                      title={`${t('classDash.testTip', { n: x.failedAttempts, learners: x.learners })}${x.attemptsToPass ? `; ${t('classDash.testFix', x.attemptsToPass)}` : ''}`}
                    >
                      <code>{x.test}</code> <span className="muted">×{x.failedAttempts}</span>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
