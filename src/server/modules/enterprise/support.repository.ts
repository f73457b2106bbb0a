// SQL for job-posting help, bank–enterprise matching, campaigns, targets and visits. No rules here.
import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type {
  EnterpriseBankApplicationsTable,
  EnterpriseBankEventsTable,
  EnterpriseJobPostsTable,
  EnterpriseVisitsTable,
} from './enterprise.table.ts';

export interface RangeFilter {
  jurisdictionId: number;
  enterpriseId?: number;
  campaignId?: number;
  from?: string;
  to?: string;
}

// ------------------------------------------------------------------------------------------------ visits

export function insertVisit(db: Executor, v: Insertable<EnterpriseVisitsTable>) {
  return db.insertInto('enterpriseVisits').values(v).returning('id').executeTakeFirstOrThrow();
}

export function visitQuery(db: Executor) {
  return db
    .selectFrom('enterpriseVisits as v')
    .innerJoin('enterprises as e', 'e.id', 'v.enterpriseId')
    .innerJoin('users as o', 'o.id', 'v.officerId')
    .leftJoin('enterpriseCampaigns as c', 'c.id', 'v.campaignId')
    .selectAll('v')
    .select([
      'e.name as enterpriseName',
      'o.displayName as officerName',
      'c.name as campaignName',
      (eb) =>
        eb
          .selectFrom('enterpriseDemands as d')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('d.visitId', '=', 'v.id')
          .as('problemCount'),
    ]);
}
export type VisitRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visitQuery>['executeTakeFirst']>>>;

export function findVisit(db: Executor, id: number) {
  return visitQuery(db).where('v.id', '=', id).executeTakeFirst();
}

