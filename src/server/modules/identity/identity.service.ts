// Sign-in, sessions, one's own password and second factor. Lockout answers exactly like a wrong password,
// so a caller cannot learn whether an account exists or is locked.
import type { Executor } from '../../db/database.ts';
import { precompiled } from '../../db/precompiled.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { isRole, STAFF_ROLES } from '../../platform/auth/roles.ts';
import { newToken, tokenId } from '../../platform/auth/tokens.ts';
import { matchTotp, newTotpSecret, otpauthUri } from '../../platform/auth/totp.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { SessionState } from '../../platform/http/types.ts';
import { gridIdsForUser, gridIdsOfUserColumn } from '../grids/index.ts';
import * as repo from './identity.repository.ts';
import type { SessionCache } from './identity.session-cache.ts';
import { workYearOf } from './identity.org-units.service.ts';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

const invalidCredentials = () =>
  new AppError(401, 'auth.invalid_credentials', {
    zh: '用户名或密码错误；多次失败后账户将暂时锁定',
    en: 'Wrong user name or password; repeated failures lock the account for a while',
  });

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  session: SessionState;
}

export async function login(db: Executor, ctx: RequestContext, input: LoginInput, settings: SessionSettings): Promise<LoginResult> {
  const user = await repo.findUserByUsername(db, input.username);
  if (!user || user.disabled) {
    await verifyPassword(input.password, await dummyPasswordHash());
    await appendAudit(db, ctx, {
      action: 'auth.login',
      entity: 'user',
      success: false,
      actorName: input.username.slice(0, 64),
      jurisdictionId: user?.jurisdictionId ?? null,
      details: { reason: user ? 'disabled' : 'unknown_user' },
    });
    throw invalidCredentials();
  }
  const now = new Date();
  const ok = await verifyPassword(input.password, user.passwordHash);
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  const failCtx = { ...ctx, actor: null };
  if (locked || !ok) {
    await db.transaction().execute(async (tx) => {
      if (!locked) {
        const failed = user.failedLogins + 1;
        const lock = failed >= LOCKOUT_THRESHOLD ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
        await repo.recordFailedLogin(tx, user.id, lock ? 0 : failed, lock);
      }
      await appendAudit(tx, failCtx, {
        action: 'auth.login',
        entity: 'user',
        entityId: user.id,
        success: false,
        actorName: user.username,
        jurisdictionId: user.jurisdictionId,
        details: { reason: locked ? 'locked' : 'bad_password' },
      });
    });
    throw invalidCredentials();
  }
  if (!isRole(user.role)) throw errors.forbidden();
  const token = newToken();
  const id = tokenId(token);
  const csrfToken = newToken(18);
  const mfaPending = user.totpEnabled;
  const expiresAt = new Date(now.getTime() + settings.maxHours * 3600_000);
  const actor = await actorFor(db, { ...user, role: user.role, userId: user.id }, id);
  await db.transaction().execute(async (tx) => {
    await repo.recordSuccessfulLogin(tx, user.id);
    await repo.insertSession(tx, {
      id,
      jurisdictionId: user.jurisdictionId,
      userId: user.id,
      csrfToken,
      mfaPending,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await appendAudit(tx, { ...ctx, actor }, { action: 'auth.login', entity: 'user', entityId: user.id, details: { mfa: mfaPending } });
  });
  return {
    token,
    session: { id, csrfToken, actor, pending: mfaPending ? 'mfa' : user.mustChangePassword ? 'password_change' : null },
  };
}

async function actorFor(
  db: Executor,
  u: { userId: number; jurisdictionId: number; username: string; displayName: string; role: string; orgUnitId: number | null; enterpriseId: number | null; gridIds?: number[] },
  sessionId: string,
): Promise<Actor> {
  if (!isRole(u.role)) throw errors.forbidden();
  return {
    userId: u.userId,
    jurisdictionId: u.jurisdictionId,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    orgUnitId: u.orgUnitId,
    enterpriseId: u.enterpriseId,
    gridIds: u.role !== 'grid_worker' ? [] : u.gridIds ? [...u.gridIds] : await gridIdsForUser(db, u.userId),
    sessionId,
  };
}

const findSessionWithUser = precompiled((db, id: string) => repo.findSessionWithUserQuery(db, id, gridIdsOfUserColumn('users.id')));

export type SessionRow = Awaited<ReturnType<typeof findSessionWithUser>>[number];

const live = (row: SessionRow, now: number, settings: SessionSettings) =>
  row.expiresAt.getTime() > now && row.lastSeenAt.getTime() + settings.idleMinutes * 60_000 > now;

/**
 * The session behind a cookie token, or null when it is unknown, revoked, idle too long or expired. With `cache`,
 * a copy kept since the last change notice stands in for the database's row.
 */
export async function resumeSession(db: Executor, token: string, settings: SessionSettings, cache?: SessionCache<SessionRow>): Promise<SessionState | null> {
  if (!token || token.length > 200) return null;
  const id = tokenId(token);
  const now = Date.now();
  let row = cache?.get(id, now);
  // A kept copy that looks idle may only be behind another server's touch: the database decides.
  if (row && !live(row, now, settings)) {
    cache!.forget(id);
    row = undefined;
  }
  if (!row) {
    const generation = cache?.begin() ?? null;
    [row] = await findSessionWithUser(db, id);
    if (!row) return null;
    if (!live(row, now, settings)) {
      await repo.revokeSession(db, id);
      return null;
    }
    cache?.put(id, row, generation, now);
  }
  // Writing last_seen_at on every request would turn reads into writes; a minute's resolution is enough.
  if (now - row.lastSeenAt.getTime() > 60_000) {
    await repo.touchSession(db, id, new Date(now));
    row.lastSeenAt = new Date(now);
  }
  const actor = await actorFor(db, row, id);
  return {
    id,
    csrfToken: row.csrfToken,
    actor,
    pending: row.mfaPending ? 'mfa' : row.mustChangePassword ? 'password_change' : null,
    refVersion: Number(row.refVersion),
  };
}

export async function logout(db: Executor, ctx: RequestContext, session: SessionState): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await repo.revokeSession(tx, session.id);
    await appendAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: session.actor.userId });
  });
}

