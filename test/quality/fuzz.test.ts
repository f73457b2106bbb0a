// Bad-input fuzzing: for every route of the guard's table, fast-check requests built from the route's own
// schemas (as the server publishes them in its OpenAPI document) — wrong types, out-of-range numbers, huge
// strings, deep nesting, NUL bytes, unicode edge cases, SQL and script payloads, malformed JSON and multipart,
// invalid credit codes and ID-card numbers, hostile headers — sent as a signed-in user whose role may use the
// route, and anonymously. Fixed seed; QUALITY_SIZE=full for ten times more. Nothing may answer 5xx, and no
// answer may carry a stack frame or a server file path.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../src/server/platform/auth/policy.ts';
import { ROLES, type Role } from '../../src/server/platform/auth/roles.ts';
import { registeredRoutes } from '../../src/server/platform/http/guard.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { DB_KINDS } from '../support/db.ts';
import { buildDemandRow, buildEnterprise } from '../support/enterprise.factories.ts';
import { buildEvent, buildEventWorld } from '../support/events.factories.ts';
import { buildUserPerRole, sessionsFor, type RoleUsers } from '../support/identity.factories.ts';
import { FULL, recordFigures } from './figures.ts';
import { leaksStackTrace, operationsFrom, requestArb, type FuzzRequest, type Operation } from './schema-arbitraries.ts';

const SEED = 20260801;
const TOTAL = Number(process.env.QUALITY_FUZZ_INPUTS ?? (FULL ? 100_000 : 10_000));
const PARALLEL = 8;
/** Roles tried first when picking who sends a route's requests: wide scopes reach the most code. */
const ROLE_PREFERENCE: Role[] = ['admin', 'dispatcher', 'law_office', 'enterprise_officer', 'mediator', 'leader', 'security_admin', 'audit_admin', 'handler', 'grid_worker', 'safety', 'lawyer', 'enterprise'];

interface Finding {
  route: string;
  principal: string;
  status: number;
  problem: string;
  input: string;
}

function describeInput(r: FuzzRequest): string {
  const body = r.payload === undefined ? '' : Buffer.isBuffer(r.payload) ? `<${r.payload.length} bytes>` : r.payload.slice(0, 300);
  return `${r.method} ${r.url.slice(0, 300)} [${r.shape}] ${JSON.stringify(r.headers).slice(0, 200)} ${body}`;
}

