import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db.ts';
import { holdConnection, type Database } from './database.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('application connections to PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.close());

  it('run without parallel query, on every connection of the pool', async () => {
    const shown = await Promise.all(
      Array.from({ length: 5 }, () =>
        database.db.connection().execute(async (c) => (await sql<{ v: string }>`select current_setting('max_parallel_workers_per_gather') as v`.execute(c)).rows[0]),
      ),
    );
    expect(new Set(shown.map((r) => r.v))).toEqual(new Set(['0']));
  });

  it('hold one connection for a caller until it is given back', async () => {
    const held = (await holdConnection(database.db))!;
    const pid = async (db = held.db) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0].pid;
    const mine = await Promise.all([pid(), pid(), pid()]);
    expect(new Set(mine).size).toBe(1);
    // The pool has five: with one held, five at once run on the other four.
    const others = async () => {
      const c = database.db.connection();
      return c.execute(async (db) => {
        const p = await pid(db);
        await sql`select pg_sleep(0.05)`.execute(db);
        return p;
      });
    };
    const meanwhile = await Promise.all(Array.from({ length: 5 }, others));
    expect(meanwhile).not.toContain(mine[0]);
    held.release();
    await database.db.transaction().execute(async (tx) => expect(holdConnection(tx)).toBeNull());
  });
});

describe('holding a connection on PGlite', () => {
  it('is refused: its one session is everybody’s', async () => {
    const database = await createTestDatabase('pglite');
    try {
      expect(holdConnection(database.db)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
