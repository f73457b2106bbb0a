// HTTP for sign-in, sign-out, one's own profile, password and second factor; then user and org-unit
// administration and the audit-log viewer, each in its own file.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ROLES } from '../../platform/auth/roles.ts';
import { SESSION_COOKIE } from '../../platform/auth/tokens.ts';
import { errors } from '../../platform/errors.ts';
import { errorResponses, StringEnum } from '../../platform/http/schemas.ts';
import type { SessionState } from '../../platform/http/types.ts';
import { identityActions } from './identity.policy.ts';
import * as service from './identity.service.ts';
import { auditRoutes } from './identity.audit.routes.ts';
import { orgUnitsRoutes } from './identity.org-units.routes.ts';
import { usersRoutes } from './identity.users.routes.ts';

const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(ROLES),
  orgUnitId: Type.Union([Type.Integer(), Type.Null()]),
  orgUnitName: Type.Union([Type.String(), Type.Null()]),
  enterpriseId: Type.Union([Type.Integer(), Type.Null()]),
  gridIds: Type.Array(Type.Integer()),
  jurisdictionId: Type.Integer(),
  jurisdictionName: Type.String(),
  workYear: Type.Integer({ description: '当前工作年度 / the year the office is working on' }),
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  locale: Type.String(),
  pending: Type.Union([Type.Literal('mfa'), Type.Literal('password_change'), Type.Null()]),
  csrfToken: Type.String(),
});

const Ok = Type.Object({ ok: Type.Literal(true) });

function requireSession(session: SessionState | null): SessionState {
  if (!session) throw errors.unauthenticated();
  return session;
}

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config, secretBox, rateLimits } = app.deps;
  const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };

  const setCookie = (reply: FastifyReply, token: string, secure: boolean) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: config.sessionMaxHours * 3600,
    });

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: rateLimits.login, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: '登录 / sign in',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await service.login(
        db,
        req.ctx,
        { ...req.body, ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null },
        settings,
      );
      setCookie(reply, result.token, req.protocol === 'https');
      return service.profile(db, result.session);
    },
  );

  app.post(
    '/api/auth/mfa',
    {
      config: { policy: identityActions['identity.self'], allowPending: true, rateLimit: { max: rateLimits.login, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: '双因素认证第二步 / second factor',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => {
      const session = requireSession(req.session);
      if (session.pending !== 'mfa') throw errors.conflict('auth.mfa_not_pending', { zh: '无需双因素认证', en: 'No second factor pending' });
      await service.verifyMfa(db, req.ctx, secretBox, session, req.body.code);
      const refreshed = await service.resumeSession(db, req.cookies[SESSION_COOKIE] ?? '', settings);
      return service.profile(db, refreshed ?? session);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { policy: identityActions['identity.self'], allowPending: true },
      schema: { tags: ['identity'], summary: '退出登录 / sign out', response: { 200: Ok, ...errorResponses } },
    },
    async (req, reply) => {
      await service.logout(db, req.ctx, requireSession(req.session));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    {
      config: { policy: identityActions['identity.self'], allowPending: true },
      schema: { tags: ['identity'], summary: '当前用户 / who am I', response: { 200: Me, ...errorResponses } },
    },
    async (req) => service.profile(db, requireSession(req.session)),
  );

  app.post(
    '/api/me/password',
    {
      config: { policy: identityActions['identity.self'], allowPending: true, rateLimit: { max: rateLimits.login, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: '修改密码 / change password',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => {
      const session = requireSession(req.session);
      if (session.pending === 'mfa') throw errors.forbidden();
      await service.changePassword(db, req.ctx, session, req.body);
      const refreshed = await service.resumeSession(db, req.cookies[SESSION_COOKIE] ?? '', settings);
      return service.profile(db, refreshed ?? session);
    },
  );

  app.post(
    '/api/me/totp',
    {
      config: { policy: identityActions['identity.self'] },
      schema: {
        tags: ['identity'],
        summary: '开始绑定双因素认证 / begin TOTP enrolment',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }), ...errorResponses },
      },
    },
    async (req) => service.beginTotp(db, req.ctx, secretBox, requireSession(req.session).actor),
  );

  app.post(
    '/api/me/totp/confirm',
    {
      config: { policy: identityActions['identity.self'] },
      schema: {
        tags: ['identity'],
        summary: '确认启用双因素认证 / confirm TOTP',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await service.confirmTotp(db, req.ctx, secretBox, requireSession(req.session).actor, req.body.code);
      return { ok: true as const };
    },
  );

  await app.register(usersRoutes);
  await app.register(orgUnitsRoutes);
  await app.register(auditRoutes);
};
