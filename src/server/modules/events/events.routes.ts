// HTTP for events: categories, intake, lists (filters, search, to-do), detail with timeline, workflow moves,
// photos, comments, supervision, extensions, duplicates, map points, figures, export, API clients and the
// higher platform's transfer endpoint. Schemas in events.schemas.ts; rules in the services.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { TIME_UNITS } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { CappedPage, errorResponses, IdParams, Page, StringEnum } from '../../platform/http/schemas.ts';
import * as categories from './events.categories.ts';
import * as clients from './events.clients.ts';
import { exportCsv, exportXlsx } from './events.export.ts';
import { eventMetrics } from './events.metrics.ts';
import { addPhotos, MAX_PHOTOS_PER_PHASE, PHOTO_MAX_BYTES, readPhoto } from './events.photos.ts';
import { eventActions } from './events.policy.ts';
import { readMultipartFiles } from './events.public.ts';
import * as repo from './events.repository.ts';
import {
  ApiClientS,
  CategoryBody,
  CategoryPatch,
  CategoryTree,
  Category,
  CreateBody,
  Duplicate,
  EventDetail,
  ExtensionS,
  FilterQueryS,
  ListItem,
  ListQueryS,
  MapPoint,
  Metrics,
  MetricsQueryS,
  MoveBody,
} from './events.schemas.ts';
import * as service from './events.service.ts';
import { STATUS_LABELS } from './events.workflow.ts';

const SubParams = (name: string) =>
  Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), [name]: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });

