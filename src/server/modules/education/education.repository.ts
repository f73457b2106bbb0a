// All SQL for study records, exam results, the 谁执法谁普法 list and publicity events. No rules here.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { FileRef, PlannedActivity, StudyForm } from './education.table.ts';

// ── officials and study ──

export function officials(db: Executor, jurisdictionId: number, roles: readonly string[], onlyUserId?: number) {
  let q = db
    .selectFrom('users')
    .leftJoin('orgUnits', 'orgUnits.id', 'users.orgUnitId')
    .select(['users.id', 'users.username', 'users.displayName', 'users.role', 'users.orgUnitId', 'orgUnits.name as orgUnitName'])
    .where('users.jurisdictionId', '=', jurisdictionId)
    .where('users.disabled', '=', false)
    .where('users.role', 'in', [...roles]);
  if (onlyUserId !== undefined) q = q.where('users.id', '=', onlyUserId);
  return q.orderBy('orgUnits.sort').orderBy('users.displayName').orderBy('users.id').execute();
}

export function findUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'jurisdictionId', 'role', 'displayName', 'username', 'disabled']).where('id', '=', id).executeTakeFirst();
}

export function usersForImport(db: Executor, jurisdictionId: number) {
  return db.selectFrom('users').select(['id', 'username', 'displayName', 'role']).where('jurisdictionId', '=', jurisdictionId).where('disabled', '=', false).execute();
}

/** Hours per user in a date range. */
export async function hoursByUser(db: Executor, jurisdictionId: number, from: string, to: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('studyRecords')
    .select((eb) => ['userId', eb.fn.sum<number>('hours').as('hours')])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('studiedOn', '>=', from)
    .where('studiedOn', '<=', to)
    .groupBy('userId')
    .execute();
  return new Map(rows.map((r) => [r.userId, Number(r.hours)]));
}

export async function examsByUser(db: Executor, jurisdictionId: number, year: number) {
  const rows = await db
    .selectFrom('lawExamResults')
    .select(['userId', 'passed', 'score', 'takenOn'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('year', '=', year)
    .execute();
  return new Map(rows.map((r) => [r.userId, r]));
}

export interface StudyFilter {
  jurisdictionId: number;
  userId?: number;
  from?: string;
  to?: string;
  form?: StudyForm;
}

function studyQuery(db: Executor, f: StudyFilter) {
  let q = db.selectFrom('studyRecords').innerJoin('users', 'users.id', 'studyRecords.userId').where('studyRecords.jurisdictionId', '=', f.jurisdictionId);
  if (f.userId !== undefined) q = q.where('studyRecords.userId', '=', f.userId);
  if (f.from) q = q.where('studyRecords.studiedOn', '>=', f.from);
  if (f.to) q = q.where('studyRecords.studiedOn', '<=', f.to);
  if (f.form) q = q.where('studyRecords.form', '=', f.form);
  return q;
}

const studyColumns = [
  'studyRecords.id',
  'studyRecords.jurisdictionId',
  'studyRecords.userId',
  'users.displayName as userName',
  'studyRecords.course',
  'studyRecords.hours',
  'studyRecords.studiedOn',
  'studyRecords.form',
  'studyRecords.source',
  'studyRecords.version',
  'studyRecords.createdAt',
] as const;

export async function listStudy(db: Executor, f: StudyFilter, page: { offset: number; limit: number; order: 'asc' | 'desc' }) {
  const total = await studyQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const hours = await studyQuery(db, f).select((eb) => eb.fn.coalesce(eb.fn.sum<number>('studyRecords.hours'), sql<number>`0`).as('h')).executeTakeFirstOrThrow();
  const items = await studyQuery(db, f)
    .select(studyColumns)
    .orderBy('studyRecords.studiedOn', page.order)
    .orderBy('studyRecords.id', page.order)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n), hours: Number(hours.h) };
}

export function findStudy(db: Executor, id: number) {
  return db.selectFrom('studyRecords').innerJoin('users', 'users.id', 'studyRecords.userId').select(studyColumns).where('studyRecords.id', '=', id).executeTakeFirst();
}

