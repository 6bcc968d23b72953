/**
 * Routes. Each page is its own chunk (dynamic import), so a lesson page does
 * not download the playground and the other way round; the editor and the
 * profile views are split further inside the pages.
 */
import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { useI18n } from '../i18n/index.js';

const Playground = lazy(() => import('../playground/Playground.js').then((m) => ({ default: m.Playground })));
const CourseIndex = lazy(() => import('../learn/CourseIndex.js').then((m) => ({ default: m.CourseIndex })));
const LessonPage = lazy(() => import('../learn/LessonPage.js').then((m) => ({ default: m.LessonPage })));
const Dashboard = lazy(() => import('../dashboard/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const ClassDashboardPage = lazy(() => import('../classes/ClassDashboard.js').then((m) => ({ default: m.ClassDashboardPage })));
const AuthPage = lazy(() => import('../account/AuthPage.js').then((m) => ({ default: m.AuthPage })));

/** The page modules by route, for bench/web-bundle-size.ts (which resolves them in the Vite manifest). */
export const ROUTE_MODULES = {
  '/': 'src/playground/Playground.tsx',
  '/learn/{id}': 'src/learn/LessonPage.tsx',
} as const;

function NotFound() {
  const { t } = useI18n();
  return (
    <main className="page">
      <h1>{t('notFound.title')}</h1>
    </main>
  );
}

export function Routes() {
  const { t } = useI18n();
  return (
    <Suspense fallback={<main className="page muted">{t('learn.loading')}</main>}>
      <Switch>
        <Route path="/">{() => <Playground />}</Route>
        <Route path="/s/:id">{(p) => <Playground key={p.id} shareId={p.id} />}</Route>
        <Route path="/learn">{() => <CourseIndex />}</Route>
        <Route path="/learn/:id">{(p) => <LessonPage key={p.id} id={p.id} />}</Route>
        <Route path="/dashboard">{() => <Dashboard />}</Route>
        <Route path="/classes/:id">{(p) => <ClassDashboardPage key={p.id} id={p.id} />}</Route>
        <Route path="/signin">{() => <AuthPage mode="signin" />}</Route>
        <Route path="/signup">{() => <AuthPage mode="signup" />}</Route>
        <Route>{() => <NotFound />}</Route>
      </Switch>
    </Suspense>
  );
}
