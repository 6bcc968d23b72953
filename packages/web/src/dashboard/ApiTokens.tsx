/**
 * The learner's CLI tokens (issued by `gopherlab login`): when each was made
 * and last used, and a button that revokes it at once on every server.
 */
import { useEffect, useState } from 'react';
import { ApiError, api, type ApiToken } from '../api/index.js';
import { useI18n } from '../i18n/index.js';

export function ApiTokens() {
  const { t } = useI18n();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api.apiTokens().then(
      (r) => setTokens(r.tokens),
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  useEffect(() => void load(), []);
  const revoke = async (id: string) => {
    try {
      await api.revokeApiToken(id);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <section className="module api-tokens" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="muted">{t('tokens.help')}</p>
      {error && <p role="alert">{error}</p>}
      {tokens && tokens.length === 0 && <p className="muted">{t('tokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="lesson-list">
          {tokens.map((tok) => (
            <li key={tok.id} data-token={tok.id}>
              <code>{tok.name}</code>{' '}
              <span className="muted">
                {tok.lastUsedAt ? t('tokens.meta', { created: tok.createdAt.slice(0, 10), used: tok.lastUsedAt.slice(0, 10) }) : t('tokens.metaUnused', { created: tok.createdAt.slice(0, 10) })}
              </span>{' '}
              <button type="button" onClick={() => void revoke(tok.id)}>
                {t('tokens.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
