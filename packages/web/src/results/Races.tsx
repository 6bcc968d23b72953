import { useId, type ReactNode } from 'react';
import type { LeakReport, RaceReport, StackFrame } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import type { JumpTo } from './Diagnostics.js';

/** Heading level of a results section's title; its parts use the next levels. */
export type HeadingLevel = 3 | 4;

export function Heading({ level, id, children }: { level: number; id?: string; children: ReactNode }) {
  const Tag = `h${Math.min(6, level)}` as 'h3';
  return <Tag id={id}>{children}</Tag>;
}

/**
 * A goroutine's frames, innermost first. Frames that `canJump` accepts (all,
 * when it is not given) are buttons that move the editor to their line; the
 * others (the runtime, the lab's hidden tests) are plain text.
 */
export function Stack({ frames, onJump, canJump }: { frames: readonly StackFrame[]; onJump: JumpTo; canJump?: ((file: string) => boolean) | undefined }) {
  const { t } = useI18n();
  return (
    <ol className="stack">
      {frames.map((f, i) => {
        const jumpable = !canJump || canJump(f.file);
        return (
          <li key={i} className={jumpable ? 'frame frame-own' : 'frame'}>
            <code className="frame-func">{breakable(f.func)}</code>{' '}
            {jumpable ? (
              <button type="button" className="linklike" onClick={() => onJump(f.file, f.line)} aria-label={t('races.jump', { file: f.file, line: f.line })}>
                {shortPath(f.file)}:{f.line}
              </button>
            ) : (
              <span className="file-ref" title={`${f.file}:${f.line}`}>
                {shortPath(f.file)}:{f.line}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Long Go symbols (`example.com/pkg.(*Cache[go.shape.string]).Get`) may wrap after a dot, slash or comma rather than mid-word. */
function breakable(name: string): ReactNode[] {
  return name.split(/(?<=[./,])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

function shortPath(p: string): string {
  const parts = p.split('/');
  return parts.slice(-2).join('/');
}

interface SectionProps {
  onJump: JumpTo;
  canJump?: ((file: string) => boolean) | undefined;
  /** Level of the section title (default 3). */
  level?: HeadingLevel;
}

/** Each race shows both conflicting accesses' stacks; every frame jumps to its file:line in the editor. */
export function Races({ races, onJump, canJump, level = 3 }: { races: readonly RaceReport[] } & SectionProps) {
  const { t } = useI18n();
  const titleId = useId();
  if (races.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby={titleId}>
      <Heading level={level} id={titleId}>
        {t('races.title')}
      </Heading>
      {races.map((race, i) => (
        <article key={i} className="race">
          {race.test && <Heading level={level + 1}>{race.test}</Heading>}
          <div className="race-accesses">
            {race.accesses.map((a, j) => (
              <div key={j} className="race-access">
                <Heading level={level + 2}>{t('races.access', { kind: a.kind === 'write' ? t('races.write') : t('races.read'), g: a.goroutine })}</Heading>
                <Stack frames={a.stack} onJump={onJump} canJump={canJump} />
              </div>
            ))}
          </div>
          {race.goroutines.map((g) =>
            // Where a goroutine of the test framework was started says nothing about the learner's code: folded.
            canJump && !g.createdAt.some((f) => canJump(f.file)) ? (
              <details key={g.id} className="race-created">
                <summary>{t('races.created', { g: g.id })}</summary>
                <Stack frames={g.createdAt} onJump={onJump} canJump={canJump} />
              </details>
            ) : (
              <div key={g.id} className="race-created">
                <Heading level={level + 2}>{t('races.created', { g: g.id })}</Heading>
                <Stack frames={g.createdAt} onJump={onJump} canJump={canJump} />
              </div>
            ),
          )}
        </article>
      ))}
    </section>
  );
}

/** Leaked goroutines; `titled={false}` leaves out the section title where the surrounding heading already says it. */
export function Leaks({ leaks, onJump, canJump, level = 3, titled = true }: { leaks: readonly LeakReport[]; titled?: boolean } & SectionProps) {
  const { t } = useI18n();
  const titleId = useId();
  if (leaks.length === 0) return null;
  return (
    <section className="results-section" {...(titled ? { 'aria-labelledby': titleId } : { 'aria-label': t('leaks.title') })}>
      {titled && (
        <Heading level={level} id={titleId}>
          {t('leaks.title')}
        </Heading>
      )}
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
          <Stack frames={l.stack} onJump={onJump} canJump={canJump} />
          {l.createdAt && (
            <>
              <p className="muted leak-created">{t('leaks.createdAt')}</p>
              <Stack frames={[l.createdAt]} onJump={onJump} canJump={canJump} />
            </>
          )}
        </article>
      ))}
    </section>
  );
}
