// HTTP for user administration: list, create, edit, disable/enable, resets, unlock, sessions, phone reveal.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { ROLE_LABELS, ROLES } from '../../platform/auth/roles.ts';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { identityActions } from './identity.policy.ts';
import * as users from './identity.users.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: StringEnum(ROLES),
    orgUnitId: Nullable(Type.Integer()),
    orgUnitName: Nullable(Type.String()),
    enterpriseId: Nullable(Type.Integer()),
    phoneMasked: Nullable(Type.String({ description: '脱敏手机号 / masked phone; the whole number only via reveal-phone' })),
    disabled: Type.Boolean(),
    locked: Type.Boolean(),
    lockedUntil: Nullable(DateTime),
    totpEnabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lastLoginAt: Nullable(DateTime),
    passwordChangedAt: DateTime,
    createdAt: DateTime,
    updatedAt: DateTime,
    version: Type.Integer(),
  },
);

const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{2,31}$', description: '3–32 位小写字母、数字或 _.-' });
const DisplayName = Type.String({ minLength: 1, maxLength: 50 });
const Phone = Type.String({ minLength: 3, maxLength: 30, description: '手机或带区号的固话' });
const Password = Type.String({ minLength: 1, maxLength: 128 });
const RefId = Type.Integer({ minimum: 1, maximum: 2147483647 });

const SessionSchema = Type.Object({
  id: Type.String(),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  expiresAt: DateTime,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  mfaPending: Type.Boolean(),
  current: Type.Boolean(),
});

const Ok = Type.Object({ ok: Type.Literal(true) });

/** For POSTs whose body is optional: no body at all counts as {} (Fastify would otherwise refuse it as "not an object"). */
const bodyMayBeEmpty = async (req: { body: unknown }) => {
  req.body ??= {};
};
const UserIdSessionParams = Type.Object(
  { id: RefId, sessionId: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox } = app.deps;
  const tags = ['users'];

  app.get(
    '/api/roles',
    {
      config: { policy: identityActions['users.read'] },
      schema: {
        tags,
        summary: '角色列表 / roles',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ role: StringEnum(ROLES), zh: Type.String(), en: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: ROLES.map((role) => ({ role, ...ROLE_LABELS[role] })) }),
  );

  app.get(
    '/api/users',
    {
      config: { policy: identityActions['users.read'] },
      schema: {
        tags,
        summary: '用户列表 / list users',
        description: '职能部门人员只能看到本部门的用户。',
        querystring: PageQuery(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'], {
          q: Type.Optional(Type.String({ maxLength: 50, description: '用户名或姓名包含' })),
          role: Type.Optional(StringEnum(ROLES)),
          orgUnitId: Type.Optional(RefId),
          disabled: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(UserSchema), ...errorResponses },
      },
    },
    async (req) => users.listUsers(db, req.ctx, req.query),
  );

  app.get(
    '/api/users/:id',
    {
      config: { policy: identityActions['users.read'] },
      schema: { tags, summary: '用户详情 / get a user', params: IdParams, response: { 200: UserSchema, ...errorResponses } },
    },
    async (req) => users.getUser(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { policy: identityActions['users.manage'] },
      schema: {
        tags,
        summary: '新建用户 / create a user',
        description: '不给密码时生成临时密码（只返回这一次）；新用户首次登录必须修改密码。',
        body: Type.Object(
          {
            username: Username,
            displayName: DisplayName,
            role: StringEnum(ROLES),
            orgUnitId: Type.Optional(Nullable(RefId)),
            enterpriseId: Type.Optional(Nullable(RefId)),
            phone: Type.Optional(Nullable(Phone)),
            password: Type.Optional(Password),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: UserSchema, temporaryPassword: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await users.createUser(db, req.ctx, secretBox, req.body);
      return reply.code(201).send(result);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { policy: identityActions['users.manage'] },
      schema: {
        tags,
        summary: '修改用户 / update a user',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            displayName: Type.Optional(DisplayName),
            role: Type.Optional(StringEnum(ROLES)),
            orgUnitId: Type.Optional(Nullable(RefId)),
            enterpriseId: Type.Optional(Nullable(RefId)),
            phone: Type.Optional(Nullable(Phone)),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (req) => users.updateUser(db, req.ctx, secretBox, req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: { policy: identityActions['users.manage'] },
      preValidation: bodyMayBeEmpty,
      schema: {
        tags,
        summary: '停用用户（立即结束其全部会话）/ disable a user and end their sessions',
        params: IdParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (req) => users.disableUser(db, req.ctx, req.params.id, req.body.reason),
  );

  app.post(
    '/api/users/:id/enable',
    {
      config: { policy: identityActions['users.manage'] },
      schema: { tags, summary: '启用用户 / enable a user', params: IdParams, response: { 200: UserSchema, ...errorResponses } },
    },
    async (req) => users.enableUser(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { policy: identityActions['users.reset_password'] },
      preValidation: bodyMayBeEmpty,
      schema: {
        tags,
        summary: '重置密码 / reset a password',
        description: '设置临时密码（不给则生成，只返回这一次），用户下次登录必须修改；同时解锁账户并结束其全部会话。',
        params: IdParams,
        body: Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false }),
        response: { 200: Type.Object({ temporaryPassword: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (req) => users.resetPassword(db, req.ctx, req.params.id, req.body.password),
  );

  app.post(
    '/api/users/:id/unlock',
    {
      config: { policy: identityActions['users.security'] },
      schema: { tags, summary: '解锁账户 / unlock an account', params: IdParams, response: { 200: UserSchema, ...errorResponses } },
    },
    async (req) => users.unlockUser(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/users/:id/reset-totp',
    {
      config: { policy: identityActions['users.reset_totp'] },
      schema: {
        tags,
        summary: '重置双因素认证 / remove a lost second factor',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (req) => users.resetTotp(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/users/:id/sessions',
    {
      config: { policy: identityActions['users.security'] },
      schema: {
        tags,
        summary: '用户的在线会话 / a user’s active sessions',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...errorResponses },
      },
    },
    async (req) => users.listSessions(db, req.ctx, req.params.id),
  );

  app.delete(
    '/api/users/:id/sessions/:sessionId',
    {
      config: { policy: identityActions['users.security'] },
      schema: { tags, summary: '结束一个会话 / revoke a session', params: UserIdSessionParams, response: { 200: Ok, ...errorResponses } },
    },
    async (req) => {
      await users.revokeSession(db, req.ctx, req.params.id, req.params.sessionId);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/users/:id/sessions',
    {
      config: { policy: identityActions['users.security'] },
      schema: {
        tags,
        summary: '结束全部会话 / revoke all of a user’s sessions',
        params: IdParams,
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => users.revokeAllSessions(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/users/:id/reveal-phone',
    {
      config: { policy: identityActions['users.reveal_phone'] },
      schema: {
        tags,
        summary: '查看完整手机号（需说明原因，记入审计日志）/ reveal the whole phone number',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ phone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (req) => users.revealPhone(db, req.ctx, secretBox, req.params.id, req.body.reason),
  );
};
