import type { Diagnostic } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

export type JumpTo = (file: string, line: number) => void;

export function Diagnostics({ diagnostics, onJump }: { diagnostics: readonly Diagnostic[]; onJump: JumpTo }) {
  const { t } = useI18n();
  if (diagnostics.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="diag-title">
      <h3 id="diag-title">{t('diag.title')}</h3>
      <ul className="diag-list">
        {diagnostics.map((d, i) => (
          <li key={i} className={`diag diag-${d.severity}`}>
            <button type="button" className="linklike" onClick={() => onJump(d.file, d.line)} aria-label={t('races.jump', { file: d.file, line: d.line })}>
              {d.file}:{d.line}:{d.col}
            </button>{' '}
            <span className="diag-source">[{d.source}]</span> {d.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
