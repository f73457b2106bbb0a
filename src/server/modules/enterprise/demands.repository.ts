// SQL for demands (诉求), their timeline and the monthly rollup. No rules here.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { RollupDelta } from './enterprise.figures.ts';
import type { EnterpriseDemandsTable } from './enterprise.table.ts';

export function insertDemand(db: Executor, v: Insertable<EnterpriseDemandsTable>) {
  return db.insertInto('enterpriseDemands').values(v).returningAll().executeTakeFirstOrThrow();
}

export function insertDemands(db: Executor, rows: Insertable<EnterpriseDemandsTable>[]) {
  return db.insertInto('enterpriseDemands').values(rows).returning(['id', 'status', 'collectedAt']).execute();
}

export function lockDemand(db: Executor, id: number) {
  return db.selectFrom('enterpriseDemands').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateDemand(db: Executor, id: number, version: number, patch: Updateable<EnterpriseDemandsTable>) {
  return db
    .updateTable('enterpriseDemands')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

const demandView = (db: Executor) =>
  db
    .selectFrom('enterpriseDemands as d')
    .innerJoin('enterprises as e', 'e.id', 'd.enterpriseId')
    .leftJoin('orgUnits as u', 'u.id', 'd.assignedUnitId')
    .leftJoin('users as o', 'o.id', 'd.officerId')
    .leftJoin('enterpriseProjects as p', 'p.id', 'd.projectId')
    .leftJoin('enterpriseCampaigns as c', 'c.id', 'd.campaignId')
    .selectAll('d')
    .select([
      'e.name as enterpriseName',
      'e.creditCode as enterpriseCreditCode',
      'u.name as unitName',
      'o.displayName as officerName',
      'p.name as projectName',
      'p.investmentWan as projectInvestmentWan',
      'p.stage as projectStage',
      'c.name as campaignName',
    ]);

export function findDemand(db: Executor, id: number) {
  return demandView(db).where('d.id', '=', id).executeTakeFirst();
}
export type DemandViewRow = NonNullable<Awaited<ReturnType<typeof findDemand>>>;

export function insertTimeline(
  db: Executor,
  rows: {
    jurisdictionId: number;
    demandId: number;
    at?: Date;
    actorId: number | null;
    actorName: string;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    note?: string;
    details?: Record<string, unknown>;
  }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('enterpriseDemandTimeline')
    .values(rows.map((r) => ({ ...r, details: JSON.stringify(r.details ?? {}) })))
    .execute();
}

export function timelineOf(db: Executor, demandId: number) {
  return db.selectFrom('enterpriseDemandTimeline').selectAll().where('demandId', '=', demandId).orderBy('id').execute();
}

export interface DemandFilter {
  jurisdictionId: number;
  statuses?: string[];
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
  /** Unanswered and past the answer deadline at this instant. */
  overdueAt?: Date;
  q?: string;
}

export type DemandSort = 'collectedAt' | 'answerDueAt' | 'updatedAt' | 'id';

function filtered(db: Executor, f: DemandFilter) {
  let q = demandView(db).where('d.jurisdictionId', '=', f.jurisdictionId);
  if (f.statuses && f.statuses.length > 0) q = q.where('d.status', 'in', f.statuses);
  if (f.category) q = q.where('d.category', '=', f.category);
  if (f.source) q = q.where('d.source', '=', f.source);
  if (f.enterpriseId !== undefined) q = q.where('d.enterpriseId', '=', f.enterpriseId);
  if (f.unitId !== undefined) q = q.where('d.assignedUnitId', '=', f.unitId);
  if (f.officerId !== undefined) q = q.where('d.officerId', '=', f.officerId);
  if (f.campaignId !== undefined) q = q.where('d.campaignId', '=', f.campaignId);
  if (f.projectId !== undefined) q = q.where('d.projectId', '=', f.projectId);
  if (f.visitId !== undefined) q = q.where('d.visitId', '=', f.visitId);
  if (f.from) q = q.where('d.collectedOn', '>=', f.from);
  if (f.to) q = q.where('d.collectedOn', '<=', f.to);
  if (f.overdueAt) {
    q = q
      .where('d.answeredAt', 'is', null)
      .where('d.status', 'in', ['collected', 'assigned', 'returned'])
      .where('d.answerDueAt', '<', f.overdueAt);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('d.title', 'ilike', like), eb('e.name', 'ilike', like)]));
  }
  return q;
}

