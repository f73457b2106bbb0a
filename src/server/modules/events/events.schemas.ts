// TypeBox schemas of the events API (requests and responses). Responses list every field that may leave the
// server; anything else is dropped by the serializer.
import { Type } from '@fastify/type-provider-typebox';
import { TIME_UNITS } from '../../platform/deadlines/index.ts';
import { StringEnum } from '../../platform/http/schemas.ts';
import { EVENT_SORTS } from './events.repository.ts';
import { EVENT_ACTIONS, EVENT_SOURCES, EVENT_STATUSES, STAGES } from './events.workflow.ts';

const Nullable = <T extends import('@fastify/type-provider-typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（辖区本地日期）' });

export const Status = StringEnum(EVENT_STATUSES);
export const Source = StringEnum(EVENT_SOURCES);
export const Action = StringEnum(EVENT_ACTIONS);
export const StageS = StringEnum(STAGES);

export const TimeLimitS = Type.Object(
  { amount: Type.Integer({ minimum: 0, maximum: 3650 }), unit: StringEnum(TIME_UNITS) },
  { additionalProperties: false },
);
export const StageLimitsS = Type.Object(
  { accept: Type.Optional(TimeLimitS), dispatch: Type.Optional(TimeLimitS), handle: Type.Optional(TimeLimitS), verify: Type.Optional(TimeLimitS) },
  { additionalProperties: false },
);

const CategoryFields = {
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  departmentId: Nullable(Type.Integer()),
  effectiveDepartmentId: Nullable(Type.Integer()),
  effectiveDepartmentName: Nullable(Type.String()),
  timeLimits: StageLimitsS,
  effectiveTimeLimits: Type.Object({ accept: TimeLimitS, dispatch: TimeLimitS, handle: TimeLimitS, verify: TimeLimitS }),
  timeLimitText: Type.Object({ accept: Type.String(), dispatch: Type.String(), handle: Type.String(), verify: Type.String() }),
  publicVisible: Type.Boolean(),
  sort: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
};
export const Category = Type.Object(CategoryFields);
export const CategoryTree = Type.Array(Type.Object({ ...CategoryFields, children: Type.Array(Category) }));

export const CategoryBody = Type.Object(
  {
    parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    departmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    timeLimits: Type.Optional(StageLimitsS),
    publicVisible: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const CategoryPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    departmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    timeLimits: Type.Optional(StageLimitsS),
    publicVisible: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const filterFields = {
  status: Type.Optional(Type.Array(Status, { description: '状态，可多选（重复参数）' })),
  gridId: Type.Optional(Type.Integer({ minimum: 0 })),
  categoryId: Type.Optional(Type.Integer({ minimum: 1, description: '一级分类含其下级' })),
  source: Type.Optional(Type.Array(Source)),
  departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  overdue: Type.Optional(Type.Boolean({ description: '当前环节已超期' })),
  reopened: Type.Optional(Type.Boolean({ description: '重新办理过（返工）' })),
  supervised: Type.Optional(Type.Boolean({ description: '有未办结的督办' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '全文检索（标题、描述、地址），中文子串，如“讨薪”' })),
  todo: Type.Optional(Type.Boolean({ description: '只看本人角色待办的状态' })),
};

export const ListQueryS = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    sort: Type.Optional(StringEnum(EVENT_SORTS)),
    order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
    ...filterFields,
  },
  { additionalProperties: false },
);
export const FilterQueryS = Type.Object(filterFields, { additionalProperties: false });

export const ListItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  status: Status,
  statusLabel: Type.String(),
  source: Source,
  sourceLabel: Type.String(),
  priority: Type.String(),
  categoryId: Type.Integer(),
  categoryName: Type.String(),
  gridId: Nullable(Type.Integer()),
  gridName: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  address: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  reporterName: Type.String(),
  reportedAt: DateTime,
  closedAt: Nullable(DateTime),
  stage: Nullable(StageS),
  dueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  minutesLeft: Nullable(Type.Integer({ description: '距时限的分钟数，负数为已超期' })),
  allowedActions: Type.Array(Action),
  version: Type.Integer(),
  updatedAt: DateTime,
});

