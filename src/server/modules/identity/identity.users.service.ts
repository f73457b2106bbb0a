// User administration: list, create, update, disable/enable, password and second-factor resets, unlock,
// sessions, and the audited reveal of a phone number. Every write commits with its audit row.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../../platform/auth/password.ts';
import { assertRowAccess, authorize, type Actor, type Scope, type ScopedRow } from '../../platform/auth/policy.ts';
import { isRole, type Role } from '../../platform/auth/roles.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { requirePhone, sealPersonal } from '../../platform/crypto/sensitive.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { identityActions } from './identity.policy.ts';
import * as repo from './identity.repository.ts';

/**
 * The security and audit duties (等保 2.0 三员分立). Through the API the system administrator can neither hand
 * these roles out nor take them away, nor reset those accounts' passwords: otherwise one person could hold all
 * three duties (e.g. create an audit administrator and sign in with its temporary password). Such accounts are
 * created at the server console (`zhili user add`), and their passwords are reset by the security administrator.
 */
export const SEPARATE_DUTY_ROLES: readonly Role[] = ['security_admin', 'audit_admin'];

const separationOfDuties = (what: { zh: string; en: string }) => new AppError(403, 'user.separation_of_duties', what, {});

function assertMayGrant(actor: Actor | null, from: Role | null, to: Role): void {
  if (!actor || actor.role !== 'admin') return;
  if ((from !== null && SEPARATE_DUTY_ROLES.includes(from)) || SEPARATE_DUTY_ROLES.includes(to)) {
    throw separationOfDuties({
      zh: '系统管理员不能授予或撤销安全管理员、审计管理员角色（请在服务器上用 zhili user add 创建）',
      en: 'The administrator cannot grant or remove the security or audit administrator role (create such accounts with zhili user add)',
    });
  }
}

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  orgUnitName: string | null;
  enterpriseId: number | null;
  phoneMasked: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUserDto(r: repo.UserRow, now = new Date()): UserDto {
  const locked = r.lockedUntil !== null && r.lockedUntil > now;
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    role: isRole(r.role) ? r.role : 'enterprise',
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName ?? null,
    enterpriseId: r.enterpriseId,
    phoneMasked: r.phoneMasked,
    disabled: r.disabled,
    locked,
    lockedUntil: locked ? iso(r.lockedUntil) : null,
    totpEnabled: r.totpEnabled,
    mustChangePassword: r.mustChangePassword,
    lastLoginAt: iso(r.lastLoginAt),
    passwordChangedAt: r.passwordChangedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function requireActor(ctx: RequestContext, action: string): { actor: Actor; scope: Scope } {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor as Actor, scope };
}

const userScopedRow = (r: { id: number; jurisdictionId: number; orgUnitId: number | null; enterpriseId: number | null }): ScopedRow => ({
  jurisdictionId: r.jurisdictionId,
  departmentIds: [r.orgUnitId],
  enterpriseId: r.enterpriseId,
  ownerId: r.id,
});

function scopeFilter(actor: Actor, scope: Scope): repo.UserScopeFilter {
  const base = { jurisdictionId: actor.jurisdictionId };
  switch (scope) {
    case 'jurisdiction':
      return base;
    case 'department':
      return { ...base, orgUnitId: actor.orgUnitId };
    case 'enterprise':
      return { ...base, enterpriseId: actor.enterpriseId };
    // Users are not placed in grids; a grid scope sees only oneself.
    case 'grid':
    case 'own':
      return { ...base, userId: actor.userId };
    default: {
      const never: never = scope;
      throw new Error(`unhandled scope ${String(never)}`);
    }
  }
}

/** Loads a user the actor may act on under `action`, or 404 (also for users outside the actor's scope). */
async function loadUser(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = requireActor(ctx, action);
  const row = await repo.findUserRow(db, id);
  assertRowAccess(actor, scope, row ? userScopedRow(row) : undefined, 'user', '用户');
  return { actor, row: row as repo.UserRow };
}

export interface ListUsersQuery {
  q?: string;
  role?: Role;
  orgUnitId?: number;
  disabled?: boolean;
  page?: number;
  pageSize?: number;
  sort?: repo.UserSort;
  order?: 'asc' | 'desc';
}