export async function listDemands(
  db: Executor,
  f: DemandFilter,
  page: { offset: number; limit: number; sort: DemandSort; order: 'asc' | 'desc' },
) {
  const base = filtered(db, f);
  const [{ n }] = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const sortCol = `d.${page.sort}` as const;
  const items = await base
    .orderBy(sortCol, (ob) => {
      const o = page.order === 'asc' ? ob.asc() : ob.desc();
      return page.sort === 'answerDueAt' ? o.nullsLast() : o;
    })
    .orderBy('d.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items, total: Number(n) };
}

/** Counts by status for the board's tabs (same filter, no status). */
export async function statusCounts(db: Executor, f: DemandFilter) {
  const rows = await filtered(db, { ...f, statuses: undefined })
    .clearSelect()
    .select(['d.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('d.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ------------------------------------------------------------------------------------------------ recipients

export async function handlersOfUnit(db: Executor, unitId: number): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('orgUnitId', '=', unitId).where('role', '=', 'handler').where('disabled', '=', false).execute();
  return rows.map((r) => r.id);
}

export async function usersOfEnterprise(db: Executor, enterpriseId: number): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('enterpriseId', '=', enterpriseId).where('disabled', '=', false).execute();
  return rows.map((r) => r.id);
}

export function findOrgUnit(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'jurisdictionId', 'name', 'active']).where('id', '=', id).executeTakeFirst();
}

// ------------------------------------------------------------------------------------------------ rollup

const MEASURES = [
  'collected',
  'answered',
  'answeredOnTime',
  'answerHours',
  'resolved',
  'confirmed',
  'closedUnresolved',
  'rated',
  'ratingSum',
  'satisfied',
] as const;

/** Adds the deltas to their rollup rows (creating them), in the caller's transaction. */
export async function applyRollup(db: Executor, jurisdictionId: number, deltas: RollupDelta[]) {
  for (const { key, delta } of deltas) {
    await db
      .insertInto('enterpriseDemandRollup')
      .values({ jurisdictionId, ...key, ...delta })
      .onConflict((oc) =>
        oc
          .columns(['jurisdictionId', 'month', 'category', 'officerId', 'unitId', 'campaignId'])
          .doUpdateSet((eb) => Object.fromEntries(MEASURES.map((m) => [m, eb(`enterpriseDemandRollup.${m}`, '+', eb.ref(`excluded.${m}`))]))),
      )
      .execute();
  }
}

/**
 * The same measures as enterprise.figures.ts measuresOf(), computed from the demand rows themselves, grouped by
 * collection month and dimension. Used to rebuild the rollup and for the partial months at a period's edges.
 */
function rawAggregate(db: Executor, jurisdictionId: number, range: { from?: string; to?: string; campaignId?: number }) {
  let q = db
    .selectFrom('enterpriseDemands as d')
    .where('d.jurisdictionId', '=', jurisdictionId)
    .select([
      sql<string>`to_char(date_trunc('month', d.collected_on), 'YYYY-MM-DD')`.as('month'),
      'd.category',
      sql<number>`coalesce(d.officer_id, 0)`.as('officerId'),
      sql<number>`coalesce(d.assigned_unit_id, 0)`.as('unitId'),
      sql<number>`coalesce(d.campaign_id, 0)`.as('campaignId'),
      sql<number>`count(*)::int`.as('collected'),
      sql<number>`count(d.answered_at)::int`.as('answered'),
      sql<number>`(count(*) filter (where d.answered_at is not null and (d.answer_due_at is null or d.answered_at <= d.answer_due_at)))::int`.as('answeredOnTime'),
      sql<number>`coalesce(sum(greatest(0, extract(epoch from (d.answered_at - d.collected_at)) / 3600.0)), 0)::float8`.as('answerHours'),
      sql<number>`(count(*) filter (where d.resolved_at is not null or d.status = 'confirmed'))::int`.as('resolved'),
      sql<number>`(count(*) filter (where d.status = 'confirmed'))::int`.as('confirmed'),
      sql<number>`(count(*) filter (where d.status = 'closed_unresolved'))::int`.as('closedUnresolved'),
      sql<number>`count(d.satisfaction)::int`.as('rated'),
      sql<number>`coalesce(sum(d.satisfaction), 0)::int`.as('ratingSum'),
      sql<number>`(count(*) filter (where d.satisfaction >= 4))::int`.as('satisfied'),
    ])
    .groupBy([sql`1`, 'd.category', sql`3`, sql`4`, sql`5`]);
  if (range.from) q = q.where('d.collectedOn', '>=', range.from);
  if (range.to) q = q.where('d.collectedOn', '<=', range.to);
  if (range.campaignId !== undefined) q = q.where('d.campaignId', '=', range.campaignId);
  return q;
}

