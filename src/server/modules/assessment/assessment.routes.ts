// HTTP for figures, indicators, self-assessment and shortcomings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, StringEnum } from '../../platform/http/schemas.ts';
import { FIGURE_MODULES } from './assessment.catalogue.ts';
import { FINDING_RULES } from './assessment.findings.ts';
import { AREAS, DIRECTIONS } from './assessment.indicators.ts';
import { assessmentActions } from './assessment.policy.ts';
import * as service from './assessment.service.ts';

const tags = ['assessment'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });

export const PeriodFields = {
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
};
const PeriodQuery = Type.Object(PeriodFields, { additionalProperties: false });

export const PeriodSchema = Type.Object({
  kind: StringEnum(['year', 'quarter', 'month'] as const),
  year: Type.Integer(),
  quarter: Type.Optional(Type.Integer()),
  month: Type.Optional(Type.Integer()),
  from: Type.String(),
  to: Type.String(),
  label: Type.String(),
});

export const DrillSchema = Type.Object({
  api: Type.String(),
  query: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  label: Type.String(),
});

export const FigureSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  module: StringEnum(FIGURE_MODULES),
  kind: StringEnum(['count', 'amount', 'rate', 'text'] as const),
  unit: Type.String(),
  basis: StringEnum(['period', 'year_to_date', 'current'] as const),
  value: Nullable(Type.Union([Type.Number(), Type.String()])),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  missing: Nullable(Type.String()),
  drill: Nullable(DrillSchema),
});

const CatalogueEntry = Type.Object({
  key: Type.String(),
  name: Type.String(),
  module: StringEnum(FIGURE_MODULES),
  moduleName: Type.String(),
  kind: Type.String(),
  unit: Type.String(),
  basis: Type.String(),
  definition: Type.String(),
  numerator: Nullable(Type.String()),
  denominator: Nullable(Type.String()),
  wired: Type.Boolean(),
  pending: Nullable(Type.String()),
});

const Indicator = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  area: StringEnum(AREAS),
  formula: Type.String(),
  unit: Type.String(),
  target: Nullable(Type.Number()),
  direction: StringEnum(DIRECTIONS),
  weight: Type.Number(),
  tolerance: Type.Number(),
  prorate: Type.Boolean(),
  description: Type.String(),
  active: Type.Boolean(),
  sort: Type.Integer(),
  version: Type.Integer(),
  updatedAt: DateTime,
});

const IndicatorFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  area: StringEnum(AREAS, { description: AREAS.join(' · ') }),
  formula: Type.String({ minLength: 1, maxLength: 500, description: '统计项键、数字、+ − × ÷ 和括号，如 events.overdue / events.reported * 100' }),
  unit: Type.Optional(Type.String({ maxLength: 20 })),
  target: Type.Optional(Nullable(Type.Number())),
  direction: StringEnum(DIRECTIONS, { description: 'higher 越高越好 · lower 越低越好' }),
  weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  tolerance: Type.Optional(Type.Number({ minimum: 0 })),
  prorate: Type.Optional(Type.Boolean({ description: '年度数量目标按季度、月份折算' })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
};

const Evidence = Type.Object({
  label: Type.String(),
  figure: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  drill: Type.Optional(DrillSchema),
});

export const FindingSchema = Type.Object({
  rule: StringEnum(FINDING_RULES),
  title: Type.String(),
  severity: StringEnum(['high', 'medium', 'low'] as const),
  text: Type.String(),
  suggestion: Type.String(),
  evidence: Type.Array(Evidence),
});

