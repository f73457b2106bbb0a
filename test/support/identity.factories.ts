// Identity test helpers: sessions made straight in the database (no password hashing, so a test can open
// hundreds), one user per role, and raw audit-log access for tamper tests.
import { sql } from 'kysely';
import { AUTH_CHANNEL } from '../../src/server/db/change-notices.ts';
import type { Executor } from '../../src/server/db/database.ts';
import { ROLES, type Role } from '../../src/server/platform/auth/roles.ts';
import { newToken, tokenId } from '../../src/server/platform/auth/tokens.ts';
import { clientFor, type Client, type TestApp } from './app.ts';
import { buildOrgUnit, buildUser } from './factories.ts';

/** A signed-in client for the user, without going through /api/auth/login. */
export async function sessionFor(t: TestApp, user: { id: number; jurisdictionId: number }, opts: { mfaPending?: boolean } = {}): Promise<Client> {
  const token = newToken();
  const csrf = newToken(18);
  await t.database.db
    .insertInto('sessions')
    .values({
      id: tokenId(token),
      jurisdictionId: user.jurisdictionId,
      userId: user.id,
      csrfToken: csrf,
      mfaPending: opts.mfaPending ?? false,
      expiresAt: new Date(Date.now() + 3600_000),
      ip: '127.0.0.1',
      userAgent: 'vitest',
    })
    .execute();
  return clientFor(t.app, `zhili_session=${token}`, csrf);
}

/** Signed-in clients for several users at once (one insert), e.g. a fresh session per cell of a matrix. */
export async function sessionsFor(t: TestApp, users: { id: number; jurisdictionId: number }[]): Promise<Client[]> {
  const made = users.map((u) => ({ u, token: newToken(), csrf: newToken(18) }));
  if (made.length === 0) return [];
  await t.database.db
    .insertInto('sessions')
    .values(
      made.map(({ u, token, csrf }) => ({
        id: tokenId(token),
        jurisdictionId: u.jurisdictionId,
        userId: u.id,
        csrfToken: csrf,
        mfaPending: false,
        expiresAt: new Date(Date.now() + 3600_000),
        ip: '127.0.0.1',
        userAgent: 'vitest',
      })),
    )
    .execute();
  return made.map(({ token, csrf }) => clientFor(t.app, `zhili_session=${token}`, csrf));
}

export type RoleUsers = Record<Role, Awaited<ReturnType<typeof buildUser>>>;

let enterpriseSeq = 0;

/**
 * A bare enterprise row for enterprise-role users (raw SQL, so identity tests do not depend on the enterprise
 * module's code); null when the enterprises table does not exist.
 */
export async function buildEnterpriseRow(db: Executor, jurisdictionId: number): Promise<number | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('enterprises')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  const code = `TEST${Date.now().toString(36).toUpperCase()}${(enterpriseSeq++).toString(36).toUpperCase()}`.slice(0, 18).padEnd(18, '0');
  const r = await sql<{ id: number }>`insert into enterprises (jurisdiction_id, credit_code, name)
    values (${jurisdictionId}, ${code}, ${`测试企业${code}`}) returning id`.execute(db);
  return Number(r.rows[0].id);
}

/** One user of every role; handlers and the rest belong to `orgUnitId` (a fresh department when absent). */
export async function buildUserPerRole(db: Executor, jurisdictionId: number, orgUnitId?: number): Promise<RoleUsers> {
  const ou = orgUnitId ?? (await buildOrgUnit(db, jurisdictionId)).id;
  const enterpriseId = await buildEnterpriseRow(db, jurisdictionId);
  const out = {} as RoleUsers;
  for (const role of ROLES) {
    out[role] = await buildUser(db, jurisdictionId, role, {
      orgUnitId: role === 'lawyer' || role === 'enterprise' ? null : ou,
      enterpriseId: role === 'enterprise' ? enterpriseId : null,
    });
  }
  return out;
}

export async function auditRows(db: Executor, filter: { action?: string; entityId?: string | number } = {}) {
  let q = db.selectFrom('auditLog').selectAll();
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.entityId !== undefined) q = q.where('entityId', '=', String(filter.entityId));
  return q.orderBy('seq').execute();
}

/**
 * Runs `fn` with the append-only trigger switched off, as an attacker with database access would.
 * The trigger is switched on again afterwards whatever happens.
 */
export async function withAuditTriggerOff<T>(db: Executor, fn: () => Promise<T>): Promise<T> {
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
  try {
    return await fn();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  }
}

/**
 * Moves a session's last activity into the past (idle-timeout tests). Those minutes would also have outlived every
 * server's kept copy of the session (MAX_AGE_MS), which a change of last_seen_at alone does not announce: the
 * notice says so.
 */
export async function ageSession(db: Executor, userId: number, minutes: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: new Date(Date.now() - minutes * 60_000) })
    .where('userId', '=', userId)
    .execute();
  await sql`select pg_notify(${AUTH_CHANNEL}, '')`.execute(db);
}