export const EventDetail = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  trackingCode: Type.String(),
  title: Type.String(),
  description: Type.String(),
  address: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  gridId: Nullable(Type.Integer()),
  gridName: Nullable(Type.String()),
  categoryId: Type.Integer(),
  categoryName: Type.String(),
  categoryPath: Type.String(),
  source: Source,
  sourceLabel: Type.String(),
  externalSystem: Nullable(Type.String()),
  externalId: Nullable(Type.String()),
  status: Status,
  statusLabel: Type.String(),
  priority: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  enterpriseId: Nullable(Type.Integer()),
  reporterId: Nullable(Type.Integer()),
  reporterName: Type.String(),
  contactMasked: Nullable(Type.String({ description: '脱敏电话；完整号码见 contact/reveal（留痕）' })),
  reportedAt: DateTime,
  acceptedAt: Nullable(DateTime),
  dispatchedAt: Nullable(DateTime),
  handledAt: Nullable(DateTime),
  verifiedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  stage: Nullable(StageS),
  stageStartedAt: Nullable(DateTime),
  dueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  overdueCount: Type.Integer(),
  onTime: Type.Object({
    accept: Nullable(Type.Boolean()),
    dispatch: Nullable(Type.Boolean()),
    handle: Nullable(Type.Boolean()),
    verify: Nullable(Type.Boolean()),
  }),
  reopenCount: Type.Integer(),
  returnCount: Type.Integer(),
  extensionCount: Type.Integer(),
  mergedIntoId: Nullable(Type.Integer()),
  mergedIntoCode: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  satisfaction: Nullable(Type.Integer()),
  satisfactionComment: Nullable(Type.String()),
  version: Type.Integer(),
  allowedActions: Type.Array(Action),
  timeline: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: DateTime,
      actorName: Type.String(),
      actorRole: Nullable(Type.String()),
      action: Type.String(),
      fromStatus: Nullable(Type.String()),
      toStatus: Nullable(Type.String()),
      note: Type.String(),
      publicNote: Nullable(Type.String()),
      departmentId: Nullable(Type.Integer()),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  photos: Type.Array(
    Type.Object({ id: Type.Integer(), phase: Type.String(), mime: Type.String(), sizeBytes: Type.Integer(), url: Type.String(), createdAt: DateTime }),
  ),
  supervisions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      stage: Nullable(Type.String()),
      reason: Type.String(),
      raisedByName: Type.String(),
      raisedAt: DateTime,
      status: Type.String(),
      resolvedAt: Nullable(DateTime),
      resolution: Nullable(Type.String()),
    }),
  ),
  extensions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      stage: Type.String(),
      amount: Type.Integer(),
      unit: Type.String(),
      reason: Type.String(),
      status: Type.String(),
      requestedAt: DateTime,
      decidedAt: Nullable(DateTime),
      decisionNote: Nullable(Type.String()),
      oldDueAt: Nullable(DateTime),
      newDueAt: Nullable(DateTime),
      version: Type.Integer(),
    }),
  ),
});

export const CreateBody = Type.Object(
  {
    categoryId: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Type.String({ maxLength: 200, description: '缺省为“分类：描述前 30 字”' })),
    description: Type.String({ minLength: 2, maxLength: 4000 }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    gridId: Type.Optional(Type.Integer({ minimum: 1, description: '无坐标时指定网格（网格员须为本人网格）' })),
    priority: Type.Optional(StringEnum(['normal', 'urgent'] as const)),
    source: Type.Optional(StringEnum(['hotline', 'transfer', 'public', 'grid_worker'] as const, { description: '仅指挥中心录入时可选；网格员、企业用户自动确定' })),
    contactName: Type.Optional(Type.String({ maxLength: 50, description: '来电人姓名（脱敏保存）' })),
    contactPhone: Type.Optional(Type.String({ maxLength: 30, description: '来电号码（加密保存，列表中脱敏）' })),
    externalSystem: Type.Optional(Type.String({ maxLength: 40 })),
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '转办事件的上级平台编号（幂等）' })),
    reportedAt: Type.Optional(Type.String({ format: 'date-time', description: '转办事件在上级平台的上报时间' })),
  },
  { additionalProperties: false },
);