const Status = StringEnum(['met', 'at_risk', 'missed', 'no_data', 'no_target'] as const);
const Assessed = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  area: StringEnum(AREAS),
  areaName: Type.String(),
  formula: Type.String(),
  unit: Type.String(),
  direction: StringEnum(DIRECTIONS),
  weight: Type.Number(),
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  target: Nullable(Type.Number()),
  status: Status,
  statusName: Type.String(),
  missing: Type.Array(Type.Object({ key: Type.String(), reason: Type.String() })),
  figures: Type.Array(Type.String()),
  previous: Type.Object({ value: Nullable(Type.Number()), numerator: Nullable(Type.Number()), denominator: Nullable(Type.Number()), status: Status }),
  change: Nullable(Type.Number()),
  trend: Type.Array(Type.Object({ month: Type.String(), value: Nullable(Type.Number()), previous: Nullable(Type.Number()) })),
});

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/assessment/figures/catalogue',
    {
      config: { policy: assessmentActions['assessment.figures.read'] },
      schema: { tags, summary: '统计项目录（定义、分子分母、来源模块）/ figure catalogue', response: { 200: Type.Array(CatalogueEntry), ...errorResponses } },
    },
    async () => service.figureCatalogue(),
  );

  app.get(
    '/api/assessment/figures',
    {
      config: { policy: assessmentActions['assessment.figures.read'] },
      schema: {
        tags,
        summary: '某期间的统计数值（含分子分母和明细列表）/ figures of a period',
        querystring: Type.Object(
          { ...PeriodFields, keys: Type.Optional(Type.String({ maxLength: 2000, description: '逗号分隔的统计项键；省略为全部' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ period: PeriodSchema, figures: Type.Array(FigureSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const { keys, ...q } = req.query;
      return service.figures(db, req.ctx, { ...q, keys: keys ? keys.split(',').map((k) => k.trim()).filter(Boolean) : undefined });
    },
  );

  app.post(
    '/api/assessment/formula/check',
    {
      config: { policy: assessmentActions['assessment.indicators.read'] },
      schema: {
        tags,
        summary: '检查指标公式（可按年份试算）/ check a formula',
        body: Type.Object({ formula: Type.String({ maxLength: 500 }), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            canonical: Nullable(Type.String()),
            keys: Type.Array(Type.String()),
            error: Nullable(Type.String()),
            position: Nullable(Type.Integer()),
            value: Nullable(Type.Number()),
            numerator: Nullable(Type.Number()),
            denominator: Nullable(Type.Number()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.checkFormula(db, req.ctx, req.body),
  );

  app.get(
    '/api/assessment/indicators',
    {
      config: { policy: assessmentActions['assessment.indicators.read'] },
      schema: {
        tags,
        summary: '指标目录 / indicators',
        querystring: Type.Object({ area: Type.Optional(StringEnum(AREAS)), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Array(Indicator), ...errorResponses },
      },
    },
    async (req) => service.listIndicators(db, req.ctx, req.query),
  );

  app.post(
    '/api/assessment/indicators',
    {
      config: { policy: assessmentActions['assessment.indicators.write'] },
      schema: {
        tags,
        summary: '新增指标 / add an indicator',
        body: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' }), ...IndicatorFields }, { additionalProperties: false }),
        response: { 201: Indicator, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createIndicator(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/assessment/indicators/:id',
    {
      config: { policy: assessmentActions['assessment.indicators.write'] },
      schema: {
        tags,
        summary: '修改或停用指标 / update an indicator',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            ...Object.fromEntries(Object.entries(IndicatorFields).map(([k, v]) => [k, Type.Optional(v)])),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Indicator, ...errorResponses },
      },
    },
    async (req) => service.updateIndicator(db, req.ctx, req.params.id, req.body as Parameters<typeof service.updateIndicator>[3]),
  );

  app.post(
    '/api/assessment/indicators/defaults',
    {
      config: { policy: assessmentActions['assessment.indicators.write'] },
      schema: { tags, summary: '补齐默认指标 / add the missing default indicators', response: { 200: Type.Object({ added: Type.Integer() }), ...errorResponses } },
    },
    async (req) => service.addDefaultIndicators(db, req.ctx),
  );

  app.get(
    '/api/assessment/self-assessment',
    {
      config: { policy: assessmentActions['assessment.self.read'] },
      schema: {
        tags,
        summary: '自我动态测评（年度、季度或月份；逐月趋势和上年同期）/ self-assessment',
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            period: PeriodSchema,
            previousPeriod: PeriodSchema,
            score: Nullable(Type.Number()),
            previousScore: Nullable(Type.Number()),
            byArea: Type.Array(
              Type.Object({
                area: StringEnum(AREAS),
                areaName: Type.String(),
                indicators: Type.Integer(),
                met: Type.Integer(),
                atRisk: Type.Integer(),
                missed: Type.Integer(),
                score: Nullable(Type.Number()),
              }),
            ),
            indicators: Type.Array(Assessed),
            figures: Type.Array(FigureSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.selfAssessment(db, req.ctx, req.query),
  );

  app.get(
    '/api/assessment/findings',
    {
      config: { policy: assessmentActions['assessment.findings.read'] },
      schema: {
        tags,
        summary: '从数据发现的不足（附证据）/ shortcomings found in the data',
        querystring: PeriodQuery,
        response: { 200: Type.Object({ period: PeriodSchema, findings: Type.Array(FindingSchema) }), ...errorResponses },
      },
    },
    async (req) => service.findings(db, req.ctx, req.query),
  );
};