export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox, config } = app.deps;
  const detail = async (req: { ctx: import('../../platform/context.ts').RequestContext }, id: number) => service.getEvent(db, req.ctx, id);

  // ------------------------------------------------------------ categories
  app.get(
    '/api/event-categories',
    {
      config: { policy: eventActions['event_categories.read'] },
      schema: {
        tags: ['events'],
        summary: '事件分类（两级，含默认部门与各环节时限） / event categories',
        querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: CategoryTree, ...errorResponses },
      },
    },
    async (req) => categories.listCategories(db, req.ctx, req.query),
  );

  app.post(
    '/api/event-categories',
    {
      config: { policy: eventActions['event_categories.manage'] },
      schema: {
        tags: ['events'],
        summary: '新建事件分类 / create a category',
        description: '时限单位：minutes 分钟、hours 小时、calendar_days 自然日、working_days 工作日。未设置的环节继承上级分类，再继承平台默认值。',
        body: CategoryBody,
        response: { 201: Category, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return categories.createCategory(db, req.ctx, req.body);
    },
  );

  app.patch(
    '/api/event-categories/:id',
    {
      config: { policy: eventActions['event_categories.manage'] },
      schema: {
        tags: ['events'],
        summary: '修改事件分类（带版本号） / update a category',
        params: IdParams,
        body: CategoryPatch,
        response: { 200: Category, ...errorResponses },
      },
    },
    async (req) => categories.updateCategory(db, req.ctx, req.params.id, req.body),
  );

  // ------------------------------------------------------------ lists and views
  app.get(
    '/api/events',
    {
      config: { policy: eventActions['events.read'] },
      schema: {
        tags: ['events'],
        summary: '事件列表（筛选、排序、分页、全文检索、待办） / list events',
        description:
          '数据范围：网格员仅本人网格，职能部门仅派给本部门的事件，企业用户仅本企业，指挥中心、领导、法治办为全辖区。todo=true 为本人角色待办（默认按时限升序）。',
        querystring: ListQueryS,
        response: { 200: CappedPage(ListItem), ...errorResponses },
      },
    },
    async (req) => service.listEvents(db, req.ctx, req.query),
  );

  app.get(
    '/api/events/map',
    {
      config: { policy: eventActions['events.read'] },
      schema: {
        tags: ['events'],
        summary: '事件点位（按状态着色，最多 5000 个） / map points',
        querystring: FilterQueryS,
        response: { 200: Type.Array(MapPoint), ...errorResponses },
      },
    },
    async (req) => service.mapPoints(db, req.ctx, req.query),
  );

  app.get(
    '/api/events/duplicates',
    {
      config: { policy: eventActions['events.read'] },
      schema: {
        tags: ['events'],
        summary: '疑似重复事件（同分类、50 米内、7 天内、未办结） / possible duplicates',
        querystring: Type.Object(
          {
            categoryId: Type.Integer({ minimum: 1 }),
            lng: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            excludeId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Duplicate), ...errorResponses },
      },
    },
    async (req) => service.findDuplicates(db, req.ctx, req.query),
  );

  app.get(
    '/api/events/metrics',
    {
      config: { policy: eventActions['events.metrics'] },
      schema: {
        tags: ['events'],
        summary: '事件统计（闭环率、按期率、用时、返工率，按网格/分类/部门/来源/月份） / figures',
        description: '每个比率同时给出分子和分母；口径见 definitions。期间按上报日期（辖区时区，含首尾）。',
        querystring: MetricsQueryS,
        response: { 200: Metrics, ...errorResponses },
      },
    },
    async (req) => eventMetrics(db, req.ctx, req.query),
  );

  app.get(
    '/api/events/export.csv',
    {
      config: { policy: eventActions['events.export'] },
      schema: {
        tags: ['events'],
        summary: '导出筛选结果为 CSV（UTF-8 BOM，防公式注入） / export CSV',
        querystring: FilterQueryS,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const body = await exportCsv(db, req.ctx, req.query);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="events.csv"; filename*=UTF-8''${encodeURIComponent('事件列表.csv')}`);
      return body;
    },
  );

  app.get(
    '/api/events/export.xlsx',
    {
      config: { policy: eventActions['events.export'] },
      schema: {
        tags: ['events'],
        summary: '导出筛选结果为 XLSX / export XLSX',
        querystring: FilterQueryS,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const body = await exportXlsx(db, req.ctx, req.query);
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="events.xlsx"; filename*=UTF-8''${encodeURIComponent('事件列表.xlsx')}`);
      return body;
    },
  );

  // ------------------------------------------------------------ intake and one event
  app.post(
    '/api/events',
    {
      config: { policy: eventActions['events.create'] },
      schema: {
        tags: ['events'],
        summary: '上报事件（网格员巡查、12345 热线、转办、企业） / report an event',
        description:
          '网格员：位置须在本人网格内（按坐标自动定位网格）。指挥中心：source=hotline（来电号码加密、脱敏）或 transfer（须 externalId，按其幂等：重复提交返回已有事件，状态码 200）。企业用户：自动归属本企业。' +
          '提交前可调用 /api/events/duplicates 查看疑似重复事件。照片用 POST /api/events/{id}/photos 上传。',
        body: CreateBody,
        response: { 200: EventDetail, 201: EventDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await service.createEvent(db, req.ctx, secretBox, req.body);
      reply.status(r.created ? 201 : 200);
      return r.timeline ? service.createdEventDetail(db, req.ctx, { ...r, timeline: r.timeline }) : detail(req, r.event.id);
    },
  );

  app.get(
    '/api/events/:id',
    {
      config: { policy: eventActions['events.read'] },
      schema: {
        tags: ['events'],
        summary: '事件详情（时间线、照片、督办、延期、可执行操作） / event detail',
        params: IdParams,
        response: { 200: EventDetail, ...errorResponses },
      },
    },
    async (req) => detail(req, req.params.id),
  );

  app.post(
    '/api/events/:id/transitions',
    {
      config: { policy: eventActions['events.move'] },
      schema: {
        tags: ['events'],
        summary: '流转：受理、派遣、签收、处置、核查、结案、退回、不予受理、重办、合并 / workflow move',
        description:
          '允许的操作见详情的 allowedActions。version 为当前版本号，过期返回 409 events.stale_version；不允许的流转返回 409 events.invalid_transition；角色不符 403；缺少理由等返回 422。',
        params: IdParams,
        body: MoveBody,
        response: { 200: EventDetail, ...errorResponses },
      },
    },
    async (req) => {
      const e = await service.transition(db, req.ctx, req.params.id, req.body);
      return detail(req, e.id);
    },
  );

  app.post(
    '/api/events/:id/comments',
    {
      config: { policy: eventActions['events.annotate'] },
      schema: {
        tags: ['events'],
        summary: '添加意见（可附对群众公开的说明） / comment',
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 2000 }), publicNote: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 201: EventDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.addComment(db, req.ctx, req.params.id, req.body);
      reply.status(201);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/events/:id/photos',
    {
      config: { policy: eventActions['events.annotate'] },
      schema: {
        tags: ['events'],
        summary: '上传照片（上报/处置/核查，每环节最多 9 张，JPEG/PNG/WebP） / upload photos',
        description: `multipart/form-data；每张不超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB；按文件头识别类型。phase：report 上报（网格员、指挥中心、企业）、handle 处置（承办部门）、verify 核查（网格员、指挥中心）。`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: Type.Object({ phase: StringEnum(['report', 'handle', 'verify'] as const) }, { additionalProperties: false }),
        response: {
          201: Type.Array(Type.Object({ id: Type.Integer(), phase: Type.String(), mime: Type.String(), sizeBytes: Type.Integer(), url: Type.String() })),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const files = await readMultipartFiles(req, MAX_PHOTOS_PER_PHASE, PHOTO_MAX_BYTES);
      const r = await addPhotos(db, req.ctx, config.dataDir, req.params.id, req.query.phase, files);
      reply.status(201);
      return r;
    },
  );

  app.get(
    '/api/events/:id/photos/:photoId',
    {
      config: { policy: eventActions['events.read'] },
      schema: { tags: ['events'], summary: '照片文件 / a photo', params: SubParams('photoId'), produces: ['image/jpeg', 'image/png', 'image/webp'] },
    },
    async (req, reply) => {
      const p = await readPhoto(db, req.ctx, config.dataDir, req.params.id, req.params.photoId);
      reply.type(p.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return p.data;
    },
  );

  app.post(
    '/api/events/:id/contact/reveal',
    {
      config: { policy: eventActions['events.contact.reveal'] },
      schema: {
        tags: ['events'],
        summary: '查看完整来电号码（须填写事由，记入审计） / reveal the caller’s phone',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ phone: Type.String() }), ...errorResponses },
      },
    },
    async (req) => service.revealContact(db, req.ctx, secretBox, req.params.id, req.body.reason),
  );

  // ------------------------------------------------------------ supervision and extensions
  app.post(
    '/api/events/:id/supervisions',
    {
      config: { policy: eventActions['events.supervise'] },
      schema: {
        tags: ['events'],
        summary: '督办（领导、指挥中心） / raise supervision',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 201: EventDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.raiseSupervision(db, req.ctx, req.params.id, req.body);
      reply.status(201);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/events/:id/supervisions/:supervisionId/resolve',
    {
      config: { policy: eventActions['events.supervise'] },
      schema: {
        tags: ['events'],
        summary: '办结督办 / resolve supervision',
        params: SubParams('supervisionId'),
        body: Type.Object({ resolution: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: EventDetail, ...errorResponses },
      },
    },
    async (req) => {
      await service.resolveSupervision(db, req.ctx, req.params.id, req.params.supervisionId, req.body);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/events/:id/extensions',
    {
      config: { policy: eventActions['events.extension.request'] },
      schema: {
        tags: ['events'],
        summary: '申请延期（承办部门，须审批） / request an extension',
        params: IdParams,
        body: Type.Object(
          {
            amount: Type.Integer({ minimum: 1, maximum: 365 }),
            unit: StringEnum(TIME_UNITS),
            reason: Type.String({ minLength: 2, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ExtensionS, ...errorResponses },
      },
    },
    async (req, reply) => {
      const x = await service.requestExtension(db, req.ctx, req.params.id, req.body);
      reply.status(201);
      return { ...x, newDueAt: x.newDueAt?.toISOString() ?? null };
    },
  );

  app.post(
    '/api/events/:id/extensions/:extensionId/decision',
    {
      config: { policy: eventActions['events.extension.decide'] },
      schema: {
        tags: ['events'],
        summary: '审批延期（指挥中心、领导） / decide an extension',
        params: SubParams('extensionId'),
        body: Type.Object(
          { approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })), version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: ExtensionS, ...errorResponses },
      },
    },
    async (req) => {
      const x = await service.decideExtension(db, req.ctx, req.params.id, req.params.extensionId, req.body);
      return { ...x, newDueAt: x.newDueAt?.toISOString() ?? null };
    },
  );

  // ------------------------------------------------------------ machine access
  app.get(
    '/api/event-api-clients',
    {
      config: { policy: eventActions['event_api_clients.manage'] },
      schema: { tags: ['events'], summary: '接口密钥（上级平台转办、Open311） / API clients', response: { 200: Type.Array(ApiClientS), ...errorResponses } },
    },
    async (req) => clients.listApiClients(db, req.ctx),
  );

  app.post(
    '/api/event-api-clients',
    {
      config: { policy: eventActions['event_api_clients.manage'] },
      schema: {
        tags: ['events'],
        summary: '新建接口密钥（仅此次返回明文） / create an API client',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            system: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$', description: '对方系统标识，转办幂等键的一部分' }),
            scopes: Type.Array(StringEnum(['open311', 'transfer'] as const), { minItems: 1, maxItems: 2 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...ApiClientS.properties, key: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return clients.createApiClient(db, req.ctx, req.body);
    },
  );

  app.post(
    '/api/event-api-clients/:id/revoke',
    {
      config: { policy: eventActions['event_api_clients.manage'] },
      schema: { tags: ['events'], summary: '停用接口密钥 / revoke', params: IdParams, response: { 200: ApiClientS, ...errorResponses } },
    },
    async (req) => clients.revokeApiClient(db, req.ctx, req.params.id),
  );

  const TransferResult = Type.Object({
    id: Type.Integer(),
    code: Type.String(),
    externalId: Type.String(),
    status: Type.String(),
    statusLabel: Type.String(),
    created: Type.Boolean({ description: 'false：该编号已转办过，返回已有事件' }),
  });

  app.post(
    '/api/integration/events',
    {
      config: { public: true },
      schema: {
        tags: ['integration'],
        summary: '上级平台（一体化治理平台）转办事件，按 externalId 幂等 / transfer from the higher platform',
        description: '认证：请求头 X-API-Key 或 Authorization: Bearer <key>（scope transfer）。首次 201，重复 200（返回已有事件）。',
        body: Type.Object(
          {
            externalId: Type.String({ minLength: 1, maxLength: 100 }),
            categoryId: Type.Integer({ minimum: 1 }),
            title: Type.Optional(Type.String({ maxLength: 200 })),
            description: Type.String({ minLength: 2, maxLength: 4000 }),
            address: Type.Optional(Type.String({ maxLength: 200 })),
            lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
            lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
            reportedAt: Type.Optional(Type.String({ format: 'date-time' })),
            contactName: Type.Optional(Type.String({ maxLength: 50 })),
            contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: TransferResult, 201: TransferResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const client = await clients.clientForKey(db, clients.keyFromHeaders(req.headers), 'transfer');
      const cat = await repo.findCategory(db, req.body.categoryId);
      if (!cat || cat.jurisdictionId !== client.jurisdictionId) {
        throw errors.unprocessable('events.category_invalid', { zh: '事件分类不存在', en: 'Unknown category' });
      }
      const r = await service.transferEvent(db, req.ctx, secretBox, client, req.body);
      reply.status(r.created ? 201 : 200);
      return {
        id: r.event.id,
        code: r.event.code,
        externalId: r.event.externalId ?? req.body.externalId,
        status: r.event.status,
        statusLabel: STATUS_LABELS[r.event.status].zh,
        created: r.created,
      };
    },
  );

  app.get(
    '/api/integration/events/:externalId',
    {
      config: { public: true },
      schema: {
        tags: ['integration'],
        summary: '上级平台查询转办事件的办理状态 / status of a transferred event',
        params: Type.Object({ externalId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            code: Type.String(),
            externalId: Type.String(),
            status: Type.String(),
            statusLabel: Type.String(),
            closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            notes: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), note: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const client = await clients.clientForKey(db, clients.keyFromHeaders(req.headers), 'transfer');
      const e = await repo.findEventByExternal(db, client.jurisdictionId, client.system, req.params.externalId);
      if (!e) {
        throw errors.notFound('event', '事件');
      }
      const tl = await repo.listTimeline(db, e.id);
      return {
        id: e.id,
        code: e.code,
        externalId: e.externalId!,
        status: e.status,
        statusLabel: STATUS_LABELS[e.status].zh,
        closedAt: e.closedAt?.toISOString() ?? null,
        notes: tl.filter((t) => t.publicNote).map((t) => ({ at: t.at.toISOString(), note: t.publicNote! })),
      };
    },
  );

};
