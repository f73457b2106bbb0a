// HTTP for patrols and findings, monthly police figures, corrections/resettlement subjects, and figures.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { safetyActions } from './safety.policy.ts';
import * as service from './safety.service.ts';
import { CHECKIN_METHODS, PATROLLER_TYPES, SUBJECT_KINDS } from './safety.table.ts';

const tags = ['safety'];
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const DateTimeIn = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Count = Type.Integer({ minimum: 0, maximum: 1000000 });

const FindingIn = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    location: Type.Optional(Type.String({ maxLength: 200 })),
    lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  },
  { additionalProperties: false },
);
const Finding = Type.Object({
  id: Type.Integer(),
  description: Type.String(),
  location: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  eventId: Nullable(Type.Integer()),
  eventCode: Nullable(Type.String()),
  createdAt: DateTime,
});
const PatrolFields = {
  patrollerType: StringEnum(PATROLLER_TYPES, { description: 'auxiliary_police 辅警 · grid_worker 网格员 · company_guard 企业保安' }),
  patrollers: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1, maxItems: 100 }),
  peopleCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  gridId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  route: Type.Optional(Type.String({ maxLength: 500 })),
  startedAt: DateTimeIn,
  endedAt: DateTimeIn,
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
};
const PatrolSummary = Type.Object({
  id: Type.Integer(),
  patrollerType: StringEnum(PATROLLER_TYPES),
  patrollers: Type.Array(Type.String()),
  peopleCount: Type.Integer(),
  gridId: Nullable(Type.Integer()),
  gridName: Nullable(Type.String()),
  route: Type.String(),
  startedAt: DateTime,
  endedAt: DateTime,
  hours: Type.Number(),
  notes: Type.String(),
  createdByName: Type.String(),
  findingCount: Type.Optional(Type.Integer()),
  version: Type.Integer(),
});
const Patrol = Type.Object({ ...PatrolSummary.properties, findings: Type.Array(Finding) });

const Police = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  criminalFiled: Type.Integer(),
  criminalSolved: Type.Integer(),
  publicSecurityAccepted: Type.Integer(),
  publicSecurityClosed: Type.Integer(),
  source: Type.String(),
  note: Type.String(),
  enteredBy: Type.Integer(),
  enteredByName: Type.String(),
  version: Type.Integer(),
  updatedAt: DateTime,
});

const Subject = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(SUBJECT_KINDS),
  nameMasked: Type.String(),
  idNumberMasked: Type.String(),
  isMinor: Type.Boolean(),
  supervisionStart: Type.String(),
  supervisionEnd: Nullable(Type.String()),
  officerId: Type.Integer(),
  officerName: Type.String(),
  reoffended: Type.Boolean(),
  reoffendedOn: Nullable(Type.String()),
  checkinCount: Type.Integer(),
  lastCheckinAt: Nullable(DateTime),
  version: Type.Integer(),
});
const SubjectDetail = Type.Object({
  ...Subject.properties,
  checkins: Type.Array(Type.Object({ id: Type.Integer(), checkedAt: DateTime, method: StringEnum(CHECKIN_METHODS), note: Type.String(), recordedByName: Type.String() })),
});

const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  patrols: Type.Integer(),
  patrolHours: Type.Number(),
  patrolPersonHours: Type.Number(),
  byPatrollerType: Type.Object(Object.fromEntries(PATROLLER_TYPES.map((t) => [t, Type.Object({ patrols: Type.Integer(), hours: Type.Number() })]))),
  findings: Type.Integer(),
  findingsToEvents: Type.Integer(),
  police: Type.Object({
    criminalFiled: Type.Integer(),
    criminalSolved: Type.Integer(),
    publicSecurityAccepted: Type.Integer(),
    publicSecurityClosed: Type.Integer(),
    monthsEntered: Type.Integer(),
  }),
  subjectsUnderSupervision: Type.Integer(),
  subjectsByKind: Type.Object(Object.fromEntries(SUBJECT_KINDS.map((k) => [k, Type.Integer()]))),
  subjectsReceived: Type.Integer(),
  subjectsReleased: Type.Integer(),
  checkins: Type.Integer(),
  reoffended: Type.Integer(),
});

const PeriodQuery = Type.Object({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) }, { additionalProperties: false });
function periodOf(q: { from?: string; to?: string }) {
  const year = new Date().getFullYear();
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}

