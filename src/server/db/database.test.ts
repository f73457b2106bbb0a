import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from './database.ts';

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
});