export type RollupRow = { month: string; category: string; officerId: number; unitId: number; campaignId: number } & Record<(typeof MEASURES)[number], number>;

export function aggregateDemands(db: Executor, jurisdictionId: number, range: { from: string; to: string; campaignId?: number }): Promise<RollupRow[]> {
  return rawAggregate(db, jurisdictionId, range).execute();
}

/** Rollup rows of whole months [fromMonth, toMonth] (first days of months). */
export async function rollupRows(db: Executor, jurisdictionId: number, fromMonth: string, toMonth: string, campaignId?: number): Promise<RollupRow[]> {
  let q = db
    .selectFrom('enterpriseDemandRollup')
    .select([sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month'), 'category', 'officerId', 'unitId', 'campaignId', ...MEASURES])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .where('collected', '>', 0);
  if (campaignId !== undefined) q = q.where('campaignId', '=', campaignId);
  return q.execute();
}

/** Counts a new demand toward its enterprise's year (enterprises served). */
export function addCoverage(db: Executor, jurisdictionId: number, enterpriseId: number, collectedOn: string) {
  return db
    .insertInto('enterpriseDemandCoverage')
    .values({ jurisdictionId, year: Number(collectedOn.slice(0, 4)), enterpriseId, demands: 1 })
    .onConflict((oc) => oc.columns(['jurisdictionId', 'year', 'enterpriseId']).doUpdateSet((eb) => ({ demands: eb('enterpriseDemandCoverage.demands', '+', 1) })))
    .execute();
}

/** Recomputes the jurisdiction's rollup and yearly coverage from its demands (after bulk loads; also a repair tool). */
export async function rebuildRollup(db: Executor, jurisdictionId: number) {
  await db.deleteFrom('enterpriseDemandCoverage').where('jurisdictionId', '=', jurisdictionId).execute();
  await sql`insert into enterprise_demand_coverage (jurisdiction_id, year, enterprise_id, demands)
    select jurisdiction_id, extract(year from collected_on)::int, enterprise_id, count(*)::int
    from enterprise_demands where jurisdiction_id = ${jurisdictionId} group by 1, 2, 3`.execute(db);
  await db.deleteFrom('enterpriseDemandRollup').where('jurisdictionId', '=', jurisdictionId).execute();
  await db
    .insertInto('enterpriseDemandRollup')
    .columns(['month', 'category', 'officerId', 'unitId', 'campaignId', ...MEASURES, 'jurisdictionId'])
    .expression(
      db
        .selectFrom(rawAggregate(db, jurisdictionId, {}).as('a'))
        .select([
          sql`a.month::date`.as('month'),
          'a.category',
          'a.officerId',
          'a.unitId',
          'a.campaignId',
          ...MEASURES.map((m) => `a.${m}` as const),
          sql.lit(jurisdictionId).as('jurisdictionId'),
        ]),
    )
    .execute();
}

/** Distinct enterprises with a demand collected in the period: from the yearly coverage for whole years, else from the rows. */
export async function enterprisesCovered(db: Executor, jurisdictionId: number, from: string, to: string, campaignId?: number): Promise<number> {
  if (campaignId === undefined && from.endsWith('-01-01') && to.endsWith('-12-31')) {
    const y0 = Number(from.slice(0, 4));
    const y1 = Number(to.slice(0, 4));
    const r = await db
      .selectFrom('enterpriseDemandCoverage')
      .select(y0 === y1 ? sql<number>`count(*)::int`.as('n') : sql<number>`count(distinct enterprise_id)::int`.as('n'))
      .where('jurisdictionId', '=', jurisdictionId)
      .where('year', '>=', y0)
      .where('year', '<=', y1)
      .where('demands', '>', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  let q = db
    .selectFrom('enterpriseDemands')
    .select(sql<number>`count(distinct enterprise_id)::int`.as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('collectedOn', '>=', from)
    .where('collectedOn', '<=', to);
  if (campaignId !== undefined) q = q.where('campaignId', '=', campaignId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Distinct enterprises covered per category (for the dashboard). */
export function enterprisesCoveredByCategory(db: Executor, jurisdictionId: number, from: string, to: string, campaignId?: number) {
  let q = db
    .selectFrom('enterpriseDemands')
    .select(['category', sql<number>`count(distinct enterprise_id)::int`.as('n')])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('collectedOn', '>=', from)
    .where('collectedOn', '<=', to)
    .groupBy('category');
  if (campaignId !== undefined) q = q.where('campaignId', '=', campaignId);
  return q.execute();
}
