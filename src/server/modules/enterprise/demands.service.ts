// Demands (诉求): collection (by officers, on visits, online by the enterprise, transferred events), the workflow
// moves with their timeline, audit, notices, answer-deadline job and rollup in one transaction each.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor, type Scope } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { addTimeLimit, loadCalendar, localDate, type Calendar, type TimeLimit } from '../../platform/deadlines/index.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { cancelJobs, scheduleJob } from '../../platform/jobs/jobs.ts';
import {
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  DEMAND_SOURCES,
  PROJECT_CATEGORY,
  rollupDeltas,
  type DemandCategory,
  type DemandSource,
} from './enterprise.figures.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import type { DemandAttachment } from './enterprise.table.ts';
import {
  availableActions,
  DEMAND_ACTION_LABELS,
  DEMAND_STATUS_LABELS,
  isDemandStatus,
  isTerminal,
  nextStatus,
  type DemandAction,
  type DemandStatus,
} from './enterprise.workflow.ts';
import * as repo from './demands.repository.ts';
import { noticeDemand } from './enterprise.notify.ts';
import * as registryRepo from './registry.repository.ts';
import { checkProject, requireActor, type ProjectInput } from './registry.service.ts';

/** How long a unit has to answer, by category (working days, counted from collection). */
export const ANSWER_TIME_LIMITS: Record<DemandCategory, TimeLimit> = {
  talent: { amount: 5, unit: 'working_days' },
  land: { amount: 10, unit: 'working_days' },
  funding: { amount: 10, unit: 'working_days' },
  approval: { amount: 5, unit: 'working_days' },
  project: { amount: 10, unit: 'working_days' },
  policy: { amount: 3, unit: 'working_days' },
  other: { amount: 5, unit: 'working_days' },
};

export const OVERDUE_JOB = 'enterprise.demand_overdue';
export const overdueJobKey = (demandId: number) => `enterprise.demand.answer_due:${demandId}`;
/** A demand is "due soon" within this long of its answer deadline. */
const DUE_SOON_MS = 24 * 3_600_000;

export type DueState = 'done' | 'overdue' | 'due_soon' | 'ok' | 'none';

export function dueStateOf(d: { status: string; answeredAt: Date | null; answerDueAt: Date | null }, now: Date): DueState {
  if (d.answeredAt !== null || isTerminal(d.status as DemandStatus)) return 'done';
  if (!d.answerDueAt) return 'none';
  const left = d.answerDueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_MS ? 'due_soon' : 'ok';
}

const notFound = () => errors.notFound('enterprise_demand', '诉求');

function scopeRow(d: { jurisdictionId: number; assignedUnitId: number | null; enterpriseId: number }) {
  return { jurisdictionId: d.jurisdictionId, departmentIds: [d.assignedUnitId], enterpriseId: d.enterpriseId };
}

