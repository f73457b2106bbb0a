import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { auditRows, withAuditTriggerOff } from '../../../../test/support/identity.factories.ts';
import type { Database, Executor } from '../../db/database.ts';
import { auditHash, verifyAuditChain, type HashedFields } from '../../platform/audit/audit.ts';

const GENESIS = '0'.repeat(64);

function fieldsFor(seq: number): HashedFields {
  return {
    seq,
    at: new Date(Date.UTC(2020, 5, 1, 8, 0, seq)),
    jurisdictionId: 1,
    actorId: 10 + seq,
    actorName: `测试员${seq}(user${seq})`,
    action: seq % 2 ? 'event.create' : 'event.update',
    entity: 'event',
    entityId: String(100 + seq),
    success: true,
    requestId: `req-${seq}`,
    ip: '10.0.0.1',
    details: { step: seq, note: '手工构造' },
  };
}

/** Writes a correct chain of `n` rows, in the order given (row numbers), and sets the chain head. */
async function buildChain(db: Executor, n: number, insertOrder?: number[]): Promise<void> {
  const rows: (HashedFields & { prevHash: string; hash: string })[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const f = fieldsFor(seq);
    const hash = auditHash(prev, f);
    rows.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  await withAuditTriggerOff(db, async () => {
    await sql`delete from audit_log`.execute(db);
  });
  for (const seq of insertOrder ?? rows.map((r) => r.seq)) {
    const r = rows[seq - 1];
    await db.insertInto('auditLog').values({ ...r, details: JSON.stringify(r.details) }).execute();
  }
  await db.updateTable('auditHead').set({ seq: n, hash: prev }).where('id', '=', 1).execute();
}

describe.each(DB_KINDS)('audit chain verification of hand-built rows on %s', (kind) => {
  let database: Database;
  let db: Executor;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database.close());

  it('accepts an intact chain', async () => {
    await buildChain(db, 6);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 6, lastSeq: 6, problems: [] });
    // Batching does not change the answer.
    expect((await verifyAuditChain(db, 2)).ok).toBe(true);
  });

  it('names an edited row', async () => {
    await buildChain(db, 6);
    await withAuditTriggerOff(db, () => db.updateTable('auditLog').set({ action: 'event.delete' }).where('seq', '=', 3).execute());
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'edited' })]);
  });

  it('names an edited row even when its details alone changed', async () => {
    await buildChain(db, 6);
    await withAuditTriggerOff(db, () =>
      db.updateTable('auditLog').set({ details: JSON.stringify({ step: 5, note: '改过' }) }).where('seq', '=', 5).execute(),
    );
    expect((await verifyAuditChain(db)).problems).toEqual([expect.objectContaining({ seq: 5, kind: 'edited' })]);
  });

  it('detects an edited row whose hash was recomputed, at the next row', async () => {
    await buildChain(db, 6);
    const prev = (await db.selectFrom('auditLog').select('hash').where('seq', '=', 2).executeTakeFirstOrThrow()).hash;
    const forged = auditHash(prev, { ...fieldsFor(3), success: false });
    await withAuditTriggerOff(db, () => db.updateTable('auditLog').set({ success: false, hash: forged }).where('seq', '=', 3).execute());
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.seq)).toEqual([4]);
  });

  it('names a deleted row', async () => {
    await buildChain(db, 6);
    await withAuditTriggerOff(db, () => db.deleteFrom('auditLog').where('seq', '=', 3).execute());
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'missing' })]);
  });

  it('notices when the last rows were deleted', async () => {
    await buildChain(db, 6);
    await withAuditTriggerOff(db, () => db.deleteFrom('auditLog').where('seq', '>=', 5).execute());
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 6, kind: 'head_mismatch' })]);
  });

  it('names reordered rows', async () => {
    await buildChain(db, 6, [1, 2, 4, 3, 5, 6]);
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: 'reordered' }));
    expect(r.problems.every((p) => p.seq === 3 || p.seq === 4 || p.seq === 5)).toBe(true);
  });

  it('refuses UPDATE, DELETE of audit rows at the database, for every role of the application', async () => {
    await buildChain(db, 3);
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  });
});

