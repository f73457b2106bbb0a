// The public portal (群众端, no account): report an event with a location and photos, follow it by its
// tracking code (status and public notes only — never internal notes, names or phone numbers), rate it when
// closed, or say it is not fixed. Rate-limited per address; submissions honour Idempotency-Key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { loadCalendar } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { publicGridOutlines } from '../grids/index.ts';
import * as repo from './events.repository.ts';
import type { EventRow } from './events.repository.ts';
import { storePhotos, type UploadedFile } from './events.photos.ts';
import { applyMove, createPublicEvent, saveEvent, timeline } from './events.service.ts';
import { REOPEN_WINDOW_DAYS, STATUS_LABELS, type EventStatus } from './events.workflow.ts';

/** The public may add photos to their report for this long after submitting it. */
export const PUBLIC_PHOTO_WINDOW_HOURS = 24;

export async function resolveJurisdiction(db: Executor, code?: string) {
  const j = code ? await repo.findJurisdictionByCode(db, code) : await repo.firstJurisdiction(db);
  if (!j) throw errors.notFound('jurisdiction', '辖区');
  return j;
}

export async function publicCategories(db: Executor, jurisdictionId: number) {
  const all = await repo.listCategories(db, jurisdictionId, { activeOnly: true });
  const byId = new Map(all.map((c) => [c.id, c]));
  return all
    .filter((c) => c.publicVisible)
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      groupName: c.parentId ? (byId.get(c.parentId)?.name ?? null) : null,
      description: c.description,
    }));
}

const normalizeCode = (code: string) => code.trim().toUpperCase();

async function byTracking(db: Executor, code: string, forUpdate = false): Promise<EventRow> {
  const e = forUpdate
    ? await db.selectFrom('events').selectAll().where('trackingCode', '=', normalizeCode(code)).forUpdate().executeTakeFirst()
    : await repo.findEventByTracking(db, normalizeCode(code));
  if (!e) throw errors.notFound('event', '事件');
  return e;
}

/** What the public sees: status and public notes only. */
export async function trackEvent(db: Executor, code: string) {
  const e = await byTracking(db, code);
  const cat = await repo.findCategory(db, e.categoryId);
  const tl = await repo.listTimeline(db, e.id);
  const closedRecently = e.status === 'closed' && e.closedAt !== null && Date.now() - e.closedAt.getTime() <= REOPEN_WINDOW_DAYS * 86_400_000;
  return {
    code: e.code,
    trackingCode: e.trackingCode,
    categoryName: cat?.name ?? '',
    title: e.title,
    address: e.address,
    status: e.status,
    statusLabel: STATUS_LABELS[e.status].zh,
    reportedAt: e.reportedAt.toISOString(),
    closedAt: e.closedAt?.toISOString() ?? null,
    notes: tl.filter((t) => t.publicNote).map((t) => ({ at: t.at.toISOString(), status: (t.toStatus ?? null) as EventStatus | null, note: t.publicNote! })),
    satisfaction: e.satisfaction,
    canRate: e.status === 'closed' && e.satisfaction === null,
    canReopen: closedRecently,
  };
}

const publicCtx = (ctx: RequestContext): RequestContext => ({ ...ctx, actor: null });
const PUBLIC_WHO = { userId: null, name: '群众', role: 'public' };

export async function rateEvent(db: Executor, ctx: RequestContext, code: string, input: { score: number; comment?: string }) {
  await db.transaction().execute(async (tx) => {
    const e = await byTracking(tx, code, true);
    if (e.status !== 'closed') throw errors.rule('events.rate_not_closed', { zh: '事件办结后才能评价', en: 'Rate once the event is closed' });
    if (e.satisfaction !== null) throw errors.conflict('events.already_rated', { zh: '该事件已评价', en: 'Already rated' });
    const cal = await loadCalendar(tx, e.jurisdictionId);
    const comment = input.comment?.trim() || null;
    const { figures } = await saveEvent(tx, e, { satisfaction: input.score, satisfactionComment: comment, ratedAt: new Date() }, cal.timeZone);
    await timeline(tx, e, PUBLIC_WHO, { action: 'rate', note: comment ?? '', details: { score: input.score } });
    await appendAudit(
      tx,
      publicCtx(ctx),
      {
        action: 'event.rate',
        entity: 'event',
        entityId: e.id,
        jurisdictionId: e.jurisdictionId,
        actorName: 'public',
        details: { score: input.score },
      },
      figures,
    );
  });
  return trackEvent(db, code);
}

export async function publicReopen(db: Executor, ctx: RequestContext, code: string, reason: string) {
  await db.transaction().execute(async (tx) => {
    const e = await byTracking(tx, code, true);
    await applyMove(tx, publicCtx(ctx), e, 'public', { action: 'reopen', version: e.version, reason });
  });
  return trackEvent(db, code);
}

export async function publicPhotos(db: Executor, ctx: RequestContext, dataDir: string, code: string, files: UploadedFile[]) {
  const e = await byTracking(db, code);
  if (e.source !== 'public' || Date.now() - e.reportedAt.getTime() > PUBLIC_PHOTO_WINDOW_HOURS * 3_600_000) {
    throw errors.rule('events.photo_window', {
      zh: `只能在上报后 ${PUBLIC_PHOTO_WINDOW_HOURS} 小时内为本人上报的事件补充照片`,
      en: `Photos can be added within ${PUBLIC_PHOTO_WINDOW_HOURS} hours of reporting`,
    });
  }
  const rows = await storePhotos(db, publicCtx(ctx), dataDir, e, PUBLIC_WHO, 'report', files);
  return { count: rows.length };
}

