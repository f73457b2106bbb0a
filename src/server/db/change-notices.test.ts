import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import { ChangeNotices } from './change-notices.ts';
import { openPostgres, type Database } from './database.ts';

describe('ChangeNotices', () => {
  it('moves the generation on with notices and with listeners coming and going, and listens while one is left', () => {
    const n = new ChangeNotices();
    expect([n.generation, n.listening]).toEqual([0, false]);
    n.listenerStarted();
    n.listenerStarted();
    expect([n.generation, n.listening]).toEqual([2, true]);
    n.changed();
    n.listenerEnded();
    expect([n.generation, n.listening]).toEqual([4, true]);
    n.listenerEnded();
    n.listenerEnded();
    expect([n.generation, n.listening]).toEqual([6, false]);
  });
});

describe.each(DB_KINDS)('zhili_auth notices (%s)', (kind) => {
  let database: Database;
  let userId: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const j = await sql<{ id: number }>`insert into jurisdictions (code, name, short_name) values ('T1', '测试区', '测试') returning id`.execute(database.db);
    const u = await sql<{ id: number }>`insert into users (jurisdiction_id, username, display_name, role, password_hash)
      values (${j.rows[0].id}, 'notice_user', '测试', 'admin', 'x') returning id`.execute(database.db);
    userId = u.rows[0].id;
  });
  afterAll(() => database.close());

  it('are listened for from the first connection on', async () => {
    await expect.poll(() => database.changes.listening).toBe(true);
  });

  it('come back with the statement that commits a change to what a session stands on, before its answer', async () => {
    const writes = [
      sql`update users set disabled = true where id = ${userId}`,
      sql`update users set role = 'admin' where id = ${userId}`,
      sql`insert into sessions (id, jurisdiction_id, user_id, csrf_token, expires_at)
        select 's1', jurisdiction_id, id, 'c', now() + interval '1 hour' from users where id = ${userId}`,
      sql`update sessions set revoked_at = now() where id = 's1'`,
      sql`update jurisdictions set name = '测试开发区'`,
    ];
    const moved: boolean[] = [];
    for (const w of writes) {
      const before = database.changes.generation;
      await w.execute(database.db);
      moved.push(database.changes.generation > before);
    }
    // The new session is not one anybody kept: its insert needs no notice.
    expect(moved).toEqual([true, true, false, true, true]);
  });

  it('do not come for what no session reads (the counters of a login, a touch of last_seen_at)', async () => {
    const before = database.changes.generation;
    await sql`update users set failed_logins = 0, last_login_at = now() where id = ${userId}`.execute(database.db);
    await sql`update sessions set last_seen_at = now() where id = 's1'`.execute(database.db);
    expect(database.changes.generation).toBe(before);
  });

  it.runIf(kind === 'postgres')("reach another server's connections", async () => {
    const other = openPostgres((database as Database & { url: string }).url, 2);
    try {
      await sql`select 1`.execute(other.db);
      await expect.poll(() => other.changes.listening).toBe(true);
      const before = other.changes.generation;
      await sql`update users set display_name = '另一台' where id = ${userId}`.execute(database.db);
      await expect.poll(() => other.changes.generation, { timeout: 5000 }).toBeGreaterThan(before);
    } finally {
      await other.close();
    }
  });
});
