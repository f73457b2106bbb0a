// All SQL for users, sessions, org units and jurisdictions. No rules here.
import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { DB, Executor } from '../../db/database.ts';

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

/**
 * The live session and its user; `gridIds` is the expression for the user's grids (read in the same query). Not
 * executed: the caller precompiles it, as it runs on every request.
 */
export function findSessionWithUserQuery(db: Executor, sessionId: string, gridIds: RawBuilder<number[]>) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .innerJoin('jurisdictions', 'jurisdictions.id', 'users.jurisdictionId')
    .select(sessionUserColumns)
    .select(['jurisdictions.refVersion', gridIds.as('gridIds')])
    .where('sessions.id', '=', sessionId)
    .where('sessions.revokedAt', 'is', null)
    .where('users.disabled', '=', false);
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

/** Turns on a second factor whose secret is already stored, keeping the step used to confirm it (no replay). */
export function enableTotp(db: Executor, userId: number) {
  return db.updateTable('users').set({ totpEnabled: true, updatedAt: new Date() }).where('id', '=', userId).execute();
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

export async function getSetting<T>(db: Executor, jurisdictionId: number, key: string): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value').where('jurisdictionId', '=', jurisdictionId).where('key', '=', key).executeTakeFirst();
  return row ? (row.value as T) : null;
}

export function putSetting(db: Executor, jurisdictionId: number, key: string, value: unknown) {
  return db
    .insertInto('settings')
    .values({ jurisdictionId, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['jurisdictionId', 'key']).doUpdateSet({ value: JSON.stringify(value), updatedAt: new Date() }))
    .execute();
}

export function findOrgUnitName(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

// ---- User administration -------------------------------------------------------------------------

/** Which users a caller may see: a data scope turned into a filter (no rules; the service picks the scope). */
export interface UserScopeFilter {
  jurisdictionId: number;
  orgUnitId?: number | null;
  enterpriseId?: number | null;
  userId?: number;
}

export interface UserListFilter {
  q?: string;
  role?: string;
  orgUnitId?: number;
  disabled?: boolean;
}

export type UserSort = 'username' | 'displayName' | 'role' | 'createdAt' | 'lastLoginAt';

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const userListColumns = [
  'users.id',
  'users.jurisdictionId',
  'users.username',
  'users.displayName',
  'users.role',
  'users.orgUnitId',
  'orgUnits.name as orgUnitName',
  'users.enterpriseId',
  'users.phoneMasked',
  'users.disabled',
  'users.lockedUntil',
  'users.failedLogins',
  'users.totpEnabled',
  'users.mustChangePassword',
  'users.lastLoginAt',
  'users.passwordChangedAt',
  'users.createdAt',
  'users.updatedAt',
  'users.version',
] as const;

function usersQuery(db: Executor, scope: UserScopeFilter, f: UserListFilter) {
  let q = db.selectFrom('users').leftJoin('orgUnits', 'orgUnits.id', 'users.orgUnitId').where('users.jurisdictionId', '=', scope.jurisdictionId);
  if (scope.orgUnitId !== undefined) {
    const ou = scope.orgUnitId;
    q = ou === null ? q.where(sql<boolean>`false`) : q.where('users.orgUnitId', '=', ou);
  }
  if (scope.enterpriseId !== undefined) {
    const e = scope.enterpriseId;
    q = e === null ? q.where(sql<boolean>`false`) : q.where('users.enterpriseId', '=', e);
  }
  if (scope.userId !== undefined) q = q.where('users.id', '=', scope.userId);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.displayName', 'ilike', like)]));
  }
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.orgUnitId !== undefined) q = q.where('users.orgUnitId', '=', f.orgUnitId);
  if (f.disabled !== undefined) q = q.where('users.disabled', '=', f.disabled);
  return q;
}