describe.each(DB_KINDS)('audit-log viewer on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let auditor: Client;
  let admin: Client;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
    const a = await buildUser(t.database.db, jid, 'admin');
    adminId = a.id;
    admin = await t.login(a.username);
    auditor = await t.login((await buildUser(t.database.db, jid, 'audit_admin')).username);
    for (const name of ['甲', '乙', '丙']) {
      await admin.post('/api/users', { username: `audited${name.charCodeAt(0)}`, displayName: name, role: 'leader' });
    }
  });
  afterAll(() => t.close());

  it('is for the audit administrator only; the administrator cannot read it', async () => {
    for (const c of [admin, await t.login((await buildUser(t.database.db, jid, 'security_admin')).username)]) {
      expect((await c.get('/api/audit')).statusCode).toBe(403);
      expect((await c.get('/api/audit/verify')).statusCode).toBe(403);
    }
    expect((await t.anonymous().get('/api/audit')).statusCode).toBe(401);
  });

  it('lists newest first with filters by actor, action, entity, outcome and date', async () => {
    const all = (await auditor.get('/api/audit?pageSize=200')).json();
    const seqs = all.items.map((r: { seq: number }) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const creates = (await auditor.get('/api/audit?action=user.create')).json();
    expect(creates.total).toBe(3);
    expect(creates.items[0]).toMatchObject({ actorId: adminId, entity: 'user', success: true });
    expect((await auditor.get('/api/audit?action=user.')).json().total).toBeGreaterThanOrEqual(3);
    expect((await auditor.get(`/api/audit?actorId=${adminId}&entity=user`)).json().total).toBe(4); // three creations and the sign-in;
    const byName = (await auditor.get(`/api/audit?actor=admin_&action=auth.login`)).json();
    expect(byName.total).toBeGreaterThanOrEqual(1);
    await t.anonymous().post('/api/auth/login', { username: 'no-such-person', password: 'Wrong-pass-123' });
    const failures = (await auditor.get('/api/audit?success=false&action=auth.login')).json();
    expect(failures.items[0]).toMatchObject({ actorName: 'no-such-person', success: false, details: { reason: 'unknown_user' } });
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditor.get(`/api/audit?from=${today}`)).json().total).toBe(all.total + 1);
    expect((await auditor.get('/api/audit?to=2000-01-01')).json().total).toBe(0);
    expect((await auditor.get('/api/audit?from=yesterday')).statusCode).toBe(400);
    const page = (await auditor.get('/api/audit?pageSize=2&page=2')).json();
    expect(page.items).toHaveLength(2);
    // One row (the failed sign-in) has been added on top since `all` was read.
    expect(page.items.map((r: { seq: number }) => r.seq)).toEqual([seqs[1], seqs[2]]);
  });

  it('verifies the chain, then reports a row edited behind the trigger’s back', async () => {
    const ok = await auditor.get('/api/audit/verify');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, problems: [] });
    const target = (await auditRows(t.database.db, { action: 'user.create' }))[1];
    await withAuditTriggerOff(t.database.db, () =>
      t.database.db.updateTable('auditLog').set({ actorName: '别人' }).where('seq', '=', target.seq).execute(),
    );
    const broken = (await auditor.get('/api/audit/verify')).json();
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual([{ seq: Number(target.seq), kind: 'edited', message: expect.stringContaining(String(target.seq)) }]);
    const runs = await auditRows(t.database.db, { action: 'audit.verify' });
    expect(runs.map((r) => r.success)).toEqual([true, false]);
  });
});

describe.each(DB_KINDS)('audit rows share the transaction of the write on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let jid: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
    admin = await t.login((await buildUser(t.database.db, jid, 'admin')).username);
  });
  afterAll(() => t.close());

  it('a write that fails at commit leaves no audit row', async () => {
    const db = t.database.db;
    const u = await buildUser(db, jid, 'leader', { displayName: '原名' });
    // A deferred check fails at COMMIT, after the service has already appended its audit row.
    await sql`create function zz_fail_at_commit() returns trigger language plpgsql as $$
      begin if new.display_name = '触发失败' then raise exception 'refused at commit'; end if; return new; end $$`.execute(db);
    await sql`create constraint trigger zz_fail_at_commit after update on users deferrable initially deferred
      for each row execute function zz_fail_at_commit()`.execute(db);
    try {
      const before = (await auditRows(db)).length;
      const res = await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '触发失败' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('refused at commit');
      expect(await auditRows(db, { action: 'user.update', entityId: u.id })).toEqual([]);
      expect((await auditRows(db)).length).toBe(before);
      const row = await db.selectFrom('users').select(['displayName', 'version']).where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ displayName: '原名', version: 1 });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await sql`drop trigger zz_fail_at_commit on users`.execute(db);
      await sql`drop function zz_fail_at_commit()`.execute(db);
    }
    // The same change goes through once nothing stands in its way, with its audit row.
    expect((await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '触发失败' })).statusCode).toBe(200);
    expect(await auditRows(db, { action: 'user.update', entityId: u.id })).toHaveLength(1);
  });

  it('a write whose audit row cannot be written does not happen', async () => {
    const db = t.database.db;
    const u = await buildUser(db, jid, 'leader');
    const c = await t.login(u.username);
    await sql`create function zz_fail_audit() returns trigger language plpgsql as $$
      begin if new.action = 'user.disable' then raise exception 'audit store refused'; end if; return new; end $$`.execute(db);
    await sql`create trigger zz_fail_audit before insert on audit_log for each row execute function zz_fail_audit()`.execute(db);
    try {
      expect((await admin.post(`/api/users/${u.id}/disable`, {})).statusCode).toBe(500);
      const row = await db.selectFrom('users').select('disabled').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.disabled).toBe(false);
      expect((await c.get('/api/me')).statusCode).toBe(200); // its sessions were not revoked either
    } finally {
      await sql`drop trigger zz_fail_audit on audit_log`.execute(db);
      await sql`drop function zz_fail_audit()`.execute(db);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
