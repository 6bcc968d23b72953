import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionProvider } from './account/session.js';
import { Layout } from './app/Layout.js';
import { Routes } from './app/routes.js';
import { ThemeProvider } from './app/theme.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ThemeProvider>
        <SessionProvider>
          <Layout>
            <Routes />
          </Layout>
        </SessionProvider>
      </ThemeProvider>
    </I18nProvider>
  </StrictMode>,
);
