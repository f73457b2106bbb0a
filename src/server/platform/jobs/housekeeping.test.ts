import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import type { Database } from '../../db/database.ts';
import { maintainTables, MAINTAIN_TABLES_EVERY_MS, scheduleHousekeeping } from './housekeeping.ts';

describe.each(DB_KINDS)('housekeeping on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('vacuums and analyses a table past the autovacuum thresholds, and leaves quiet tables alone', async () => {
    const stats = async (table: string) =>
      (
        await sql<{ lastVacuum: Date | null; lastAnalyze: Date | null; allVisible: number }>`
          select s.last_vacuum, s.last_analyze, c.relallvisible as all_visible
          from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = ${table}`.execute(database.db)
      ).rows[0];
    // Autovacuum off for these two (on PostgreSQL it would race the test). One connection throughout, its counters handed to the shared statistics before they are read.
    const done = await database.db.connection().execute(async (c) => {
      await sql`create table maint_busy (id int primary key, v text) with (autovacuum_enabled = false)`.execute(c);
      await sql`create table maint_quiet (id int primary key) with (autovacuum_enabled = false)`.execute(c);
      await sql`insert into maint_busy select g, 'row ' || g from generate_series(1, 5000) g`.execute(c);
      await sql`delete from maint_busy where id <= 2000`.execute(c);
      await sql`insert into maint_quiet select generate_series(1, 10)`.execute(c);
      await sql`select pg_stat_force_next_flush()`.execute(c);
      await new Promise((r) => setTimeout(r, 50));
      await sql`select 1`.execute(c);
      return maintainTables(c);
    });
    expect(done).toContainEqual({ table: 'maint_busy', action: 'vacuum' });
    expect(done.map((d) => d.table)).not.toContain('maint_quiet');
    const busy = await stats('maint_busy');
    expect(busy.lastVacuum).not.toBeNull();
    expect(busy.lastAnalyze).not.toBeNull();
    expect(Number(busy.allVisible)).toBeGreaterThan(0);
    expect((await stats('maint_quiet')).lastVacuum).toBeNull();
    // Done: nothing is due again until the table changes.
    expect((await maintainTables(database.db)).map((d) => d.table)).not.toContain('maint_busy');
  });

  it('schedules the table maintenance only where no autovacuum runs, and drops it where one does', async () => {
    const chain = () => database.db.selectFrom('jobs').select(['status', 'repeatMs']).where('kind', '=', 'platform.maintain_tables').execute();
    await scheduleHousekeeping(database.db, { autovacuum: false });
    await scheduleHousekeeping(database.db, { autovacuum: false });
    expect(await chain()).toEqual([{ status: 'pending', repeatMs: MAINTAIN_TABLES_EVERY_MS }]);
    await scheduleHousekeeping(database.db, { autovacuum: true });
    expect(await chain()).toEqual([]);
    expect(await database.db.selectFrom('jobs').select('kind').where('kind', '=', 'platform.prune_idempotency_keys').execute()).toHaveLength(1);
  });
});