function toDto(d: repo.DemandViewRow, actor: Actor, now = new Date()) {
  const status = d.status as DemandStatus;
  return {
    id: d.id,
    enterpriseId: d.enterpriseId,
    enterpriseName: d.enterpriseName,
    enterpriseCreditCode: d.enterpriseCreditCode,
    category: d.category as DemandCategory,
    categoryLabel: DEMAND_CATEGORY_LABELS[d.category as DemandCategory] ?? d.category,
    title: d.title,
    description: d.description,
    source: d.source as DemandSource,
    sourceRef: d.sourceRef,
    visitId: d.visitId,
    project:
      d.projectId !== null
        ? { id: d.projectId, name: d.projectName ?? '', investmentWan: d.projectInvestmentWan ?? 0, stage: d.projectStage ?? '' }
        : null,
    campaign: d.campaignId !== null ? { id: d.campaignId, name: d.campaignName ?? '' } : null,
    status,
    statusLabel: DEMAND_STATUS_LABELS[status] ?? d.status,
    officerId: d.officerId,
    officerName: d.officerName,
    assignedUnitId: d.assignedUnitId,
    unitName: d.unitName,
    collectedAt: d.collectedAt,
    collectedOn: d.collectedOn,
    answerDueAt: d.answerDueAt,
    dueState: dueStateOf(d, now),
    assignedAt: d.assignedAt,
    answeredAt: d.answeredAt,
    answer: d.answer,
    answerAttachments: d.answerAttachments,
    resolvedAt: d.resolvedAt,
    confirmedAt: d.confirmedAt,
    closedAt: d.closedAt,
    closeReason: d.closeReason,
    rejectCount: d.rejectCount,
    satisfaction: d.satisfaction,
    satisfactionComment: d.satisfactionComment,
    actions: availableActions(status, actor.role, { hasUnit: d.assignedUnitId !== null }),
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
export type DemandDto = ReturnType<typeof toDto>;

async function loadDemand(db: Executor, actor: Actor, action: string, id: number) {
  const scope = authorize(actor, action);
  const d = await repo.findDemand(db, id);
  assertRowAccess(actor, scope, d && scopeRow(d), 'enterprise_demand', '诉求');
  return { d: d!, scope };
}

export async function calendarFor(db: Executor, jurisdictionId: number): Promise<Calendar> {
  return loadCalendar(db, jurisdictionId);
}

// ------------------------------------------------------------------------------------------------ collection

export interface NewDemandInput {
  enterpriseId: number;
  category: DemandCategory;
  title: string;
  description?: string;
  source?: DemandSource;
  sourceRef?: string | null;
  projectId?: number | null;
  project?: ProjectInput | null;
  campaignId?: number | null;
  /** When the problem was raised (defaults to now; officers may record one raised earlier, e.g. on a visit). */
  collectedAt?: Date;
  officerId?: number | null;
}

export function checkCategory(category: string): asserts category is DemandCategory {
  if (!(DEMAND_CATEGORIES as readonly string[]).includes(category)) throw errors.validation({ field: 'category' });
}

/**
 * Inserts one demand with its timeline row, rollup, deadline job and notices, in the caller's transaction.
 * The caller has checked that the actor may create demands for this enterprise.
 */
export async function insertDemandTx(
  tx: Executor,
  ctx: RequestContext,
  actor: Actor,
  input: NewDemandInput & { visitId?: number | null },
  cal: Calendar,
): Promise<number> {
  checkCategory(input.category);
  const title = input.title.trim();
  if (!title) throw errors.validation({ field: 'title' }, { zh: '诉求标题不能为空', en: 'The title is empty' });
  const source: DemandSource = actor.role === 'enterprise' ? 'online' : (input.source ?? 'other');
  if (!(DEMAND_SOURCES as readonly string[]).includes(source)) throw errors.validation({ field: 'source' });
  const now = new Date();
  const collectedAt = actor.role === 'enterprise' || !input.collectedAt ? now : input.collectedAt;
  if (collectedAt.getTime() > now.getTime() + 60_000) {
    throw errors.validation({ field: 'collectedAt' }, { zh: '收集时间不能晚于现在', en: 'Collection time cannot be in the future' });
  }
  let projectId: number | null = null;
  if (input.category === PROJECT_CATEGORY) {
    if (input.projectId) {
      const p = await registryRepo.findProject(tx, input.projectId);
      if (!p || p.enterpriseId !== input.enterpriseId) {
        throw errors.validation({ field: 'projectId' }, { zh: '项目不属于该企业', en: 'The project is not this enterprise’s' });
      }
      projectId = p.id;
    } else if (input.project) {
      const p = checkProject(input.project);
      projectId = (await registryRepo.insertProject(tx, { jurisdictionId: actor.jurisdictionId, enterpriseId: input.enterpriseId, ...p })).id;
    } else {
      throw errors.validation({ field: 'project' }, { zh: '项目问题须关联项目（名称、投资额、阶段）', en: 'A project problem needs its project' });
    }
  } else if (input.projectId || input.project) {
    throw errors.validation({ field: 'projectId' }, { zh: '只有项目问题关联项目', en: 'Only project problems link a project' });
  }
  if (input.campaignId) {
    const c = await tx.selectFrom('enterpriseCampaigns').select(['id', 'jurisdictionId']).where('id', '=', input.campaignId).executeTakeFirst();
    if (!c || c.jurisdictionId !== actor.jurisdictionId) throw errors.validation({ field: 'campaignId' }, { zh: '专项活动不存在', en: 'No such campaign' });
  }
  let officerId = input.officerId ?? null;
  if (officerId !== null) {
    const ok = await registryRepo.usersWithRole(tx, actor.jurisdictionId, [officerId], 'enterprise_officer');
    if (ok.length === 0) throw errors.validation({ field: 'officerId' }, { zh: '负责干部须为企业服务专员', en: 'The officer must be an enterprise officer' });
  } else if (actor.role === 'enterprise_officer') {
    officerId = actor.userId;
  } else {
    officerId = await registryRepo.primaryOfficerOf(tx, input.enterpriseId);
  }
  const answerDueAt = addTimeLimit(collectedAt, ANSWER_TIME_LIMITS[input.category], cal);
  const d = await repo.insertDemand(tx, {
    jurisdictionId: actor.jurisdictionId,
    enterpriseId: input.enterpriseId,
    category: input.category,
    title: title.slice(0, 200),
    description: input.description?.trim() ?? '',
    source,
    sourceRef: input.sourceRef?.trim() || null,
    visitId: input.visitId ?? null,
    projectId,
    campaignId: input.campaignId ?? null,
    status: 'collected',
    officerId,
    assignedUnitId: null,
    collectedAt,
    collectedOn: localDate(collectedAt, cal.timeZone),
    answerDueAt,
    assignedAt: null,
    answeredAt: null,
    answeredBy: null,
    answer: null,
    answerAttachments: JSON.stringify([]),
    resolvedAt: null,
    confirmedAt: null,
    closedAt: null,
    closeReason: null,
    satisfaction: null,
    satisfactionComment: null,
    createdBy: actor.userId,
  });
  await repo.insertTimeline(tx, [
    {
      jurisdictionId: actor.jurisdictionId,
      demandId: d.id,
      actorId: actor.userId,
      actorName: actor.displayName,
      action: 'collect',
      fromStatus: null,
      toStatus: 'collected',
      note: '',
      details: { source, category: input.category, visitId: input.visitId ?? null },
    },
  ]);
  await repo.applyRollup(tx, actor.jurisdictionId, rollupDeltas(null, d));
  await repo.addCoverage(tx, actor.jurisdictionId, d.enterpriseId, d.collectedOn);
  await scheduleJob(tx, { kind: OVERDUE_JOB, runAt: answerDueAt, payload: { demandId: d.id }, uniqueKey: overdueJobKey(d.id), jurisdictionId: actor.jurisdictionId });
  await appendAudit(tx, ctx, {
    action: 'enterprise.demand_create',
    entity: 'enterprise_demand',
    entityId: d.id,
    details: { enterpriseId: input.enterpriseId, category: input.category, source, projectId, visitId: input.visitId ?? null },
  });
  if (actor.role !== 'enterprise_officer') {
    const officers = await registryRepo.officersOf(tx, [input.enterpriseId]);
    await noticeDemand(tx, {
      jurisdictionId: actor.jurisdictionId,
      userIds: officers.length > 0 ? officers.map((o) => o.userId) : officerId ? [officerId] : [],
      kind: 'enterprise.demand_new',
      title: `新诉求：${title.slice(0, 60)}`,
      body: `${DEMAND_CATEGORY_LABELS[input.category]}，请及时交办`,
      demandId: d.id,
    });
  }
  return d.id;
}

export async function createDemand(db: Executor, ctx: RequestContext, input: NewDemandInput): Promise<DemandDto> {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.demands.create']);
  const ent = await registryRepo.findEnterprise(db, input.enterpriseId);
  assertRowAccess(actor, scope, ent && { jurisdictionId: ent.jurisdictionId, enterpriseId: ent.id }, 'enterprise', '企业');
  const cal = await calendarFor(db, actor.jurisdictionId);
  const id = await db.transaction().execute((tx) => insertDemandTx(tx, ctx, actor, input, cal));
  return getDemand(db, ctx, id);
}

// ------------------------------------------------------------------------------------------------ reading

export async function getDemand(db: Executor, ctx: RequestContext, id: number) {
  const actor = requireActor(ctx);
  const { d } = await loadDemand(db, actor, enterpriseActions['enterprise.demands.read'], id);
  return toDto(d, actor);
}

export async function demandTimeline(db: Executor, ctx: RequestContext, id: number) {
  const actor = requireActor(ctx);
  await loadDemand(db, actor, enterpriseActions['enterprise.demands.read'], id);
  const rows = await repo.timelineOf(db, id);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    actionLabel: r.action === 'collect' ? '收集' : r.action === 'overdue' ? '答复超期' : (DEMAND_ACTION_LABELS[r.action as DemandAction] ?? r.action),
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    note: r.note,
  }));
}

