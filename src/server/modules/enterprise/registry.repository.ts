// SQL for the enterprise registry: enterprises, their service officers, projects. No rules here.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { EnterprisesTable } from './enterprise.table.ts';
import type { Insertable, Updateable } from 'kysely';

export const enterpriseColumns = [
  'enterprises.id',
  'enterprises.jurisdictionId',
  'enterprises.creditCode',
  'enterprises.name',
  'enterprises.industry',
  'enterprises.size',
  'enterprises.address',
  'enterprises.lng',
  'enterprises.lat',
  'enterprises.gridId',
  'enterprises.legalRepresentative',
  'enterprises.contactName',
  'enterprises.contactPhoneMasked',
  'enterprises.tags',
  'enterprises.active',
  'enterprises.version',
  'enterprises.createdAt',
  'enterprises.updatedAt',
] as const;

export function insertEnterprise(db: Executor, v: Insertable<EnterprisesTable>) {
  return db.insertInto('enterprises').values(v).returning('id').executeTakeFirstOrThrow();
}

export function insertEnterprises(db: Executor, rows: Insertable<EnterprisesTable>[]) {
  return db.insertInto('enterprises').values(rows).returning(['id', 'creditCode']).execute();
}

export function findEnterprise(db: Executor, id: number) {
  return db
    .selectFrom('enterprises')
    .leftJoin('grids', 'grids.id', 'enterprises.gridId')
    .select([...enterpriseColumns, 'enterprises.contactPhoneEnc', 'grids.name as gridName'])
    .where('enterprises.id', '=', id)
    .executeTakeFirst();
}

export function findEnterpriseByCode(db: Executor, jurisdictionId: number, creditCode: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'creditCode'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('creditCode', '=', creditCode)
    .executeTakeFirst();
}

export async function existingCreditCodes(db: Executor, jurisdictionId: number, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('enterprises')
      .select(['creditCode', 'name'])
      .where('jurisdictionId', '=', jurisdictionId)
      .where('creditCode', 'in', chunk)
      .execute();
    for (const r of rows) out.set(r.creditCode, r.name);
  }
  return out;
}

export function updateEnterprise(db: Executor, id: number, version: number, patch: Updateable<EnterprisesTable>) {
  return db
    .updateTable('enterprises')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

export function officersOf(db: Executor, enterpriseIds: number[]) {
  if (enterpriseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterpriseOfficers')
    .innerJoin('users', 'users.id', 'enterpriseOfficers.userId')
    .select(['enterpriseOfficers.enterpriseId', 'enterpriseOfficers.userId', 'enterpriseOfficers.isPrimary', 'users.displayName'])
    .where('enterpriseOfficers.enterpriseId', 'in', enterpriseIds)
    .orderBy('enterpriseOfficers.isPrimary', 'desc')
    .orderBy('users.id')
    .execute();
}

export async function replaceOfficers(db: Executor, jurisdictionId: number, enterpriseId: number, userIds: number[]) {
  await db.deleteFrom('enterpriseOfficers').where('enterpriseId', '=', enterpriseId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('enterpriseOfficers')
    .values(userIds.map((userId, i) => ({ jurisdictionId, enterpriseId, userId, isPrimary: i === 0 })))
    .execute();
}

export function insertOfficers(db: Executor, rows: { jurisdictionId: number; enterpriseId: number; userId: number; isPrimary: boolean }[]) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto('enterpriseOfficers').values(rows).execute();
}

export async function primaryOfficerOf(db: Executor, enterpriseId: number): Promise<number | null> {
  const r = await db
    .selectFrom('enterpriseOfficers')
    .select('userId')
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('isPrimary', 'desc')
    .orderBy('userId')
    .executeTakeFirst();
  return r?.userId ?? null;
}

/** Users of the jurisdiction with the given ids and role (to check officer and unit pickers). */
export function usersWithRole(db: Executor, jurisdictionId: number, ids: number[], role: string) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'username', 'displayName'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('role', '=', role)
    .where('disabled', '=', false)
    .where('id', 'in', ids)
    .execute();
}

export function officersOfJurisdiction(db: Executor, jurisdictionId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'displayName'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('role', '=', 'enterprise_officer')
    .where('disabled', '=', false)
    .orderBy('id')
    .execute();
}

/** The units holding any demand of the enterprise (a handler may read the enterprises their unit serves). */
export async function unitsServingEnterprise(db: Executor, enterpriseId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enterpriseDemands')
    .select('assignedUnitId')
    .distinct()
    .where('enterpriseId', '=', enterpriseId)
    .where('assignedUnitId', 'is not', null)
    .execute();
  return rows.map((r) => r.assignedUnitId!);
}

export interface EnterpriseFilter {
  jurisdictionId: number;
  q?: string;
  industry?: string;
  size?: string;
  tag?: string;
  gridId?: number;
  officerId?: number;
  active?: boolean;
  /** Only enterprises with a demand assigned to this unit (a handler's scope). */
  servedByUnitId?: number;
  /** Only this enterprise (an enterprise user's scope). */
  enterpriseId?: number;
}

export type EnterpriseSort = 'name' | 'creditCode' | 'createdAt' | 'updatedAt';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Executor, f: EnterpriseFilter) {
  let q = db.selectFrom('enterprises').where('enterprises.jurisdictionId', '=', f.jurisdictionId);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('enterprises.name', 'ilike', like), eb('enterprises.creditCode', 'ilike', like)]));
  }
  if (f.industry) q = q.where('enterprises.industry', '=', f.industry);
  if (f.size) q = q.where('enterprises.size', '=', f.size);
  if (f.tag) q = q.where(sql<boolean>`enterprises.tags @> array[${f.tag}]::text[]`);
  if (f.gridId !== undefined) q = q.where('enterprises.gridId', '=', f.gridId);
  if (f.active !== undefined) q = q.where('enterprises.active', '=', f.active);
  if (f.enterpriseId !== undefined) q = q.where('enterprises.id', '=', f.enterpriseId);
  if (f.officerId !== undefined) {
    const officerId = f.officerId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('enterpriseOfficers')
          .select(sql`1`.as('x'))
          .whereRef('enterpriseOfficers.enterpriseId', '=', 'enterprises.id')
          .where('enterpriseOfficers.userId', '=', officerId),
      ),
    );
  }
  if (f.servedByUnitId !== undefined) {
    const unitId = f.servedByUnitId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('enterpriseDemands')
          .select(sql`1`.as('x'))
          .whereRef('enterpriseDemands.enterpriseId', '=', 'enterprises.id')
          .where('enterpriseDemands.assignedUnitId', '=', unitId),
      ),
    );
  }
  return q;
}

