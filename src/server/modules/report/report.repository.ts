// All SQL for annual reports, their versions and their workflow timeline. No rules here.
import type { Executor } from '../../db/database.ts';
import type { ReportBody } from './report.body.ts';
import type { PublishedReport } from './report.publish.ts';
import type { VersionChanges } from './report.table.ts';
import type { ReportStatus } from './report.workflow.ts';

export function jurisdiction(db: Executor, id: number) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'shortName']).where('id', '=', id).executeTakeFirst();
}

export function jurisdictionByCode(db: Executor, code: string) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'shortName']).where('code', '=', code).executeTakeFirst();
}

export function firstJurisdiction(db: Executor) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'shortName']).orderBy('id').executeTakeFirst();
}

export function userName(db: Executor, id: number | null) {
  if (id === null) return Promise.resolve(undefined);
  return db.selectFrom('users').select(['displayName']).where('id', '=', id).executeTakeFirst();
}

export async function listReports(db: Executor, jurisdictionId: number, page: { offset: number; limit: number }) {
  const base = db.selectFrom('annualReports').where('jurisdictionId', '=', jurisdictionId);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(['id', 'year', 'status', 'currentVersion', 'publishedAt', 'version', 'updatedAt'])
    .orderBy('year', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(n) };
}

export function findReport(db: Executor, id: number) {
  return db.selectFrom('annualReports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findReportByYear(db: Executor, jurisdictionId: number, year: number) {
  return db.selectFrom('annualReports').selectAll().where('jurisdictionId', '=', jurisdictionId).where('year', '=', year).executeTakeFirst();
}

export function insertReport(db: Executor, v: { jurisdictionId: number; year: number; createdBy: number | null }) {
  return db
    .insertInto('annualReports')
    .values({ ...v, published: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateReport(
  db: Executor,
  id: number,
  version: number,
  v: Partial<{
    status: ReportStatus;
    currentVersion: number;
    reviewedBy: number | null;
    reviewedAt: Date | null;
    approvedBy: number | null;
    approvedAt: Date | null;
    publishedAt: Date | null;
    publishedVersion: number | null;
    published: PublishedReport | null;
  }>,
) {
  const { published, ...rest } = v;
  return db
    .updateTable('annualReports')
    .set((eb) => ({
      ...rest,
      ...(published !== undefined ? { published: published === null ? null : JSON.stringify(published) } : {}),
      version: eb('version', '+', 1),
      updatedAt: new Date(),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function insertVersion(
  db: Executor,
  v: { jurisdictionId: number; reportId: number; number: number; body: ReportBody; note: string; changes: VersionChanges | Record<string, never>; authorId: number | null; authorName: string },
) {
  return db
    .insertInto('annualReportVersions')
    .values({ ...v, body: JSON.stringify(v.body), changes: JSON.stringify(v.changes) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findVersion(db: Executor, reportId: number, number: number) {
  return db.selectFrom('annualReportVersions').selectAll().where('reportId', '=', reportId).where('number', '=', number).executeTakeFirst();
}

export function listVersions(db: Executor, reportId: number) {
  return db
    .selectFrom('annualReportVersions')
    .select(['number', 'note', 'changes', 'authorId', 'authorName', 'createdAt'])
    .where('reportId', '=', reportId)
    .orderBy('number', 'desc')
    .execute();
}

export function insertEvent(
  db: Executor,
  v: { jurisdictionId: number; reportId: number; action: string; fromStatus: string | null; toStatus: string; versionNumber: number; actorId: number | null; actorName: string; note: string },
) {
  return db.insertInto('annualReportEvents').values(v).execute();
}

export function listEvents(db: Executor, reportId: number) {
  return db
    .selectFrom('annualReportEvents')
    .select(['action', 'fromStatus', 'toStatus', 'versionNumber', 'actorName', 'note', 'at'])
    .where('reportId', '=', reportId)
    .orderBy('id')
    .execute();
}

export async function listPublished(db: Executor, page: { offset: number; limit: number }) {
  const base = db
    .selectFrom('annualReports')
    .innerJoin('jurisdictions', 'jurisdictions.id', 'annualReports.jurisdictionId')
    .where('annualReports.status', '=', 'published');
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(['annualReports.id', 'annualReports.year', 'annualReports.publishedAt', 'annualReports.published', 'jurisdictions.name as jurisdictionName'])
    .orderBy('annualReports.publishedAt', 'desc')
    .orderBy('annualReports.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(n) };
}

export function findPublished(db: Executor, id: number) {
  return db
    .selectFrom('annualReports')
    .select(['id', 'year', 'publishedAt', 'published'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
}
