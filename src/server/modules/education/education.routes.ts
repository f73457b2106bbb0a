// HTTP for study records (with XLSX import), exam results, the compliance view, 谁执法谁普法 and publicity events.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/errors.ts';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { studyTemplate } from './education.import.ts';
import { educationActions } from './education.policy.ts';
import * as service from './education.service.ts';
import { STUDY_FORMS } from './education.table.ts';

const tags = ['education'];
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const FileRef = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), ref: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const Material = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 50 }), count: Type.Integer({ minimum: 1, maximum: 1000000 }) }, { additionalProperties: false });
const Activity = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false });
const RateSchema = Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), rate: Nullable(Type.Number()) });

const StudyRecord = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  userName: Type.String(),
  course: Type.String(),
  hours: Type.Number(),
  studiedOn: Type.String(),
  form: StringEnum(STUDY_FORMS),
  source: Type.String(),
  version: Type.Integer(),
  createdAt: DateTime,
});

const ExamResult = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  userName: Type.Optional(Type.String()),
  year: Type.Integer(),
  score: Nullable(Type.Number()),
  passed: Type.Boolean(),
  takenOn: Nullable(Type.String()),
  version: Type.Integer(),
});

const ComplianceRow = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  orgUnitName: Nullable(Type.String()),
  hours: Type.Number(),
  hoursMet: Type.Boolean(),
  examPassed: Nullable(Type.Boolean()),
  examScore: Nullable(Type.Number()),
  compliant: Type.Boolean(),
});

const Duty = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  year: Type.Integer(),
  law: Type.String(),
  plannedActivities: Type.Array(Type.Object({ title: Type.String(), month: Type.String() })),
  eventsHeld: Type.Integer(),
  version: Type.Integer(),
});

const PublicityEvent = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  theme: Type.String(),
  heldOn: Type.String(),
  enterpriseId: Nullable(Type.Integer()),
  enterpriseName: Nullable(Type.String()),
  place: Type.String(),
  organiserOrgUnitId: Nullable(Type.Integer()),
  organiserOrgUnitName: Nullable(Type.String()),
  organiser: Type.String(),
  participants: Type.Integer(),
  materials: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() })),
  materialsTotal: Type.Integer(),
  photos: Type.Array(Type.Object({ name: Type.String(), ref: Type.String() })),
  dutyId: Nullable(Type.Integer()),
  version: Type.Integer(),
  createdAt: DateTime,
});

const PublicityFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  theme: Type.String({ minLength: 1, maxLength: 50, description: '主题，如 安全生产月、禁毒宣传月、民法典宣讲、12·4宪法宣传日' }),
  heldOn: DateStr,
  enterpriseId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  organiserOrgUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  organiser: Type.Optional(Type.String({ maxLength: 100 })),
  participants: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
  materials: Type.Optional(Type.Array(Material, { maxItems: 50 })),
  photos: Type.Optional(Type.Array(FileRef, { maxItems: 30 })),
  dutyId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
};

const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  year: Type.Integer(),
  requiredHours: Type.Integer(),
  officials: Type.Integer(),
  studyHours: Type.Number(),
  hoursMet: RateSchema,
  examPassed: RateSchema,
  publicity: Type.Object({
    events: Type.Integer(),
    participants: Type.Integer(),
    materials: Type.Integer(),
    materialsByKind: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() })),
    enterprisesReached: Type.Integer(),
    byTheme: Type.Array(Type.Object({ theme: Type.String(), events: Type.Integer(), materials: Type.Integer(), participants: Type.Integer() })),
    byMonth: Type.Array(Type.Object({ month: Type.String(), events: Type.Integer(), materials: Type.Integer() })),
  }),
});

