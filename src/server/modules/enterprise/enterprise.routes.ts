// HTTP for enterprise services: registry, import/export, projects, visits, demands and their workflow, job-posting
// help, bank–enterprise matching, campaigns, targets and figures.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/errors.ts';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { validateCreditCode } from './credit-code.ts';
import { APPLICATION_STATUSES, ENTERPRISE_SIZES, JOB_CHANNELS, VISIT_MODES } from './enterprise.enums.ts';
import { DEMAND_CATEGORIES, DEMAND_SOURCES } from './enterprise.figures.ts';
import { enterpriseActions as A } from './enterprise.policy.ts';
import {
  Application,
  Attachment,
  BankEvent,
  Body,
  Campaign,
  DateStr,
  Demand,
  DemandFields,
  Enterprise,
  EnterpriseEvent,
  EnterpriseFields,
  Figures,
  Import,
  JobPost,
  Nullable,
  Project,
  ProjectFields,
  Target,
  TimelineEntry,
  Visit,
} from './enterprise.schemas.ts';
import { DEMAND_ACTIONS, DEMAND_STATUSES } from './enterprise.workflow.ts';
import * as demands from './demands.service.ts';
import * as exportsService from './exports.service.ts';
import * as figures from './figures.service.ts';
import * as imports from './imports.service.ts';
import * as registry from './registry.service.ts';
import * as support from './support.service.ts';
import * as visits from './visits.service.ts';

const tags = ['enterprise'];
const FileBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'XLSX 或 CSV 文件' });
const Format = Type.Object({ format: Type.Optional(StringEnum(['xlsx', 'csv'] as const, { default: 'xlsx' })) });
const EnterpriseFilters = {
  q: Type.Optional(Type.String({ maxLength: 100, description: '企业名称或统一社会信用代码（模糊）' })),
  industry: Type.Optional(Type.String({ maxLength: 50 })),
  size: Type.Optional(StringEnum(ENTERPRISE_SIZES)),
  tag: Type.Optional(Type.String({ maxLength: 20 })),
  gridId: Type.Optional(Type.Integer({ minimum: 1 })),
  officerId: Type.Optional(Type.Integer({ minimum: 1 })),
  active: Type.Optional(Type.Boolean()),
};
const Period = {
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
};
const RangeQuery = (extra: Parameters<typeof PageQuery>[1] = {}) =>
  PageQuery(['id'] as const, {
    enterpriseId: Type.Optional(Type.Integer({ minimum: 1 })),
    campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(DateStr),
    to: Type.Optional(DateStr),
    ...extra,
  });

