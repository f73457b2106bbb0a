// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the events module, at /open311/v2/:
// discovery, services, services/{service_code}, requests (GET, and POST form-encoded with api_key),
// requests/{service_request_id}, tokens/{token} — each as .json and .xml. Services are the categories open to
// the public; service_request_id is the event number; the token is the tracking code. Our statuses map to
// open / closed with status_notes. Errors are the spec's list: [{ code, description }] with 400/403/404.
// Only public-category events are listed, and with their title, not the reporter's full text or identity.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { utcOffsetMinutes } from '../../platform/deadlines/index.ts';
import { isAppError } from '../../platform/errors.ts';
import { clientForKey } from './events.clients.ts';
import * as repo from './events.repository.ts';
import { resolveJurisdiction } from './events.public.ts';
import { createPublicEvent } from './events.service.ts';
import { isTerminal, STATUS_LABELS, type EventStatus } from './events.workflow.ts';

export const OPEN311_SPEC = 'http://wiki.open311.org/GeoReport_v2';
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const FORMATS = ['json', 'xml'] as const;
type Format = (typeof FORMATS)[number];

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500,
    readonly description: string,
  ) {
    super(description);
  }
}

// ---------------------------------------------------------------- serialisation

const xmlEscape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

type Scalar = string | number | boolean | null | undefined;
type XmlValue = Scalar | XmlValue[] | { [k: string]: XmlValue };

function xmlNode(name: string, v: XmlValue): string {
  if (v === null || v === undefined) return `<${name}></${name}>`;
  if (Array.isArray(v)) {
    // A list is wrapped in its element name; items use the singular given as __item.
    return `<${name}>${v.map((x) => xmlNode(listItemName(name), x)).join('')}</${name}>`;
  }
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => xmlNode(k, x)).join('')}</${name}>`;
  return `<${name}>${xmlEscape(String(v))}</${name}>`;
}

const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};
const listItemName = (name: string) => ITEM_NAMES[name] ?? 'item';

export function toXml(root: string, body: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlNode(root, body)}`;
}

function send(reply: FastifyReply, format: Format, root: string, body: XmlValue, status = 200) {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, body));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** ISO 8601 with the jurisdiction's offset, e.g. 2020-06-01T09:30:00+08:00. */
export function w3cDate(d: Date, timeZone: string): string {
  const off = utcOffsetMinutes(d, timeZone);
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- data

function statusNotes(e: { status: EventStatus; endReason: string | null }, lastPublicNote: string | null): string {
  if (e.status === 'rejected') return `不予受理：${e.endReason ?? ''}`;
  if (e.status === 'merged') return `重复事件，已合并处理：${e.endReason ?? ''}`;
  if (e.status === 'closed') return lastPublicNote ?? '已办结';
  return lastPublicNote ?? STATUS_LABELS[e.status].zh;
}

async function requestRows(db: Executor, jurisdictionId: number, timeZone: string, where: (q: any) => any, limit: number) {
  const cats = await repo.listCategories(db, jurisdictionId, { publicOnly: true });
  if (cats.length === 0) return [];
  const catById = new Map(cats.map((c) => [c.id, c]));
  let q = db
    .selectFrom('events')
    .leftJoin('orgUnits as d', 'd.id', 'events.departmentId')
    .select([
      'events.id',
      'events.code',
      'events.title',
      'events.status',
      'events.endReason',
      'events.categoryId',
      'events.address',
      'events.lng',
      'events.lat',
      'events.reportedAt',
      'events.updatedAt',
      'events.dueAt',
      'd.name as departmentName',
      sql<string | null>`(select t.public_note from event_timeline t where t.event_id = events.id and t.public_note is not null order by t.id desc limit 1)`.as(
        'lastPublicNote',
      ),
    ])
    .where('events.jurisdictionId', '=', jurisdictionId)
    .where('events.categoryId', 'in', cats.map((c) => c.id));
  q = where(q);
  const rows = await q.orderBy('events.reportedAt', 'desc').orderBy('events.id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const cat = catById.get(r.categoryId)!;
    return {
      service_request_id: r.code,
      status: isTerminal(r.status) ? 'closed' : 'open',
      status_notes: statusNotes(r, r.lastPublicNote),
      service_name: cat.name,
      service_code: cat.code,
      description: r.title,
      agency_responsible: r.departmentName ?? '',
      service_notice: '',
      requested_datetime: w3cDate(r.reportedAt, timeZone),
      updated_datetime: w3cDate(r.updatedAt, timeZone),
      expected_datetime: r.dueAt && !isTerminal(r.status) ? w3cDate(r.dueAt, timeZone) : null,
      address: r.address,
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: null,
    };
  });
}