// ---------------------------------------------------------------- HTTP

const TrackingParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{6,20}$' }) }, { additionalProperties: false });

const Tracked = Type.Object({
  code: Type.String(),
  trackingCode: Type.String(),
  categoryName: Type.String(),
  title: Type.String(),
  address: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  notes: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), status: Type.Union([Type.String(), Type.Null()]), note: Type.String() })),
  satisfaction: Type.Union([Type.Integer(), Type.Null()]),
  canRate: Type.Boolean(),
  canReopen: Type.Boolean(),
});

export async function readMultipartFiles(req: import('fastify').FastifyRequest, maxFiles: number, maxBytes: number): Promise<UploadedFile[]> {
  if (!req.isMultipart()) throw errors.badRequest('events.multipart_required', { zh: '请以 multipart/form-data 上传照片', en: 'Upload as multipart/form-data' });
  const files: UploadedFile[] = [];
  try {
    for await (const part of req.files({ limits: { fileSize: maxBytes, files: maxFiles } })) {
      files.push({ filename: part.filename, data: await part.toBuffer() });
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw errors.validation({ field: 'files' }, { zh: `照片不能超过 ${maxBytes / 1024 / 1024} MB`, en: 'Photo too large' });
    }
    if (code === 'FST_FILES_LIMIT') throw errors.validation({ field: 'files' }, { zh: `一次最多 ${maxFiles} 张照片`, en: `At most ${maxFiles} photos` });
    throw e;
  }
  return files;
}

export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox, config, rateLimits } = app.deps;
  const limited = (extra: Record<string, unknown> = {}) => ({ public: true, rateLimit: { max: rateLimits.public, timeWindow: '1 minute' }, ...extra });

  app.get(
    '/api/public/event-categories',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '群众可上报的事件分类 / categories open to the public',
        querystring: Type.Object({ jurisdiction: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              code: Type.String(),
              name: Type.String(),
              groupName: Type.Union([Type.String(), Type.Null()]),
              description: Type.String(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => publicCategories(db, (await resolveJurisdiction(db, req.query.jurisdiction)).id),
  );

  app.get(
    '/api/public/event-map',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '上报地图：园区与基础网格的边界（仅名称与形状） / grid outlines for the portal map',
        querystring: Type.Object({ jurisdiction: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            jurisdictionName: Type.String(),
            grids: Type.Array(
              Type.Object({
                id: Type.Integer(),
                level: Type.String(),
                name: Type.String(),
                geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const j = await resolveJurisdiction(db, req.query.jurisdiction);
      return { jurisdictionName: j.name, grids: await publicGridOutlines(db, j.id) };
    },
  );

  app.post(
    '/api/public/events',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '群众上报事件（返回查询码） / report an event (returns a tracking code)',
        description:
          '无需登录。位置（经纬度）或地址至少提供一项；照片在返回查询码后用 POST /api/public/events/{code}/photos 上传（24 小时内，最多 9 张）。' +
          '重试时请带同一个 Idempotency-Key 请求头，避免重复上报。联系电话加密保存，查询页不显示。',
        body: Type.Object(
          {
            jurisdiction: Type.Optional(Type.String({ maxLength: 64, description: '辖区编码；缺省为本平台的辖区' })),
            categoryId: Type.Integer({ minimum: 1 }),
            description: Type.String({ minLength: 5, maxLength: 2000 }),
            address: Type.Optional(Type.String({ maxLength: 200 })),
            lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
            lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
            contactName: Type.Optional(Type.String({ maxLength: 50 })),
            contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ trackingCode: Type.String(), code: Type.String(), status: Type.String(), statusLabel: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { jurisdiction, ...body } = req.body;
      const j = await resolveJurisdiction(db, jurisdiction);
      const e = await createPublicEvent(db, req.ctx, secretBox, { ...body, jurisdictionId: j.id, source: 'public' });
      reply.status(201);
      return { trackingCode: e.trackingCode, code: e.code, status: e.status, statusLabel: STATUS_LABELS[e.status].zh };
    },
  );

  app.post(
    '/api/public/events/:code/photos',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '为本人上报的事件补充照片 / add photos to one’s report',
        description: 'multipart/form-data，字段任意，文件为 JPEG/PNG/WebP，每张不超过 8 MB，合计最多 9 张；上报后 24 小时内有效。',
        consumes: ['multipart/form-data'],
        params: TrackingParams,
        response: { 201: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const files = await readMultipartFiles(req, 9, 8 * 1024 * 1024);
      const r = await publicPhotos(db, req.ctx, config.dataDir, req.params.code, files);
      reply.status(201);
      return r;
    },
  );

  app.get(
    '/api/public/events/:code',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '凭查询码查看办理进度 / follow an event by tracking code',
        params: TrackingParams,
        response: { 200: Tracked, ...errorResponses },
      },
    },
    async (req) => trackEvent(db, req.params.code),
  );

  app.post(
    '/api/public/events/:code/rating',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '办结后满意度评价（1–5） / rate a closed event',
        params: TrackingParams,
        body: Type.Object(
          { score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Tracked, ...errorResponses },
      },
    },
    async (req) => rateEvent(db, req.ctx, req.params.code, req.body),
  );

  app.post(
    '/api/public/events/:code/reopen',
    {
      config: limited(),
      schema: {
        tags: ['public'],
        summary: '反映问题未解决（结案后 30 天内） / say it is not fixed',
        params: TrackingParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Tracked, ...errorResponses },
      },
    },
    async (req) => publicReopen(db, req.ctx, req.params.code, req.body.reason),
  );

};