export async function listUsers(
  db: Executor,
  scope: UserScopeFilter,
  f: UserListFilter,
  page: { sort: UserSort; order: 'asc' | 'desc'; limit: number; offset: number },
) {
  const base = usersQuery(db, scope, f);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(userListColumns)
    .orderBy(`users.${page.sort}`, (ob) => (page.order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
    .orderBy('users.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items, total: Number(total.n) };
}

export function findUserRow(db: Executor, id: number) {
  return db
    .selectFrom('users')
    .leftJoin('orgUnits', 'orgUnits.id', 'users.orgUnitId')
    .select(userListColumns)
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/** Every user, briefly, for the operator's console. */
export function listAllUsersBrief(db: Executor) {
  return db
    .selectFrom('users')
    .innerJoin('jurisdictions', 'jurisdictions.id', 'users.jurisdictionId')
    .leftJoin('orgUnits', 'orgUnits.id', 'users.orgUnitId')
    .select([
      'users.id',
      'jurisdictions.code as jurisdictionCode',
      'users.username',
      'users.displayName',
      'users.role',
      'orgUnits.code as orgUnitCode',
      'users.disabled',
      'users.mustChangePassword',
      'users.lastLoginAt',
    ])
    .orderBy('users.jurisdictionId')
    .orderBy('users.username')
    .execute();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserRow>>>;

export function insertUser(db: Executor, u: Insertable<DB['users']>) {
  return db.insertInto('users').values(u).returning('id').executeTakeFirstOrThrow();
}

/** Updates a user if its version still matches; returns whether a row changed. */
export async function updateUserVersioned(db: Executor, id: number, version: number, set: Updateable<DB['users']>): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ ...set, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function updateUser(db: Executor, id: number, set: Updateable<DB['users']>) {
  return db
    .updateTable('users')
    .set((eb) => ({ ...set, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The user's phone ciphertext, and what the scope check needs. */
export function findUserPhone(db: Executor, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'jurisdictionId', 'orgUnitId', 'enterpriseId', 'phoneEnc'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countEnabledUsersWithRole(db: Executor, jurisdictionId: number, role: string, exceptUserId: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('role', '=', role)
    .where('disabled', '=', false)
    .where('id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listActiveSessions(db: Executor, userId: number, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent', 'mfaPending'])
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('lastSeenAt', 'desc')
    .execute();
}

export async function revokeUserSession(db: Executor, userId: number, sessionId: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revokedAt: new Date() })
    .where('id', '=', sessionId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- Org units ---------------------------------------------------------------------------------------

export interface OrgUnitListFilter {
  q?: string;
  kind?: string;
  active?: boolean;
  parentId?: number;
}

export type OrgUnitSort = 'sort' | 'code' | 'name' | 'createdAt';

const orgUnitColumns = [
  'orgUnits.id',
  'orgUnits.jurisdictionId',
  'orgUnits.parentId',
  'orgUnits.code',
  'orgUnits.name',
  'orgUnits.kind',
  'orgUnits.sort',
  'orgUnits.active',
  'orgUnits.version',
  'orgUnits.createdAt',
  'orgUnits.updatedAt',
] as const;

function orgUnitsQuery(db: Executor, jurisdictionId: number, f: OrgUnitListFilter) {
  let q = db.selectFrom('orgUnits').where('orgUnits.jurisdictionId', '=', jurisdictionId);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('orgUnits.name', 'ilike', like), eb('orgUnits.code', 'ilike', like)]));
  }
  if (f.kind) q = q.where('orgUnits.kind', '=', f.kind);
  if (f.active !== undefined) q = q.where('orgUnits.active', '=', f.active);
  if (f.parentId !== undefined) q = q.where('orgUnits.parentId', '=', f.parentId);
  return q;
}

/** Enabled users in the unit (a correlated subquery; raw SQL because the outer table is org_units). */
const userCount = () => sql<number>`(select count(*) from users u where u.org_unit_id = org_units.id and not u.disabled)`.as('userCount');

export async function listOrgUnits(
  db: Executor,
  jurisdictionId: number,
  f: OrgUnitListFilter,
  page: { sort: OrgUnitSort; order: 'asc' | 'desc'; limit: number; offset: number },
) {
  const base = orgUnitsQuery(db, jurisdictionId, f);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(orgUnitColumns)
    .select(userCount())
    .orderBy(`orgUnits.${page.sort}`, page.order)
    .orderBy('orgUnits.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items, total: Number(total.n) };
}

export function allOrgUnits(db: Executor, jurisdictionId: number, includeInactive: boolean) {
  let q = db
    .selectFrom('orgUnits')
    .select(orgUnitColumns)
    .select(userCount())
    .where('orgUnits.jurisdictionId', '=', jurisdictionId);
  if (!includeInactive) q = q.where('orgUnits.active', '=', true);
  return q.orderBy('orgUnits.sort').orderBy('orgUnits.id').execute();
}

export function findOrgUnit(db: Executor, id: number) {
  return db
    .selectFrom('orgUnits')
    .select(orgUnitColumns)
    .select(userCount())
    .where('orgUnits.id', '=', id)
    .executeTakeFirst();
}

export function findOrgUnitByCode(db: Executor, jurisdictionId: number, code: string) {
  return db.selectFrom('orgUnits').select(orgUnitColumns).where('jurisdictionId', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

export function insertOrgUnit(db: Executor, v: Insertable<DB['orgUnits']>) {
  return db.insertInto('orgUnits').values(v).returning('id').executeTakeFirstOrThrow();
}

export async function updateOrgUnitVersioned(db: Executor, id: number, version: number, set: Updateable<DB['orgUnits']>): Promise<boolean> {
  const r = await db
    .updateTable('orgUnits')
    .set((eb) => ({ ...set, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The ids of the unit's ancestors, nearest first (walks parent links; stops on a cycle). */
export async function orgUnitAncestors(db: Executor, id: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from org_units where id = ${id}
      union all
      select o.id, o.parent_id, up.depth + 1 from org_units o join up on o.id = up.parent_id where up.depth < 100
    )
    select id from up where depth > 0 order by depth`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

export async function countActiveChildren(db: Executor, id: number): Promise<number> {
  const r = await db
    .selectFrom('orgUnits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parentId', '=', id)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countEnabledUsersInOrgUnit(db: Executor, id: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('orgUnitId', '=', id)
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findFirstJurisdiction(db: Executor, code?: string) {
  let q = db.selectFrom('jurisdictions').selectAll();
  if (code) q = q.where('code', '=', code);
  return q.orderBy('id').executeTakeFirst();
}

// ---- Audit log (read only: the table refuses updates and deletes) -------------------------------------

export interface AuditFilter {
  actorId?: number;
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  success?: boolean;
  from?: Date;
  to?: Date;
}

export async function listAudit(db: Executor, jurisdictionId: number, f: AuditFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('auditLog')
    // Rows without a jurisdiction (sign-in attempts for unknown names, system actions) belong to every auditor.
    .where((eb) => eb.or([eb('jurisdictionId', '=', jurisdictionId), eb('jurisdictionId', 'is', null)]));
  if (f.actorId !== undefined) q = q.where('actorId', '=', f.actorId);
  if (f.actor) q = q.where('actorName', 'ilike', `%${escapeLike(f.actor)}%`);
  if (f.action) {
    // "user." (a trailing dot) selects a family of actions; anything else must match exactly.
    q = f.action.endsWith('.') ? q.where('action', 'like', `${escapeLike(f.action)}%`) : q.where('action', '=', f.action);
  }
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entityId', '=', f.entityId);
  if (f.success !== undefined) q = q.where('success', '=', f.success);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q
    .select(['seq', 'at', 'actorId', 'actorName', 'action', 'entity', 'entityId', 'success', 'requestId', 'ip', 'details'])
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items, total: Number(total.n) };
}