export const enterpriseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox } = app.deps;

  // ---------------------------------------------------------------------------------------------- registry

  app.get(
    '/api/enterprise/enterprises',
    {
      config: { policy: A['enterprise.read'] },
      schema: {
        tags,
        summary: '企业名录（按名称或信用代码检索）/ enterprise registry search',
        querystring: PageQuery(['name', 'creditCode', 'createdAt', 'updatedAt'] as const, EnterpriseFilters),
        response: { 200: Page(Enterprise), ...errorResponses },
      },
    },
    async (req) => registry.listEnterprises(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/enterprises',
    {
      config: { policy: A['enterprise.manage'] },
      schema: { tags, summary: '登记企业 / register an enterprise', body: Body(EnterpriseFields), response: { 201: Enterprise, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send(await registry.createEnterprise(db, req.ctx, secretBox, req.body)),
  );

  app.get(
    '/api/enterprise/enterprises/export',
    {
      config: { policy: A['enterprise.export'] },
      schema: {
        tags,
        summary: '导出企业名录（电话脱敏）/ export the registry (phones masked)',
        querystring: Type.Object({ ...EnterpriseFilters, ...Format.properties }, { additionalProperties: false }),
        response: { 200: FileBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { format = 'xlsx', ...q } = req.query;
      const f = await exportsService.exportEnterprises(db, req.ctx, q, format);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.buf);
    },
  );

  app.get(
    '/api/enterprise/credit-code/check',
    {
      config: { policy: A['enterprise.read'] },
      schema: {
        tags,
        summary: '校验统一社会信用代码 / check a credit code (GB 32100)',
        querystring: Type.Object({ code: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Boolean(), code: Type.String(), message: Nullable(Type.String()), position: Nullable(Type.Integer()) }), ...errorResponses },
      },
    },
    async (req) => {
      const r = validateCreditCode(req.query.code);
      return r.ok
        ? { ok: true, code: r.code, message: null, position: null }
        : { ok: false, code: r.code, message: r.zh, position: 'position' in r.problem ? r.problem.position : null };
    },
  );

  app.get(
    '/api/enterprise/officers',
    {
      config: { policy: A['enterprise.read'] },
      schema: {
        tags,
        summary: '企业服务专员（包联干部）/ service officers',
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })), ...errorResponses },
      },
    },
    async (req) => registry.listOfficers(db, req.ctx),
  );

  app.get(
    '/api/enterprise/enterprises/:id',
    {
      config: { policy: A['enterprise.read'] },
      schema: { tags, summary: '企业详情 / an enterprise', params: IdParams, response: { 200: Enterprise, ...errorResponses } },
    },
    async (req) => registry.getEnterprise(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/enterprise/enterprises/:id/events',
    {
      config: { policy: A['enterprise.read'] },
      schema: {
        tags,
        summary: '企业的网格事件（360°视图）/ the enterprise’s grid events',
        description: '本企业反映的及涉及本企业的网格事件，按上报时间倒序；accessible 表示当前用户能否打开事件详情（按事件的数据范围）。',
        params: IdParams,
        querystring: Type.Object(
          { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Page(EnterpriseEvent), ...errorResponses },
      },
    },
    async (req) => registry.enterpriseEvents(db, req.ctx, req.params.id, req.query),
  );

  app.patch(
    '/api/enterprise/enterprises/:id',
    {
      config: { policy: A['enterprise.manage'] },
      schema: {
        tags,
        summary: '修改企业信息 / update an enterprise',
        params: IdParams,
        body: Body({
          version: Type.Integer({ minimum: 1 }),
          ...Object.fromEntries(Object.entries(EnterpriseFields).map(([k, v]) => [k, Type.Optional(v)])),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Enterprise, ...errorResponses },
      },
    },
    async (req) => registry.updateEnterprise(db, req.ctx, secretBox, req.params.id, req.body as registry.EnterprisePatch),
  );

  app.post(
    '/api/enterprise/enterprises/:id/contact',
    {
      config: { policy: A['enterprise.reveal'] },
      schema: {
        tags,
        summary: '查看完整联系电话（须填原因，记入审计）/ reveal the contact phone',
        params: IdParams,
        body: Body({ reason: Type.String({ minLength: 2, maxLength: 200 }) }),
        response: { 200: Type.Object({ contactName: Type.String(), contactPhone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (req) => registry.revealContact(db, req.ctx, secretBox, req.params.id, req.body.reason),
  );

  // ---------------------------------------------------------------------------------------------- import

  app.get(
    '/api/enterprise/imports/template',
    {
      config: { policy: A['enterprise.import'] },
      schema: { tags, summary: '导入模板 / import template', querystring: Type.Object(Format.properties, { additionalProperties: false }), response: { 200: FileBody, ...errorResponses } },
    },
    async (req, reply) => {
      const f = await exportsService.importTemplate(req.ctx, req.query.format ?? 'xlsx');
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.buf);
    },
  );

  app.post(
    '/api/enterprise/imports',
    {
      config: { policy: A['enterprise.import'] },
      schema: {
        tags,
        summary: '上传 XLSX/CSV 导入企业（dryRun 只检查；goodRowsOnly 只导入正确的行）；返回后轮询进度 / start an import',
        consumes: ['multipart/form-data'],
        querystring: Type.Object(
          { dryRun: Type.Optional(Type.Boolean({ default: false })), goodRowsOnly: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 202: Import, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await req.file();
      if (!file) throw errors.validation({ field: 'file' }, { zh: '请选择要导入的文件', en: 'Attach the file' });
      const buf = await file.toBuffer();
      const row = await imports.startImport(db, req.ctx, secretBox, {
        fileName: file.filename,
        buf,
        dryRun: req.query.dryRun ?? false,
        goodRowsOnly: req.query.goodRowsOnly ?? false,
      });
      return reply.code(202).send(row);
    },
  );

  app.get(
    '/api/enterprise/imports',
    { config: { policy: A['enterprise.import'] }, schema: { tags, summary: '最近的导入 / recent imports', response: { 200: Type.Array(Import), ...errorResponses } } },
    async (req) => imports.listImports(db, req.ctx),
  );

  app.get(
    '/api/enterprise/imports/:id',
    {
      config: { policy: A['enterprise.import'] },
      schema: { tags, summary: '导入进度 / import progress', params: IdParams, response: { 200: Import, ...errorResponses } },
    },
    async (req) => imports.getImport(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/enterprise/imports/:id/errors',
    {
      config: { policy: A['enterprise.import'] },
      schema: {
        tags,
        summary: '导入错误行及原因 / bad rows with their reasons',
        params: IdParams,
        querystring: Type.Object(
          { page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Object({ rowNo: Type.Integer(), column: Type.String(), reason: Type.String() })), ...errorResponses },
      },
    },
    async (req) => imports.listImportErrors(db, req.ctx, req.params.id, req.query),
  );

  // ---------------------------------------------------------------------------------------------- projects

  app.get(
    '/api/enterprise/projects',
    {
      config: { policy: A['enterprise.projects.read'] },
      schema: {
        tags,
        summary: '项目 / projects',
        querystring: Type.Object({ enterpriseId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(Project), ...errorResponses },
      },
    },
    async (req) => (await registry.listProjects(db, req.ctx, req.query.enterpriseId)) as never,
  );

  app.post(
    '/api/enterprise/enterprises/:id/projects',
    {
      config: { policy: A['enterprise.projects.write'] },
      schema: { tags, summary: '登记项目 / add a project', params: IdParams, body: Body(ProjectFields), response: { 201: Project, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send((await registry.createProject(db, req.ctx, req.params.id, req.body)) as never),
  );

  app.patch(
    '/api/enterprise/projects/:id',
    {
      config: { policy: A['enterprise.projects.write'] },
      schema: {
        tags,
        summary: '修改项目 / update a project',
        params: IdParams,
        body: Body({
          version: Type.Integer({ minimum: 1 }),
          name: Type.Optional(ProjectFields.name),
          investmentWan: Type.Optional(ProjectFields.investmentWan),
          stage: Type.Optional(ProjectFields.stage),
        }),
        response: { 200: Project, ...errorResponses },
      },
    },
    async (req) => (await registry.updateProject(db, req.ctx, req.params.id, req.body)) as never,
  );

  // ---------------------------------------------------------------------------------------------- visits

  app.get(
    '/api/enterprise/visits',
    {
      config: { policy: A['enterprise.visits.read'] },
      schema: {
        tags,
        summary: '走访记录 / visits',
        querystring: RangeQuery({ officerId: Type.Optional(Type.Integer({ minimum: 1 })), mode: Type.Optional(StringEnum(VISIT_MODES)) }),
        response: { 200: Page(Visit), ...errorResponses },
      },
    },
    async (req) => visits.listVisits(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/visits',
    {
      config: { policy: A['enterprise.visits.write'] },
      schema: {
        tags,
        summary: '登记走访（提出的问题各成为一条诉求）/ record a visit; each problem raised becomes a demand',
        body: Body({
          enterpriseId: Type.Integer({ minimum: 1 }),
          mode: StringEnum(VISIT_MODES, { description: 'on_site 实地走访 · online 线上交流' }),
          visitDate: DateStr,
          officerId: Type.Optional(Type.Integer({ minimum: 1 })),
          participants: Type.Optional(Type.String({ maxLength: 500 })),
          notes: Type.Optional(Type.String({ maxLength: 5000 })),
          campaignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          problems: Type.Optional(
            Type.Array(
              Body({
                category: DemandFields.category,
                title: DemandFields.title,
                description: DemandFields.description,
                projectId: DemandFields.projectId,
                project: DemandFields.project,
              }),
              { maxItems: 50 },
            ),
          ),
        }),
        response: { 201: Type.Object({ ...Visit.properties, demands: Type.Array(Demand) }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await visits.createVisit(db, req.ctx, req.body)),
  );

  app.get(
    '/api/enterprise/visits/:id',
    {
      config: { policy: A['enterprise.visits.read'] },
      schema: { tags, summary: '走访详情 / a visit', params: IdParams, response: { 200: Type.Object({ ...Visit.properties, demands: Type.Array(Demand) }), ...errorResponses } },
    },
    async (req) => visits.getVisit(db, req.ctx, req.params.id),
  );

  // ---------------------------------------------------------------------------------------------- demands

  app.get(
    '/api/enterprise/demands',
    {
      config: { policy: A['enterprise.demands.read'] },
      schema: {
        tags,
        summary: '诉求看板（职能部门只见本单位，企业只见本企业）/ the demand board',
        querystring: PageQuery(['collectedAt', 'answerDueAt', 'updatedAt', 'id'] as const, {
          status: Type.Optional(Type.Array(StringEnum(DEMAND_STATUSES))),
          category: Type.Optional(StringEnum(DEMAND_CATEGORIES)),
          source: Type.Optional(StringEnum(DEMAND_SOURCES)),
          enterpriseId: Type.Optional(Type.Integer({ minimum: 1 })),
          unitId: Type.Optional(Type.Integer({ minimum: 1 })),
          officerId: Type.Optional(Type.Integer({ minimum: 1 })),
          campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
          projectId: Type.Optional(Type.Integer({ minimum: 1 })),
          visitId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          overdue: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: {
          200: Type.Object({ ...Page(Demand).properties, statusCounts: Type.Record(Type.String(), Type.Integer()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => demands.listDemands(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/demands',
    {
      config: { policy: A['enterprise.demands.create'] },
      schema: { tags, summary: '登记或提交诉求 / record or submit a demand', body: Body(DemandFields), response: { 201: Demand, ...errorResponses } },
    },
    async (req, reply) => {
      const { collectedAt, ...rest } = req.body;
      const d = await demands.createDemand(db, req.ctx, { ...rest, collectedAt: collectedAt ? new Date(collectedAt) : undefined });
      return reply.code(201).send(d);
    },
  );

  app.get(
    '/api/enterprise/demands/:id',
    {
      config: { policy: A['enterprise.demands.read'] },
      schema: { tags, summary: '诉求详情 / a demand', params: IdParams, response: { 200: Demand, ...errorResponses } },
    },
    async (req) => demands.getDemand(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/enterprise/demands/:id/timeline',
    {
      config: { policy: A['enterprise.demands.read'] },
      schema: { tags, summary: '诉求办理过程 / a demand’s timeline', params: IdParams, response: { 200: Type.Array(TimelineEntry), ...errorResponses } },
    },
    async (req) => demands.demandTimeline(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/enterprise/demands/:id/transitions',
    {
      config: { policy: A['enterprise.demands.act'] },
      schema: {
        tags,
        summary: '诉求流转：交办、退回、答复、解决、确认、不认可、办结未解决 / move a demand',
        params: IdParams,
        body: Body({
          action: StringEnum(DEMAND_ACTIONS),
          version: Type.Integer({ minimum: 1 }),
          unitId: Type.Optional(Type.Integer({ minimum: 1, description: 'assign: 承办单位' })),
          reason: Type.Optional(Type.String({ maxLength: 1000, description: 'return / reject / close_unresolved: 原因' })),
          answer: Type.Optional(Type.String({ maxLength: 5000, description: 'answer: 答复内容' })),
          attachments: Type.Optional(Type.Array(Attachment, { maxItems: 20 })),
          satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'confirm: 满意度 1–5' })),
          comment: Type.Optional(Type.String({ maxLength: 1000 })),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 200: Demand, ...errorResponses },
      },
    },
    async (req) => demands.transition(db, req.ctx, req.params.id, req.body),
  );

  // ---------------------------------------------------------------------------------------------- job posts

  app.get(
    '/api/enterprise/job-posts',
    {
      config: { policy: A['enterprise.support.read'] },
      schema: { tags, summary: '招聘帮扶记录 / job-posting help', querystring: RangeQuery(), response: { 200: Page(JobPost), ...errorResponses } },
    },
    async (req) => support.listJobPosts(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/job-posts',
    {
      config: { policy: A['enterprise.support.write'] },
      schema: {
        tags,
        summary: '登记帮助企业线上发布招聘 / record job-posting help',
        body: Body({
          enterpriseId: Type.Integer({ minimum: 1 }),
          postedOn: DateStr,
          channel: StringEnum(JOB_CHANNELS),
          positionsCount: Type.Integer({ minimum: 1, maximum: 100000 }),
          positionTitles: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200 })),
          hiredCount: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
          campaignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          notes: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: JobPost, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await support.createJobPost(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/enterprise/job-posts/:id',
    {
      config: { policy: A['enterprise.support.write'] },
      schema: {
        tags,
        summary: '补充招聘结果（录用人数）/ update job-posting help (people hired later)',
        params: IdParams,
        body: Body({
          version: Type.Integer({ minimum: 1 }),
          hiredCount: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
          positionsCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
          positionTitles: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200 })),
          notes: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: JobPost, ...errorResponses },
      },
    },
    async (req) => support.updateJobPost(db, req.ctx, req.params.id, req.body),
  );

  // ---------------------------------------------------------------------------------------------- financing

  app.get(
    '/api/enterprise/bank-events',
    {
      config: { policy: A['enterprise.support.read'] },
      schema: { tags, summary: '银企对接活动 / bank–enterprise matching events', querystring: RangeQuery(), response: { 200: Page(BankEvent), ...errorResponses } },
    },
    async (req) => support.listBankEvents(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/bank-events',
    {
      config: { policy: A['enterprise.support.write'] },
      schema: {
        tags,
        summary: '登记银企对接活动 / record a matching event',
        body: Body({
          heldOn: DateStr,
          name: Type.String({ minLength: 1, maxLength: 100 }),
          place: Type.Optional(Type.String({ maxLength: 200 })),
          banks: Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 50 }),
          campaignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          notes: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: BankEvent, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await support.createBankEvent(db, req.ctx, req.body)),
  );

  app.get(
    '/api/enterprise/financing',
    {
      config: { policy: A['enterprise.support.read'] },
      schema: {
        tags,
        summary: '融资申请 / financing applications',
        querystring: RangeQuery({ eventId: Type.Optional(Type.Integer({ minimum: 1 })), status: Type.Optional(StringEnum(APPLICATION_STATUSES)) }),
        response: { 200: Page(Application), ...errorResponses },
      },
    },
    async (req) => support.listApplications(db, req.ctx, req.query),
  );

  app.post(
    '/api/enterprise/financing',
    {
      config: { policy: A['enterprise.support.write'] },
      schema: {
        tags,
        summary: '登记企业融资申请 / record a financing application',
        body: Body({
          enterpriseId: Type.Integer({ minimum: 1 }),
          eventId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          bank: Type.String({ minLength: 1, maxLength: 50 }),
          requestedWan: Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000, description: '申请金额（万元）' }),
          purpose: Type.Optional(Type.String({ maxLength: 500 })),
          appliedOn: DateStr,
          campaignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
        }),
        response: { 201: Application, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await support.createApplication(db, req.ctx, req.body)),
  );

  app.post(
    '/api/enterprise/financing/:id/outcome',
    {
      config: { policy: A['enterprise.support.write'] },
      schema: {
        tags,
        summary: '登记融资结果：放款（金额、日期）或未获批（原因）/ record the bank’s decision',
        params: IdParams,
        body: Body({
          version: Type.Integer({ minimum: 1 }),
          outcome: StringEnum(['granted', 'declined'] as const),
          grantedWan: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000 })),
          grantedOn: Type.Optional(DateStr),
          declinedReason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: Application, ...errorResponses },
      },
    },
    async (req) => {
      const b = req.body;
      if (b.outcome === 'granted') {
        if (b.grantedWan === undefined || !b.grantedOn) {
          throw errors.validation({ field: 'grantedWan' }, { zh: '放款须填写金额和日期', en: 'A grant needs its amount and date' });
        }
        return support.recordOutcome(db, req.ctx, req.params.id, { version: b.version, outcome: 'granted', grantedWan: b.grantedWan, grantedOn: b.grantedOn });
      }
      return support.recordOutcome(db, req.ctx, req.params.id, { version: b.version, outcome: 'declined', declinedReason: b.declinedReason ?? '' });
    },
  );

  // ---------------------------------------------------------------------------------------------- campaigns, targets, figures

  app.get(
    '/api/enterprise/campaigns',
    { config: { policy: A['enterprise.support.read'] }, schema: { tags, summary: '专项活动 / campaigns', response: { 200: Type.Array(Campaign), ...errorResponses } } },
    async (req) => support.listCampaigns(db, req.ctx),
  );

  app.post(
    '/api/enterprise/campaigns',
    {
      config: { policy: A['enterprise.campaigns.write'] },
      schema: {
        tags,
        summary: '新建专项活动（如 2020 复工复产）/ add a campaign',
        body: Body({
          code: Type.String({ minLength: 2, maxLength: 40 }),
          name: Type.String({ minLength: 1, maxLength: 100 }),
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          startsOn: Type.Optional(Nullable(DateStr)),
          endsOn: Type.Optional(Nullable(DateStr)),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: Campaign, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await support.createCampaign(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/enterprise/campaigns/:id',
    {
      config: { policy: A['enterprise.campaigns.write'] },
      schema: {
        tags,
        summary: '修改专项活动 / update a campaign',
        params: IdParams,
        body: Body({
          version: Type.Integer({ minimum: 1 }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          startsOn: Type.Optional(Nullable(DateStr)),
          endsOn: Type.Optional(Nullable(DateStr)),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Campaign, ...errorResponses },
      },
    },
    async (req) => support.updateCampaign(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/enterprise/targets',
    { config: { policy: A['enterprise.figures.read'] }, schema: { tags, summary: '年度问题收集目标 / yearly collection targets', response: { 200: Type.Array(Target), ...errorResponses } } },
    async (req) => support.listTargets(db, req.ctx),
  );

  app.put(
    '/api/enterprise/targets/:year',
    {
      config: { policy: A['enterprise.targets.write'] },
      schema: {
        tags,
        summary: '设定年度问题收集目标（已有目标须带 version）/ set the year’s collection target',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
        body: Body({
          collectionTarget: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Target, ...errorResponses },
      },
    },
    async (req) => support.setTarget(db, req.ctx, req.params.year, req.body),
  );

  app.get(
    '/api/enterprise/figures',
    {
      config: { policy: A['enterprise.figures.read'] },
      schema: {
        tags,
        summary: '企业服务数据：服务企业数、收集率、答复率、解决率、答复用时、满意度，按类别/干部/单位/月；招聘帮扶；银企对接 / figures',
        querystring: Type.Object(Period, { additionalProperties: false }),
        response: { 200: Figures, ...errorResponses },
      },
    },
    async (req) => figures.figures(db, req.ctx, req.query),
  );

  app.get(
    '/api/enterprise/figures/campaigns',
    {
      config: { policy: A['enterprise.figures.read'] },
      schema: {
        tags,
        summary: '各专项活动的数据 / figures per campaign',
        response: { 200: Type.Array(Type.Object({ campaign: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), year: Type.Integer() }), ...Figures.properties })), ...errorResponses },
      },
    },
    async (req) => figures.campaignFigures(db, req.ctx),
  );
};