export const MoveBody = Type.Object(
  {
    action: Action,
    version: Type.Integer({ minimum: 1, description: '事件当前版本号；已被他人修改时返回 409' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: '内部意见（处置反馈必填）' })),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: '退回、不予受理、重新办理的理由（必填）' })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, description: '派遣的承办部门' })),
    targetId: Type.Optional(Type.Integer({ minimum: 1, description: '合并到的事件' })),
    publicNote: Type.Optional(Type.String({ maxLength: 500, description: '对群众公开的进度说明' })),
  },
  { additionalProperties: false },
);

const RateS = Type.Object({ rate: Nullable(Type.Number()), numerator: Type.Integer(), denominator: Type.Integer() });
const BreakdownRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  reported: Type.Integer(),
  accepted: Type.Integer(),
  dispatched: Type.Integer(),
  handled: Type.Integer(),
  closed: Type.Integer(),
  rejected: Type.Integer(),
  merged: Type.Integer(),
  open: Type.Integer(),
  overdueOpen: Type.Integer(),
  everOverdue: Type.Integer({ description: '曾超期的事件数' }),
  reopened: Type.Integer({ description: '重新办理过的事件数' }),
  closedLoop: RateS,
  onTimeClose: RateS,
  avgHandlingHours: Nullable(Type.Number()),
});

export const MetricsQueryS = Type.Object(
  {
    from: DateString,
    to: DateString,
    gridId: Type.Optional(Type.Integer({ minimum: 0 })),
    categoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 0 })),
    source: Type.Optional(Type.Array(Source)),
  },
  { additionalProperties: false },
);

export const Metrics = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
  reported: Type.Integer(),
  accepted: Type.Integer(),
  dispatched: Type.Integer(),
  handled: Type.Integer(),
  closed: Type.Integer(),
  closedVerified: Type.Integer(),
  closedOnTime: Type.Integer(),
  rejected: Type.Integer(),
  merged: Type.Integer(),
  open: Type.Integer(),
  overdueOpen: Type.Integer(),
  everOverdue: Type.Integer(),
  reopened: Type.Integer(),
  closedLoop: RateS,
  onTimeClose: RateS,
  avgHandlingHours: Nullable(Type.Number()),
  rates: Type.Object({
    closedLoop: RateS,
    acceptance: RateS,
    onTimeClose: RateS,
    onTimeByStage: Type.Object({ accept: RateS, dispatch: RateS, handle: RateS, verify: RateS }),
    reopen: RateS,
    extension: RateS,
    overdue: RateS,
  }),
  satisfaction: Type.Object({ rated: Type.Integer(), average: Nullable(Type.Number()) }),
  handlingTime: Type.Object({
    closed: Type.Integer(),
    averageHours: Nullable(Type.Number()),
    p90Hours: Nullable(Type.Number()),
    p90Method: StringEnum(['exact', 'histogram'] as const),
  }),
  byGrid: Type.Array(BreakdownRow),
  byCategory: Type.Array(BreakdownRow),
  byDepartment: Type.Array(BreakdownRow),
  bySource: Type.Array(BreakdownRow),
  byMonth: Type.Array(BreakdownRow),
  definitions: Type.Record(Type.String(), Type.String()),
});

export const Duplicate = Type.Object({
  id: Nullable(Type.Integer()),
  code: Nullable(Type.String()),
  title: Type.String(),
  status: Type.String(),
  address: Type.String(),
  distanceM: Type.Number(),
  reportedAt: DateTime,
});

export const MapPoint = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  status: Status,
  overdue: Type.Boolean(),
  lng: Type.Number(),
  lat: Type.Number(),
  gridId: Nullable(Type.Integer()),
  categoryId: Type.Integer(),
});

export const ExtensionS = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  stage: Type.String(),
  amount: Type.Integer(),
  unit: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  newDueAt: Nullable(DateTime),
  version: Type.Integer(),
});

export const ApiClientS = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  system: Type.String(),
  keyPrefix: Type.String(),
  scopes: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
});
