// HTTP for the audit-log viewer (the audit administrator alone). There is deliberately no route that
// changes or removes an audit row, and the table's trigger refuses it for everyone else too.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../platform/http/schemas.ts';
import * as audit from './identity.audit.service.ts';
import { identityActions } from './identity.policy.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateOrDateTime = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })]);

const AuditRow = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.Integer()),
  actorName: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  success: Type.Boolean(),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const VerifyResult = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer(),
  lastSeq: Type.Integer(),
  problems: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      kind: Type.Union([Type.Literal('edited'), Type.Literal('missing'), Type.Literal('reordered'), Type.Literal('head_mismatch')]),
      message: Type.String(),
    }),
  ),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['audit'];

  app.get(
    '/api/audit',
    {
      config: { policy: identityActions['audit.read'] },
      schema: {
        tags,
        summary: '审计日志（最新在前）/ the audit log, newest first',
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
            actor: Type.Optional(Type.String({ maxLength: 64, description: '操作人姓名或用户名包含' })),
            action: Type.Optional(Type.String({ maxLength: 64, description: '动作，如 user.create；以“.”结尾表示前缀，如 user.' })),
            entity: Type.Optional(Type.String({ maxLength: 64 })),
            entityId: Type.Optional(Type.String({ maxLength: 64 })),
            success: Type.Optional(Type.Boolean()),
            from: Type.Optional(DateOrDateTime),
            to: Type.Optional(DateOrDateTime),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditRow), ...errorResponses },
      },
    },
    async (req) => audit.listAuditLog(db, req.ctx, req.query),
  );

  app.get(
    '/api/audit/verify',
    {
      config: { policy: identityActions['audit.read'] },
      schema: {
        tags,
        summary: '校验审计日志哈希链 / verify the hash chain',
        description: '逐行重算哈希，指出被修改、删除或调换顺序的记录。',
        response: { 200: VerifyResult, ...errorResponses },
      },
    },
    async (req) => audit.verifyAuditLog(db, req.ctx),
  );
};