export async function searchEnterprises(
  db: Executor,
  f: EnterpriseFilter,
  page: { offset: number; limit: number; sort: EnterpriseSort; order: 'asc' | 'desc' },
) {
  const base = filtered(db, f);
  const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute();
  let q = base.leftJoin('grids', 'grids.id', 'enterprises.gridId').select([...enterpriseColumns, 'grids.name as gridName']);
  // A search term ranks exact code matches and the closest names first.
  if (f.q && page.sort === 'name') {
    q = q.orderBy(sql`(enterprises.credit_code = ${f.q.toUpperCase()})`, 'desc').orderBy(sql`similarity(enterprises.name, ${f.q})`, 'desc');
  }
  const items = await q.orderBy(`enterprises.${page.sort}`, page.order).orderBy('enterprises.id').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(n) };
}

/** Every enterprise matching the filter, in id order, a batch at a time (export). */
export function enterpriseBatch(db: Executor, f: EnterpriseFilter, afterId: number, limit: number) {
  return filtered(db, f)
    .leftJoin('grids', 'grids.id', 'enterprises.gridId')
    .select([...enterpriseColumns, 'grids.name as gridName'])
    .where('enterprises.id', '>', afterId)
    .orderBy('enterprises.id')
    .limit(limit)
    .execute();
}

// ------------------------------------------------------------------------------------------------ projects

export function insertProject(db: Executor, v: { jurisdictionId: number; enterpriseId: number; name: string; investmentWan: number; stage: string }) {
  return db.insertInto('enterpriseProjects').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findProject(db: Executor, id: number) {
  return db.selectFrom('enterpriseProjects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function projectsOf(db: Executor, jurisdictionId: number, enterpriseId?: number) {
  let q = db
    .selectFrom('enterpriseProjects')
    .innerJoin('enterprises', 'enterprises.id', 'enterpriseProjects.enterpriseId')
    .selectAll('enterpriseProjects')
    .select('enterprises.name as enterpriseName')
    .where('enterpriseProjects.jurisdictionId', '=', jurisdictionId);
  if (enterpriseId !== undefined) q = q.where('enterpriseProjects.enterpriseId', '=', enterpriseId);
  return q.orderBy('enterpriseProjects.id', 'desc').limit(500).execute();
}

export function updateProject(db: Executor, id: number, version: number, patch: { name?: string; investmentWan?: number; stage?: string }) {
  return db
    .updateTable('enterpriseProjects')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
