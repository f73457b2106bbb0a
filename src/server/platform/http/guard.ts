// Request guards: attach the caller's context, require every route to declare a policy or be public,
// enforce that policy, hold half-signed-in sessions to the sign-in routes, and reject cross-site writes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../auth/policy.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/tokens.ts';
import { AppError, errors } from '../errors.ts';
import { RefCache } from '../refcache.ts';
import type { SessionState } from './types.ts';

export type SessionResolver = (token: string) => Promise<SessionState | null>;

/** What a guarded route declared; the access-matrix test walks this table, so new routes are covered by it. */
export interface RouteEntry {
  method: string;
  url: string;
  policy: string | null;
  public: boolean;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every /api/ and /open311/ route registered on the app (after `app.ready()`). */
export function registeredRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const GUARDED_PREFIXES = ['/api/', '/open311/'];

function originMatchesHost(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function installGuards(app: FastifyInstance, resolveSession: SessionResolver): void {
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('idempotency', null);
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  // One reference-data cache per application (per database).
  const refCache = new RefCache();

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!GUARDED_PREFIXES.some((p) => url.startsWith(p))) return;
    // The OpenAPI viewer's own pages and assets are public documentation.
    if (url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), public: true };
      route.schema ??= { hide: true };
      return;
    }
    const cfg = (route.config ?? {}) as { policy?: string; public?: boolean };
    if (!cfg.policy && !cfg.public) throw new Error(`route ${route.method} ${url} declares neither a policy nor public`);
    if (!route.schema) throw new Error(`route ${route.method} ${url} has no schema`);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      table.push({ method, url, policy: cfg.policy ?? null, public: cfg.public === true });
    }
  });

  app.addHook('onRequest', async (req) => {
    req.ctx = { actor: null, requestId: req.id, ip: req.ip ?? null };
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(token);
    if (!session) return;
    req.session = session;
    req.ctx.actor = session.actor;
    if (session.refVersion !== undefined) req.ctx.refs = { jurisdictionId: session.actor.jurisdictionId, version: session.refVersion, cache: refCache };
  });

  // Before validation: a caller without the right learns nothing about the route, not even its schema.
  app.addHook('preValidation', async (req) => {
    const cfg = req.routeOptions.config as { policy?: string; public?: boolean; allowPending?: boolean };
    const unsafe = !SAFE.has(req.method);
    if (unsafe && !originMatchesHost(req)) {
      throw new AppError(403, 'auth.cross_origin', { zh: '拒绝跨站请求', en: 'Cross-origin request refused' });
    }
    if (unsafe && req.session && req.headers[CSRF_HEADER] !== req.session.csrfToken) {
      throw new AppError(403, 'auth.csrf', { zh: '请求校验失败，请刷新页面后重试', en: 'CSRF check failed; reload the page' });
    }
    // A half-signed-in session is held to the sign-in API only; the web page and its assets must still load.
    const api = GUARDED_PREFIXES.some((p) => (req.routeOptions.url ?? req.url).startsWith(p));
    if (req.session?.pending && api && !cfg.allowPending && !cfg.public) {
      throw req.session.pending === 'mfa'
        ? new AppError(403, 'auth.mfa_required', { zh: '请先完成双因素认证', en: 'Complete the second factor first' })
        : new AppError(403, 'auth.password_change_required', { zh: '请先修改初始密码', en: 'Change your password first' });
    }
    if (cfg.policy) authorize(req.session?.actor ?? null, cfg.policy);
    else if (!cfg.public && req.routeOptions.url && GUARDED_PREFIXES.some((p) => req.routeOptions.url!.startsWith(p))) {
      throw errors.forbidden();
    }
  });
}