export async function listUsers(db: Executor, ctx: RequestContext, query: ListUsersQuery): Promise<PageResult<UserDto>> {
  const { actor, scope } = requireActor(ctx, identityActions['users.read']);
  const { page, pageSize, offset } = pageBounds(query);
  const { items, total } = await repo.listUsers(
    db,
    scopeFilter(actor, scope),
    { q: query.q?.trim() || undefined, role: query.role, orgUnitId: query.orgUnitId, disabled: query.disabled },
    { sort: query.sort ?? 'username', order: query.order ?? 'asc', limit: pageSize, offset },
  );
  const now = new Date();
  return { items: items.map((r) => toUserDto(r, now)), total, page, pageSize };
}

export async function getUser(db: Executor, ctx: RequestContext, id: number): Promise<UserDto> {
  const { row } = await loadUser(db, ctx, identityActions['users.read'], id);
  return toUserDto(row);
}

function weakPassword(problems: { code: string; zh: string; en: string }[]) {
  return errors.validation(
    { password: problems },
    { zh: `密码不符合要求：${problems.map((p) => p.zh).join('；')}`, en: `Password rejected: ${problems.map((p) => p.en).join('; ')}` },
  );
}

/** The given password if it passes the policy, or a generated one. */
function choosePassword(given: string | undefined, username: string): { password: string; generated: boolean } {
  if (given === undefined) return { password: generatePassword(), generated: true };
  const problems = checkPasswordPolicy(given, username);
  if (problems.length > 0) throw weakPassword(problems);
  return { password: given, generated: false };
}

/** Org unit and enterprise must fit the role: handlers belong to a department, enterprise users to an enterprise. */
async function checkAssignment(
  db: Executor,
  jurisdictionId: number,
  a: { role: Role; orgUnitId: number | null; enterpriseId: number | null },
  orgUnitChanged: boolean,
): Promise<void> {
  if (a.orgUnitId !== null) {
    const ou = await repo.findOrgUnit(db, a.orgUnitId);
    if (!ou || ou.jurisdictionId !== jurisdictionId) {
      throw errors.unprocessable('user.org_unit_missing', { zh: '所选部门不存在', en: 'The org unit does not exist' }, { orgUnitId: a.orgUnitId });
    }
    if (orgUnitChanged && !ou.active) {
      throw errors.unprocessable('user.org_unit_inactive', { zh: '所选部门已停用', en: 'The org unit is deactivated' }, { orgUnitId: a.orgUnitId });
    }
  }
  if (a.role === 'handler' && a.orgUnitId === null) {
    throw errors.unprocessable('user.org_unit_required', { zh: '职能部门人员必须指定所属部门', en: 'A department handler needs an org unit' });
  }
  if (a.role === 'enterprise' && a.enterpriseId === null) {
    throw errors.unprocessable('user.enterprise_required', { zh: '企业用户必须指定所属企业', en: 'An enterprise user needs an enterprise' });
  }
  if (a.role !== 'enterprise' && a.enterpriseId !== null) {
    throw errors.unprocessable('user.enterprise_only', { zh: '只有企业用户可以关联企业', en: 'Only enterprise users belong to an enterprise' });
  }
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  orgUnitId?: number | null;
  enterpriseId?: number | null;
  phone?: string | null;
  /** When absent a password is generated and returned once. */
  password?: string;
}

export interface CreateUserResult {
  user: UserDto;
  /** The generated password, shown once; null when the caller chose the password. */
  temporaryPassword: string | null;
}

/** Shared by the HTTP route (an administrator) and the CLI (the operator, no actor). */
async function insertUserRecord(
  db: Executor,
  ctx: RequestContext,
  jurisdictionId: number,
  box: SecretBox,
  input: CreateUserInput,
  opts: { mustChangePassword: boolean; via: 'api' | 'cli' },
): Promise<CreateUserResult> {
  const username = input.username.trim();
  const displayName = input.displayName.trim();
  if (!displayName) throw errors.validation({ field: 'displayName' }, { zh: '姓名不能为空', en: 'The name is required' });
  const assignment = { role: input.role, orgUnitId: input.orgUnitId ?? null, enterpriseId: input.enterpriseId ?? null };
  await checkAssignment(db, jurisdictionId, assignment, true);
  if (await repo.findUserByUsername(db, username)) {
    throw errors.conflict('user.username_taken', { zh: '用户名已被使用', en: 'The user name is taken' }, { username });
  }
  const phone = input.phone ? sealPersonal(box, requirePhone(input.phone), 'phone') : null;
  const { password, generated } = choosePassword(input.password, username);
  const passwordHash = await hashPassword(password);
  const id = await db.transaction().execute(async (tx) => {
    const row = await repo.insertUser(tx, {
      jurisdictionId,
      username,
      displayName,
      role: input.role,
      orgUnitId: assignment.orgUnitId,
      enterpriseId: assignment.enterpriseId,
      phoneEnc: phone?.enc ?? null,
      phoneMasked: phone?.masked ?? null,
      passwordHash,
      // A password someone else chose or generated is known to two people until its owner replaces it.
      mustChangePassword: generated || opts.mustChangePassword,
      totpSecretEnc: null,
      totpLastStep: null,
      lockedUntil: null,
      lastLoginAt: null,
    });
    await appendAudit(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      jurisdictionId,
      ...(ctx.actor ? {} : { actorName: opts.via }),
      details: { username, role: input.role, orgUnitId: assignment.orgUnitId, enterpriseId: assignment.enterpriseId, generatedPassword: generated, via: opts.via },
    });
    return row.id;
  });
  const row = await repo.findUserRow(db, id);
  return { user: toUserDto(row as repo.UserRow), temporaryPassword: generated ? password : null };
}

