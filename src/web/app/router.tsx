// The route tree: sign-in pages outside the layout; everything else behind a session and the layout,
// built from the feature registry (routes.tsx). Each page is gated by its menu item's roles.
import { Button, Result } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link, Navigate, useLocation, useRouteError, type RouteObject } from 'react-router';
import { Loading, ErrorState } from '../shared/states.tsx';
import { common, useI18n } from './i18n.tsx';
import { AppLayout } from './layout.tsx';
import { canUse } from './menu.ts';
import { featureRoutes, type FeatureRoute } from './routes.tsx';
import { useSession } from './session.tsx';

const LoginPage = lazy(() => import('../features/auth/login.page.tsx'));
const ForcedPasswordPage = lazy(() => import('../features/auth/forced-password.page.tsx'));
const PortalPage = lazy(() => import('../features/portal/portal.page.tsx'));
const PublicReportsPage = lazy(() => import('../features/portal/reports.page.tsx'));

/** Where to go after signing in: a same-site path only. */
export function safeNext(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/login') ? raw : '/';
}

function RequireSession({ children }: { children: ReactNode }) {
  const { status, me, error, refresh } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading block />;
  if (status === 'error') return <ErrorState error={error} onRetry={() => void refresh()} />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.pending === 'mfa') return <Navigate to="/login" replace />;
  if (me.pending === 'password_change') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t(common.forbiddenTitle)}
      subTitle={t(common.forbiddenText)}
      extra={
        <Link to="/">
          <Button type="primary">{t(common.backHome)}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t(common.notFoundTitle)}
      subTitle={t(common.notFoundText)}
      extra={
        <Link to="/">
          <Button type="primary">{t(common.backHome)}</Button>
        </Link>
      }
    />
  );
}

function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  // A new deployment removes old chunks: reloading fetches the new ones.
  const chunkGone = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  console.error(error);
  return (
    <Result
      status="error"
      title={t(common.crashTitle)}
      subTitle={chunkGone ? t(common.appUpdated) : t(common.crashText)}
      extra={<Button onClick={() => window.location.reload()}>{t(common.reload)}</Button>}
    />
  );
}

function Gate({ route }: { route: FeatureRoute }) {
  const { me } = useSession();
  if (!me || !canUse(me.role, route.menuKey)) return <Forbidden />;
  const Page = route.page;
  return (
    <Suspense fallback={<Loading block />}>
      <Page />
    </Suspense>
  );
}

function lazyPage(node: ReactNode) {
  return <Suspense fallback={<Loading block />}>{node}</Suspense>;
}

export function buildRoutes(): RouteObject[] {
  const children: RouteObject[] = featureRoutes.map((r) =>
    r.path === ''
      ? { index: true, element: <Gate route={r} />, errorElement: <RouteError /> }
      : { path: r.path, element: <Gate route={r} />, errorElement: <RouteError /> },
  );
  children.push({ path: '*', element: <NotFound /> });
  return [
    { path: '/login', element: lazyPage(<LoginPage />), errorElement: <RouteError /> },
    { path: '/change-password', element: lazyPage(<ForcedPasswordPage />), errorElement: <RouteError /> },
    // The public portal (群众端): no session needed.
    { path: '/portal/*', element: lazyPage(<PortalPage />), errorElement: <RouteError /> },
    { path: '/portal/reports/*', element: lazyPage(<PublicReportsPage />), errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      children,
    },
  ];
}

export const createRouter = () => createBrowserRouter(buildRoutes());
