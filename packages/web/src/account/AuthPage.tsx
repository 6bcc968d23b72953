import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../api/index.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from './session.js';

export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { t } = useI18n();
  const session = useSession();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signup') await session.signUp(email, password, displayName || undefined);
      else await session.signIn(email, password);
      const next = new URLSearchParams(window.location.search).get('next');
      // Only same-site paths: an open redirect would let links send users elsewhere.
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/dashboard');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page auth-page">
      <h1>{mode === 'signup' ? t('auth.signupTitle') : t('auth.signinTitle')}</h1>
      <form onSubmit={submit} className="auth-form">
        <label>
          {t('auth.email')}
          <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('auth.password')}
          <input
            type="password"
            name="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            minLength={mode === 'signup' ? 10 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {mode === 'signup' && (
          <label>
            {t('auth.displayName')}
            <input type="text" name="displayName" autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
        )}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'signup' ? t('auth.submitSignup') : t('auth.submitSignin')}
        </button>
      </form>
      <p>
        {mode === 'signup' ? <Link href="/signin">{t('auth.haveAccount')}</Link> : <Link href="/signup">{t('auth.noAccount')}</Link>}
      </p>
    </main>
  );
}
