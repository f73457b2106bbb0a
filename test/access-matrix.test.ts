// The access matrix: every guarded route (read from the guard's route table, so routes that modules add
// later are covered without touching this file) × every role × anonymous. A principal whose role the
// policy gives no scope must get 403 (401 when anonymous) with nothing but the error in the body; public
// routes must not ask for a sign-in (they may check credentials of their own, such as an API key, and say
// so in their own words); nothing may answer 5xx to these syntactically plausible requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../src/server/platform/auth/policy.ts';
import { ROLES, type Role } from '../src/server/platform/auth/roles.ts';
import { registeredRoutes } from '../src/server/platform/http/guard.ts';
import { createTestApp, type Client, type TestApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from './support/factories.ts';
import { buildUserPerRole, sessionsFor, type RoleUsers } from './support/identity.factories.ts';

/** The guard's own refusals: a public route must never answer with one of these. */
const GUARD_DENIALS = new Set(['auth.unauthenticated', 'auth.forbidden', 'auth.mfa_required', 'auth.password_change_required']);

function errorCode(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const SKIP_METHODS = new Set(['HEAD', 'OPTIONS']);

/** Every path parameter becomes 999999 (no such row), wildcards a harmless segment. */
const concreteUrl = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, '999999').replace(/\*/g, 'x');

interface Cell {
  route: string;
  principal: string;
  status: number;
  problem: string;
}

function errorOnly(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Object.keys(parsed).join() !== 'error') return `body has more than an error: ${body.slice(0, 200)}`;
  const err = (parsed as { error: { code?: unknown; message?: unknown; details?: Record<string, unknown> } }).error;
  if (typeof err.code !== 'string' || typeof err.message !== 'string') return 'error lacks code or message';
  const extra = Object.keys(err.details ?? {}).filter((k) => k !== 'action');
  if (extra.length > 0) return `error details carry data: ${extra.join(', ')}`;
  return null;
}

describe.each(DB_KINDS)('access matrix on %s', (kind) => {
  let t: TestApp;
  let users: RoleUsers;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const j = await buildJurisdiction(t.database.db);
    users = await buildUserPerRole(t.database.db, j.id);
  });
  afterAll(() => t.close());

  it('answers every route × role × anonymous as the policy table says', async () => {
    const routes = registeredRoutes(t.app).filter((r) => !SKIP_METHODS.has(r.method));
    expect(routes.length).toBeGreaterThan(20);
    const principals: (Role | null)[] = [null, ...ROLES];
    const failures: Cell[] = [];
    let cells = 0;
    let denied = 0;
    let unexpectedSuccesses = 0;
    let ownCredentialChecks = 0;
    for (const route of routes) {
      const url = concreteUrl(route.url);
      // A fresh session per cell: a route may end the session it is called with (sign-out, password change).
      const clients = await sessionsFor(t, ROLES.map((r) => users[r]));
      const byRole = new Map<Role, Client>(ROLES.map((r, i) => [r, clients[i]]));
      const responses = await Promise.all(
        principals.map((role) => {
          const client = role ? (byRole.get(role) as Client) : t.anonymous();
          return client.request({ method: route.method as 'GET', url, ...(BODY_METHODS.has(route.method) ? { payload: {} } : {}) });
        }),
      );
      for (const [i, role] of principals.entries()) {
        const res = responses[i];
        cells++;
        const cell = (problem: string) => failures.push({ route: `${route.method} ${route.url}`, principal: role ?? 'anonymous', status: res.statusCode, problem });
        if (res.statusCode >= 500) cell('server error');
        if (route.public) {
          if (res.statusCode === 401 || res.statusCode === 403) {
            const code = errorCode(res.body);
            if (code !== null && GUARD_DENIALS.has(code)) cell(`public route refused with ${code}`);
            else ownCredentialChecks++;
          }
          continue;
        }
        const scope = role ? scopeFor(role, route.policy as string) : null;
        if (scope) {
          if (res.statusCode === 401) cell('signed-in principal asked to sign in');
          continue;
        }
        denied++;
        const expected = role ? 403 : 401;
        if (res.statusCode >= 200 && res.statusCode < 300) unexpectedSuccesses++;
        if (res.statusCode !== expected) cell(`expected ${expected}`);
        const bodyProblem = errorOnly(res.body);
        if (bodyProblem) cell(bodyProblem);
      }
    }
    console.log(
      `access matrix (${kind}): ${routes.length} routes, ${principals.length} principals, ${cells} cells, ` +
        `${denied} denials checked, ${ownCredentialChecks} public cells refused by the route's own key check, ` +
        `unexpected successes = ${unexpectedSuccesses}, failures = ${failures.length}`,
    );
    expect(unexpectedSuccesses).toBe(0);
    expect(failures).toEqual([]);
    // Grows with every route a module adds; allow it time on a busy machine.
  }, 600_000);

  it('has a policy action registered for every non-public route', () => {
    for (const r of registeredRoutes(t.app)) {
      if (r.public) continue;
      expect(() => scopeFor('admin', r.policy as string), `${r.method} ${r.url}`).not.toThrow();
    }
  });
});

describe.each(DB_KINDS)('users across departments on %s', (kind) => {
  let t: TestApp;
  let handlerA: Client;
  let deptA: number;
  let outsiderId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    const j = await buildJurisdiction(db);
    deptA = (await buildOrgUnit(db, j.id, { name: '城市管理办公室' })).id;
    const deptB = (await buildOrgUnit(db, j.id, { name: '市场监管所' })).id;
    const h = await buildUser(db, j.id, 'handler', { orgUnitId: deptA });
    await buildUser(db, j.id, 'handler', { orgUnitId: deptA });
    await buildUser(db, j.id, 'grid_worker', { orgUnitId: deptA });
    outsiderId = (await buildUser(db, j.id, 'handler', { orgUnitId: deptB, displayName: '别部门的人' })).id;
    await buildUser(db, j.id, 'leader', { orgUnitId: null });
    // Another jurisdiction's user in a department with the same name.
    const j2 = await buildJurisdiction(db);
    await buildUser(db, j2.id, 'handler', { orgUnitId: (await buildOrgUnit(db, j2.id)).id });
    handlerA = await t.login(h.username);
  });
  afterAll(() => t.close());

  it('a handler in department A lists only department A’s users', async () => {
    const res = await handlerA.get('/api/users?pageSize=200');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBe(3);
    expect(page.items.every((u: { orgUnitId: number }) => u.orgUnitId === deptA)).toBe(true);
    // Filters cannot widen the scope.
    const widened = (await handlerA.get('/api/users?role=leader')).json();
    expect(widened.total).toBe(0);
  });

  it('a handler gets 404 with no data for another department’s user, read or reveal', async () => {
    for (const res of [
      await handlerA.get(`/api/users/${outsiderId}`),
      await handlerA.post(`/api/users/${outsiderId}/reveal-phone`, { reason: '联系核实' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('别部门的人');
      expect(errorOnly(res.body)).toBeNull();
    }
  });
});