export interface DemandQuery {
  page?: number;
  pageSize?: number;
  sort?: repo.DemandSort;
  order?: 'asc' | 'desc';
  status?: string[];
  category?: string;
  source?: string;
  enterpriseId?: number;
  unitId?: number;
  officerId?: number;
  campaignId?: number;
  projectId?: number;
  visitId?: number;
  from?: string;
  to?: string;
  overdue?: boolean;
  q?: string;
}

function demandFilter(actor: Actor, scope: Scope, q: DemandQuery): repo.DemandFilter {
  const f: repo.DemandFilter = {
    jurisdictionId: actor.jurisdictionId,
    statuses: q.status?.filter(isDemandStatus),
    category: q.category,
    source: q.source,
    enterpriseId: q.enterpriseId,
    unitId: q.unitId,
    officerId: q.officerId,
    campaignId: q.campaignId,
    projectId: q.projectId,
    visitId: q.visitId,
    from: q.from,
    to: q.to,
    overdueAt: q.overdue ? new Date() : undefined,
    q: q.q?.trim() || undefined,
  };
  switch (scope) {
    case 'jurisdiction':
      return f;
    case 'department':
      return { ...f, unitId: actor.orgUnitId ?? -1 };
    case 'enterprise':
      return { ...f, enterpriseId: actor.enterpriseId ?? -1 };
    case 'grid':
    case 'own':
      return { ...f, enterpriseId: -1 };
    default: {
      const never: never = scope;
      throw new Error(`unhandled scope ${String(never)}`);
    }
  }
}

