import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from './database.ts';
import { precompiled } from './precompiled.ts';

describe.each(DB_KINDS)('precompiled queries on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await sql`create table precompiled_test (id integer primary key, grid text not null, note text not null)`.execute(database.db);
    await sql`insert into precompiled_test values (1, '一网格', '甲'), (2, '一网格', '乙'), (3, '二网格', '丙')`.execute(database.db);
  });
  afterAll(() => database.close());

  it('builds once, then runs with each call’s values in their places, rows camel-cased as the builder’s', async () => {
    let builds = 0;
    const find = precompiled((db, grid: string, above: number) => {
      builds++;
      return (db as unknown as import('kysely').Kysely<{ precompiledTest: { id: number; grid: string; note: string } }>)
        .selectFrom('precompiledTest')
        .select(['id', 'note as noteText'])
        .where('grid', '=', grid)
        .where('id', '>', above)
        .where('note', '<>', '无')
        .orderBy('id');
    });
    expect(await find(database.db, '一网格', 0)).toEqual([
      { id: 1, noteText: '甲' },
      { id: 2, noteText: '乙' },
    ]);
    expect(await find(database.db, '一网格', 1)).toEqual([{ id: 2, noteText: '乙' }]);
    expect(await find(database.db, '二网格', 0)).toEqual([{ id: 3, noteText: '丙' }]);
    expect(await find(database.db, "一网格' or '1'='1", 0)).toEqual([]);
    await database.db.transaction().execute(async (tx) => expect(await find(tx, '二网格', 2)).toEqual([{ id: 3, noteText: '丙' }]));
    expect(builds).toBe(1);
  });

  it('refuses a builder that does not use an argument as a value (its text would depend on it)', async () => {
    const bad = precompiled((db, _unused: number) => db.selectNoFrom(sql<number>`1`.as('n')));
    await expect(bad(database.db, 5)).rejects.toThrow(/not used as a value/);
  });
});
