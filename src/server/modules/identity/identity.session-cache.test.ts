import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { ChangeNotices } from '../../db/change-notices.ts';
import type { Database } from '../../db/database.ts';
import { newToken, tokenId } from '../../platform/auth/tokens.ts';
import { resumeSession, type SessionRow } from './identity.service.ts';
import { MAX_AGE_MS, SessionCache } from './identity.session-cache.ts';

describe('SessionCache', () => {
  const listening = () => {
    const n = new ChangeNotices();
    n.listenerStarted();
    return n;
  };

  it('keeps a copy until a notice, its age limit, or the connections stop listening', () => {
    const n = listening();
    const c = new SessionCache<string>(n);
    c.put('a', 'row a', c.begin(), 1000);
    expect(c.get('a', 1000 + MAX_AGE_MS)).toBe('row a');
    expect(c.get('a', 1001 + MAX_AGE_MS)).toBeUndefined();
    c.put('a', 'row a', c.begin(), 1000);
    n.changed();
    expect(c.get('a', 1000)).toBeUndefined();
    c.put('a', 'row a', c.begin(), 1000);
    n.listenerEnded();
    expect(c.get('a', 1000)).toBeUndefined();
  });

  it('keeps nothing read across a notice, nor anything while nobody listens', () => {
    const n = listening();
    const c = new SessionCache<string>(n);
    const g = c.begin();
    n.changed();
    c.put('a', 'read before the notice', g, 0);
    expect(c.size).toBe(0);
    n.listenerEnded();
    expect(c.begin()).toBeNull();
    c.put('a', 'row', c.begin(), 0);
    expect(c.size).toBe(0);
  });

  it('lets the longest kept go past its bound', () => {
    const c = new SessionCache<number>(listening());
    for (let i = 0; i <= 10_000; i++) c.put(`s${i}`, i, c.begin(), 0);
    expect(c.size).toBe(10_000);
    expect(c.get('s0', 0)).toBeUndefined();
    expect(c.get('s10000', 0)).toBe(10_000);
  });
});

describe.each(DB_KINDS)('resumeSession with kept sessions on %s', (kind) => {
  let database: Database;
  const settings = { idleMinutes: 30, maxHours: 12 };
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  async function session() {
    const jid = (await buildJurisdiction(database.db)).id;
    const u = await buildUser(database.db, jid, 'dispatcher');
    const token = newToken();
    await database.db
      .insertInto('sessions')
      .values({ id: tokenId(token), jurisdictionId: jid, userId: u.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 3600_000) })
      .execute();
    return { token, userId: u.id };
  }

  it('answers from the kept copy until a change is announced, then from the database', async () => {
    const cache = new SessionCache<SessionRow>(database.changes);
    const { token, userId } = await session();
    expect((await resumeSession(database.db, token, settings, cache))?.actor.userId).toBe(userId);
    // Revoked with the notice held back: the kept copy still answers, so the database was not asked.
    await sql`alter table sessions disable trigger sessions_auth_change`.execute(database.db);
    try {
      await sql`update sessions set revoked_at = now() where id = ${tokenId(token)}`.execute(database.db);
    } finally {
      await sql`alter table sessions enable trigger sessions_auth_change`.execute(database.db);
    }
    expect((await resumeSession(database.db, token, settings, cache))?.actor.userId).toBe(userId);
    expect(await resumeSession(database.db, token, settings)).toBeNull();
    // Any announced change drops it.
    await sql`update users set display_name = '改名' where id = ${userId}`.execute(database.db);
    expect(await resumeSession(database.db, token, settings, cache)).toBeNull();
  });

  it('asks the database before ending a kept session that looks idle', async () => {
    const cache = new SessionCache<SessionRow>(database.changes);
    const { token } = await session();
    const kept = (await resumeSession(database.db, token, settings, cache))!;
    // Another server's touch moved last_seen_at on; this server's copy is older than the idle limit.
    cache.get(kept.id, Date.now())!.lastSeenAt = new Date(Date.now() - 31 * 60_000);
    expect((await resumeSession(database.db, token, settings, cache))?.id).toBe(kept.id);
    const row = await database.db.selectFrom('sessions').select('revokedAt').where('id', '=', kept.id).executeTakeFirstOrThrow();
    expect(row.revokedAt).toBeNull();
  });
});
