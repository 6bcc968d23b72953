import type { OutputChunk } from '../playground/runState.js';
import { useI18n } from '../i18n/index.js';

export function Output({ chunks, empty }: { chunks: readonly OutputChunk[]; empty?: string }) {
  const { t } = useI18n();
  return (
    <pre className="output" role="log" aria-live="polite" aria-label={t('output.title')}>
      {chunks.length === 0 ? <span className="muted">{empty ?? t('output.empty')}</span> : null}
      {chunks.map((c, i) => (
        <span key={i} className={c.stream === 'stderr' ? 'stderr' : 'stdout'}>
          {c.data}
        </span>
      ))}
    </pre>
  );
}
