// HTTP for law firms, the duty-lawyer roster, legal-service records and their figures.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { legalActions } from './legal-services.policy.ts';
import * as service from './legal-services.service.ts';
import { SERVICE_KINDS } from './legal-services.table.ts';

const tags = ['legal-services'];
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** A timestamp: a Date inside the server, ISO 8601 on the wire. */
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Firm = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
  lawyerCount: Type.Optional(Type.Integer()),
});

const Lawyer = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  firmId: Nullable(Type.Integer()),
  firmName: Nullable(Type.String()),
  licenceNo: Type.String(),
  onDuty: Type.Boolean(),
  version: Type.Integer(),
});

const ServiceRecord = Type.Object({
  id: Type.Integer(),
  lawyerId: Type.Integer(),
  lawyerName: Type.String(),
  kind: StringEnum(SERVICE_KINDS),
  servedOn: Type.String(),
  enterpriseId: Nullable(Type.Integer()),
  enterpriseName: Nullable(Type.String()),
  place: Type.String(),
  peopleServed: Type.Integer(),
  topic: Type.String(),
  summary: Type.String(),
  version: Type.Integer(),
  createdAt: DateTime,
});

const ServiceFields = {
  kind: StringEnum(SERVICE_KINDS, { description: 'consultation 法律咨询 · lecture 法治授课 · legal_aid 法律援助 · mediation 调解协助' }),
  servedOn: DateStr,
  enterpriseId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  peopleServed: Type.Integer({ minimum: 0, maximum: 100000 }),
  topic: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.Optional(Type.String({ maxLength: 5000 })),
};

const KindFigure = Type.Object({ services: Type.Integer(), peopleServed: Type.Integer() });
const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  services: Type.Integer(),
  byKind: Type.Object(Object.fromEntries(SERVICE_KINDS.map((k) => [k, KindFigure]))),
  sites: Type.Integer({ description: '服务点位数：企业或地点（去重）' }),
  enterprisesReached: Type.Integer(),
  peopleServed: Type.Integer(),
  lawyers: Type.Integer(),
  byMonth: Type.Array(Type.Object({ month: Type.String(), services: Type.Integer() })),
});

export const PeriodQuery = Type.Object(
  { from: Type.Optional(DateStr), to: Type.Optional(DateStr) },
  { additionalProperties: false },
);

/** A missing period means the current calendar year. */
export function periodOf(q: { from?: string; to?: string }): { from: string; to: string } {
  const year = new Date().getFullYear();
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}

export const legalServicesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/legal/firms',
    {
      config: { policy: legalActions['legal.firms.read'] },
      schema: { tags, summary: '律所列表 / law firms', response: { 200: Type.Array(Firm), ...errorResponses } },
    },
    async (req) => service.listFirms(db, req.ctx),
  );

  app.post(
    '/api/legal/firms',
    {
      config: { policy: legalActions['legal.firms.manage'] },
      schema: {
        tags,
        summary: '登记律所 / add a law firm',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), address: Type.Optional(Type.String({ maxLength: 200 })), phone: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { 201: Firm, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createFirm(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/legal/firms/:id',
    {
      config: { policy: legalActions['legal.firms.manage'] },
      schema: {
        tags,
        summary: '修改律所 / update a law firm',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            address: Type.Optional(Type.String({ maxLength: 200 })),
            phone: Type.Optional(Type.String({ maxLength: 40 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Firm, ...errorResponses },
      },
    },
    async (req) => service.updateFirm(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/legal/lawyers',
    {
      config: { policy: legalActions['legal.firms.read'] },
      schema: { tags, summary: '值班律师 / duty lawyers', response: { 200: Type.Array(Lawyer), ...errorResponses } },
    },
    async (req) => service.listLawyers(db, req.ctx),
  );

  app.put(
    '/api/legal/lawyers/:id',
    {
      config: { policy: legalActions['legal.firms.manage'] },
      schema: {
        tags,
        summary: '设置值班律师所属律所 / put a lawyer on a firm’s duty roster',
        params: IdParams,
        body: Type.Object(
          { firmId: Type.Integer({ minimum: 1 }), licenceNo: Type.Optional(Type.String({ maxLength: 40 })), active: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ userId: Type.Integer(), firmId: Type.Integer(), licenceNo: Type.String(), active: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.setDutyLawyer(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/legal/services',
    {
      config: { policy: legalActions['legal.services.read'] },
      schema: {
        tags,
        summary: '法律服务记录（律师只见本人）/ legal-service records (a lawyer sees their own)',
        querystring: PageQuery(['servedOn', 'id'] as const, {
          kind: Type.Optional(StringEnum(SERVICE_KINDS)),
          lawyerId: Type.Optional(Type.Integer({ minimum: 1 })),
          enterpriseId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
        }),
        response: { 200: Page(ServiceRecord), ...errorResponses },
      },
    },
    async (req) => service.listServices(db, req.ctx, req.query),
  );

  app.post(
    '/api/legal/services',
    {
      config: { policy: legalActions['legal.services.write'] },
      schema: {
        tags,
        summary: '登记法律服务 / record a legal service',
        body: Type.Object({ lawyerId: Type.Optional(Type.Integer({ minimum: 1 })), ...ServiceFields }, { additionalProperties: false }),
        response: { 201: ServiceRecord, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createService(db, req.ctx, req.body)),
  );

  app.get(
    '/api/legal/services/:id',
    {
      config: { policy: legalActions['legal.services.read'] },
      schema: { tags, summary: '法律服务记录详情 / one record', params: IdParams, response: { 200: ServiceRecord, ...errorResponses } },
    },
    async (req) => service.getService(db, req.ctx, req.params.id),
  );

  app.patch(
    '/api/legal/services/:id',
    {
      config: { policy: legalActions['legal.services.write'] },
      schema: {
        tags,
        summary: '修改法律服务记录 / update a record',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            kind: Type.Optional(ServiceFields.kind),
            servedOn: Type.Optional(DateStr),
            enterpriseId: ServiceFields.enterpriseId,
            place: ServiceFields.place,
            peopleServed: Type.Optional(ServiceFields.peopleServed),
            topic: Type.Optional(ServiceFields.topic),
            summary: ServiceFields.summary,
          },
          { additionalProperties: false },
        ),
        response: { 200: ServiceRecord, ...errorResponses },
      },
    },
    async (req) => service.updateService(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/legal/figures',
    {
      config: { policy: legalActions['legal.figures.read'] },
      schema: {
        tags,
        summary: '公共法律服务统计 / legal-service figures (律师只统计本人)',
        querystring: PeriodQuery,
        response: { 200: Figures, ...errorResponses },
      },
    },
    async (req) => {
      const { from, to } = periodOf(req.query);
      return service.figuresFor(db, req.ctx, from, to);
    },
  );
};
