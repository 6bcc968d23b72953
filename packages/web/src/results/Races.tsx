import type { LeakReport, RaceReport, StackFrame } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import type { JumpTo } from './Diagnostics.js';

function Stack({ frames, onJump }: { frames: readonly StackFrame[]; onJump: JumpTo }) {
  const { t } = useI18n();
  return (
    <ol className="stack">
      {frames.map((f, i) => (
        <li key={i}>
          <code>{f.func}</code>{' '}
          <button type="button" className="linklike" onClick={() => onJump(f.file, f.line)} aria-label={t('races.jump', { file: f.file, line: f.line })}>
            {shortPath(f.file)}:{f.line}
          </button>
        </li>
      ))}
    </ol>
  );
}

function shortPath(p: string): string {
  const parts = p.split('/');
  return parts.slice(-2).join('/');
}

/** Each race shows both conflicting accesses' stacks; every frame jumps to its file:line in the editor. */
export function Races({ races, onJump }: { races: readonly RaceReport[]; onJump: JumpTo }) {
  const { t } = useI18n();
  if (races.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="races-title">
      <h3 id="races-title">{t('races.title')}</h3>
      {races.map((race, i) => (
        <article key={i} className="race">
          {race.test && <h4>{race.test}</h4>}
          <div className="race-accesses">
            {race.accesses.map((a, j) => (
              <div key={j} className="race-access">
                <h5>{t('races.access', { kind: a.kind === 'write' ? t('races.write') : t('races.read'), g: a.goroutine })}</h5>
                <Stack frames={a.stack} onJump={onJump} />
              </div>
            ))}
          </div>
          {race.goroutines.map((g) => (
            <div key={g.id} className="race-created">
              <h5>{t('races.created', { g: g.id })}</h5>
              <Stack frames={g.createdAt} onJump={onJump} />
            </div>
          ))}
        </article>
      ))}
    </section>
  );
}

export function Leaks({ leaks, onJump }: { leaks: readonly LeakReport[]; onJump: JumpTo }) {
  const { t } = useI18n();
  if (leaks.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="leaks-title">
      <h3 id="leaks-title">{t('leaks.title')}</h3>
      {leaks.map((l, i) => (
        <article key={i} className="leak">
          <p>
            {t('leaks.row', { count: l.count, fn: l.function, state: l.state })}
            {l.test ? ` — ${l.test}` : ''}
          </p>
          {l.labels && (
            <p className="muted leak-labels">
              {t('leaks.labels')}{' '}
              {Object.entries(l.labels).map(([k, v]) => (
                <code key={k}>
                  {k}={v}
                </code>
              ))}
            </p>
          )}
          <Stack frames={l.stack} onJump={onJump} />
          {l.createdAt && <Stack frames={[l.createdAt]} onJump={onJump} />}
        </article>
      ))}
    </section>
  );
}
