// HTTP for the notification centre: my notices (paged, with the unread count), mark one or all read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { notificationActions } from './notifications.policy.ts';
import * as service from './notifications.service.ts';

const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: '类型，如 event.dispatched、event.overdue、event.supervised' }),
  title: Type.String(),
  body: Type.String(),
  entity: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  link: Type.Union([Type.String(), Type.Null()], { description: '前端路由，如 /events/12' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const policy = notificationActions['notifications.self'];

export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/notifications',
    {
      config: { policy },
      schema: {
        tags: ['notifications'],
        summary: '我的通知（分页，含未读数） / my notifications',
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
            unread: Type.Optional(Type.Boolean({ description: '只看未读' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            unreadCount: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.listMine(db, req.ctx, req.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      config: { policy },
      schema: {
        tags: ['notifications'],
        summary: '未读通知数 / unread count',
        response: { 200: Type.Object({ unreadCount: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => ({ unreadCount: await service.unreadCount(db, req.ctx) }),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { policy },
      schema: {
        tags: ['notifications'],
        summary: '标记已读 / mark read',
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await service.markRead(db, req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { policy },
      schema: {
        tags: ['notifications'],
        summary: '全部标记已读 / mark all read',
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => ({ updated: await service.markAllRead(db, req.ctx) }),
  );
};
