// All SQL for law firms, duty lawyers and legal-service records. No rules here.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ServiceKind } from './legal-services.table.ts';

export function listFirms(db: Executor, jurisdictionId: number) {
  return db
    .selectFrom('lawFirms')
    .select(['id', 'name', 'address', 'phone', 'active', 'version'])
    .select((eb) =>
      eb
        .selectFrom('dutyLawyers')
        .whereRef('dutyLawyers.firmId', '=', 'lawFirms.id')
        .where('dutyLawyers.active', '=', true)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('lawyerCount'),
    )
    .where('jurisdictionId', '=', jurisdictionId)
    .orderBy('name')
    .execute();
}

export function findFirm(db: Executor, id: number) {
  return db.selectFrom('lawFirms').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertFirm(db: Executor, v: { jurisdictionId: number; name: string; address: string; phone: string }) {
  return db.insertInto('lawFirms').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateFirm(db: Executor, id: number, version: number, v: { name?: string; address?: string; phone?: string; active?: boolean }) {
  return db
    .updateTable('lawFirms')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Every user with the lawyer role, with their firm when they are on the roster. */
export function listLawyers(db: Executor, jurisdictionId: number) {
  return db
    .selectFrom('users')
    .leftJoin('dutyLawyers', 'dutyLawyers.userId', 'users.id')
    .leftJoin('lawFirms', 'lawFirms.id', 'dutyLawyers.firmId')
    .select([
      'users.id as userId',
      'users.displayName as name',
      'users.disabled',
      'dutyLawyers.firmId',
      'lawFirms.name as firmName',
      'dutyLawyers.licenceNo',
      'dutyLawyers.active',
      'dutyLawyers.version',
    ])
    .where('users.jurisdictionId', '=', jurisdictionId)
    .where('users.role', '=', 'lawyer')
    .orderBy('users.displayName')
    .execute();
}

/** The registry row a service names (only its jurisdiction, to check the link). */
export function findEnterprise(db: Executor, id: number) {
  return db.selectFrom('enterprises').select(['id', 'jurisdictionId']).where('id', '=', id).executeTakeFirst();
}

export function findUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'jurisdictionId', 'role', 'displayName', 'disabled']).where('id', '=', id).executeTakeFirst();
}

export function findDutyLawyer(db: Executor, userId: number) {
  return db.selectFrom('dutyLawyers').selectAll().where('userId', '=', userId).executeTakeFirst();
}

export async function upsertDutyLawyer(
  db: Executor,
  v: { userId: number; jurisdictionId: number; firmId: number; licenceNo: string; active: boolean },
) {
  return db
    .insertInto('dutyLawyers')
    .values(v)
    .onConflict((oc) =>
      oc.column('userId').doUpdateSet((eb) => ({
        firmId: eb.ref('excluded.firmId'),
        licenceNo: eb.ref('excluded.licenceNo'),
        active: eb.ref('excluded.active'),
        version: sql<number>`duty_lawyers.version + 1`,
        updatedAt: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ServiceFilter {
  jurisdictionId: number;
  lawyerId?: number;
  kind?: ServiceKind;
  from?: string;
  to?: string;
  enterpriseId?: number;
}

function serviceBase(db: Executor) {
  return db
    .selectFrom('legalServices')
    .innerJoin('users', 'users.id', 'legalServices.lawyerId')
    .leftJoin('enterprises', 'enterprises.id', 'legalServices.enterpriseId');
}

function serviceQuery(db: Executor, f: ServiceFilter) {
  let q = serviceBase(db).where('legalServices.jurisdictionId', '=', f.jurisdictionId);
  if (f.lawyerId !== undefined) q = q.where('legalServices.lawyerId', '=', f.lawyerId);
  if (f.kind) q = q.where('legalServices.kind', '=', f.kind);
  if (f.from) q = q.where('legalServices.servedOn', '>=', f.from);
  if (f.to) q = q.where('legalServices.servedOn', '<=', f.to);
  if (f.enterpriseId !== undefined) q = q.where('legalServices.enterpriseId', '=', f.enterpriseId);
  return q;
}

const serviceColumns = [
  'legalServices.id',
  'legalServices.jurisdictionId',
  'legalServices.lawyerId',
  'users.displayName as lawyerName',
  'legalServices.kind',
  'legalServices.servedOn',
  'legalServices.enterpriseId',
  'enterprises.name as enterpriseName',
  'legalServices.place',
  'legalServices.peopleServed',
  'legalServices.topic',
  'legalServices.summary',
  'legalServices.version',
  'legalServices.createdAt',
] as const;

export async function listServices(
  db: Executor,
  f: ServiceFilter,
  page: { offset: number; limit: number; sort: 'servedOn' | 'id'; order: 'asc' | 'desc' },
) {
  const total = await serviceQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await serviceQuery(db, f)
    .select(serviceColumns)
    .orderBy(`legalServices.${page.sort}`, page.order)
    .orderBy('legalServices.id', page.order)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n) };
}

export function findService(db: Executor, id: number) {
  return serviceBase(db).select(serviceColumns).where('legalServices.id', '=', id).executeTakeFirst();
}

export async function insertService(
  db: Executor,
  v: {
    jurisdictionId: number;
    lawyerId: number;
    kind: ServiceKind;
    servedOn: string;
    enterpriseId: number | null;
    place: string;
    peopleServed: number;
    topic: string;
    summary: string;
    createdBy: number;
  },
) {
  const row = await db.insertInto('legalServices').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function updateService(
  db: Executor,
  id: number,
  version: number,
  v: Partial<{ kind: ServiceKind; servedOn: string; enterpriseId: number | null; place: string; peopleServed: number; topic: string; summary: string }>,
) {
  return db
    .updateTable('legalServices')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** A site is an enterprise, or else a place name; the same place typed twice counts once. */
const siteKey = sql<string>`coalesce('e:' || enterprise_id::text, 'p:' || lower(trim(place)))`;

export async function figures(db: Executor, jurisdictionId: number, from: string, to: string, lawyerId?: number) {
  let base = db
    .selectFrom('legalServices')
    .where('jurisdictionId', '=', jurisdictionId)
    .where('servedOn', '>=', from)
    .where('servedOn', '<=', to);
  if (lawyerId !== undefined) base = base.where('lawyerId', '=', lawyerId);
  const totals = await base
    .select((eb) => [
      eb.fn.countAll<number>().as('services'),
      eb.fn.coalesce(eb.fn.sum<number>('peopleServed'), sql<number>`0`).as('peopleServed'),
      sql<number>`count(distinct ${siteKey})`.as('sites'),
      sql<number>`count(distinct enterprise_id)`.as('enterprises'),
      sql<number>`count(distinct lawyer_id)`.as('lawyers'),
    ])
    .executeTakeFirstOrThrow();
  const byKind = await base
    .select((eb) => ['kind', eb.fn.countAll<number>().as('services'), eb.fn.coalesce(eb.fn.sum<number>('peopleServed'), sql<number>`0`).as('peopleServed')])
    .groupBy('kind')
    .execute();
  const byMonth = await base
    .select((eb) => [sql<string>`to_char(served_on, 'YYYY-MM')`.as('month'), eb.fn.countAll<number>().as('services')])
    .groupBy(sql`to_char(served_on, 'YYYY-MM')`)
    .orderBy(sql`to_char(served_on, 'YYYY-MM')`)
    .execute();
  return { totals, byKind, byMonth };
}
