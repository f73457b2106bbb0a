// Visits (走访): on site or online, by an officer with participants and notes; each problem raised on the visit
// becomes a demand (source: visit) in the same transaction.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { localDate, localTimeToInstant } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { calendarFor, insertDemandTx, listDemands, type NewDemandInput } from './demands.service.ts';
import { VISIT_MODES, type VisitMode } from './enterprise.enums.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import * as registryRepo from './registry.repository.ts';
import * as supportRepo from './support.repository.ts';
import { loadEnterprise, requireActor } from './registry.service.ts';

export type VisitProblem = Omit<NewDemandInput, 'enterpriseId' | 'source' | 'collectedAt' | 'officerId' | 'campaignId'>;

export interface VisitInput {
  enterpriseId: number;
  mode: VisitMode;
  visitDate: string;
  officerId?: number;
  participants?: string;
  notes?: string;
  campaignId?: number | null;
  problems?: VisitProblem[];
}

const toDto = (v: supportRepo.VisitRow) => ({
  id: v.id,
  enterpriseId: v.enterpriseId,
  enterpriseName: v.enterpriseName,
  mode: v.mode as VisitMode,
  visitDate: v.visitDate,
  officerId: v.officerId,
  officerName: v.officerName,
  participants: v.participants,
  notes: v.notes,
  campaignId: v.campaignId,
  campaignName: v.campaignName,
  problemCount: Number(v.problemCount ?? 0),
  version: v.version,
  createdAt: v.createdAt,
});

export async function createVisit(db: Executor, ctx: RequestContext, input: VisitInput) {
  const actor = requireActor(ctx);
  await loadEnterprise(db, actor, enterpriseActions['enterprise.visits.write'], input.enterpriseId);
  if (!VISIT_MODES.includes(input.mode)) throw errors.validation({ field: 'mode' });
  const cal = await calendarFor(db, actor.jurisdictionId);
  const today = localDate(new Date(), cal.timeZone);
  if (input.visitDate > today) throw errors.validation({ field: 'visitDate' }, { zh: '走访日期不能晚于今天', en: 'The visit date cannot be in the future' });
  const officerId = input.officerId ?? actor.userId;
  if ((await registryRepo.usersWithRole(db, actor.jurisdictionId, [officerId], 'enterprise_officer')).length === 0) {
    throw errors.validation({ field: 'officerId' }, { zh: '走访干部须为企业服务专员', en: 'The officer must be an enterprise officer' });
  }
  const problems = input.problems ?? [];
  if (problems.length > 50) throw errors.validation({ field: 'problems' }, { zh: '一次走访最多登记 50 个问题', en: 'At most 50 problems per visit' });
  // Problems raised on an earlier day count from that day (noon), so the answer clock starts when they were raised.
  const collectedAt = input.visitDate === today ? new Date() : localTimeToInstant(input.visitDate, cal.timeZone, 12);
  const id = await db.transaction().execute(async (tx) => {
    const v = await supportRepo.insertVisit(tx, {
        jurisdictionId: actor.jurisdictionId,
        enterpriseId: input.enterpriseId,
        mode: input.mode,
        visitDate: input.visitDate,
        officerId,
        participants: input.participants?.trim() ?? '',
        notes: input.notes?.trim() ?? '',
        campaignId: input.campaignId ?? null,
        createdBy: actor.userId,
    });
    const demandIds: number[] = [];
    for (const p of problems) {
      demandIds.push(
        await insertDemandTx(tx, ctx, actor, { ...p, enterpriseId: input.enterpriseId, source: 'visit', visitId: v.id, collectedAt, officerId, campaignId: input.campaignId ?? null }, cal),
      );
    }
    await appendAudit(tx, ctx, { action: 'enterprise.visit_create', entity: 'enterprise_visit', entityId: v.id, details: { enterpriseId: input.enterpriseId, mode: input.mode, visitDate: input.visitDate, demandIds } });
    return v.id;
  });
  return getVisit(db, ctx, id);
}

export async function getVisit(db: Executor, ctx: RequestContext, id: number) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.visits.read']);
  const v = await supportRepo.findVisit(db, id);
  assertRowAccess(actor, scope, v, 'enterprise_visit', '走访记录');
  const demands = (await listDemands(db, ctx, { visitId: id, pageSize: 200, sort: 'id', order: 'asc' })).items;
  return { ...toDto(v!), demands };
}

export interface VisitQuery {
  page?: number;
  pageSize?: number;
  enterpriseId?: number;
  officerId?: number;
  mode?: VisitMode;
  campaignId?: number;
  from?: string;
  to?: string;
}

export async function listVisits(db: Executor, ctx: RequestContext, q: VisitQuery) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.visits.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await supportRepo.listVisits(
    db,
    {
      jurisdictionId: actor.jurisdictionId,
      enterpriseId: scope === 'enterprise' ? (actor.enterpriseId ?? -1) : q.enterpriseId,
      officerId: q.officerId,
      mode: q.mode,
      campaignId: q.campaignId,
      from: q.from,
      to: q.to,
    },
    { offset, limit: pageSize },
  );
  return { items: items.map(toDto), total, page, pageSize };
}
