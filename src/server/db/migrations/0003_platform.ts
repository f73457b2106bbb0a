// Platform: the job runner's uniqueness, leases and recurring jobs.
// A unique_key names "the" pending job for something (e.g. one deadline per event): it is unique among pending
// jobs only, so finished jobs keep their key for the record and a job may be re-scheduled while it runs.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`alter table jobs drop constraint if exists jobs_unique_key_key`,
    sql`create unique index jobs_pending_unique_key on jobs (unique_key) where status = 'pending'`,
    sql`create index jobs_unique_key on jobs (unique_key) where unique_key is not null`,
    // Reclaiming the jobs of a runner that died: running rows whose lease has expired.
    sql`create index jobs_lease on jobs (locked_until) where status = 'running'`,
    sql`create index jobs_status_id on jobs (status, id)`,
    // A recurring job re-schedules itself this many milliseconds after each run.
    sql`alter table jobs add column repeat_ms bigint`,
    sql`alter table jobs add column started_at timestamptz`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
