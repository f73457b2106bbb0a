// HTTP for annual reports (drafting, versions, workflow, rendering, export) and the public portal's
// published reports.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, StringEnum } from '../../platform/http/schemas.ts';
import { FigureSchema, FindingSchema, FINDING_RULES } from '../assessment/index.ts';
import { reportActions } from './report.policy.ts';
import * as service from './report.service.ts';
import { REPORT_ACTIONS, REPORT_STATUSES } from './report.workflow.ts';

const tags = ['report'];
const publicTags = ['portal'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const Text = Type.String({ maxLength: 20000 });

const Item = Type.Object({ text: Text, finding: Type.Optional(Nullable(StringEnum(FINDING_RULES))) }, { additionalProperties: false });
const Part = () =>
  Type.Object(
    { heading: Type.String({ maxLength: 200 }), intro: Type.Array(Text, { maxItems: 20 }), items: Type.Array(Item, { maxItems: 30 }) },
    { additionalProperties: false },
  );
export const ReportBodySchema = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    opening: Type.Array(Text, { maxItems: 20 }),
    work: Type.Object(
      {
        heading: Type.String({ maxLength: 200 }),
        sections: Type.Array(
          Type.Object(
            {
              key: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
              heading: Type.String({ maxLength: 200 }),
              paragraphs: Type.Array(Text, { maxItems: 50 }),
              leadersDuty: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 20 },
        ),
      },
      { additionalProperties: false },
    ),
    shortcomings: Part(),
    plans: Part(),
  },
  { additionalProperties: false },
);

const Run = Type.Object({ text: Type.String(), figure: Type.Optional(Type.String()), missing: Type.Optional(Type.String()), basis: Type.Optional(Type.Array(Type.String())) });
const Block = Type.Object({
  kind: StringEnum(['title', 'heading1', 'heading2', 'paragraph'] as const),
  path: Type.String(),
  runs: Type.Array(Run),
  finding: Type.Optional(Nullable(StringEnum(FINDING_RULES))),
});
const Rendered = Type.Object({
  year: Type.Integer(),
  jurisdiction: Type.Object({ name: Type.String(), shortName: Type.String() }),
  title: Type.String(),
  blocks: Type.Array(Block),
  figures: Type.Array(FigureSchema),
  missing: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), reason: Type.String() })),
  templateErrors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
});
const PublishedFigure = Type.Object({
  key: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  value: Nullable(Type.Union([Type.Number(), Type.String()])),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
});
const Published = Type.Object({
  year: Type.Integer(),
  jurisdiction: Type.Object({ name: Type.String(), shortName: Type.String() }),
  title: Type.String(),
  blocks: Type.Array(Type.Object({ kind: Block.properties.kind, path: Type.String(), runs: Type.Array(Type.Object({ text: Type.String(), figure: Type.Optional(Type.String()) })) })),
  figures: Type.Array(PublishedFigure),
  version: Type.Integer(),
  publishedAt: Type.String(),
});

const Report = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  status: StringEnum(REPORT_STATUSES),
  currentVersion: Type.Integer(),
  version: Type.Integer(),
  body: ReportBodySchema,
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(DateTime),
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(DateTime),
  publishedAt: Nullable(DateTime),
  publishedVersion: Nullable(Type.Integer()),
  actions: Type.Array(StringEnum(REPORT_ACTIONS)),
  editable: Type.Boolean(),
  missingContents: Type.Array(Type.String()),
  events: Type.Array(
    Type.Object({
      action: Type.String(),
      fromStatus: Nullable(Type.String()),
      toStatus: Type.String(),
      versionNumber: Type.Integer(),
      actorName: Type.String(),
      note: Type.String(),
      at: DateTime,
    }),
  ),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const Changes = Type.Object({ changed: Type.Integer(), added: Type.Integer(), removed: Type.Integer(), labels: Type.Array(Type.String()) });
const Part2 = Type.Object({ op: StringEnum(['=', '+', '-'] as const), text: Type.String() });
const DiffEntry = Type.Object({
  op: StringEnum(['same', 'added', 'removed', 'changed'] as const),
  path: Type.String(),
  label: Type.String(),
  before: Type.Optional(Type.String()),
  after: Type.Optional(Type.String()),
  parts: Type.Optional(Type.Array(Part2)),
});

const FormatQuery = { format: StringEnum(service.EXPORT_FORMATS, { description: 'docx（GB/T 9704 公文格式）· html（可打印）· md' }) };
const VersionNumber = Type.Integer({ minimum: 1, maximum: 100000 });

