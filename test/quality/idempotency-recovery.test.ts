// A request cut off after it took its Idempotency-Key (the process was killed) leaves the key pending. A retry
// must neither run the write twice nor be refused forever: if the cut-off request committed (its audit row
// exists), the retry is told so and where the record is; if it did not, the retry runs it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/server/platform/audit/audit.ts';
import { ABANDON_AFTER_MS } from '../../src/server/platform/http/idempotency.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { DB_KINDS } from '../support/db.ts';
import { buildJurisdiction, buildUser } from '../support/factories.ts';

const URL = '/api/event-categories';
const bodyHash = (body: unknown) => createHash('sha256').update(URL).update('\n').update(canonicalJson(body)).digest('hex');

describe.each(DB_KINDS)('Idempotency-Key after a cut-off request on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let userId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const j = await buildJurisdiction(t.database.db);
    const u = await buildUser(t.database.db, j.id, 'admin');
    userId = u.id;
    admin = await t.login(u.username);
  });
  afterAll(() => t.close());

  const categories = (code: string) => t.database.db.selectFrom('eventCategories').select('id').where('code', '=', code).execute();

  /** The key row as a killed process leaves it: pending, marked with its request id and instance. */
  async function pendingKey(key: string, body: unknown, mark: { requestId: string; instance: string }, ageMs = 0) {
    await t.database.db
      .insertInto('idempotencyKeys')
      .values({
        principal: `user:${userId}`,
        key,
        method: 'POST',
        path: URL,
        bodyHash: bodyHash(body),
        jurisdictionId: null,
        responseBody: JSON.stringify({ pending: mark }),
        createdAt: new Date(Date.now() - ageMs),
      })
      .execute();
  }

  it('runs the request again when the cut-off attempt committed nothing', async () => {
    const body = { code: 'cut-nothing', name: '中断未提交' };
    // On PostgreSQL another process may still be running it: it must be old enough to be abandoned.
    await pendingKey('cut-off-key-0001', body, { requestId: 'lost-request-1', instance: 'dead-process' }, kind === 'pglite' ? 0 : ABANDON_AFTER_MS + 1000);
    const res = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0001' });
    expect(res.statusCode).toBe(201);
    expect(await categories('cut-nothing')).toHaveLength(1);
    const again = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0001' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await categories('cut-nothing')).toHaveLength(1);
  });

  it('says the write was done, and where, when the cut-off attempt committed', async () => {
    const body = { code: 'cut-committed', name: '中断已提交' };
    const first = await admin.request({ method: 'POST', url: URL, payload: body, headers: { 'idempotency-key': 'cut-off-key-0002', 'x-request-id': 'req-cut-0002' } });
    expect(first.statusCode).toBe(201);
    // The process dies after the commit, before the answer was recorded against the key.
    await t.database.db
      .updateTable('idempotencyKeys')
      .set({ state: 'pending', responseStatus: null, responseBody: JSON.stringify({ pending: { requestId: 'req-cut-0002', instance: 'dead-process' } }), createdAt: new Date(Date.now() - ABANDON_AFTER_MS - 1000) })
      .where('key', '=', 'cut-off-key-0002')
      .execute();
    const retry = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0002' });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.code).toBe('idempotency.completed');
    expect(retry.json().error.details).toEqual({ entity: expect.any(String), entityId: String(first.json().id) });
    expect(await categories('cut-committed')).toHaveLength(1);
    const later = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0002' });
    expect(later.statusCode).toBe(409);
    expect(later.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps answering 409 in progress while the first attempt may still be running', async () => {
    const body = { code: 'cut-running', name: '仍在处理' };
    // A key taken just now by this very process's request, or by a live process on PostgreSQL.
    const instance = kind === 'pglite' ? t.app.deps.instanceId : 'another-live-process';
    await pendingKey('cut-off-key-0003', body, { requestId: 'running-request', instance });
    // On PGlite the mark names this process, which is not running it: abandoned. PostgreSQL cannot tell yet.
    const res = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0003' });
    if (kind === 'pglite') expect(res.statusCode).toBe(201);
    else expect(res.json().error.code).toBe('idempotency.in_progress');
  });

  it('keeps answering 409 for a pending key without a mark (taken before this release)', async () => {
    const body = { code: 'cut-legacy', name: '旧记录' };
    await t.database.db
      .insertInto('idempotencyKeys')
      .values({ principal: `user:${userId}`, key: 'cut-off-key-0004', method: 'POST', path: URL, bodyHash: bodyHash(body), jurisdictionId: null })
      .execute();
    const res = await admin.post(URL, body, { 'idempotency-key': 'cut-off-key-0004' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('idempotency.in_progress');
    expect(await categories('cut-legacy')).toHaveLength(0);
  });
});