export async function listVisits(
  db: Executor,
  f: RangeFilter & { officerId?: number; mode?: string },
  page: { offset: number; limit: number },
) {
  let base = visitQuery(db).where('v.jurisdictionId', '=', f.jurisdictionId);
  if (f.enterpriseId !== undefined) base = base.where('v.enterpriseId', '=', f.enterpriseId);
  if (f.officerId !== undefined) base = base.where('v.officerId', '=', f.officerId);
  if (f.mode) base = base.where('v.mode', '=', f.mode);
  if (f.campaignId !== undefined) base = base.where('v.campaignId', '=', f.campaignId);
  if (f.from) base = base.where('v.visitDate', '>=', f.from);
  if (f.to) base = base.where('v.visitDate', '<=', f.to);
  const [{ n }] = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const items = await base.orderBy('v.visitDate', 'desc').orderBy('v.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(n) };
}

// ------------------------------------------------------------------------------------------------ job posts

export function insertJobPost(db: Executor, v: Insertable<EnterpriseJobPostsTable>) {
  return db.insertInto('enterpriseJobPosts').values(v).returning('id').executeTakeFirstOrThrow();
}

const jobPostQuery = (db: Executor) =>
  db
    .selectFrom('enterpriseJobPosts as j')
    .innerJoin('enterprises as e', 'e.id', 'j.enterpriseId')
    .leftJoin('users as o', 'o.id', 'j.officerId')
    .leftJoin('enterpriseCampaigns as c', 'c.id', 'j.campaignId')
    .selectAll('j')
    .select(['e.name as enterpriseName', 'o.displayName as officerName', 'c.name as campaignName']);
export type JobPostRow = NonNullable<Awaited<ReturnType<ReturnType<typeof jobPostQuery>['executeTakeFirst']>>>;

export function findJobPost(db: Executor, id: number) {
  return jobPostQuery(db).where('j.id', '=', id).executeTakeFirst();
}

export function updateJobPost(
  db: Executor,
  id: number,
  version: number,
  patch: { hiredCount?: number | null; positionsCount?: number; positionTitles?: string[]; notes?: string; channel?: string },
) {
  return db
    .updateTable('enterpriseJobPosts')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function listJobPosts(db: Executor, f: RangeFilter, page: { offset: number; limit: number }) {
  let base = jobPostQuery(db).where('j.jurisdictionId', '=', f.jurisdictionId);
  if (f.enterpriseId !== undefined) base = base.where('j.enterpriseId', '=', f.enterpriseId);
  if (f.campaignId !== undefined) base = base.where('j.campaignId', '=', f.campaignId);
  if (f.from) base = base.where('j.postedOn', '>=', f.from);
  if (f.to) base = base.where('j.postedOn', '<=', f.to);
  const [{ n }] = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const items = await base.orderBy('j.postedOn', 'desc').orderBy('j.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(n) };
}

// ------------------------------------------------------------------------------------------------ bank matching

export function insertBankEvent(db: Executor, v: Insertable<EnterpriseBankEventsTable>) {
  return db.insertInto('enterpriseBankEvents').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findBankEvent(db: Executor, id: number) {
  return db.selectFrom('enterpriseBankEvents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBankEvents(db: Executor, f: RangeFilter, page: { offset: number; limit: number }) {
  let base = db
    .selectFrom('enterpriseBankEvents as b')
    .leftJoin('enterpriseCampaigns as c', 'c.id', 'b.campaignId')
    .selectAll('b')
    .select([
      'c.name as campaignName',
      (eb) => eb.selectFrom('enterpriseBankApplications as a').select(sql<number>`count(distinct a.enterprise_id)::int`.as('n')).whereRef('a.eventId', '=', 'b.id').as('enterpriseCount'),
    ])
    .where('b.jurisdictionId', '=', f.jurisdictionId);
  if (f.campaignId !== undefined) base = base.where('b.campaignId', '=', f.campaignId);
  if (f.from) base = base.where('b.heldOn', '>=', f.from);
  if (f.to) base = base.where('b.heldOn', '<=', f.to);
  const [{ n }] = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const items = await base.orderBy('b.heldOn', 'desc').orderBy('b.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(n) };
}

export function insertApplication(db: Executor, v: Insertable<EnterpriseBankApplicationsTable>) {
  return db.insertInto('enterpriseBankApplications').values(v).returning('id').executeTakeFirstOrThrow();
}

const applicationQuery = (db: Executor) =>
  db
    .selectFrom('enterpriseBankApplications as a')
    .innerJoin('enterprises as e', 'e.id', 'a.enterpriseId')
    .leftJoin('enterpriseBankEvents as b', 'b.id', 'a.eventId')
    .leftJoin('enterpriseCampaigns as c', 'c.id', 'a.campaignId')
    .selectAll('a')
    .select(['e.name as enterpriseName', 'b.name as eventName', 'c.name as campaignName']);
export type ApplicationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof applicationQuery>['executeTakeFirst']>>>;

export function findApplication(db: Executor, id: number) {
  return applicationQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export function updateApplication(
  db: Executor,
  id: number,
  version: number,
  patch: { status: string; grantedWan: number | null; grantedOn: string | null; declinedReason: string | null },
) {
  return db
    .updateTable('enterpriseBankApplications')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function listApplications(db: Executor, f: RangeFilter & { eventId?: number; status?: string }, page: { offset: number; limit: number }) {
  let base = applicationQuery(db).where('a.jurisdictionId', '=', f.jurisdictionId);
  if (f.enterpriseId !== undefined) base = base.where('a.enterpriseId', '=', f.enterpriseId);
  if (f.eventId !== undefined) base = base.where('a.eventId', '=', f.eventId);
  if (f.status) base = base.where('a.status', '=', f.status);
  if (f.campaignId !== undefined) base = base.where('a.campaignId', '=', f.campaignId);
  if (f.from) base = base.where('a.appliedOn', '>=', f.from);
  if (f.to) base = base.where('a.appliedOn', '<=', f.to);
  const [{ n }] = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const items = await base.orderBy('a.appliedOn', 'desc').orderBy('a.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(n) };
}

// ------------------------------------------------------------------------------------------------ campaigns

export function insertCampaign(db: Executor, v: { jurisdictionId: number; code: string; name: string; year: number; startsOn: string | null; endsOn: string | null; description: string }) {
  return db.insertInto('enterpriseCampaigns').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findCampaign(db: Executor, id: number) {
  return db.selectFrom('enterpriseCampaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCampaignByCode(db: Executor, jurisdictionId: number, code: string) {
  return db.selectFrom('enterpriseCampaigns').selectAll().where('jurisdictionId', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

export function listCampaigns(db: Executor, jurisdictionId: number) {
  return db.selectFrom('enterpriseCampaigns').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('year', 'desc').orderBy('id').execute();
}

export function updateCampaign(
  db: Executor,
  id: number,
  version: number,
  patch: { name?: string; startsOn?: string | null; endsOn?: string | null; description?: string; active?: boolean },
) {
  return db
    .updateTable('enterpriseCampaigns')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

// ------------------------------------------------------------------------------------------------ targets

export function listTargets(db: Executor, jurisdictionId: number) {
  return db.selectFrom('enterpriseTargets').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('year', 'desc').execute();
}

export function findTarget(db: Executor, jurisdictionId: number, year: number) {
  return db.selectFrom('enterpriseTargets').selectAll().where('jurisdictionId', '=', jurisdictionId).where('year', '=', year).executeTakeFirst();
}

export function insertTarget(db: Executor, v: { jurisdictionId: number; year: number; collectionTarget: number; note: string; updatedBy: number | null }) {
  return db.insertInto('enterpriseTargets').values(v).onConflict((oc) => oc.columns(['jurisdictionId', 'year']).doNothing()).returningAll().executeTakeFirst();
}

export function updateTarget(db: Executor, jurisdictionId: number, year: number, version: number, v: { collectionTarget: number; note: string; updatedBy: number | null }) {
  return db
    .updateTable('enterpriseTargets')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('year', '=', year)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function targetsForYears(db: Executor, jurisdictionId: number, years: number[]): Promise<Map<number, number>> {
  if (years.length === 0) return new Map();
  const rows = await db
    .selectFrom('enterpriseTargets')
    .select(['year', 'collectionTarget'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('year', 'in', years)
    .execute();
  return new Map(rows.map((r) => [r.year, r.collectionTarget]));
}

// ------------------------------------------------------------------------------------------------ figures

export async function jobFigures(db: Executor, f: RangeFilter & { from: string; to: string }) {
  let q = db
    .selectFrom('enterpriseJobPosts')
    .select([
      sql<number>`count(distinct enterprise_id)::int`.as('enterprisesHelped'),
      sql<number>`count(*)::int`.as('postings'),
      sql<number>`coalesce(sum(positions_count), 0)::int`.as('positions'),
      sql<number>`coalesce(sum(hired_count), 0)::int`.as('hired'),
      sql<number>`count(hired_count)::int`.as('postingsWithHires'),
    ])
    .where('jurisdictionId', '=', f.jurisdictionId)
    .where('postedOn', '>=', f.from)
    .where('postedOn', '<=', f.to);
  if (f.campaignId !== undefined) q = q.where('campaignId', '=', f.campaignId);
  return q.executeTakeFirstOrThrow();
}

export async function financingFigures(db: Executor, f: RangeFilter & { from: string; to: string }) {
  const camp = (q: string) => (f.campaignId !== undefined ? sql` and ${sql.ref(q)} = ${f.campaignId}` : sql``);
  const r = await sql<{
    enterprisesMatched: number;
    applications: number;
    requestedWan: number;
    declined: number;
    pending: number;
    enterprisesFinanced: number;
    grants: number;
    grantedWan: number;
    events: number;
  }>`select
      (select count(distinct enterprise_id)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and applied_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "enterprisesMatched",
      (select count(*)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and applied_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "applications",
      (select coalesce(sum(requested_wan), 0)::float8 from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and applied_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "requestedWan",
      (select count(*)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and applied_on between ${f.from} and ${f.to} and status = 'declined'${camp('campaign_id')}) as "declined",
      (select count(*)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and applied_on between ${f.from} and ${f.to} and status = 'pending'${camp('campaign_id')}) as "pending",
      (select count(distinct enterprise_id)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and status = 'granted' and granted_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "enterprisesFinanced",
      (select count(*)::int from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and status = 'granted' and granted_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "grants",
      (select coalesce(sum(granted_wan), 0)::float8 from enterprise_bank_applications
        where jurisdiction_id = ${f.jurisdictionId} and status = 'granted' and granted_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "grantedWan",
      (select count(*)::int from enterprise_bank_events
        where jurisdiction_id = ${f.jurisdictionId} and held_on between ${f.from} and ${f.to}${camp('campaign_id')}) as "events"`.execute(db);
  return r.rows[0];
}

export async function visitFigures(db: Executor, f: RangeFilter & { from: string; to: string }) {
  let q = db
    .selectFrom('enterpriseVisits')
    .select([
      sql<number>`count(*)::int`.as('visits'),
      sql<number>`count(distinct enterprise_id)::int`.as('enterprisesVisited'),
      sql<number>`(count(*) filter (where mode = 'on_site'))::int`.as('onSite'),
      sql<number>`(count(*) filter (where mode = 'online'))::int`.as('online'),
    ])
    .where('jurisdictionId', '=', f.jurisdictionId)
    .where('visitDate', '>=', f.from)
    .where('visitDate', '<=', f.to);
  if (f.campaignId !== undefined) q = q.where('campaignId', '=', f.campaignId);
  return q.executeTakeFirstOrThrow();
}

export function unitNames(db: Executor, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function userNames(db: Executor, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', ids).execute();
}