export const safetyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox } = app.deps;

  // ── patrols ──
  app.get(
    '/api/safety/patrols',
    {
      config: { policy: safetyActions['safety.patrols.read'] },
      schema: {
        tags,
        summary: '巡逻记录（网格员只见本网格）/ patrol logs',
        querystring: PageQuery(['startedAt'] as const, {
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          gridId: Type.Optional(Type.Integer({ minimum: 1 })),
          patrollerType: Type.Optional(StringEnum(PATROLLER_TYPES)),
        }),
        response: { 200: Page(PatrolSummary), ...errorResponses },
      },
    },
    async (req) => service.listPatrols(db, req.ctx, req.query),
  );
  app.post(
    '/api/safety/patrols',
    {
      config: { policy: safetyActions['safety.patrols.write'] },
      schema: {
        tags,
        summary: '登记巡逻 / log a patrol',
        body: Type.Object({ ...PatrolFields, findings: Type.Optional(Type.Array(FindingIn, { maxItems: 50 })) }, { additionalProperties: false }),
        response: { 201: Patrol, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createPatrol(db, req.ctx, req.body)),
  );
  app.get(
    '/api/safety/patrols/:id',
    {
      config: { policy: safetyActions['safety.patrols.read'] },
      schema: { tags, summary: '巡逻详情 / one patrol', params: IdParams, response: { 200: Patrol, ...errorResponses } },
    },
    async (req) => service.getPatrol(db, req.ctx, req.params.id),
  );
  app.patch(
    '/api/safety/patrols/:id',
    {
      config: { policy: safetyActions['safety.patrols.write'] },
      schema: {
        tags,
        summary: '修改巡逻记录 / update a patrol',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            patrollerType: Type.Optional(PatrolFields.patrollerType),
            patrollers: Type.Optional(PatrolFields.patrollers),
            peopleCount: PatrolFields.peopleCount,
            gridId: PatrolFields.gridId,
            route: PatrolFields.route,
            startedAt: Type.Optional(DateTimeIn),
            endedAt: Type.Optional(DateTimeIn),
            notes: PatrolFields.notes,
          },
          { additionalProperties: false },
        ),
        response: { 200: Patrol, ...errorResponses },
      },
    },
    async (req) => service.updatePatrol(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/safety/patrols/:id/findings',
    {
      config: { policy: safetyActions['safety.patrols.write'] },
      schema: {
        tags,
        summary: '补充巡逻发现 / add findings',
        params: IdParams,
        body: Type.Object({ findings: Type.Array(FindingIn, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Patrol, ...errorResponses },
      },
    },
    async (req) => service.addFindings(db, req.ctx, req.params.id, req.body.findings),
  );
  app.post(
    '/api/safety/findings/:id/event',
    {
      config: { policy: safetyActions['safety.findings.to_event'] },
      schema: {
        tags,
        summary: '巡逻发现一键转为网格事件 / turn a finding into a grid event',
        description: '通过事件模块受理（来源“平安巡逻发现”，位置取发现的坐标，无坐标时取巡逻网格），并关联到该发现；已转过的发现返回 409 并给出事件编号。',
        params: IdParams,
        body: Type.Object(
          {
            categoryId: Type.Integer({ minimum: 1 }),
            title: Type.Optional(Type.String({ maxLength: 200 })),
            description: Type.Optional(Type.String({ maxLength: 2000, description: '默认为发现的描述' })),
            address: Type.Optional(Type.String({ maxLength: 200, description: '默认为发现的位置' })),
            priority: Type.Optional(StringEnum(['normal', 'urgent'] as const)),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ event: Type.Object({ id: Type.Integer(), code: Type.String(), status: Type.String() }), patrol: Patrol }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await service.findingToEvent(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/safety/findings/:id/event-link',
    {
      config: { policy: safetyActions['safety.findings.to_event'] },
      schema: {
        tags,
        summary: '关联巡逻发现与已在事件页上报的网格事件 / link a finding to the event it became',
        params: IdParams,
        body: Type.Object({ eventId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Patrol, ...errorResponses },
      },
    },
    async (req) => service.linkFindingToEvent(db, req.ctx, req.params.id, req.body.eventId),
  );

  // ── police figures ──
  app.get(
    '/api/safety/police-figures',
    {
      config: { policy: safetyActions['safety.police.read'] },
      schema: {
        tags,
        summary: '公安月度数据 / monthly police figures',
        querystring: Type.Object({ year: Year }, { additionalProperties: false }),
        response: { 200: Type.Array(Police), ...errorResponses },
      },
    },
    async (req) => service.listPolice(db, req.ctx, req.query.year),
  );
  app.post(
    '/api/safety/police-figures',
    {
      config: { policy: safetyActions['safety.police.write'] },
      schema: {
        tags,
        summary: '录入公安月度数据（注明来源）/ enter a month’s police figures',
        body: Type.Object(
          {
            month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
            criminalFiled: Count,
            criminalSolved: Count,
            publicSecurityAccepted: Count,
            publicSecurityClosed: Count,
            source: Type.String({ minLength: 1, maxLength: 200, description: '来源，如 开发区派出所月报' }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Police, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.enterPolice(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/safety/police-figures/:id',
    {
      config: { policy: safetyActions['safety.police.write'] },
      schema: {
        tags,
        summary: '更正公安月度数据（原值留审计）/ correct a month',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            criminalFiled: Type.Optional(Count),
            criminalSolved: Type.Optional(Count),
            publicSecurityAccepted: Type.Optional(Count),
            publicSecurityClosed: Type.Optional(Count),
            source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Police, ...errorResponses },
      },
    },
    async (req) => service.correctPolice(db, req.ctx, req.params.id, req.body),
  );

  // ── subjects ──
  app.get(
    '/api/safety/subjects',
    {
      config: { policy: safetyActions['safety.subjects.read'] },
      schema: {
        tags,
        summary: '社区矫正、安置帮教对象（脱敏）/ supervised subjects, masked',
        querystring: PageQuery(['supervisionStart'] as const, {
          kind: Type.Optional(StringEnum(SUBJECT_KINDS)),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 18, description: '按身份证号精确查找' })),
        }),
        response: { 200: Page(Subject), ...errorResponses },
      },
    },
    async (req) => service.listSubjects(db, req.ctx, secretBox, req.query),
  );
  app.post(
    '/api/safety/subjects',
    {
      config: { policy: safetyActions['safety.subjects.write'] },
      schema: {
        tags,
        summary: '登记监管对象 / register a subject',
        body: Type.Object(
          {
            kind: StringEnum(SUBJECT_KINDS, { description: 'community_correction 社区矫正 · resettlement 安置帮教' }),
            name: Type.String({ minLength: 1, maxLength: 50 }),
            idNumber: Type.String({ minLength: 18, maxLength: 18 }),
            supervisionStart: DateStr,
            supervisionEnd: Type.Optional(Nullable(DateStr)),
            officerId: Type.Integer({ minimum: 1 }),
            note: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Subject, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createSubject(db, req.ctx, secretBox, req.body)),
  );
  app.get(
    '/api/safety/subjects/export',
    {
      config: { policy: safetyActions['safety.subjects.export'] },
      schema: {
        tags,
        summary: '导出监管对象（脱敏 CSV，未成年人不导出）/ export, masked, no minors',
        querystring: Type.Object({ from: DateStr, to: DateStr }, { additionalProperties: false }),
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const csv = await service.exportSubjects(db, req.ctx, req.query);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('监管对象.csv')}`);
      return reply.send(csv);
    },
  );
  app.get(
    '/api/safety/subjects/:id',
    {
      config: { policy: safetyActions['safety.subjects.read'] },
      schema: { tags, summary: '监管对象详情（脱敏）/ one subject, masked', params: IdParams, response: { 200: SubjectDetail, ...errorResponses } },
    },
    async (req) => service.getSubject(db, req.ctx, req.params.id),
  );
  app.post(
    '/api/safety/subjects/:id/reveal',
    {
      config: { policy: safetyActions['safety.subjects.reveal'] },
      schema: {
        tags,
        summary: '查看完整身份（须说明理由，记入审计）/ full identity, with a reason, audited',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.Integer(), name: Type.String(), idNumber: Type.String(), note: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.revealSubject(db, req.ctx, secretBox, req.params.id, req.body.reason);
    },
  );
  app.patch(
    '/api/safety/subjects/:id',
    {
      config: { policy: safetyActions['safety.subjects.write'] },
      schema: {
        tags,
        summary: '修改监管对象（解除、重新犯罪等）/ update a subject',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            kind: Type.Optional(StringEnum(SUBJECT_KINDS)),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            idNumber: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })),
            supervisionStart: Type.Optional(DateStr),
            supervisionEnd: Type.Optional(Nullable(DateStr)),
            officerId: Type.Optional(Type.Integer({ minimum: 1 })),
            reoffended: Type.Optional(Type.Boolean()),
            reoffendedOn: Type.Optional(Nullable(DateStr)),
            note: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Subject, ...errorResponses },
      },
    },
    async (req) => service.updateSubject(db, req.ctx, secretBox, req.params.id, req.body),
  );
  app.post(
    '/api/safety/subjects/:id/checkins',
    {
      config: { policy: safetyActions['safety.subjects.write'] },
      schema: {
        tags,
        summary: '登记报到/走访 / record a check-in',
        params: IdParams,
        body: Type.Object(
          { checkedAt: DateTimeIn, method: StringEnum(CHECKIN_METHODS, { description: 'in_person 当面 · phone 电话 · video 视频 · home_visit 走访' }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: SubjectDetail, ...errorResponses },
      },
    },
    async (req) => service.addCheckin(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/safety/figures',
    {
      config: { policy: safetyActions['safety.figures.read'] },
      schema: { tags, summary: '平安建设统计 / safety figures', querystring: PeriodQuery, response: { 200: Figures, ...errorResponses } },
    },
    async (req) => {
      const { from, to } = periodOf(req.query);
      return service.figuresFor(db, req.ctx, from, to);
    },
  );
};
