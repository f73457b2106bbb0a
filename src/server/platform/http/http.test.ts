// The HTTP platform as a client sees it: one error shape for every failure, no internals in any body, request
// ids, security headers, health, metrics, OpenAPI, login rate limit and Idempotency-Key.
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpTestApp } from '../../../../test/platform/http-app.ts';
import type { Client, TestApp } from '../../../../test/support/app.ts';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import type { Database } from '../../db/database.ts';
import { errorResponses } from './schemas.ts';

let flakyCalls = 0;

/** Test-only routes: a POST that creates a row (for Idempotency-Key), and routes that fail in our code. */
const testRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.deps;
  const Created = Type.Object({ key: Type.String(), value: Type.Integer(), ref: Type.Union([Type.Integer(), Type.Null()]), jurisdictionId: Type.Integer() });
  app.post(
    '/api/test/settings',
    {
      config: { policy: 'identity.self' },
      schema: {
        body: Type.Object(
          {
            key: Type.String({ minLength: 1, maxLength: 50 }),
            value: Type.Integer(),
            ref: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            flag: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as { key: string; value: number; ref?: number | null };
      const jurisdictionId = req.ctx.actor!.jurisdictionId;
      await db.insertInto('settings').values({ jurisdictionId, key: body.key, value: JSON.stringify({ value: body.value, ref: body.ref ?? null }) }).execute();
      return reply.status(201).send({ key: body.key, value: body.value, ref: body.ref ?? null, jurisdictionId });
    },
  );
  app.post(
    '/api/test/flaky',
    { config: { policy: 'identity.self' }, schema: { body: Type.Object({ n: Type.Integer() }, { additionalProperties: false }) } },
    async () => {
      flakyCalls++;
      if (flakyCalls === 1) throw new Error('transient failure at /srv/zhili/src/server/x.ts:12:3');
      return { calls: flakyCalls };
    },
  );
  app.get('/api/test/boom', { config: { public: true }, schema: { hide: true } }, async () => {
    throw new Error('secret internal detail in /srv/zhili/src/server/boom.ts:1:1');
  });
  app.get('/api/test/sql-boom', { config: { public: true }, schema: { hide: true } }, async () => {
    await sql`select secret_column from no_such_table`.execute(db);
    return {};
  });
};

const STACK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+|Error: |secret|no_such_table|FST_/;

function expectErrorShape(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  expect(res.body).not.toMatch(STACK);
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}

describe.each(DB_KINDS)('HTTP platform on %s', (kind) => {
  let database: Database;
  let t: TestApp;
  let anon: Client;
  let user: Client;
  let jid: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    t = await buildHttpTestApp(database, { plugins: [testRoutes] });
    anon = t.anonymous();
    jid = (await buildJurisdiction(database.db)).id;
    user = await t.login((await buildUser(database.db, jid, 'dispatcher')).username);
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  describe('errors', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await anon.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
      expectErrorShape(res, 400, 'http.malformed_json');
      const empty = await anon.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
      expectErrorShape(empty, 400, 'http.malformed_json');
      const proto = await anon.request({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__":{"admin":true},"username":"a","password":"b"}',
      });
      expectErrorShape(proto, 400);
    });

    it('rejects an unknown body property with the property named', async () => {
      const err = expectErrorShape(await anon.post('/api/auth/login', { username: 'a', password: 'b', role: 'admin' }), 400, 'validation_failed');
      expect(err.details).toMatchObject({ context: 'body', issues: [{ rule: 'additionalProperties', property: 'role' }] });
    });

    it('rejects wrong types in a body instead of converting them', async () => {
      for (const body of [
        { key: 'k', value: '5' },
        { key: 'k', value: 5, ref: 0 },
        { key: 'k', value: 5, ref: '' },
        { key: 'k', value: 5, flag: 'false' },
        { key: 5, value: 5 },
        { key: ['k'], value: 5 },
        { key: 'k', value: null },
        { key: 'k', value: 1.5 },
      ]) {
        const err = expectErrorShape(await user.post('/api/test/settings', body), 400, 'validation_failed');
        expect(err.details.context).toBe('body');
      }
      const n = await database.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', 'k').executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
    });

    it('still reads numbers from the query string', async () => {
      const admin = await t.login((await buildUser(database.db, jid, 'admin')).username);
      expect((await admin.get('/api/admin/jobs?page=1&pageSize=5')).statusCode).toBe(200);
      expectErrorShape(await admin.get('/api/admin/jobs?page=abc'), 400, 'validation_failed');
      expectErrorShape(await admin.get('/api/admin/jobs?unknown=1'), 400, 'validation_failed');
    });

    it('answers an unknown route with 404 route.not_found', async () => {
      expectErrorShape(await anon.get('/api/no/such/route'), 404, 'route.not_found');
      expectErrorShape(await anon.request({ method: 'POST', url: '/open311/v2/nothing.json', payload: {} }), 404, 'route.not_found');
    });

    it('answers a known path with the wrong method with 405 and Allow', async () => {
      const res = await anon.request({ method: 'DELETE', url: '/api/auth/login' });
      expectErrorShape(res, 405, 'http.method_not_allowed');
      expect(res.headers.allow).toBe('POST');
      const param = await user.request({ method: 'PUT', url: '/api/admin/jobs/12/retry' });
      expectErrorShape(param, 405);
    });

    it('answers a body that is not JSON with 415', async () => {
      for (const type of ['application/xml', 'text/plain', 'application/x-www-form-urlencoded']) {
        const res = await anon.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type }, payload: 'username=a&password=b' });
        expectErrorShape(res, 415, 'http.unsupported_media_type');
      }
    });

    it('answers a huge body with 413', async () => {
      const res = await anon.request({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'x'.repeat(3 * 1024 * 1024), password: 'y' }),
      });
      expectErrorShape(res, 413, 'http.body_too_large');
    });

    it('answers our own faults with 500 and the request id, never the cause', async () => {
      const res = await anon.request({ method: 'GET', url: '/api/test/boom', headers: { 'x-request-id': 'trace-500' } });
      const err = expectErrorShape(res, 500, 'internal');
      expect(err.details).toEqual({ requestId: 'trace-500' });
      expectErrorShape(await anon.get('/api/test/sql-boom'), 500, 'internal');
    });

    it('maps a duplicate row to 409', async () => {
      expect((await user.post('/api/test/settings', { key: 'dup', value: 1 })).statusCode).toBe(201);
      expectErrorShape(await user.post('/api/test/settings', { key: 'dup', value: 2 }), 409, 'duplicate');
    });

    it('speaks Chinese by default and English on request', async () => {
      const zh = expectErrorShape(await anon.get('/api/me'), 401, 'auth.unauthenticated');
      expect(zh.message).toBe('请先登录');
      const en = expectErrorShape(
        await anon.request({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } }),
        401,
      );
      expect(en.message).toBe('Please sign in');
      const v = expectErrorShape(
        await anon.request({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'a' } }),
        400,
      );
      expect(v.message).toBe('Invalid request');
    });
  });

  describe('headers', () => {
    it('echoes a well-formed request id and replaces a bad one', async () => {
      const res = await anon.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'client-abc.123' } });
      expect(res.headers['x-request-id']).toBe('client-abc.123');
      const bad = await anon.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\twith spaces' } });
      expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const none = await anon.get('/api/nothing-here');
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sends the security headers on pages, API answers and errors', async () => {
      for (const res of [await anon.get('/healthz'), await anon.get('/api/me'), await anon.get('/api/missing'), await anon.get('/api/docs')]) {
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('operations endpoints', () => {
    it('/healthz checks the database and names its kind', async () => {
      const res = await anon.get('/healthz');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: kind });
    });

    it('/metrics serves Prometheus text with request counts', async () => {
      await anon.get('/healthz');
      const res = await anon.get('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toContain('# TYPE zhili_http_requests_total counter');
      expect(res.body).toMatch(/zhili_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
      expect(res.body).toContain('zhili_http_request_duration_seconds_bucket');
      expect(res.body).toContain('zhili_process_resident_memory_bytes');
    });

    it('/api/openapi.json is a well-formed OpenAPI 3 document listing the API', async () => {
      const res = await anon.get('/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(doc.paths['/api/auth/login'].post).toBeDefined();
      expect(doc.paths['/api/admin/jobs'].get).toBeDefined();
      expect(doc.paths['/api/test/boom']).toBeUndefined();
      const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
      for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
        expect(p.startsWith('/')).toBe(true);
        for (const [m, op] of Object.entries(item)) {
          if (!methods.includes(m)) continue;
          expect(Object.keys(op.responses ?? {}).length, `${m} ${p} documents responses`).toBeGreaterThan(0);
          for (const code of Object.keys(op.responses)) expect(code).toMatch(/^([1-5]\d\d|default)$/);
        }
      }
      // Every $ref points inside the document.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
      for (const ref of new Set(refs)) {
        expect(ref.startsWith('#/')).toBe(true);
        const target = ref
          .slice(2)
          .split('/')
          .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
        expect(target, ref).toBeDefined();
      }
      expect((await anon.get('/api/docs')).statusCode).toBeLessThan(400);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, and creates nothing new', async () => {
      const headers = { 'idempotency-key': 'create-setting-0001' };
      const first = await user.post('/api/test/settings', { key: 'idem', value: 1 }, headers);
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await user.post('/api/test/settings', { value: 1, key: 'idem' }, headers);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const rows = await database.db.selectFrom('settings').selectAll().where('key', '=', 'idem').execute();
      expect(rows).toHaveLength(1);
    });

    it('answers the same key with a different body with 422', async () => {
      const headers = { 'idempotency-key': 'create-setting-0002' };
      expect((await user.post('/api/test/settings', { key: 'idem2', value: 1 }, headers)).statusCode).toBe(201);
      expectErrorShape(await user.post('/api/test/settings', { key: 'idem2', value: 2 }, headers), 422, 'idempotency.key_reused');
      expectErrorShape(await user.post('/api/test/settings', { key: 'idem-other', value: 1 }, headers), 422, 'idempotency.key_reused');
      expect(await database.db.selectFrom('settings').selectAll().where('key', 'in', ['idem2', 'idem-other']).execute()).toHaveLength(1);
    });

    it('answers an invalid key with 400', async () => {
      for (const key of ['short', 'x'.repeat(129), 'has space in it', 'ключ-ключ-ключ']) {
        expectErrorShape(await user.post('/api/test/settings', { key: 'idem3', value: 1 }, { 'idempotency-key': key }), 400, 'idempotency.invalid_key');
      }
      expect(await database.db.selectFrom('settings').selectAll().where('key', '=', 'idem3').execute()).toHaveLength(0);
    });

    it('keeps keys apart per user', async () => {
      const other = await t.login((await buildUser(database.db, (await buildJurisdiction(database.db)).id, 'dispatcher')).username);
      const headers = { 'idempotency-key': 'shared-key-0001' };
      expect((await user.post('/api/test/settings', { key: 'per-user', value: 1 }, headers)).statusCode).toBe(201);
      const theirs = await other.post('/api/test/settings', { key: 'per-user', value: 2 }, headers);
      expect(theirs.statusCode).toBe(201);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });

    it('lets a retry run again after our own failure', async () => {
      const headers = { 'idempotency-key': 'flaky-request-0001' };
      expectErrorShape(await user.post('/api/test/flaky', { n: 1 }, headers), 500, 'internal');
      const retry = await user.post('/api/test/flaky', { n: 1 }, headers);
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual({ calls: 2 });
      expect((await user.post('/api/test/flaky', { n: 1 }, headers)).headers['idempotent-replayed']).toBe('true');
      expect(flakyCalls).toBe(2);
      flakyCalls = 0;
    });

    it('creates one row when the same request races itself', async () => {
      const headers = { 'idempotency-key': 'race-request-0001' };
      const answers = await Promise.all(Array.from({ length: 6 }, () => user.post('/api/test/settings', { key: 'race', value: 1 }, headers)));
      const codes = answers.map((a) => a.statusCode);
      expect(codes.filter((c) => c === 201).length).toBeGreaterThanOrEqual(1);
      expect(codes.every((c) => c === 201 || c === 409)).toBe(true);
      expect(await database.db.selectFrom('settings').selectAll().where('key', '=', 'race').execute()).toHaveLength(1);
    });
  });
});

describe.each(DB_KINDS)('login rate limit on %s', (kind) => {
  let database: Database;
  let t: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    t = await buildHttpTestApp(database, { rateLimits: { login: 3 } });
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  it('answers the fourth attempt in a minute with 429 in the error shape', async () => {
    const attempt = () =>
      t.anonymous().request({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'nobody', password: 'wrong-Wrong-1' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    const err = expectErrorShape(limited, 429, 'rate_limited');
    expect(err.message).toBe('Too many requests; try again later');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other routes are not affected.
    expect((await t.anonymous().get('/healthz')).statusCode).toBe(200);
  });
});
