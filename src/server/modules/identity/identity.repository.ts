// All SQL for users, sessions, org units and jurisdictions. No rules here.
import type { Executor } from '../../db/database.ts';

export const sessionUserColumns = [
  'sessions.id as sessionId',
  'sessions.csrfToken',
  'sessions.mfaPending',
  'sessions.lastSeenAt',
  'sessions.expiresAt',
  'users.id as userId',
  'users.jurisdictionId',
  'users.username',
  'users.displayName',
  'users.role',
  'users.orgUnitId',
  'users.enterpriseId',
  'users.mustChangePassword',
] as const;

export function findSessionWithUser(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(sessionUserColumns)
    .where('sessions.id', '=', sessionId)
    .where('sessions.revokedAt', 'is', null)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
}

export function touchSession(db: Executor, sessionId: string, at: Date) {
  return db.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', sessionId).execute();
}

export function insertSession(
  db: Executor,
  s: { id: string; jurisdictionId: number; userId: number; csrfToken: string; mfaPending: boolean; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return db.insertInto('sessions').values(s).execute();
}

export function revokeSession(db: Executor, sessionId: string) {
  return db.updateTable('sessions').set({ revokedAt: new Date() }).where('id', '=', sessionId).where('revokedAt', 'is', null).execute();
}

export function revokeUserSessions(db: Executor, userId: number, exceptSessionId: string | null = null) {
  let q = db.updateTable('sessions').set({ revokedAt: new Date() }).where('userId', '=', userId).where('revokedAt', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  return q.executeTakeFirst();
}

export function setSessionMfaPassed(db: Executor, sessionId: string) {
  return db.updateTable('sessions').set({ mfaPending: false }).where('id', '=', sessionId).execute();
}

export function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recordFailedLogin(db: Executor, userId: number, failedLogins: number, lockedUntil: Date | null) {
  return db.updateTable('users').set({ failedLogins, lockedUntil }).where('id', '=', userId).execute();
}

export function recordSuccessfulLogin(db: Executor, userId: number) {
  return db.updateTable('users').set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where('id', '=', userId).execute();
}

export function updatePassword(db: Executor, userId: number, passwordHash: string, mustChange: boolean) {
  return db
    .updateTable('users')
    .set((eb) => ({
      passwordHash,
      mustChangePassword: mustChange,
      passwordChangedAt: new Date(),
      updatedAt: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
}

export function setTotp(db: Executor, userId: number, secretEnc: string | null, enabled: boolean) {
  return db
    .updateTable('users')
    .set({ totpSecretEnc: secretEnc, totpEnabled: enabled, totpLastStep: null, updatedAt: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** Records the last accepted TOTP step only if it is newer, so one code cannot be used twice (even concurrently). */
export async function claimTotpStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findJurisdiction(db: Executor, id: number) {
  return db.selectFrom('jurisdictions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgUnitName(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}