function parseDate(v: unknown, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} is not a valid W3C date-time`);
  return d;
}

const list = (v: unknown): string[] =>
  v === undefined || v === null || v === ''
    ? []
    : String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

async function jurisdictionFor(db: Executor, code: unknown) {
  try {
    return await resolveJurisdiction(db, typeof code === 'string' && code ? code : undefined);
  } catch {
    throw new Open311Error(404, 'jurisdiction_id not found');
  }
}

// ---------------------------------------------------------------- routes

const LooseQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Type.String()),
    service_request_id: Type.Optional(Type.String()),
    service_code: Type.Optional(Type.String()),
    start_date: Type.Optional(Type.String()),
    end_date: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
  },
  // The spec lets clients send parameters an endpoint does not use; they are ignored, not refused.
  { additionalProperties: true },
);

export const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox, rateLimits } = app.deps;
  const cfg = { public: true, rateLimit: { max: rateLimits.public, timeWindow: '1 minute' } };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
    done(null, out);
  });

  const formatOf = (req: FastifyRequest): Format => (req.url.split('?')[0].endsWith('.xml') ? 'xml' : 'json');

  app.setErrorHandler((err: Error, req, reply) => {
    const format = formatOf(req);
    let status = 500;
    let description = 'internal error';
    if (err instanceof Open311Error) {
      status = err.status;
      description = err.description;
    } else if (isAppError(err)) {
      status = err.status === 401 ? 403 : err.status === 409 || err.status === 422 ? 400 : err.status;
      description = err.messages.en;
    } else if ((err as { validation?: unknown }).validation) {
      status = 400;
      description = err.message;
    } else if (/^22[0-9A-Z]{3}$/.test(String((err as { code?: unknown }).code ?? ''))) {
      // A PostgreSQL data exception (e.g. a NUL byte in an id) can only come from what the client sent.
      status = 400;
      description = 'invalid request';
    } else if ((err as { statusCode?: number }).statusCode === 429) {
      status = 429;
      description = 'too many requests';
    } else if (((err as unknown as { statusCode?: number }).statusCode ?? 500) < 500) {
      status = (err as unknown as { statusCode: number }).statusCode;
      description = err.message;
    } else {
      req.log.error({ err }, 'open311 request failed');
    }
    return send(reply, format, 'errors', [{ code: status, description }], status);
  });

  for (const format of FORMATS) {
    app.get(
      `/open311/v2/discovery.${format}`,
      {
        config: cfg,
        schema: { tags: ['open311'], summary: `Open311 服务发现 / discovery (.${format})`, querystring: LooseQuery },
      },
      async (req, reply) => {
        const base = `${req.protocol}://${req.headers.host ?? 'localhost'}/open311/v2`;
        const changeset = '2026-01-01T00:00:00+08:00';
        return send(reply, format, 'discovery', {
          changeset,
          contact: '开发区社会治理指挥中心',
          key_service: '向平台管理员申请 API 密钥（POST 需要 api_key）',
          endpoints: [
            { specification: OPEN311_SPEC, url: base, changeset, type: 'production', formats: ['application/json', 'text/xml'] },
          ],
        });
      },
    );

    app.get(
      `/open311/v2/services.${format}`,
      {
        config: cfg,
        schema: { tags: ['open311'], summary: `服务（可上报的事件分类）列表 / services (.${format})`, querystring: LooseQuery },
      },
      async (req, reply) => {
        const j = await jurisdictionFor(db, req.query.jurisdiction_id);
        const all = await repo.listCategories(db, j.id, { activeOnly: true });
        const byId = new Map(all.map((c) => [c.id, c]));
        return send(
          reply,
          format,
          'services',
          all
            .filter((c) => c.publicVisible)
            .map((c) => ({
              service_code: c.code,
              service_name: c.name,
              description: c.description,
              metadata: false,
              type: 'realtime',
              keywords: '',
              group: c.parentId ? (byId.get(c.parentId)?.name ?? '') : '',
            })),
        );
      },
    );

    app.get(
      `/open311/v2/services/:service_code.${format}`,
      {
        config: cfg,
        schema: {
          tags: ['open311'],
          summary: `服务定义 / service definition (.${format})`,
          params: Type.Object({ service_code: Type.String({ maxLength: 64 }) }),
          querystring: LooseQuery,
        },
      },
      async (req, reply) => {
        const j = await jurisdictionFor(db, req.query.jurisdiction_id);
        const c = await repo.findCategoryByCode(db, j.id, req.params.service_code);
        if (!c || !c.publicVisible || !c.active) throw new Open311Error(404, 'service_code not found');
        return send(reply, format, 'service_definition', { service_code: c.code, attributes: [] });
      },
    );

    app.get(
      `/open311/v2/requests.${format}`,
      {
        config: cfg,
        schema: {
          tags: ['open311'],
          summary: `查询事件 / get service requests (.${format})`,
          description: `默认最近 ${DEFAULT_WINDOW_DAYS} 天，最多 ${MAX_REQUESTS} 条；service_request_id 指定时忽略其他条件。`,
          querystring: LooseQuery,
        },
      },
      async (req, reply) => {
        const j = await jurisdictionFor(db, req.query.jurisdiction_id);
        const ids = list(req.query.service_request_id);
        let where: (q: any) => any;
        if (ids.length > 0) {
          where = (q) => q.where('events.code', 'in', ids.slice(0, MAX_REQUESTS));
        } else {
          const codes = list(req.query.service_code);
          const statuses = list(req.query.status).map((s) => s.toLowerCase());
          if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
          let end = parseDate(req.query.end_date, 'end_date');
          let start = parseDate(req.query.start_date, 'start_date');
          if (!start && !end) {
            end = new Date();
            start = new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
          } else if (!start) start = new Date(end!.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
          else if (!end) end = new Date(start.getTime() + DEFAULT_WINDOW_DAYS * 86_400_000);
          if (start! > end!) throw new Open311Error(400, 'start_date is after end_date');
          const cats = codes.length ? (await repo.listCategories(db, j.id, { publicOnly: true })).filter((c) => codes.includes(c.code)) : null;
          if (cats && cats.length === 0) throw new Open311Error(404, 'service_code not found');
          const terminal = ['closed', 'rejected', 'merged'];
          where = (q) => {
            let r = q.where('events.reportedAt', '>=', start!).where('events.reportedAt', '<=', end!);
            if (cats) r = r.where('events.categoryId', 'in', cats.map((c) => c.id));
            if (statuses.length === 1) r = r.where('events.status', statuses[0] === 'closed' ? 'in' : 'not in', terminal);
            return r;
          };
        }
        return send(reply, format, 'service_requests', await requestRows(db, j.id, j.timezone, where, MAX_REQUESTS));
      },
    );

    app.get(
      `/open311/v2/requests/:service_request_id.${format}`,
      {
        config: cfg,
        schema: {
          tags: ['open311'],
          summary: `查询单个事件 / get a service request (.${format})`,
          params: Type.Object({ service_request_id: Type.String({ maxLength: 40 }) }),
          querystring: LooseQuery,
        },
      },
      async (req, reply) => {
        const j = await jurisdictionFor(db, req.query.jurisdiction_id);
        const rows = await requestRows(db, j.id, j.timezone, (q) => q.where('events.code', '=', req.params.service_request_id), 1);
        if (rows.length === 0) throw new Open311Error(404, 'service_request_id not found');
        return send(reply, format, 'service_requests', rows);
      },
    );

    app.get(
      `/open311/v2/tokens/:token.${format}`,
      {
        config: cfg,
        schema: {
          tags: ['open311'],
          summary: `凭 token 取事件编号 / request id from token (.${format})`,
          params: Type.Object({ token: Type.String({ maxLength: 40 }) }),
          querystring: LooseQuery,
        },
      },
      async (req, reply) => {
        const e = await repo.findEventByTracking(db, req.params.token.trim().toUpperCase());
        if (!e) throw new Open311Error(404, 'token not found');
        return send(reply, format, 'service_requests', [{ service_request_id: e.code, token: e.trackingCode }]);
      },
    );

    app.post(
      `/open311/v2/requests.${format}`,
      {
        config: cfg,
        schema: {
          tags: ['open311'],
          summary: `上报事件（表单编码，需 api_key） / post a service request (.${format})`,
          description: '必填：api_key、service_code、位置（lat 与 long，或 address_string）。返回 service_request_id 与 token（即群众查询码）。',
          consumes: ['application/x-www-form-urlencoded'],
          body: Type.Object(
            {
              api_key: Type.Optional(Type.String()),
              jurisdiction_id: Type.Optional(Type.String()),
              service_code: Type.Optional(Type.String()),
              lat: Type.Optional(Type.String()),
              long: Type.Optional(Type.String()),
              address_string: Type.Optional(Type.String()),
              address_id: Type.Optional(Type.String()),
              email: Type.Optional(Type.String()),
              device_id: Type.Optional(Type.String()),
              account_id: Type.Optional(Type.String()),
              first_name: Type.Optional(Type.String()),
              last_name: Type.Optional(Type.String()),
              phone: Type.Optional(Type.String()),
              description: Type.Optional(Type.String()),
              media_url: Type.Optional(Type.String()),
            },
            // attribute[code] parameters are part of the spec; unknown ones are ignored.
            { additionalProperties: true },
          ),
        },
      },
      async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, string | undefined>;
        let client;
        try {
          client = await clientForKey(db, b.api_key, 'open311');
        } catch {
          throw new Open311Error(403, 'api_key was not provided or is not valid');
        }
        const j = await jurisdictionFor(db, b.jurisdiction_id);
        if (j.id !== client.jurisdictionId) throw new Open311Error(403, 'api_key is not valid for this jurisdiction_id');
        if (!b.service_code) throw new Open311Error(400, 'service_code was not provided');
        const cat = await repo.findCategoryByCode(db, j.id, b.service_code);
        if (!cat || !cat.publicVisible || !cat.active) throw new Open311Error(400, 'service_code is not valid');
        const hasLat = b.lat !== undefined && b.lat !== '';
        const hasLong = b.long !== undefined && b.long !== '';
        if (hasLat !== hasLong) throw new Open311Error(400, 'lat and long must be given together');
        const lat = hasLat ? Number(b.lat) : undefined;
        const lng = hasLong ? Number(b.long) : undefined;
        if (lat !== undefined && (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lng!) || lng! < -180 || lng! > 180)) {
          throw new Open311Error(400, 'lat/long are not valid coordinates');
        }
        const address = (b.address_string ?? '').trim();
        if (lat === undefined && !address && !b.address_id) throw new Open311Error(400, 'a location (lat and long, address_string or address_id) is required');
        const description = (b.description ?? '').trim().slice(0, 4000) || `${cat.name}（Open311 上报，未填写描述）`;
        const name = [b.last_name, b.first_name].filter((x) => x && x.trim()).join('');
        let e;
        try {
          e = await createPublicEvent(db, req.ctx, secretBox, {
            jurisdictionId: j.id,
            categoryId: cat.id,
            description,
            address: address || (b.address_id ? `address_id ${b.address_id}` : ''),
            lng,
            lat,
            contactName: name || undefined,
            contactPhone: b.phone?.trim() || undefined,
            source: 'open311',
          });
        } catch (err) {
          if (isAppError(err) && err.status < 500) throw new Open311Error(400, err.messages.en);
          throw err;
        }
        return send(
          reply,
          format,
          'service_requests',
          [{ service_request_id: e.code, token: e.trackingCode, service_notice: '已受理登记，可凭 token 查询办理进度', account_id: null }],
          201,
        );
      },
    );
  }
};