export async function createUser(db: Executor, ctx: RequestContext, box: SecretBox, input: CreateUserInput): Promise<CreateUserResult> {
  const { actor } = requireActor(ctx, identityActions['users.manage']);
  assertMayGrant(actor, null, input.role);
  return insertUserRecord(db, ctx, actor.jurisdictionId, box, input, { mustChangePassword: true, via: 'api' });
}

/** `zhili user add`: the operator at the server's console, acting as the system. */
export async function createUserFromCli(
  db: Executor,
  box: SecretBox,
  input: CreateUserInput & { orgUnitCode?: string; jurisdictionCode?: string },
): Promise<CreateUserResult> {
  const j = await repo.findFirstJurisdiction(db, input.jurisdictionCode);
  if (!j) throw errors.unprocessable('jurisdiction.missing', { zh: '辖区不存在（请先启动一次服务或运行 zhili seed --demo）', en: 'No such jurisdiction (start the server once, or run zhili seed --demo, first)' });
  let orgUnitId: number | null = null;
  if (input.orgUnitCode) {
    const ou = await repo.findOrgUnitByCode(db, j.id, input.orgUnitCode);
    if (!ou) throw errors.unprocessable('user.org_unit_missing', { zh: '部门编码不存在', en: `No org unit with code ${input.orgUnitCode}` });
    orgUnitId = ou.id;
  }
  const ctx: RequestContext = { actor: null, requestId: null, ip: null };
  // A password typed by the operator for automation stays; a generated one must be changed at first sign-in.
  return insertUserRecord(db, ctx, j.id, box, { ...input, orgUnitId }, { mustChangePassword: false, via: 'cli' });
}

export const listUsersForCli = (db: Executor) => repo.listAllUsersBrief(db);

const lastAdmin = () =>
  errors.unprocessable('user.last_admin', {
    zh: '不能停用或变更最后一名系统管理员',
    en: 'The last enabled administrator cannot be disabled or given another role',
  });

const selfAction = (what: { zh: string; en: string }) => errors.unprocessable('user.self', what);

async function assertNotLastAdmin(db: Executor, row: repo.UserRow): Promise<void> {
  if (row.role === 'admin' && !row.disabled && (await repo.countEnabledUsersWithRole(db, row.jurisdictionId, 'admin', row.id)) === 0) {
    throw lastAdmin();
  }
}

export interface UpdateUserInput {
  version: number;
  displayName?: string;
  role?: Role;
  orgUnitId?: number | null;
  enterpriseId?: number | null;
  /** A new phone, or null to remove it. */
  phone?: string | null;
}