export async function listDemands(db: Executor, ctx: RequestContext, q: DemandQuery) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.demands.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const f = demandFilter(actor, scope, q);
  const { items, total } = await repo.listDemands(db, f, { offset, limit: pageSize, sort: q.sort ?? 'collectedAt', order: q.order ?? 'desc' });
  const now = new Date();
  return { items: items.map((d) => toDto(d, actor, now)), total, page, pageSize, statusCounts: await repo.statusCounts(db, f) };
}

// ------------------------------------------------------------------------------------------------ workflow

export interface TransitionInput {
  action: DemandAction;
  version: number;
  unitId?: number;
  reason?: string;
  answer?: string;
  attachments?: DemandAttachment[];
  satisfaction?: number;
  comment?: string;
  note?: string;
}

const invalidTransition = (from: string, action: string) =>
  errors.conflict(
    'enterprise.invalid_transition',
    { zh: `当前状态“${DEMAND_STATUS_LABELS[from as DemandStatus] ?? from}”下不能“${DEMAND_ACTION_LABELS[action as DemandAction] ?? action}”`, en: `Cannot ${action} a demand that is ${from}` },
    { from, action },
  );

export async function transition(db: Executor, ctx: RequestContext, id: number, input: TransitionInput): Promise<DemandDto> {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.demands.act']);
  await db.transaction().execute(async (tx) => {
    const d = await repo.lockDemand(tx, id);
    assertRowAccess(actor, scope, d && scopeRow(d), 'enterprise_demand', '诉求');
    const before = d!;
    if (before.version !== input.version) throw errors.stale('enterprise_demand', { currentVersion: before.version });
    const from = before.status as DemandStatus;
    const move = nextStatus(from, input.action, actor.role, { hasUnit: before.assignedUnitId !== null });
    if (!move.ok) {
      if (move.reason === 'role_not_allowed') throw errors.forbidden({ action: input.action });
      throw invalidTransition(from, input.action);
    }
    const reason = input.reason?.trim() ?? '';
    const answer = input.answer?.trim() ?? '';
    for (const need of move.transition.requires) {
      if (need === 'unitId' && !input.unitId) throw errors.validation({ field: 'unitId' }, { zh: '请选择承办单位', en: 'Choose the unit' });
      if (need === 'reason' && reason.length < 2) throw errors.validation({ field: 'reason' }, { zh: '请填写原因', en: 'Give the reason' });
      if (need === 'answer' && answer.length < 2) throw errors.validation({ field: 'answer' }, { zh: '请填写答复内容', en: 'Write the answer' });
    }
    const now = new Date();
    const patch: Parameters<typeof repo.updateDemand>[3] = { status: move.to };
    const notices: Parameters<typeof noticeDemand>[1][] = [];
    const base = { jurisdictionId: before.jurisdictionId, demandId: id };
    const enterpriseUsers = () => repo.usersOfEnterprise(tx, before.enterpriseId);
    let details: Record<string, unknown> = {};
    let timelineNote = input.note?.trim() ?? '';
    switch (input.action) {
      case 'assign': {
        const unit = await repo.findOrgUnit(tx, input.unitId!);
        if (!unit || unit.jurisdictionId !== actor.jurisdictionId || !unit.active) {
          throw errors.validation({ field: 'unitId' }, { zh: '承办单位不存在', en: 'No such unit' });
        }
        patch.assignedUnitId = unit.id;
        patch.assignedAt = now;
        details = { unitId: unit.id, previousUnitId: before.assignedUnitId };
        timelineNote ||= `交办至${unit.name}`;
        notices.push({ ...base, userIds: await repo.handlersOfUnit(tx, unit.id), kind: 'enterprise.demand_assigned', title: `诉求交办：${before.title.slice(0, 60)}`, body: '请在答复期限内答复' });
        break;
      }
      case 'return':
        details = { unitId: before.assignedUnitId };
        timelineNote = reason;
        if (before.officerId) notices.push({ ...base, userIds: [before.officerId], kind: 'enterprise.demand_returned', title: `诉求被退回：${before.title.slice(0, 60)}`, body: reason });
        break;
      case 'answer': {
        patch.answer = answer.slice(0, 5000);
        patch.answerAttachments = JSON.stringify((input.attachments ?? []).slice(0, 20));
        // The first answer is what the answer rate and answer time count; later answers replace the text.
        if (before.answeredAt === null) patch.answeredAt = now;
        patch.answeredBy = actor.userId;
        timelineNote ||= patch.answer.slice(0, 200);
        await cancelJobs(tx, overdueJobKey(id));
        notices.push({ ...base, userIds: await enterpriseUsers(), kind: 'enterprise.demand_answered', title: `您的诉求已答复：${before.title.slice(0, 60)}`, body: '请查看答复并确认', forEnterprise: true });
        if (before.officerId && before.officerId !== actor.userId) {
          notices.push({ ...base, userIds: [before.officerId], kind: 'enterprise.demand_answered', title: `诉求已答复：${before.title.slice(0, 60)}` });
        }
        break;
      }
      case 'resolve':
        patch.resolvedAt = now;
        break;
      case 'confirm': {
        if (actor.role === 'enterprise' && input.satisfaction === undefined) {
          throw errors.validation({ field: 'satisfaction' }, { zh: '请对办理结果进行满意度评价', en: 'Rate your satisfaction' });
        }
        if (input.satisfaction !== undefined) {
          if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5) throw errors.validation({ field: 'satisfaction' });
          patch.satisfaction = input.satisfaction;
          patch.satisfactionComment = input.comment?.trim().slice(0, 1000) || null;
        }
        patch.confirmedAt = now;
        if (before.resolvedAt === null) patch.resolvedAt = now;
        details = { satisfaction: input.satisfaction ?? null, byOfficer: actor.role !== 'enterprise' };
        if (before.officerId) notices.push({ ...base, userIds: [before.officerId], kind: 'enterprise.demand_confirmed', title: `企业已确认：${before.title.slice(0, 60)}` });
        break;
      }
      case 'reject': {
        patch.rejectCount = before.rejectCount + 1;
        patch.resolvedAt = null;
        timelineNote = reason;
        const to = before.assignedUnitId ? await repo.handlersOfUnit(tx, before.assignedUnitId) : [];
        notices.push({
          ...base,
          userIds: [...to, ...(before.officerId ? [before.officerId] : [])],
          kind: 'enterprise.demand_rejected',
          title: `企业不认可答复：${before.title.slice(0, 60)}`,
          body: reason,
        });
        break;
      }
      case 'close_unresolved':
        patch.closedAt = now;
        patch.closeReason = reason.slice(0, 1000);
        timelineNote = reason;
        await cancelJobs(tx, overdueJobKey(id));
        notices.push({ ...base, userIds: await enterpriseUsers(), kind: 'enterprise.demand_closed', title: `诉求已办结（未解决）：${before.title.slice(0, 60)}`, body: reason, forEnterprise: true });
        break;
      default: {
        const never: never = input.action;
        throw new AppError(400, 'validation_failed', { zh: '未知操作', en: `Unknown action ${String(never)}` });
      }
    }
    const after = await repo.updateDemand(tx, id, input.version, patch);
    if (!after) throw errors.stale('enterprise_demand', { currentVersion: before.version });
    await repo.insertTimeline(tx, [
      { ...base, actorId: actor.userId, actorName: actor.displayName, action: input.action, fromStatus: from, toStatus: move.to, note: timelineNote.slice(0, 1000), details },
    ]);
    await repo.applyRollup(tx, before.jurisdictionId, rollupDeltas(before, after));
    await appendAudit(tx, ctx, {
      action: `enterprise.demand_${input.action}`,
      entity: 'enterprise_demand',
      entityId: id,
      details: { from, to: move.to, ...details },
    });
    for (const n of notices) await noticeDemand(tx, n);
  });
  return getDemand(db, ctx, id);
}
