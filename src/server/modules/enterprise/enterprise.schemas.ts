// TypeBox schemas of the enterprise API (responses drop whatever is not listed here, e.g. encrypted phones).
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { StringEnum } from '../../platform/http/schemas.ts';
import { DEMAND_ACTIONS, DEMAND_STATUSES } from './enterprise.workflow.ts';
import { DEMAND_CATEGORIES, DEMAND_SOURCES } from './enterprise.figures.ts';
import { APPLICATION_STATUSES, ENTERPRISE_SIZES, JOB_CHANNELS, PROJECT_STAGES, VISIT_MODES } from './enterprise.enums.ts';

export const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** A timestamp: a Date inside the server, ISO 8601 on the wire. */
export const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Body = <P extends Record<string, TSchema>>(props: P) => Type.Object(props, { additionalProperties: false });

export const Officer = Type.Object({ userId: Type.Integer(), displayName: Type.String(), isPrimary: Type.Boolean() });

export const Enterprise = Type.Object({
  id: Type.Integer(),
  creditCode: Type.String({ description: '统一社会信用代码' }),
  name: Type.String(),
  industry: Type.String(),
  size: StringEnum(ENTERPRISE_SIZES),
  address: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  gridId: Nullable(Type.Integer()),
  gridName: Nullable(Type.String()),
  legalRepresentative: Type.String(),
  contactName: Type.String(),
  contactPhoneMasked: Nullable(Type.String({ description: '脱敏电话 / masked phone' })),
  tags: Type.Array(Type.String()),
  officers: Type.Array(Officer),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** One of the enterprise's grid events (events module, summary only: no reporter or contact). */
export const EnterpriseEvent = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  source: Type.String(),
  sourceLabel: Type.String(),
  categoryName: Type.String(),
  departmentName: Nullable(Type.String()),
  reportedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  accessible: Type.Boolean({ description: '当前用户可打开事件详情' }),
});

export const EnterpriseFields = {
  creditCode: Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码（GB 32100 校验）' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  industry: Type.Optional(Type.String({ maxLength: 50 })),
  size: Type.Optional(StringEnum(ENTERPRISE_SIZES)),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  lng: Type.Optional(Nullable(Type.Number())),
  lat: Type.Optional(Nullable(Type.Number())),
  legalRepresentative: Type.Optional(Type.String({ maxLength: 50 })),
  contactName: Type.Optional(Type.String({ maxLength: 50 })),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
  officerIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10, description: '包联干部（第一位为主要负责人）' })),
};

export const Project = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.Optional(Type.String()),
  name: Type.String(),
  investmentWan: Type.Number({ description: '投资额（万元）' }),
  stage: StringEnum(PROJECT_STAGES),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const ProjectFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  investmentWan: Type.Number({ minimum: 0, maximum: 100_000_000 }),
  stage: StringEnum(PROJECT_STAGES, { description: 'signed 已签约 · preparation 前期手续 · construction 在建 · operating 已投产' }),
};

export const Attachment = Type.Object({ name: Type.String({ maxLength: 200 }), ref: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const Demand = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  enterpriseCreditCode: Type.String(),
  category: StringEnum(DEMAND_CATEGORIES),
  categoryLabel: Type.String(),
  title: Type.String(),
  description: Type.String(),
  source: StringEnum(DEMAND_SOURCES),
  sourceRef: Nullable(Type.String()),
  visitId: Nullable(Type.Integer()),
  project: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), investmentWan: Type.Number(), stage: Type.String() })),
  campaign: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  status: StringEnum(DEMAND_STATUSES),
  statusLabel: Type.String(),
  officerId: Nullable(Type.Integer()),
  officerName: Nullable(Type.String()),
  assignedUnitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  collectedAt: DateTime,
  collectedOn: Type.String(),
  answerDueAt: Nullable(DateTime),
  dueState: StringEnum(['done', 'overdue', 'due_soon', 'ok', 'none'] as const, { description: '答复期限着色' }),
  assignedAt: Nullable(DateTime),
  answeredAt: Nullable(DateTime),
  answer: Nullable(Type.String()),
  answerAttachments: Type.Array(Type.Object({ name: Type.String(), ref: Type.String() })),
  resolvedAt: Nullable(DateTime),
  confirmedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
  rejectCount: Type.Integer(),
  satisfaction: Nullable(Type.Integer()),
  satisfactionComment: Nullable(Type.String()),
  actions: Type.Array(StringEnum(DEMAND_ACTIONS), { description: '当前用户可执行的操作' }),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const DemandFields = {
  enterpriseId: Type.Integer({ minimum: 1 }),
  category: StringEnum(DEMAND_CATEGORIES, { description: 'talent 人才用工 · land 用地 · funding 资金需求 · approval 行政审批 · project 项目问题 · policy 政策咨询 · other 其他' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  source: Type.Optional(StringEnum(DEMAND_SOURCES, { description: 'visit 走访 · online 企业网上提交 · hotline 热线 · event_transfer 事件转办 · other' })),
  sourceRef: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  projectId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  project: Type.Optional(Nullable(Body(ProjectFields))),
  campaignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  collectedAt: Type.Optional(Type.String({ format: 'date-time' })),
  officerId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
};

export const TimelineEntry = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  actorId: Nullable(Type.Integer()),
  actorName: Type.String(),
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  note: Type.String(),
});