export async function updateUser(db: Executor, ctx: RequestContext, box: SecretBox, id: number, input: UpdateUserInput): Promise<UserDto> {
  const { actor, row } = await loadUser(db, ctx, identityActions['users.manage'], id);
  const set: Parameters<typeof repo.updateUserVersioned>[3] = {};
  const changed: string[] = [];
  const details: Record<string, unknown> = {};
  if (input.displayName !== undefined && input.displayName.trim() !== row.displayName) {
    if (!input.displayName.trim()) throw errors.validation({ field: 'displayName' }, { zh: '姓名不能为空', en: 'The name is required' });
    set.displayName = input.displayName.trim();
    changed.push('displayName');
  }
  const role = input.role ?? (row.role as Role);
  if (role !== row.role) {
    if (row.id === actor.userId) throw selfAction({ zh: '不能修改自己的角色', en: 'You cannot change your own role' });
    assertMayGrant(actor, row.role as Role, role);
    await assertNotLastAdmin(db, row);
    set.role = role;
    changed.push('role');
    details.role = { from: row.role, to: role };
  }
  const orgUnitId = input.orgUnitId !== undefined ? input.orgUnitId : row.orgUnitId;
  if (orgUnitId !== row.orgUnitId) {
    set.orgUnitId = orgUnitId;
    changed.push('orgUnitId');
    details.orgUnitId = { from: row.orgUnitId, to: orgUnitId };
  }
  const enterpriseId = input.enterpriseId !== undefined ? input.enterpriseId : row.enterpriseId;
  if (enterpriseId !== row.enterpriseId) {
    set.enterpriseId = enterpriseId;
    changed.push('enterpriseId');
    details.enterpriseId = { from: row.enterpriseId, to: enterpriseId };
  }
  await checkAssignment(db, row.jurisdictionId, { role, orgUnitId, enterpriseId }, orgUnitId !== row.orgUnitId);
  if (input.phone !== undefined) {
    // Never the number itself in the audit log: only that it changed.
    if (input.phone === null || input.phone.trim() === '') {
      if (row.phoneMasked !== null) {
        set.phoneEnc = null;
        set.phoneMasked = null;
        changed.push('phone');
      }
    } else {
      const sealed = sealPersonal(box, requirePhone(input.phone), 'phone');
      set.phoneEnc = sealed.enc;
      set.phoneMasked = sealed.masked;
      changed.push('phone');
    }
  }
  if (input.version !== row.version) throw errors.stale('user', { currentVersion: row.version });
  if (changed.length === 0) return toUserDto(row);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateUserVersioned(tx, id, input.version, set))) throw errors.stale('user');
    await appendAudit(tx, ctx, { action: 'user.update', entity: 'user', entityId: id, details: { changed, ...details } });
  });
  return toUserDto((await repo.findUserRow(db, id)) as repo.UserRow);
}

/** Disables an account and ends all its sessions at once. */
export async function disableUser(db: Executor, ctx: RequestContext, id: number, reason?: string): Promise<UserDto> {
  const { actor, row } = await loadUser(db, ctx, identityActions['users.manage'], id);
  if (row.id === actor.userId) throw selfAction({ zh: '不能停用自己的账户', en: 'You cannot disable your own account' });
  if (!row.disabled) {
    await assertNotLastAdmin(db, row);
    await db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, id, { disabled: true });
      const revoked = await repo.revokeUserSessions(tx, id);
      await appendAudit(tx, ctx, {
        action: 'user.disable',
        entity: 'user',
        entityId: id,
        details: { reason: reason?.trim() || null, sessionsRevoked: Number(revoked.numUpdatedRows) },
      });
    });
  }
  return toUserDto((await repo.findUserRow(db, id)) as repo.UserRow);
}

export async function enableUser(db: Executor, ctx: RequestContext, id: number): Promise<UserDto> {
  const { row } = await loadUser(db, ctx, identityActions['users.manage'], id);
  if (row.disabled) {
    await db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, id, { disabled: false, failedLogins: 0, lockedUntil: null });
      await appendAudit(tx, ctx, { action: 'user.enable', entity: 'user', entityId: id });
    });
  }
  return toUserDto((await repo.findUserRow(db, id)) as repo.UserRow);
}

/**
 * Sets a new password that must be changed at the next sign-in, unlocks the account and ends its sessions.
 * Nobody resets their own password here (that is /api/me/password); see SEPARATE_DUTY_ROLES for the rest.
 */
export async function resetPassword(db: Executor, ctx: RequestContext, id: number, given?: string): Promise<{ temporaryPassword: string | null }> {
  const { actor, row } = await loadUser(db, ctx, identityActions['users.reset_password'], id);
  if (row.id === actor.userId) {
    throw selfAction({ zh: '请通过“修改密码”修改自己的密码', en: 'Change your own password under "change password"' });
  }
  if (actor.role === 'admin' && SEPARATE_DUTY_ROLES.includes(row.role as Role)) {
    throw separationOfDuties({
      zh: '系统管理员不能重置安全管理员或审计管理员的密码',
      en: 'The administrator cannot reset the security or audit administrator’s password',
    });
  }
  const { password, generated } = choosePassword(given, row.username);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await repo.updatePassword(tx, id, hash, true);
    await repo.recordFailedLogin(tx, id, 0, null);
    const revoked = await repo.revokeUserSessions(tx, id);
    await appendAudit(tx, ctx, {
      action: 'user.password_reset',
      entity: 'user',
      entityId: id,
      details: { generated, sessionsRevoked: Number(revoked.numUpdatedRows) },
    });
  });
  return { temporaryPassword: generated ? password : null };
}