export async function changePassword(
  db: Executor,
  ctx: RequestContext,
  session: SessionState,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await repo.findUserById(db, session.actor.userId);
  if (!user) throw errors.unauthenticated();
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await appendAudit(db, ctx, { action: 'auth.password_change', entity: 'user', entityId: user.id, success: false });
    throw errors.badRequest('auth.wrong_password', { zh: '当前密码不正确', en: 'The current password is wrong' });
  }
  const problems = checkPasswordPolicy(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) {
    problems.push({ code: 'unchanged', zh: '新密码不能与当前密码相同', en: 'Must differ from the current password' });
  }
  if (problems.length > 0) {
    throw errors.validation(
      { password: problems },
      { zh: `密码不符合要求：${problems.map((p) => p.zh).join('；')}`, en: `Password rejected: ${problems.map((p) => p.en).join('; ')}` },
    );
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await repo.updatePassword(tx, user.id, hash, false);
    await repo.revokeUserSessions(tx, user.id, session.id);
    await appendAudit(tx, ctx, { action: 'auth.password_change', entity: 'user', entityId: user.id });
  });
}

/** Starts TOTP enrolment: stores a new secret (not yet enabled) and returns it for the authenticator app. */
export async function beginTotp(db: Executor, ctx: RequestContext, box: SecretBox, actor: Actor) {
  if (!STAFF_ROLES.includes(actor.role)) throw errors.forbidden();
  const user = await repo.findUserById(db, actor.userId);
  if (!user) throw errors.unauthenticated();
  if (user.totpEnabled) throw errors.conflict('auth.totp_already_enabled', { zh: '已启用双因素认证', en: 'Second factor already enabled' });
  const secret = newTotpSecret();
  await db.transaction().execute(async (tx) => {
    await repo.setTotp(tx, user.id, box.encrypt(secret), false);
    await appendAudit(tx, ctx, { action: 'auth.totp_begin', entity: 'user', entityId: user.id });
  });
  return { secret, otpauthUri: otpauthUri(secret, user.username) };
}

const badCode = () => errors.badRequest('auth.invalid_totp', { zh: '动态验证码不正确或已使用', en: 'Wrong or already used code' });

async function checkTotp(db: Executor, box: SecretBox, userId: number, code: string): Promise<void> {
  const user = await repo.findUserById(db, userId);
  if (!user?.totpSecretEnc) throw badCode();
  const step = matchTotp(box.decrypt(user.totpSecretEnc), code);
  if (step === null || !(await repo.claimTotpStep(db, userId, step))) throw badCode();
}

export async function confirmTotp(db: Executor, ctx: RequestContext, box: SecretBox, actor: Actor, code: string) {
  const user = await repo.findUserById(db, actor.userId);
  if (!user?.totpSecretEnc || user.totpEnabled) {
    throw errors.conflict('auth.totp_not_pending', { zh: '请先开始绑定双因素认证', en: 'Start enrolment first' });
  }
  await checkTotp(db, box, actor.userId, code);
  await db.transaction().execute(async (tx) => {
    await repo.enableTotp(tx, actor.userId);
    await appendAudit(tx, ctx, { action: 'auth.totp_enable', entity: 'user', entityId: actor.userId });
  });
}

/** Second step of sign-in. Repeated wrong codes count toward the same lockout as wrong passwords. */
export async function verifyMfa(db: Executor, ctx: RequestContext, box: SecretBox, session: SessionState, code: string) {
  try {
    await checkTotp(db, box, session.actor.userId, code);
  } catch (e) {
    const user = await repo.findUserById(db, session.actor.userId);
    if (user) {
      const failed = user.failedLogins + 1;
      const lock = failed >= LOCKOUT_THRESHOLD ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000) : null;
      await db.transaction().execute(async (tx) => {
        await repo.recordFailedLogin(tx, user.id, lock ? 0 : failed, lock);
        if (lock) await repo.revokeUserSessions(tx, user.id);
        await appendAudit(tx, ctx, { action: 'auth.mfa', entity: 'user', entityId: user.id, success: false });
      });
    }
    throw e;
  }
  await db.transaction().execute(async (tx) => {
    await repo.setSessionMfaPassed(tx, session.id);
    await repo.recordSuccessfulLogin(tx, session.actor.userId);
    await appendAudit(tx, ctx, { action: 'auth.mfa', entity: 'user', entityId: session.actor.userId });
  });
}

export async function profile(db: Executor, session: SessionState) {
  const user = await repo.findUserById(db, session.actor.userId);
  if (!user) throw errors.unauthenticated();
  const jurisdiction = await repo.findJurisdiction(db, user.jurisdictionId);
  const orgUnit = user.orgUnitId ? await repo.findOrgUnitName(db, user.orgUnitId) : undefined;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: session.actor.role,
    orgUnitId: user.orgUnitId,
    orgUnitName: orgUnit?.name ?? null,
    enterpriseId: user.enterpriseId,
    gridIds: session.actor.gridIds,
    jurisdictionId: user.jurisdictionId,
    jurisdictionName: jurisdiction?.name ?? '',
    workYear: await workYearOf(db, user.jurisdictionId, jurisdiction?.timezone),
    totpEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
    locale: user.locale,
    pending: session.pending,
    csrfToken: session.csrfToken,
  };
}