const PeriodQuery = Type.Object({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) }, { additionalProperties: false });
function periodOf(q: { from?: string; to?: string }) {
  const year = new Date().getFullYear();
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const educationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  // ── study records ──
  app.get(
    '/api/education/study-records',
    {
      config: { policy: educationActions['education.study.read'] },
      schema: {
        tags,
        summary: '学法记录（本人或全部）/ study records',
        querystring: PageQuery(['studiedOn'] as const, {
          userId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          form: Type.Optional(StringEnum(STUDY_FORMS)),
        }),
        response: { 200: Type.Object({ ...Page(StudyRecord).properties, hours: Type.Number({ description: '筛选范围内学时合计' }) }), ...errorResponses },
      },
    },
    async (req) => service.listStudy(db, req.ctx, req.query),
  );

  app.post(
    '/api/education/study-records',
    {
      config: { policy: educationActions['education.study.write'] },
      schema: {
        tags,
        summary: '登记学法记录 / record study',
        body: Type.Object(
          {
            userId: Type.Optional(Type.Integer({ minimum: 1, description: '缺省为本人' })),
            course: Type.String({ minLength: 1, maxLength: 200 }),
            hours: Type.Number({ exclusiveMinimum: 0, maximum: 200, multipleOf: 0.1 }),
            studiedOn: DateStr,
            form: StringEnum(STUDY_FORMS),
          },
          { additionalProperties: false },
        ),
        response: { 201: StudyRecord, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await service.createStudy(db, req.ctx, req.body);
      return reply.code(201).send({ ...r, hours: Number(r.hours) });
    },
  );

  app.patch(
    '/api/education/study-records/:id',
    {
      config: { policy: educationActions['education.study.write'] },
      schema: {
        tags,
        summary: '修改学法记录 / update a study record',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            course: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 200, multipleOf: 0.1 })),
            studiedOn: Type.Optional(DateStr),
            form: Type.Optional(StringEnum(STUDY_FORMS)),
          },
          { additionalProperties: false },
        ),
        response: { 200: StudyRecord, ...errorResponses },
      },
    },
    async (req) => service.updateStudy(db, req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/education/study-records/:id',
    {
      config: { policy: educationActions['education.study.write'] },
      schema: {
        tags,
        summary: '删除学法记录 / delete a study record',
        params: IdParams,
        querystring: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteStudy(db, req.ctx, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/education/study-records/template',
    {
      config: { policy: educationActions['education.study.import'] },
      schema: {
        tags,
        summary: '学法记录导入模板（XLSX）/ import template',
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
      },
    },
    async (_req, reply) => {
      reply.header('content-type', XLSX_TYPE);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('学法记录导入模板.xlsx')}`);
      return reply.send(await studyTemplate());
    },
  );

  app.post(
    '/api/education/study-records/import',
    {
      config: { policy: educationActions['education.study.import'] },
      schema: {
        tags,
        summary: '批量导入学法记录（multipart，字段 file，.xlsx）/ import study records from XLSX',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ imported: Type.Integer(), officials: Type.Integer(), hours: Type.Number() }), ...errorResponses },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw errors.badRequest('education.import_file_required', { zh: '请上传 .xlsx 文件', en: 'Upload an .xlsx file' });
      const file = await req.file();
      if (!file) throw errors.badRequest('education.import_file_required', { zh: '请上传 .xlsx 文件', en: 'Upload an .xlsx file' });
      const buffer = await file.toBuffer();
      return service.importStudy(db, req.ctx, buffer);
    },
  );

  // ── exams ──
  app.get(
    '/api/education/exams',
    {
      config: { policy: educationActions['education.exam.read'] },
      schema: {
        tags,
        summary: '年度网上学法考试成绩 / exam results of a year',
        querystring: Type.Object({ year: Year }, { additionalProperties: false }),
        response: { 200: Type.Array(ExamResult), ...errorResponses },
      },
    },
    async (req) => service.listExams(db, req.ctx, req.query.year),
  );

  app.put(
    '/api/education/exams',
    {
      config: { policy: educationActions['education.exam.write'] },
      schema: {
        tags,
        summary: '登记或更正考试成绩（更正须带 version）/ record or correct an exam result',
        body: Type.Object(
          {
            userId: Type.Integer({ minimum: 1 }),
            year: Year,
            passed: Type.Boolean(),
            score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1000 }))),
            takenOn: Type.Optional(Nullable(DateStr)),
            version: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ExamResult, ...errorResponses },
      },
    },
    async (req) => service.recordExam(db, req.ctx, req.body),
  );

  app.get(
    '/api/education/compliance',
    {
      config: { policy: educationActions['education.compliance.read'] },
      schema: {
        tags,
        summary: '学法达标情况（不足 40 学时、未通过考试）/ study compliance',
        querystring: Type.Object(
          {
            year: Year,
            only: Type.Optional(StringEnum(['all', 'short', 'below_hours', 'not_passed'] as const)),
            page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            requiredHours: Type.Integer(),
            officials: Type.Integer(),
            belowHours: Type.Integer(),
            notPassed: Type.Integer(),
            ...Page(ComplianceRow).properties,
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.compliance(db, req.ctx, req.query),
  );

  // ── 谁执法谁普法 ──
  app.get(
    '/api/education/duties',
    {
      config: { policy: educationActions['education.duties.read'] },
      schema: {
        tags,
        summary: '“谁执法谁普法”责任清单 / publicity responsibility list',
        querystring: Type.Object({ year: Year, orgUnitId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(Duty), ...errorResponses },
      },
    },
    async (req) => service.listDuties(db, req.ctx, req.query.year, req.query.orgUnitId),
  );

  app.post(
    '/api/education/duties',
    {
      config: { policy: educationActions['education.duties.write'] },
      schema: {
        tags,
        summary: '列入普法责任 / add a law to a department’s list',
        body: Type.Object(
          { orgUnitId: Type.Integer({ minimum: 1 }), year: Year, law: Type.String({ minLength: 1, maxLength: 200 }), plannedActivities: Type.Array(Activity, { maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 201: Duty, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createDuty(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/education/duties/:id',
    {
      config: { policy: educationActions['education.duties.write'] },
      schema: {
        tags,
        summary: '修改普法责任 / update a duty',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            law: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            plannedActivities: Type.Optional(Type.Array(Activity, { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Duty, ...errorResponses },
      },
    },
    async (req) => service.updateDuty(db, req.ctx, req.params.id, req.body),
  );

  // ── publicity events ──
  app.get(
    '/api/education/publicity-events',
    {
      config: { policy: educationActions['education.publicity.read'] },
      schema: {
        tags,
        summary: '普法宣传活动 / publicity events',
        querystring: PageQuery(['heldOn'] as const, {
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          theme: Type.Optional(Type.String({ maxLength: 50 })),
          enterpriseId: Type.Optional(Type.Integer({ minimum: 1 })),
          organiserOrgUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Page(PublicityEvent), ...errorResponses },
      },
    },
    async (req) => service.listPublicity(db, req.ctx, req.query),
  );

  app.post(
    '/api/education/publicity-events',
    {
      config: { policy: educationActions['education.publicity.write'] },
      schema: {
        tags,
        summary: '登记普法宣传活动 / record a publicity event',
        body: Type.Object(PublicityFields, { additionalProperties: false }),
        response: { 201: PublicityEvent, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createPublicity(db, req.ctx, req.body)),
  );

  app.get(
    '/api/education/publicity-events/:id',
    {
      config: { policy: educationActions['education.publicity.read'] },
      schema: { tags, summary: '普法活动详情 / one event', params: IdParams, response: { 200: PublicityEvent, ...errorResponses } },
    },
    async (req) => service.getPublicity(db, req.ctx, req.params.id),
  );

  app.patch(
    '/api/education/publicity-events/:id',
    {
      config: { policy: educationActions['education.publicity.write'] },
      schema: {
        tags,
        summary: '修改普法活动 / update an event',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            title: Type.Optional(PublicityFields.title),
            theme: Type.Optional(PublicityFields.theme),
            heldOn: Type.Optional(DateStr),
            enterpriseId: PublicityFields.enterpriseId,
            place: PublicityFields.place,
            organiserOrgUnitId: PublicityFields.organiserOrgUnitId,
            organiser: PublicityFields.organiser,
            participants: PublicityFields.participants,
            materials: PublicityFields.materials,
            photos: PublicityFields.photos,
            dutyId: PublicityFields.dutyId,
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicityEvent, ...errorResponses },
      },
    },
    async (req) => service.updatePublicity(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/education/figures',
    {
      config: { policy: educationActions['education.figures.read'] },
      schema: { tags, summary: '学法普法统计 / education figures', querystring: PeriodQuery, response: { 200: Figures, ...errorResponses } },
    },
    async (req) => {
      const { from, to } = periodOf(req.query);
      return service.figuresFor(db, req.ctx, from, to);
    },
  );
};
