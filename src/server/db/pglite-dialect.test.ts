import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite, PLAN_PER_EXECUTION, type Database } from './database.ts';

// The PGlite dialect runs parameterised statements as prepared statements of its one session, decoding the
// answers itself: these tests hold its answers to those of PGlite's own query() (the unprepared path).
describe('PGlite prepared statements', () => {
  let database: Database;
  let db: Kysely<any>;
  const unprepared = sql.raw(PLAN_PER_EXECUTION);

  beforeAll(async () => {
    database = await openPGlite(null);
    db = database.db as unknown as Kysely<any>;
    await sql`create table t (id serial primary key, name text unique, at timestamptz, d date, n numeric, big int8, tags text[], nums int[],
      doc jsonb, ok boolean, data bytea)`.execute(db);
  });
  afterAll(() => database.close());

  const preparedTexts = async () =>
    (await sql<{ statement: string }>`${unprepared} select statement from pg_prepared_statements where not from_sql`.execute(db)).rows.map((r) => r.statement);

  it('answers every type as PGlite itself does, and as it was written', async () => {
    const at = new Date('2024-05-01T02:03:04.567Z');
    const doc = { a: 1, b: ['x', null], c: { d: true } };
    const data = new Uint8Array([0, 1, 254, 255]);
    const [{ id }] = (
      await sql<{ id: number }>`insert into t (name, at, d, n, big, tags, nums, doc, ok, data)
        values (${'甲'}, ${at}, ${'2024-05-01'}, ${12.5}, ${9007199254740991}, ${['讨薪', 'a,b', '"q"']}, ${[1, 2, 3]}, ${JSON.stringify(doc)}, ${true}, ${data})
        returning id`.execute(db)
    ).rows;
    const prepared = (await sql<Record<string, unknown>>`select * from t where id = ${id}`.execute(db)).rows;
    const plain = (await sql<Record<string, unknown>>`${unprepared} select * from t where id = ${id}`.execute(db)).rows;
    expect(prepared).toEqual(plain);
    expect(prepared).toEqual([
      { id, name: '甲', at, d: '2024-05-01', n: 12.5, big: 9007199254740991, tags: ['讨薪', 'a,b', '"q"'], nums: [1, 2, 3], doc, ok: true, data },
    ]);
    const nulls = (await sql<Record<string, unknown>>`select ${null}::text as a, ${null}::int as b, null::jsonb as c where ${1} = 1`.execute(db)).rows;
    expect(nulls).toEqual([{ a: null, b: null, c: null }]);
  });

  it('prepares a statement once and runs it again with new values; a statement marked to plan per execution is never prepared', async () => {
    await sql`insert into t (name) values (${'乙'}), (${'丙'})`.execute(db);
    const byName = (name: string) => sql<{ name: string }>`select name from t where name = ${name}`.execute(db);
    expect((await byName('乙')).rows).toEqual([{ name: '乙' }]);
    expect((await byName('丙')).rows).toEqual([{ name: '丙' }]);
    expect((await byName('丁')).rows).toEqual([]);
    const texts = await preparedTexts();
    expect(texts.filter((t) => t === 'select name from t where name = $1')).toHaveLength(1);
    await sql`${unprepared} select name from t where name = ${'乙'}`.execute(db);
    expect((await preparedTexts()).some((t) => t.includes(PLAN_PER_EXECUTION))).toBe(false);
  });

  it('reports how many rows a write touched', async () => {
    await sql`insert into t (name, ok) values (${'戊'}, ${false}), (${'己'}, ${false})`.execute(db);
    const r = await db.updateTable('t').set({ ok: true }).where('name', 'in', ['戊', '己']).executeTakeFirst();
    expect(r.numUpdatedRows).toBe(2n);
    const d = await db.deleteFrom('t').where('name', '=', '己').executeTakeFirst();
    expect(d.numDeletedRows).toBe(1n);
  });

  it('raises database errors with their codes and keeps working after them, a statement that fails to prepare included', async () => {
    const insert = (name: string) => sql`insert into t (name) values (${name})`.execute(db);
    await insert('庚');
    await expect(insert('庚')).rejects.toMatchObject({ code: '23505', constraint: 't_name_key' });
    await insert('辛');
    await expect(sql`select no_such_column from t where id = ${1}`.execute(db)).rejects.toMatchObject({ code: '42703' });
    expect((await preparedTexts()).some((t) => t.includes('no_such_column'))).toBe(false);
    await expect(sql`select no_such_column from t where id = ${1}`.execute(db)).rejects.toMatchObject({ code: '42703' });
    expect((await sql<{ n: number }>`select count(*)::int as n from t where name = ${'辛'}`.execute(db)).rows).toEqual([{ n: 1 }]);
  });

  it('runs a statement again, unprepared then prepared anew, when its table changed shape under it', async () => {
    await sql`create table shape (id int primary key, a text)`.execute(db);
    await sql`insert into shape values (1, 'x')`.execute(db);
    const all = (on: Kysely<any> = db) => sql<Record<string, unknown>>`select * from shape where id = ${1}`.execute(on);
    expect((await all()).rows).toEqual([{ id: 1, a: 'x' }]);
    await sql`alter table shape add column b int default 7`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, a: 'x', b: 7 }]);
    expect((await all()).rows).toEqual([{ id: 1, a: 'x', b: 7 }]);
    expect((await preparedTexts()).filter((t) => t === 'select * from shape where id = $1')).toHaveLength(1);
    // Inside a transaction the refusal has aborted it: the caller gets the error, and the next run prepares anew.
    await sql`alter table shape add column c int default 8`.execute(db);
    await expect(db.transaction().execute((tx) => all(tx))).rejects.toMatchObject({ code: '0A000' });
    expect((await all()).rows).toEqual([{ id: 1, a: 'x', b: 7, c: 8 }]);
    expect((await all()).rows).toEqual([{ id: 1, a: 'x', b: 7, c: 8 }]);
  });

  it('prepares a statement anew when the session lost it', async () => {
    const one = () => sql<{ n: number }>`select ${5}::int as n`.execute(db);
    expect((await one()).rows).toEqual([{ n: 5 }]);
    await sql`deallocate all`.execute(db);
    expect(await preparedTexts()).toEqual([]);
    expect((await one()).rows).toEqual([{ n: 5 }]);
    expect((await one()).rows).toEqual([{ n: 5 }]);
    expect(await preparedTexts()).toEqual(['select $1::int as n']);
  });

  it('writes inside a transaction commit or roll back with it', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into t (name) values (${'壬'})`.execute(tx);
        expect((await sql`select 1 from t where name = ${'壬'}`.execute(tx)).rows).toHaveLength(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await sql`select 1 from t where name = ${'壬'}`.execute(db)).rows).toHaveLength(0);
    await db.transaction().execute((tx) => sql`insert into t (name) values (${'癸'})`.execute(tx));
    expect((await sql`select 1 from t where name = ${'癸'}`.execute(db)).rows).toHaveLength(1);
  });
});
