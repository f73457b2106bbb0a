import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import { JobRunner, registerJobHandler, scheduleJob } from './jobs.ts';

describe.each(DB_KINDS)('admin job queue on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let otherJid: number;
  const k = `test.admin.${process.pid}.${kind}`;
  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
    otherJid = (await buildJurisdiction(t.database.db)).id;
    registerJobHandler(k, async () => {
      throw new Error('always fails');
    });
    await scheduleJob(t.database.db, { kind: k, runAt: new Date(), jurisdictionId: jid, maxAttempts: 1, payload: { secret: 'not shown' } });
    await scheduleJob(t.database.db, { kind: k, runAt: new Date(Date.now() + 3600_000), jurisdictionId: jid });
    await scheduleJob(t.database.db, { kind: k, runAt: new Date(), jurisdictionId: otherJid, uniqueKey: 'other-jurisdiction' });
    await scheduleJob(t.database.db, { kind: `${k}.system`, runAt: new Date(), jurisdictionId: null });
    await new JobRunner(t.database.db, { instanceId: 'admin-test' }).runDueOnce();
  });
  afterAll(() => t.close());

  it('lists the jurisdiction’s and the system’s jobs by status, without payloads', async () => {
    const admin = await t.login((await buildUser(t.database.db, jid, 'admin')).username);
    const all = await admin.get(`/api/admin/jobs?pageSize=50`);
    expect(all.statusCode).toBe(200);
    const body = all.json();
    const mine = body.items.filter((j: { kind: string }) => j.kind.startsWith(k));
    expect(mine.map((j: { jurisdictionId: number | null }) => j.jurisdictionId).sort()).toEqual([jid, jid, null].sort());
    expect(JSON.stringify(body)).not.toContain('not shown');
    const dead = await admin.get(`/api/admin/jobs?status=dead&kind=${encodeURIComponent(k)}`);
    expect(dead.json()).toMatchObject({ total: 1, page: 1, items: [{ status: 'dead', attempts: 1, lastError: 'always fails' }] });
    expect((await admin.get('/api/admin/jobs?status=bogus')).statusCode).toBe(400);
  });

  it('retries a dead job, with an audit row; refuses a pending one and hides other jurisdictions', async () => {
    const admin = await t.login((await buildUser(t.database.db, jid, 'admin')).username);
    const dead = (await admin.get(`/api/admin/jobs?status=dead&kind=${encodeURIComponent(k)}`)).json().items[0];
    const res = await admin.post(`/api/admin/jobs/${dead.id}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    const again = await admin.post(`/api/admin/jobs/${dead.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('job.not_retryable');
    const other = await t.database.db.selectFrom('jobs').select('id').where('uniqueKey', '=', 'other-jurisdiction').executeTakeFirstOrThrow();
    expect((await admin.post(`/api/admin/jobs/${other.id}/retry`)).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'job.retry').execute();
    expect(audit).toHaveLength(1);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('is for administrators only', async () => {
    const leader = await t.login((await buildUser(t.database.db, jid, 'leader')).username);
    expect((await leader.get('/api/admin/jobs')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/admin/jobs')).statusCode).toBe(401);
  });
});
