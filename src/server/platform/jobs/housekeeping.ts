// Platform housekeeping run by the job runner: Idempotency-Key records are kept for a day (a client retries
// within minutes; after a day the key may be used afresh). Finished jobs are pruned by the runner itself.
//
// On the embedded database (PGlite) no autovacuum runs: nothing would ever refresh the planner's statistics or
// mark pages all-visible (so no index-only scan), and dead rows would pile up. There the runner does autovacuum's
// work itself, with autovacuum's own thresholds, every few minutes.
import { sql, type Kysely } from 'kysely';
import type { DB, Executor } from '../../db/database.ts';
import { cancelJobs, registerJobHandler, scheduleRecurring } from './jobs.ts';

export const IDEMPOTENCY_KEEP_MS = 24 * 3600 * 1000;
export const MAINTAIN_TABLES_EVERY_MS = 10 * 60 * 1000;

registerJobHandler('platform.prune_idempotency_keys', async (db) => {
  await db.deleteFrom('idempotencyKeys').where('createdAt', '<', new Date(Date.now() - IDEMPOTENCY_KEEP_MS)).execute();
});

export interface TableMaintenance {
  table: string;
  /** vacuum (which analyses too) or analyse only. */
  action: 'vacuum' | 'analyze';
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Vacuums and analyses the tables that need it by PostgreSQL's autovacuum defaults: vacuum past 50 dead rows + 20%
 * of the table or 1,000 inserted rows + 20% (so new pages become all-visible), analyse past 50 changed rows + 10%.
 */
export async function maintainTables(db: Executor): Promise<TableMaintenance[]> {
  const due = await sql<{ schema: string; table: string; vacuum: boolean; analyze: boolean }>`
    select s.schemaname as schema, s.relname as table,
      s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) or s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0) as vacuum,
      s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) as analyze
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    order by s.relname`.execute(db);
  const done: TableMaintenance[] = [];
  for (const t of due.rows) {
    if (!t.vacuum && !t.analyze) continue;
    const action = t.vacuum ? 'vacuum' : 'analyze';
    await sql.raw(`${action === 'vacuum' ? 'vacuum analyze' : 'analyze'} ${quoted(t.schema)}.${quoted(t.table)}`).execute(db);
    done.push({ table: t.table, action });
  }
  return done;
}

registerJobHandler('platform.maintain_tables', async (db) => {
  await maintainTables(db);
});

/** Called at every server start (idempotent). `autovacuum`: false on PGlite, where the runner stands in for it. */
export async function scheduleHousekeeping(db: Kysely<DB>, opts: { autovacuum: boolean }): Promise<void> {
  await scheduleRecurring(db, 'platform.prune_idempotency_keys', 3600 * 1000);
  // A data directory moved onto PostgreSQL (backup, restore) drops the chain: autovacuum does the work there.
  if (opts.autovacuum) await cancelJobs(db, 'recurring:platform.maintain_tables');
  else await scheduleRecurring(db, 'platform.maintain_tables', MAINTAIN_TABLES_EVERY_MS);
}