describe.each(DB_KINDS)('bad-input fuzzing on %s', (kind) => {
  let t: TestApp;
  let users: RoleUsers;
  let ops: Operation[];
  let publicRoutes: Set<string>;
  let policyOf: Map<string, string | null>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    // A small world so that ids 1, 2, 3 name real rows in most tables and handlers run their rules.
    const w = await buildEventWorld(db);
    users = await buildUserPerRole(db, w.jid, w.deptA.id);
    for (let i = 0; i < 3; i++) {
      await buildEvent(db, w.jid, { categoryId: w.categories.stall.id, gridId: w.grid1.id, status: i === 0 ? 'reported' : 'dispatched', departmentId: w.deptA.id });
    }
    const ent = await buildEnterprise(db, w.jid, { officerIds: [users.enterprise_officer.id] });
    await buildDemandRow(db, w.jid, ent.id, { collectedAt: new Date(), collectedOn: new Date().toISOString().slice(0, 10), status: 'assigned', assignedUnitId: w.deptA.id });
    const table = registeredRoutes(t.app);
    ops = operationsFrom(table, t.app.swagger() as never);
    publicRoutes = new Set(table.filter((r) => r.public).map((r) => `${r.method} ${r.url}`));
    policyOf = new Map(table.map((r) => [`${r.method} ${r.url}`, r.policy]));
  });
  afterAll(() => t?.close());

  it(`answers ${TOTAL} hostile inputs without a 5xx or a stack trace`, async () => {
    const db = t.database.db;
    const roleFor = (op: Operation): Role => {
      const policy = policyOf.get(`${op.method} ${op.url}`);
      if (!policy) return 'admin';
      return ROLE_PREFERENCE.find((r) => scopeFor(r, policy) !== null) ?? 'admin';
    };
    const perOp = Math.ceil(TOTAL / ops.length);
    // Three in four inputs signed in (they reach validation and the handlers), one in four anonymous.
    const plan: { op: Operation; anon: boolean; req: FuzzRequest }[] = [];
    for (const [i, op] of ops.entries()) {
      const samples = fc.sample(requestArb(op), { seed: SEED + i, numRuns: perOp });
      samples.forEach((req, k) => {
      const anon = k % 4 === 3;
      // A hostile Cookie header replaces the session: keep it for anonymous inputs and one signed-in input in five.
      if (!anon && req.headers.cookie !== undefined && k % 5 !== 0) delete req.headers.cookie;
      plan.push({ op, anon, req });
    });
    }
    // Interleave routes so that a request that ends a session or disables a user affects few others.
    plan.sort((a, b) => (a.req.url.length * 31 + a.req.shape.length) % 97 - (b.req.url.length * 31 + b.req.shape.length) % 97);

    const originalRoles = new Map(Object.values(users).map((u) => [u.id, u.role]));
    let sessions = new Map<Role, Client>();
    const refresh = async (accounts: boolean) => {
      // Undo what the fuzzed requests may have done to the fuzzing accounts themselves (sign-out, disable, lock…).
      if (accounts) {
        for (const [id, role] of originalRoles) {
          await sql`update users set disabled = false, locked_until = null, must_change_password = false, totp_secret_enc = null, role = ${role} where id = ${id}`.execute(db);
        }
      }
      const clients = await sessionsFor(t, ROLES.map((r) => users[r]));
      sessions = new Map(ROLES.map((r, i) => [r, clients[i]]));
    };

    const findings: Finding[] = [];
    let tried = 0;
    let fiveXX = 0;
    let leaks = 0;
    let anonSuccesses = 0;
    let signedInRefused = 0;
    const statusCounts = new Map<number, number>();
    const started = Date.now();
    for (let i = 0; i < plan.length; i += PARALLEL) {
      if (i % (PARALLEL * 4) === 0) await refresh(i % (PARALLEL * 32) === 0);
      const batch = plan.slice(i, i + PARALLEL);
      const answers = await Promise.all(
        batch.map(async ({ op, anon, req }) => {
          const client = anon ? t.anonymous() : (sessions.get(roleFor(op)) as Client);
          try {
            return await client.request({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
          } catch (err) {
            return { statusCode: 599, body: `inject threw: ${(err as Error).message}` };
          }
        }),
      );
      for (const [k, res] of answers.entries()) {
        const { op, anon, req } = batch[k];
        tried++;
        statusCounts.set(res.statusCode, (statusCounts.get(res.statusCode) ?? 0) + 1);
        const route = `${op.method} ${op.url}`;
        const finding = (problem: string) =>
          findings.length < 50 && findings.push({ route, principal: anon ? 'anonymous' : roleFor(op), status: res.statusCode, problem, input: describeInput(req) });
        if (res.statusCode >= 500) {
          fiveXX++;
          finding(`server error: ${res.body.slice(0, 300)}`);
        }
        if (leaksStackTrace(res.body)) {
          leaks++;
          finding(`stack trace or path in the body: ${res.body.slice(0, 300)}`);
        }
        if (!anon && res.statusCode === 401) signedInRefused++;
        if (anon && !publicRoutes.has(route) && res.statusCode >= 200 && res.statusCode < 300) {
          anonSuccesses++;
          finding('anonymous request succeeded on a signed-in route');
        }
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const byClass = [...statusCounts.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
    console.log(`fuzz (${kind}) statuses: ${byClass}`);
    recordFigures('fuzz', kind, {
      routes: ops.length,
      'inputs tried': tried,
      seed: SEED,
      '5xx': fiveXX,
      'stack traces leaked': leaks,
      'anonymous successes on signed-in routes': anonSuccesses,
      'signed-in inputs answered 401 (session ended by an earlier input or a hostile cookie)': signedInRefused,
      '2xx answers': [...statusCounts.entries()].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0),
      seconds,
    });
    if (findings.length) console.log(JSON.stringify(findings.slice(0, 20), null, 2));
    expect(tried).toBeGreaterThanOrEqual(TOTAL);
    expect(findings).toEqual([]);
  }, 1_800_000);
});
