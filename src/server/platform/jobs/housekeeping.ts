// Platform housekeeping run by the job runner: Idempotency-Key records are kept for a day (a client retries
// within minutes; after a day the key may be used afresh). Finished jobs are pruned by the runner itself.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/database.ts';
import { registerJobHandler, scheduleRecurring } from './jobs.ts';

export const IDEMPOTENCY_KEEP_MS = 24 * 3600 * 1000;

registerJobHandler('platform.prune_idempotency_keys', async (db) => {
  await db.deleteFrom('idempotencyKeys').where('createdAt', '<', new Date(Date.now() - IDEMPOTENCY_KEEP_MS)).execute();
});

/** Called at every server start (idempotent). */
export async function scheduleHousekeeping(db: Kysely<DB>): Promise<void> {
  await scheduleRecurring(db, 'platform.prune_idempotency_keys', 3600 * 1000);
}
