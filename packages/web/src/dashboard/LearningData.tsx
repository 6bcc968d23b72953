/**
 * The learner's own learning events (xAPI statements): download them as CSV,
 * or delete them. Progress and lab work are not touched by deleting.
 */
import { useState } from 'react';
import { ApiError, api } from '../api/index.js';
import { useI18n } from '../i18n/index.js';

export function LearningData() {
  const { t } = useI18n();
  const [note, setNote] = useState<string | null>(null);
  const remove = async () => {
    if (!window.confirm(t('data.deleteConfirm'))) return;
    try {
      const { deleted } = await api.deleteMyStatements();
      setNote(t('data.deleted', { n: deleted }));
    } catch (e) {
      setNote(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <section className="module learning-data" aria-labelledby="data-title">
      <h2 id="data-title">{t('data.title')}</h2>
      <p className="muted">{t('data.help')}</p>
      <p>
        <a href="/api/v1/me/statements.csv" download>
          {t('data.download')}
        </a>{' '}
        <button type="button" onClick={() => void remove()}>
          {t('data.delete')}
        </button>
      </p>
      {note && <p role="status">{note}</p>}
    </section>
  );
}