export async function unlockUser(db: Executor, ctx: RequestContext, id: number): Promise<UserDto> {
  const { row } = await loadUser(db, ctx, identityActions['users.security'], id);
  await db.transaction().execute(async (tx) => {
    await repo.recordFailedLogin(tx, id, 0, null);
    await appendAudit(tx, ctx, { action: 'user.unlock', entity: 'user', entityId: id, details: { wasLocked: toUserDto(row).locked } });
  });
  return toUserDto((await repo.findUserRow(db, id)) as repo.UserRow);
}

/** Removes a lost second factor; the owner signs in with the password alone and may enrol again. */
export async function resetTotp(db: Executor, ctx: RequestContext, id: number): Promise<UserDto> {
  const { actor, row } = await loadUser(db, ctx, identityActions['users.reset_totp'], id);
  if (row.id === actor.userId) {
    throw selfAction({ zh: '不能重置自己的双因素认证', en: 'Another security administrator must reset your second factor' });
  }
  await db.transaction().execute(async (tx) => {
    await repo.setTotp(tx, id, null, false);
    const revoked = await repo.revokeUserSessions(tx, id);
    await appendAudit(tx, ctx, {
      action: 'user.totp_reset',
      entity: 'user',
      entityId: id,
      details: { wasEnabled: row.totpEnabled, sessionsRevoked: Number(revoked.numUpdatedRows) },
    });
  });
  return toUserDto((await repo.findUserRow(db, id)) as repo.UserRow);
}

export interface SessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  mfaPending: boolean;
  current: boolean;
}

export async function listSessions(db: Executor, ctx: RequestContext, id: number): Promise<{ items: SessionDto[] }> {
  const { actor } = await loadUser(db, ctx, identityActions['users.security'], id);
  const rows = await repo.listActiveSessions(db, id, new Date());
  return {
    items: rows.map((s) => ({
      // The id is the SHA-256 of the cookie, so showing it does not let anyone use the session.
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      mfaPending: s.mfaPending,
      current: s.id === actor.sessionId,
    })),
  };
}

export async function revokeSession(db: Executor, ctx: RequestContext, id: number, sessionId: string): Promise<void> {
  await loadUser(db, ctx, identityActions['users.security'], id);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.revokeUserSession(tx, id, sessionId))) throw errors.notFound('session', '会话');
    await appendAudit(tx, ctx, { action: 'user.session_revoke', entity: 'user', entityId: id, details: { session: sessionId.slice(0, 12) } });
  });
}

export async function revokeAllSessions(db: Executor, ctx: RequestContext, id: number): Promise<{ revoked: number }> {
  await loadUser(db, ctx, identityActions['users.security'], id);
  return db.transaction().execute(async (tx) => {
    const r = await repo.revokeUserSessions(tx, id);
    const revoked = Number(r.numUpdatedRows);
    await appendAudit(tx, ctx, { action: 'user.sessions_revoke', entity: 'user', entityId: id, details: { revoked } });
    return { revoked };
  });
}

/** The whole phone number, for someone who states why; the reason and the view go to the audit log first. */
export async function revealPhone(db: Executor, ctx: RequestContext, box: SecretBox, id: number, reason: string): Promise<{ phone: string | null }> {
  const { actor, scope } = requireActor(ctx, identityActions['users.reveal_phone']);
  const row = await repo.findUserPhone(db, id);
  assertRowAccess(actor, scope, row ? userScopedRow(row) : undefined, 'user', '用户');
  const why = reason.trim();
  if (why.length < 2) throw errors.validation({ field: 'reason' }, { zh: '请说明查看原因', en: 'State why you need the number' });
  return db.transaction().execute(async (tx) => {
    await appendAudit(tx, ctx, { action: 'user.phone_reveal', entity: 'user', entityId: id, details: { reason: why } });
    return { phone: row?.phoneEnc ? box.decrypt(row.phoneEnc) : null };
  });
}