export interface StudyValues {
  jurisdictionId: number;
  userId: number;
  course: string;
  hours: number;
  studiedOn: string;
  form: StudyForm;
  source: 'manual' | 'import';
  createdBy: number;
}

export async function insertStudy(db: Executor, v: StudyValues | StudyValues[]) {
  const rows = await db.insertInto('studyRecords').values(v).returning('id').execute();
  return rows.map((r) => r.id);
}

export function updateStudy(db: Executor, id: number, version: number, v: Partial<{ course: string; hours: number; studiedOn: string; form: StudyForm }>) {
  return db
    .updateTable('studyRecords')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteStudy(db: Executor, id: number, version: number) {
  return db.deleteFrom('studyRecords').where('id', '=', id).where('version', '=', version).returning('id').executeTakeFirst();
}

// ── exams ──

export function listExams(db: Executor, jurisdictionId: number, year: number, userId?: number) {
  let q = db
    .selectFrom('lawExamResults')
    .innerJoin('users', 'users.id', 'lawExamResults.userId')
    .select([
      'lawExamResults.id',
      'lawExamResults.userId',
      'users.displayName as userName',
      'lawExamResults.year',
      'lawExamResults.score',
      'lawExamResults.passed',
      'lawExamResults.takenOn',
      'lawExamResults.version',
    ])
    .where('lawExamResults.jurisdictionId', '=', jurisdictionId)
    .where('lawExamResults.year', '=', year);
  if (userId !== undefined) q = q.where('lawExamResults.userId', '=', userId);
  return q.orderBy('users.displayName').execute();
}

export function findExam(db: Executor, userId: number, year: number) {
  return db.selectFrom('lawExamResults').selectAll().where('userId', '=', userId).where('year', '=', year).executeTakeFirst();
}

export function insertExam(db: Executor, v: { jurisdictionId: number; userId: number; year: number; score: number | null; passed: boolean; takenOn: string | null; recordedBy: number }) {
  return db.insertInto('lawExamResults').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateExam(db: Executor, id: number, version: number, v: { score: number | null; passed: boolean; takenOn: string | null; recordedBy: number }) {
  return db
    .updateTable('lawExamResults')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

// ── 谁执法谁普法 ──

export function listDuties(db: Executor, jurisdictionId: number, year: number, orgUnitId?: number) {
  let q = db
    .selectFrom('publicityDuties')
    .innerJoin('orgUnits', 'orgUnits.id', 'publicityDuties.orgUnitId')
    .select([
      'publicityDuties.id',
      'publicityDuties.jurisdictionId',
      'publicityDuties.orgUnitId',
      'orgUnits.name as orgUnitName',
      'publicityDuties.year',
      'publicityDuties.law',
      'publicityDuties.plannedActivities',
      'publicityDuties.version',
    ])
    .select((eb) =>
      eb.selectFrom('publicityEvents').whereRef('publicityEvents.dutyId', '=', 'publicityDuties.id').select((e) => e.fn.countAll<number>().as('n')).as('eventsHeld'),
    )
    .where('publicityDuties.jurisdictionId', '=', jurisdictionId)
    .where('publicityDuties.year', '=', year);
  if (orgUnitId !== undefined) q = q.where('publicityDuties.orgUnitId', '=', orgUnitId);
  return q.orderBy('orgUnits.sort').orderBy('publicityDuties.law').execute();
}

export function findDuty(db: Executor, id: number) {
  return db.selectFrom('publicityDuties').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertDuty(db: Executor, v: { jurisdictionId: number; orgUnitId: number; year: number; law: string; plannedActivities: PlannedActivity[] }) {
  return db
    .insertInto('publicityDuties')
    .values({ ...v, plannedActivities: JSON.stringify(v.plannedActivities) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateDuty(db: Executor, id: number, version: number, v: { law?: string; plannedActivities?: PlannedActivity[] }) {
  return db
    .updateTable('publicityDuties')
    .set((eb) => ({
      ...(v.law !== undefined ? { law: v.law } : {}),
      ...(v.plannedActivities !== undefined ? { plannedActivities: JSON.stringify(v.plannedActivities) } : {}),
      version: eb('version', '+', 1),
      updatedAt: new Date(),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** The registry row an event or service names (only its jurisdiction, to check the link). */
export function findEnterprise(db: Executor, id: number) {
  return db.selectFrom('enterprises').select(['id', 'jurisdictionId']).where('id', '=', id).executeTakeFirst();
}

export function findOrgUnit(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'jurisdictionId', 'name']).where('id', '=', id).executeTakeFirst();
}

// ── publicity events ──

export interface PublicityFilter {
  jurisdictionId: number;
  from?: string;
  to?: string;
  theme?: string;
  enterpriseId?: number;
  organiserOrgUnitId?: number;
}

function publicityBase(db: Executor) {
  return db
    .selectFrom('publicityEvents')
    .leftJoin('orgUnits', 'orgUnits.id', 'publicityEvents.organiserOrgUnitId')
    .leftJoin('enterprises', 'enterprises.id', 'publicityEvents.enterpriseId');
}

function publicityQuery(db: Executor, f: PublicityFilter) {
  let q = publicityBase(db).where('publicityEvents.jurisdictionId', '=', f.jurisdictionId);
  if (f.from) q = q.where('publicityEvents.heldOn', '>=', f.from);
  if (f.to) q = q.where('publicityEvents.heldOn', '<=', f.to);
  if (f.theme) q = q.where('publicityEvents.theme', '=', f.theme);
  if (f.enterpriseId !== undefined) q = q.where('publicityEvents.enterpriseId', '=', f.enterpriseId);
  if (f.organiserOrgUnitId !== undefined) q = q.where('publicityEvents.organiserOrgUnitId', '=', f.organiserOrgUnitId);
  return q;
}

const publicityColumns = [
  'publicityEvents.id',
  'publicityEvents.jurisdictionId',
  'publicityEvents.title',
  'publicityEvents.theme',
  'publicityEvents.heldOn',
  'publicityEvents.enterpriseId',
  'enterprises.name as enterpriseName',
  'publicityEvents.place',
  'publicityEvents.organiserOrgUnitId',
  'orgUnits.name as organiserOrgUnitName',
  'publicityEvents.organiser',
  'publicityEvents.participants',
  'publicityEvents.photos',
  'publicityEvents.dutyId',
  'publicityEvents.version',
  'publicityEvents.createdAt',
] as const;

export async function listPublicity(db: Executor, f: PublicityFilter, page: { offset: number; limit: number; order: 'asc' | 'desc' }) {
  const total = await publicityQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await publicityQuery(db, f)
    .select(publicityColumns)
    .orderBy('publicityEvents.heldOn', page.order)
    .orderBy('publicityEvents.id', page.order)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n) };
}

export function findPublicity(db: Executor, id: number) {
  return publicityBase(db)
    .select(publicityColumns)
    .where('publicityEvents.id', '=', id)
    .executeTakeFirst();
}

export async function materialsFor(db: Executor, eventIds: number[]) {
  if (eventIds.length === 0) return new Map<number, { kind: string; count: number }[]>();
  const rows = await db.selectFrom('publicityMaterials').select(['eventId', 'kind', 'count']).where('eventId', 'in', eventIds).orderBy('id').execute();
  const m = new Map<number, { kind: string; count: number }[]>();
  for (const r of rows) {
    const list = m.get(r.eventId) ?? [];
    list.push({ kind: r.kind, count: r.count });
    m.set(r.eventId, list);
  }
  return m;
}

export interface PublicityValues {
  jurisdictionId: number;
  title: string;
  theme: string;
  heldOn: string;
  enterpriseId: number | null;
  place: string;
  organiserOrgUnitId: number | null;
  organiser: string;
  participants: number;
  photos: FileRef[];
  dutyId: number | null;
  createdBy: number;
}

export async function insertPublicity(db: Executor, v: PublicityValues) {
  const row = await db
    .insertInto('publicityEvents')
    .values({ ...v, photos: JSON.stringify(v.photos) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function updatePublicity(db: Executor, id: number, version: number, v: Partial<Omit<PublicityValues, 'jurisdictionId' | 'createdBy'>>) {
  const { photos, ...rest } = v;
  return db
    .updateTable('publicityEvents')
    .set((eb) => ({ ...rest, ...(photos !== undefined ? { photos: JSON.stringify(photos) } : {}), version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function replaceMaterials(db: Executor, jurisdictionId: number, eventId: number, materials: { kind: string; count: number }[]) {
  await db.deleteFrom('publicityMaterials').where('eventId', '=', eventId).execute();
  if (materials.length > 0) {
    await db.insertInto('publicityMaterials').values(materials.map((m) => ({ jurisdictionId, eventId, kind: m.kind, count: m.count }))).execute();
  }
}

// ── figures ──

export async function publicityFigures(db: Executor, jurisdictionId: number, from: string, to: string) {
  const base = db.selectFrom('publicityEvents').where('jurisdictionId', '=', jurisdictionId).where('heldOn', '>=', from).where('heldOn', '<=', to);
  const totals = await base
    .select((eb) => [
      eb.fn.countAll<number>().as('events'),
      eb.fn.coalesce(eb.fn.sum<number>('participants'), sql<number>`0`).as('participants'),
      sql<number>`count(distinct enterprise_id)`.as('enterprises'),
    ])
    .executeTakeFirstOrThrow();
  const materialsBase = db
    .selectFrom('publicityMaterials')
    .innerJoin('publicityEvents', 'publicityEvents.id', 'publicityMaterials.eventId')
    .where('publicityEvents.jurisdictionId', '=', jurisdictionId)
    .where('publicityEvents.heldOn', '>=', from)
    .where('publicityEvents.heldOn', '<=', to);
  const materialsByKind = await materialsBase
    .select((eb) => ['publicityMaterials.kind', eb.fn.sum<number>('publicityMaterials.count').as('count')])
    .groupBy('publicityMaterials.kind')
    .orderBy('publicityMaterials.kind')
    .execute();
  const eventMaterials = db
    .selectFrom('publicityMaterials')
    .select((eb) => ['eventId', eb.fn.sum<number>('count').as('materials')])
    .groupBy('eventId')
    .as('m');
  const byTheme = await db
    .selectFrom('publicityEvents')
    .leftJoin(eventMaterials, 'm.eventId', 'publicityEvents.id')
    .select((eb) => [
      'publicityEvents.theme',
      eb.fn.countAll<number>().as('events'),
      eb.fn.coalesce(eb.fn.sum<number>('m.materials'), sql<number>`0`).as('materials'),
      eb.fn.coalesce(eb.fn.sum<number>('publicityEvents.participants'), sql<number>`0`).as('participants'),
    ])
    .where('publicityEvents.jurisdictionId', '=', jurisdictionId)
    .where('publicityEvents.heldOn', '>=', from)
    .where('publicityEvents.heldOn', '<=', to)
    .groupBy('publicityEvents.theme')
    .orderBy('publicityEvents.theme')
    .execute();
  const byMonth = await db
    .selectFrom('publicityEvents')
    .leftJoin(eventMaterials, 'm.eventId', 'publicityEvents.id')
    .select((eb) => [
      sql<string>`to_char(publicity_events.held_on, 'YYYY-MM')`.as('month'),
      eb.fn.countAll<number>().as('events'),
      eb.fn.coalesce(eb.fn.sum<number>('m.materials'), sql<number>`0`).as('materials'),
    ])
    .where('publicityEvents.jurisdictionId', '=', jurisdictionId)
    .where('publicityEvents.heldOn', '>=', from)
    .where('publicityEvents.heldOn', '<=', to)
    .groupBy(sql`to_char(publicity_events.held_on, 'YYYY-MM')`)
    .orderBy(sql`to_char(publicity_events.held_on, 'YYYY-MM')`)
    .execute();
  return { totals, materialsByKind, byTheme, byMonth };
}