export const Visit = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  mode: StringEnum(VISIT_MODES),
  visitDate: Type.String(),
  officerId: Type.Integer(),
  officerName: Type.String(),
  participants: Type.String(),
  notes: Type.String(),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  problemCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const JobPost = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  postedOn: Type.String(),
  channel: StringEnum(JOB_CHANNELS),
  positionsCount: Type.Integer(),
  positionTitles: Type.Array(Type.String()),
  hiredCount: Nullable(Type.Integer()),
  officerId: Nullable(Type.Integer()),
  officerName: Nullable(Type.String()),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  notes: Type.String(),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const BankEvent = Type.Object({
  id: Type.Integer(),
  heldOn: Type.String(),
  name: Type.String(),
  place: Type.String(),
  banks: Type.Array(Type.String()),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  enterpriseCount: Type.Integer(),
  notes: Type.String(),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const Application = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  eventId: Nullable(Type.Integer()),
  eventName: Nullable(Type.String()),
  bank: Type.String(),
  requestedWan: Type.Number(),
  purpose: Type.String(),
  appliedOn: Type.String(),
  status: StringEnum(APPLICATION_STATUSES),
  grantedWan: Nullable(Type.Number()),
  grantedOn: Nullable(Type.String()),
  declinedReason: Nullable(Type.String()),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const Campaign = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  year: Type.Integer(),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  description: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
});

export const Target = Type.Object({
  year: Type.Integer(),
  collectionTarget: Type.Integer(),
  note: Type.String(),
  version: Type.Integer(),
  updatedAt: DateTime,
});

export const Import = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  format: Type.String(),
  dryRun: Type.Boolean(),
  goodRowsOnly: Type.Boolean(),
  status: StringEnum(['queued', 'running', 'done', 'rejected', 'failed'] as const),
  phase: Type.String({ description: 'reading · validating · importing · finished' }),
  totalRows: Type.Integer(),
  processedRows: Type.Integer({ description: '已检查行数' }),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  importedRows: Type.Integer(),
  message: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  finishedAt: Nullable(DateTime),
});

export const Rate = Type.Object(
  { numerator: Type.Number(), denominator: Type.Number(), value: Nullable(Type.Number()), percent: Nullable(Type.Number()) },
  { description: '比率：分子 ÷ 分母' },
);
export const Average = Type.Object({ total: Type.Number(), count: Type.Integer(), value: Nullable(Type.Number()) });
const Breakdown = Type.Object({
  key: Type.String(),
  label: Type.String(),
  collected: Type.Integer(),
  answered: Type.Integer(),
  answerRate: Rate,
  onTimeAnswerRate: Rate,
  resolutionRate: Rate,
  avgAnswerHours: Average,
  satisfaction: Average,
  closedUnresolved: Type.Integer(),
});

export const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  campaignId: Nullable(Type.Integer()),
  demands: Type.Object({
    enterprisesCovered: Type.Integer({ description: '服务企业数：期内有诉求的企业（去重）' }),
    collected: Type.Integer(),
    problems: Type.Integer({ description: '问题（不含项目问题）' }),
    projectProblems: Type.Integer(),
    target: Nullable(Type.Object({ value: Type.Number(), years: Type.Array(Type.Integer()), prorated: Type.Boolean(), missingYears: Type.Array(Type.Integer()) })),
    collectionRate: Rate,
    answerRate: Rate,
    onTimeAnswerRate: Rate,
    resolutionRate: Rate,
    confirmed: Type.Integer(),
    closedUnresolved: Type.Integer(),
    avgAnswerHours: Average,
    satisfaction: Average,
    satisfiedRate: Rate,
    byCategory: Type.Array(Breakdown),
    byOfficer: Type.Array(Breakdown),
    byUnit: Type.Array(Breakdown),
    byMonth: Type.Array(Breakdown),
  }),
  jobs: Type.Object({ enterprisesHelped: Type.Integer(), postings: Type.Integer(), positions: Type.Integer(), hired: Type.Integer() }),
  financing: Type.Object({
    events: Type.Integer(),
    enterprisesMatched: Type.Integer(),
    applications: Type.Integer(),
    requestedWan: Type.Number(),
    enterprisesFinanced: Type.Integer(),
    grants: Type.Integer(),
    grantedWan: Type.Number(),
    declined: Type.Integer(),
    pending: Type.Integer(),
    financedRate: Rate,
  }),
  visits: Type.Object({ visits: Type.Integer(), enterprisesVisited: Type.Integer(), onSite: Type.Integer(), online: Type.Integer() }),
});
