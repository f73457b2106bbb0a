import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import type { Database, Executor } from '../../db/database.ts';
import type { RequestContext } from '../context.ts';
import { appendAudit, auditedWrite, verifyAuditChain } from './audit.ts';

const ctx: RequestContext = { actor: null, requestId: 'req-audit-test', ip: '127.0.0.1' };

const head = async (db: Executor) => (await sql<{ seq: number }>`select seq::integer as seq from audit_head where id = 1`.execute(db)).rows[0].seq;
const counter = async (db: Executor) => (await sql<{ n: number }>`select n from audit_test_hot where id = 1`.execute(db)).rows[0]?.n ?? 0;
const bump = () => sql`insert into audit_test_hot (id, n) values (1, 1) on conflict (id) do update set n = audit_test_hot.n + 1 returning n`;

describe.each(DB_KINDS)('audit appends with writes in the same statement on %s', (kind) => {
  let database: Database;
  let db: Executor;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    await sql`create table audit_test_hot (id integer primary key, n integer not null)`.execute(db);
    await sql`create table audit_test_rows (id integer primary key, note text not null)`.execute(db);
  });
  afterAll(() => database.close());

  it('appends outside a transaction as one statement, and the chain verifies', async () => {
    const before = await head(db);
    const seq = await appendAudit(db, ctx, { action: 'test.plain', entity: 'test', entityId: 1, details: { 说明: '无事务' } });
    expect(seq).toBe(before + 1);
    expect(await head(db)).toBe(seq);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('runs the write alongside in the audit statement', async () => {
    const n = await counter(db);
    await appendAudit(db, ctx, { action: 'test.alongside', entity: 'test' }, bump());
    expect(await counter(db)).toBe(n + 1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('answers the result read from the writes, with the audit row written', async () => {
    const before = await head(db);
    const rows = await auditedWrite<{ id: number; note: string; n: number }>(
      db,
      [{ ctx, entry: { action: 'test.written', entity: 'test', entityId: 10 } }],
      {
        writes: [
          ['r', sql`insert into audit_test_rows (id, note) values (10, '第十行') returning id, note`],
          ['hot', bump()],
        ],
        hot: 'hot',
        result: sql`select r.id, r.note, hot.n from r, hot`,
      },
    );
    expect(rows).toEqual([{ id: 10, note: '第十行', n: expect.any(Number) }]);
    expect(await head(db)).toBe(before + 1);
    const last = await db.selectFrom('auditLog').select(['action', 'entityId']).where('seq', '=', before + 1).executeTakeFirstOrThrow();
    expect(last).toEqual({ action: 'test.written', entityId: '10' });
  });

  it('appends several rows in one statement, each chained to the one before, in the order given', async () => {
    const before = await head(db);
    const other: RequestContext = { actor: null, requestId: 'req-audit-other', ip: '10.0.0.2' };
    const rows = await auditedWrite<{ n: number }>(
      db,
      [
        { ctx, entry: { action: 'test.batch', entity: 'test', entityId: 'a', details: { 序号: 1 } } },
        { ctx: other, entry: { action: 'test.batch', entity: 'test', entityId: 'b', success: false } },
        { ctx, entry: { action: 'test.batch', entity: 'test', entityId: 'c', jurisdictionId: 7 } },
      ],
      { writes: [['hot', bump()]], hot: 'hot', result: sql`select n from hot` },
    );
    expect(rows).toHaveLength(1);
    expect(await head(db)).toBe(before + 3);
    const written = await db
      .selectFrom('auditLog')
      .select(['seq', 'entityId', 'requestId', 'ip', 'success', 'jurisdictionId', 'prevHash', 'hash'])
      .where('action', '=', 'test.batch')
      .orderBy('seq')
      .execute();
    expect(written.map((r) => [Number(r.seq), r.entityId, r.requestId, r.ip, r.success, r.jurisdictionId])).toEqual([
      [before + 1, 'a', 'req-audit-test', '127.0.0.1', true, null],
      [before + 2, 'b', 'req-audit-other', '10.0.0.2', false, null],
      [before + 3, 'c', 'req-audit-test', '127.0.0.1', true, 7],
    ]);
    expect(written[1].prevHash).toBe(written[0].hash);
    expect(written[2].prevHash).toBe(written[1].hash);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('is all or nothing: when one write fails, no write, audit row or head move remains', async () => {
    const before = await head(db);
    const n = await counter(db);
    await expect(
      auditedWrite(db, [{ ctx, entry: { action: 'test.duplicate', entity: 'test', entityId: 10 } }], {
        writes: [
          ['hot', bump()],
          ['r', sql`insert into audit_test_rows (id, note) values (10, '重复') returning id`],
        ],
        hot: 'hot',
        result: sql`select id from r`,
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await head(db)).toBe(before);
    expect(await counter(db)).toBe(n);
    expect((await db.selectFrom('auditLog').select('seq').where('action', '=', 'test.duplicate').execute()).length).toBe(0);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('takes many concurrent appends with a hot write, none lost and no deadlock (hot rows locked before the head)', async () => {
    const before = await head(db);
    const n = await counter(db);
    const appends = 60;
    await Promise.all(
      Array.from({ length: appends }, (_, i) => {
        const entry = { action: 'test.concurrent', entity: 'test', entityId: i };
        if (i % 3 === 0) return appendAudit(db, ctx, entry, bump());
        return db.transaction().execute(async (tx) => {
          if (i % 3 === 1) {
            await sql`insert into audit_test_rows (id, note) values (${1000 + i}, '并发')`.execute(tx);
            await appendAudit(tx, ctx, entry, bump());
          } else {
            // A transaction that wrote the hot row earlier, then appends: it must not wait on a statement
            // that holds the head and waits for the hot row.
            await bump().execute(tx);
            await appendAudit(tx, ctx, entry);
          }
        });
      }),
    );
    expect(await head(db)).toBe(before + appends);
    expect(await counter(db)).toBe(n + appends);
    const v = await verifyAuditChain(db);
    expect(v.ok).toBe(true);
    expect(v.lastSeq).toBe(before + appends);
  });
});