function fileHeaders(f: { contentType: string; filename: string }, inline: boolean): Record<string, string> {
  return { 'content-type': f.contentType, 'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.filename)}` };
}

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, rateLimits } = app.deps;
  const read = { policy: reportActions['report.read'] };
  const write = { policy: reportActions['report.write'] };

  app.get(
    '/api/reports',
    {
      config: read,
      schema: {
        tags,
        summary: '年度报告列表 / annual reports',
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
        response: {
          200: Page(
            Type.Object({
              id: Type.Integer(),
              year: Type.Integer(),
              title: Type.String(),
              status: StringEnum(REPORT_STATUSES),
              currentVersion: Type.Integer(),
              publishedAt: Nullable(DateTime),
              version: Type.Integer(),
              updatedAt: DateTime,
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => service.listReports(db, req.ctx, req.query),
  );

  app.post(
    '/api/reports',
    {
      config: write,
      schema: {
        tags,
        summary: '起草某年度报告（默认模板或沿用上年）/ draft a year report',
        body: Type.Object(
          { year: Type.Integer({ minimum: 2000, maximum: 2100 }), basis: Type.Optional(StringEnum(['default', 'previous_year'] as const)) },
          { additionalProperties: false },
        ),
        response: { 201: Report, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createReport(db, req.ctx, req.body)),
  );

  app.get(
    '/api/reports/:id',
    { config: read, schema: { tags, summary: '报告（当前版本正文、状态、可执行操作、流转记录）/ a report', params: IdParams, response: { 200: Report, ...errorResponses } } },
    async (req) => service.getReport(db, req.ctx, req.params.id),
  );

  app.put(
    '/api/reports/:id/body',
    {
      config: write,
      schema: {
        tags,
        summary: '保存正文为新版本 / save the body as a new version',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), body: ReportBodySchema, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Report, ...errorResponses },
      },
    },
    async (req) => service.saveBody(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reports/:id/transitions',
    {
      config: { policy: reportActions['report.transition'] },
      schema: {
        tags,
        summary: '审核、批准、退回、公开、撤回 / workflow step',
        params: IdParams,
        body: Type.Object(
          { action: StringEnum(REPORT_ACTIONS), version: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Report, ...errorResponses },
      },
    },
    async (req) => service.transition(db, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/reports/:id/versions',
    {
      config: read,
      schema: {
        tags,
        summary: '版本列表（谁改了什么）/ versions',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              number: Type.Integer(),
              note: Type.String(),
              changes: Nullable(Changes),
              authorName: Type.String(),
              createdAt: DateTime,
              current: Type.Boolean(),
              published: Type.Boolean(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => service.listVersions(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/reports/:id/versions/:number',
    {
      config: read,
      schema: {
        tags,
        summary: '某一版本的正文 / one version',
        params: Type.Object({ id: IdParams.properties.id, number: VersionNumber }, { additionalProperties: false }),
        response: { 200: Type.Object({ number: Type.Integer(), note: Type.String(), authorName: Type.String(), createdAt: DateTime, body: ReportBodySchema }), ...errorResponses },
      },
    },
    async (req) => service.getVersion(db, req.ctx, req.params.id, req.params.number),
  );

  app.get(
    '/api/reports/:id/diff',
    {
      config: read,
      schema: {
        tags,
        summary: '两个版本的差异 / diff between versions',
        params: IdParams,
        querystring: Type.Object({ from: VersionNumber, to: VersionNumber }, { additionalProperties: false }),
        response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), summary: Changes, entries: Type.Array(DiffEntry) }), ...errorResponses },
      },
    },
    async (req) => service.diff(db, req.ctx, req.params.id, req.query.from, req.query.to),
  );

  app.get(
    '/api/reports/:id/rendered',
    {
      config: read,
      schema: {
        tags,
        summary: '按当年数据生成的报告（每个数字带统计项键和明细列表）/ the report with its figures',
        params: IdParams,
        querystring: Type.Object({ version: Type.Optional(VersionNumber) }, { additionalProperties: false }),
        response: { 200: Rendered, ...errorResponses },
      },
    },
    async (req) => service.rendered(db, req.ctx, req.params.id, req.query.version),
  );

  app.get(
    '/api/reports/:id/suggestions',
    {
      config: read,
      schema: {
        tags,
        summary: '数据发现的不足及建议条目 / findings and suggested items',
        params: IdParams,
        response: {
          200: Type.Object({ findings: Type.Array(FindingSchema), shortcomings: Type.Array(Item), plans: Type.Array(Item) }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.suggestions(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/reports/:id/export',
    {
      config: read,
      schema: {
        tags,
        summary: '导出 DOCX / HTML / Markdown / export',
        params: IdParams,
        querystring: Type.Object({ ...FormatQuery, version: Type.Optional(VersionNumber) }, { additionalProperties: false }),
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await service.exportReport(db, req.ctx, req.params.id, req.query);
      return reply.headers(fileHeaders(f, req.query.format === 'html')).send(f.data);
    },
  );

  // ── public portal ──
  const publicCfg = { public: true, rateLimit: { max: rateLimits.public, timeWindow: '1 minute' } };

  app.get(
    '/api/public/reports',
    {
      config: publicCfg,
      schema: {
        tags: publicTags,
        summary: '已公开的法治政府建设情况报告 / published reports',
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
        response: {
          200: Page(Type.Object({ id: Type.Integer(), year: Type.Integer(), jurisdictionName: Type.String(), title: Type.String(), publishedAt: DateTime })),
          ...errorResponses,
        },
      },
    },
    async (req) => service.listPublished(db, req.query),
  );

  app.get(
    '/api/public/reports/:id',
    { config: publicCfg, schema: { tags: publicTags, summary: '已公开的报告全文 / a published report', params: IdParams, response: { 200: Published, ...errorResponses } } },
    async (req) => service.getPublished(db, req.params.id),
  );

  app.get(
    '/api/public/reports/:id/export',
    {
      config: publicCfg,
      schema: {
        tags: publicTags,
        summary: '下载已公开的报告 / download a published report',
        params: IdParams,
        querystring: Type.Object(FormatQuery, { additionalProperties: false }),
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await service.exportPublished(db, req.params.id, req.query.format);
      return reply.headers(fileHeaders(f, req.query.format === 'html')).send(f.data);
    },
  );
};
