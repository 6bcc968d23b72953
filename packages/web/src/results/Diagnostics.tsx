import { useId } from 'react';
import type { Diagnostic } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { Heading, type HeadingLevel } from './Races.js';

export type JumpTo = (file: string, line: number) => void;

/** Compiler, vet and race diagnostics; those in files `canJump` accepts (all, when it is not given) jump the editor to their line. */
export function Diagnostics({
  diagnostics,
  onJump,
  canJump,
  level = 3,
}: {
  diagnostics: readonly Diagnostic[];
  onJump: JumpTo;
  canJump?: ((file: string) => boolean) | undefined;
  level?: HeadingLevel;
}) {
  const { t } = useI18n();
  const titleId = useId();
  if (diagnostics.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby={titleId}>
      <Heading level={level} id={titleId}>
        {t('diag.title')}
      </Heading>
      <ul className="diag-list">
        {diagnostics.map((d, i) => (
          <li key={i} className={`diag diag-${d.severity}`}>
            {!canJump || canJump(d.file) ? (
              <button type="button" className="linklike" onClick={() => onJump(d.file, d.line)} aria-label={t('races.jump', { file: d.file, line: d.line })}>
                {d.file}:{d.line}:{d.col}
              </button>
            ) : (
              <span className="file-ref">
                {d.file}:{d.line}:{d.col}
              </span>
            )}{' '}
            <span className="diag-source">[{d.source}]</span> {d.message}
            {d.explanation && d.explanation.length > 0 && (
              <details className="diag-why">
                <summary>{t('diag.why')}</summary>
                <pre>{d.explanation.join('\n')}</pre>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
