import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from '../account/session.js';
import { LANGUAGES, isLang, useI18n } from '../i18n/index.js';
import { useStudyTime } from './studyTime.js';
import { useTheme } from './theme.js';

export function Layout({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { theme, toggle } = useTheme();
  const session = useSession();
  const [location, navigate] = useLocation();
  useStudyTime(session.user !== null && session.user !== undefined);
  const current = (path: string) => (path === '/' ? location === '/' || location.startsWith('/s/') : location.startsWith(path));

  return (
    <div className="app">
      <header className="topbar">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} className="mainnav">
          <Link href="/" aria-current={current('/') ? 'page' : undefined}>
            {t('nav.playground')}
          </Link>
          <Link href="/learn" aria-current={current('/learn') ? 'page' : undefined}>
            {t('nav.learn')}
          </Link>
          <Link href="/dashboard" aria-current={current('/dashboard') ? 'page' : undefined}>
            {t('nav.dashboard')}
          </Link>
        </nav>
        <div className="topbar-tools">
          <label className="lang-switch">
            <span className="visually-hidden">{t('nav.language')}</span>
            <select aria-label={t('nav.language')} value={lang} onChange={(e) => isLang(e.target.value) && setLang(e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={toggle} aria-label={`${t('nav.theme')}: ${theme === 'dark' ? t('theme.dark') : t('theme.light')}`}>
            {theme === 'dark' ? '☾' : '☀'}
          </button>
          {session.user ? (
            <>
              <span className="user-name">{t('auth.signedInAs', { name: session.user.displayName || session.user.email })}</span>
              <button
                type="button"
                onClick={async () => {
                  await session.signOut();
                  navigate('/');
                }}
              >
                {t('nav.signout')}
              </button>
            </>
          ) : (
            <>
              <Link href="/signin">{t('nav.signin')}</Link>
              <Link href="/signup">{t('nav.signup')}</Link>
            </>
          )}
        </div>
      </header>
      {children}
    </div>
  );
}
