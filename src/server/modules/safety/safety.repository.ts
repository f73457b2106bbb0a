// All SQL for patrols and findings, police figures, and corrections/resettlement subjects. No rules here.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CheckinMethod, PatrollerType, SubjectKind } from './safety.table.ts';

// ── patrols ──

export interface PatrolFilter {
  jurisdictionId: number;
  gridIds?: number[];
  gridId?: number;
  patrollerType?: PatrollerType;
  /** Instants, inclusive start and exclusive end. */
  startFrom?: Date;
  startBefore?: Date;
}

function patrolQuery(db: Executor, f: PatrolFilter) {
  let q = db.selectFrom('patrols').leftJoin('grids', 'grids.id', 'patrols.gridId').innerJoin('users', 'users.id', 'patrols.createdBy').where('patrols.jurisdictionId', '=', f.jurisdictionId);
  if (f.gridIds) q = f.gridIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('patrols.gridId', 'in', f.gridIds);
  if (f.gridId !== undefined) q = q.where('patrols.gridId', '=', f.gridId);
  if (f.patrollerType) q = q.where('patrols.patrollerType', '=', f.patrollerType);
  if (f.startFrom) q = q.where('patrols.startedAt', '>=', f.startFrom);
  if (f.startBefore) q = q.where('patrols.startedAt', '<', f.startBefore);
  return q;
}

const patrolColumns = [
  'patrols.id',
  'patrols.jurisdictionId',
  'patrols.patrollerType',
  'patrols.patrollers',
  'patrols.peopleCount',
  'patrols.gridId',
  'grids.name as gridName',
  'patrols.route',
  'patrols.startedAt',
  'patrols.endedAt',
  'patrols.notes',
  'patrols.createdBy',
  'users.displayName as createdByName',
  'patrols.version',
  'patrols.createdAt',
] as const;

export async function listPatrols(db: Executor, f: PatrolFilter, page: { offset: number; limit: number; order: 'asc' | 'desc' }) {
  const total = await patrolQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await patrolQuery(db, f)
    .select(patrolColumns)
    .select((eb) => eb.selectFrom('patrolFindings').whereRef('patrolFindings.patrolId', '=', 'patrols.id').select((e) => e.fn.countAll<number>().as('n')).as('findingCount'))
    .orderBy('patrols.startedAt', page.order)
    .orderBy('patrols.id', page.order)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n) };
}

export function findPatrol(db: Executor, id: number) {
  return db
    .selectFrom('patrols')
    .leftJoin('grids', 'grids.id', 'patrols.gridId')
    .innerJoin('users', 'users.id', 'patrols.createdBy')
    .select(patrolColumns)
    .where('patrols.id', '=', id)
    .executeTakeFirst();
}

export interface PatrolValues {
  jurisdictionId: number;
  patrollerType: PatrollerType;
  patrollers: string[];
  peopleCount: number;
  gridId: number | null;
  route: string;
  startedAt: Date;
  endedAt: Date;
  notes: string;
  createdBy: number;
}

export async function insertPatrol(db: Executor, v: PatrolValues) {
  const row = await db
    .insertInto('patrols')
    .values({ ...v, patrollers: JSON.stringify(v.patrollers) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function updatePatrol(db: Executor, id: number, version: number, v: Partial<Omit<PatrolValues, 'jurisdictionId' | 'createdBy'>>) {
  const { patrollers, ...rest } = v;
  return db
    .updateTable('patrols')
    .set((eb) => ({ ...rest, ...(patrollers !== undefined ? { patrollers: JSON.stringify(patrollers) } : {}), version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function findingsOf(db: Executor, patrolId: number) {
  return db.selectFrom('patrolFindings').select(['id', 'patrolId', 'description', 'location', 'lng', 'lat', 'eventId', 'createdAt']).where('patrolId', '=', patrolId).orderBy('id').execute();
}

export function insertFindings(
  db: Executor,
  rows: { jurisdictionId: number; patrolId: number; description: string; location: string; lng: number | null; lat: number | null; createdBy: number }[],
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto('patrolFindings').values(rows.map((r) => ({ ...r, eventId: null }))).returning('id').execute();
}

/** A finding with its patrol's grid; `lock` takes the finding's row lock (one conversion at a time). */
export function findFinding(db: Executor, id: number, lock = false) {
  const q = db
    .selectFrom('patrolFindings')
    .innerJoin('patrols', 'patrols.id', 'patrolFindings.patrolId')
    .select([
      'patrolFindings.id',
      'patrolFindings.jurisdictionId',
      'patrolFindings.patrolId',
      'patrolFindings.description',
      'patrolFindings.location',
      'patrolFindings.lng',
      'patrolFindings.lat',
      'patrolFindings.eventId',
      'patrols.gridId',
      'patrols.patrollerType',
    ])
    .where('patrolFindings.id', '=', id);
  return (lock ? q.forUpdate('patrolFindings') : q).executeTakeFirst();
}

export function linkFindingEvent(db: Executor, id: number, eventId: number) {
  return db.updateTable('patrolFindings').set({ eventId }).where('id', '=', id).where('eventId', 'is', null).returning('id').executeTakeFirst();
}

export function gridOf(db: Executor, id: number) {
  return db.selectFrom('grids').select(['id', 'jurisdictionId', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function patrolFigures(db: Executor, jurisdictionId: number, from: Date, before: Date) {
  const base = db.selectFrom('patrols').where('jurisdictionId', '=', jurisdictionId).where('startedAt', '>=', from).where('startedAt', '<', before);
  const byType = await base
    .select((eb) => [
      'patrollerType',
      eb.fn.countAll<number>().as('patrols'),
      sql<number>`coalesce(sum(extract(epoch from (ended_at - started_at))) / 3600.0, 0)`.as('hours'),
      sql<number>`coalesce(sum(extract(epoch from (ended_at - started_at)) * people_count) / 3600.0, 0)`.as('personHours'),
    ])
    .groupBy('patrollerType')
    .execute();
  const findings = await db
    .selectFrom('patrolFindings')
    .innerJoin('patrols', 'patrols.id', 'patrolFindings.patrolId')
    .select((eb) => [eb.fn.countAll<number>().as('findings'), eb.fn.count<number>('patrolFindings.eventId').as('toEvents')])
    .where('patrols.jurisdictionId', '=', jurisdictionId)
    .where('patrols.startedAt', '>=', from)
    .where('patrols.startedAt', '<', before)
    .executeTakeFirstOrThrow();
  return { byType, findings };
}

// ── police figures ──

export function listPolice(db: Executor, jurisdictionId: number, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('policeFigures')
    .innerJoin('users', 'users.id', 'policeFigures.enteredBy')
    .select([
      'policeFigures.id',
      'policeFigures.periodMonth',
      'policeFigures.criminalFiled',
      'policeFigures.criminalSolved',
      'policeFigures.publicSecurityAccepted',
      'policeFigures.publicSecurityClosed',
      'policeFigures.source',
      'policeFigures.note',
      'policeFigures.enteredBy',
      'users.displayName as enteredByName',
      'policeFigures.version',
      'policeFigures.updatedAt',
    ])
    .where('policeFigures.jurisdictionId', '=', jurisdictionId)
    .where('policeFigures.periodMonth', '>=', fromMonth)
    .where('policeFigures.periodMonth', '<=', toMonth)
    .orderBy('policeFigures.periodMonth')
    .execute();
}

export function findPolice(db: Executor, id: number) {
  return db.selectFrom('policeFigures').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PoliceValues {
  criminalFiled: number;
  criminalSolved: number;
  publicSecurityAccepted: number;
  publicSecurityClosed: number;
  source: string;
  note: string;
}

export async function insertPolice(db: Executor, v: PoliceValues & { jurisdictionId: number; periodMonth: string; enteredBy: number }) {
  const row = await db.insertInto('policeFigures').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function updatePolice(db: Executor, id: number, version: number, v: Partial<PoliceValues> & { enteredBy: number }) {
  return db
    .updateTable('policeFigures')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function policeTotals(db: Executor, jurisdictionId: number, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('policeFigures')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('criminalFiled'), sql<number>`0`).as('criminalFiled'),
      eb.fn.coalesce(eb.fn.sum<number>('criminalSolved'), sql<number>`0`).as('criminalSolved'),
      eb.fn.coalesce(eb.fn.sum<number>('publicSecurityAccepted'), sql<number>`0`).as('publicSecurityAccepted'),
      eb.fn.coalesce(eb.fn.sum<number>('publicSecurityClosed'), sql<number>`0`).as('publicSecurityClosed'),
      eb.fn.countAll<number>().as('months'),
    ])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('periodMonth', '>=', fromMonth)
    .where('periodMonth', '<=', toMonth)
    .executeTakeFirstOrThrow();
}

// ── subjects ──

export interface SubjectFilter {
  jurisdictionId: number;
  kind?: SubjectKind;
  /** Under supervision at some time in [from, to]. */
  from?: string;
  to?: string;
  idNumberIndex?: string;
  excludeMinors?: boolean;
}

function subjectQuery(db: Executor, f: SubjectFilter) {
  let q = db.selectFrom('supervisionSubjects').innerJoin('users', 'users.id', 'supervisionSubjects.officerId').where('supervisionSubjects.jurisdictionId', '=', f.jurisdictionId);
  if (f.kind) q = q.where('supervisionSubjects.kind', '=', f.kind);
  if (f.to) q = q.where('supervisionSubjects.supervisionStart', '<=', f.to);
  if (f.from) q = q.where((eb) => eb.or([eb('supervisionSubjects.supervisionEnd', 'is', null), eb('supervisionSubjects.supervisionEnd', '>=', f.from!)]));
  if (f.idNumberIndex) q = q.where('supervisionSubjects.idNumberIndex', '=', f.idNumberIndex);
  if (f.excludeMinors) q = q.where('supervisionSubjects.isMinor', '=', false);
  return q;
}

/** Masked columns only: the encrypted identity never leaves this module except through reveal. */
const subjectColumns = [
  'supervisionSubjects.id',
  'supervisionSubjects.jurisdictionId',
  'supervisionSubjects.kind',
  'supervisionSubjects.nameMasked',
  'supervisionSubjects.idNumberMasked',
  'supervisionSubjects.isMinor',
  'supervisionSubjects.supervisionStart',
  'supervisionSubjects.supervisionEnd',
  'supervisionSubjects.officerId',
  'users.displayName as officerName',
  'supervisionSubjects.reoffended',
  'supervisionSubjects.reoffendedOn',
  'supervisionSubjects.version',
  'supervisionSubjects.createdAt',
] as const;

export async function listSubjects(db: Executor, f: SubjectFilter, page: { offset: number; limit: number }) {
  const total = await subjectQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await subjectQuery(db, f)
    .select(subjectColumns)
    .select((eb) => [
      eb.selectFrom('subjectCheckins').whereRef('subjectCheckins.subjectId', '=', 'supervisionSubjects.id').select((e) => e.fn.max('subjectCheckins.checkedAt').as('x')).as('lastCheckinAt'),
      eb.selectFrom('subjectCheckins').whereRef('subjectCheckins.subjectId', '=', 'supervisionSubjects.id').select((e) => e.fn.countAll<number>().as('n')).as('checkinCount'),
    ])
    .orderBy('supervisionSubjects.supervisionStart', 'desc')
    .orderBy('supervisionSubjects.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n) };
}

export function findSubject(db: Executor, id: number) {
  return db
    .selectFrom('supervisionSubjects')
    .innerJoin('users', 'users.id', 'supervisionSubjects.officerId')
    .select(subjectColumns)
    .select((eb) => [
      eb.selectFrom('subjectCheckins').whereRef('subjectCheckins.subjectId', '=', 'supervisionSubjects.id').select((e) => e.fn.max('subjectCheckins.checkedAt').as('x')).as('lastCheckinAt'),
      eb.selectFrom('subjectCheckins').whereRef('subjectCheckins.subjectId', '=', 'supervisionSubjects.id').select((e) => e.fn.countAll<number>().as('n')).as('checkinCount'),
    ])
    .where('supervisionSubjects.id', '=', id)
    .executeTakeFirst();
}

export function findSubjectSecret(db: Executor, id: number) {
  return db.selectFrom('supervisionSubjects').select(['id', 'jurisdictionId', 'nameEnc', 'idNumberEnc', 'noteEnc', 'version']).where('id', '=', id).executeTakeFirst();
}

export interface SubjectValues {
  jurisdictionId: number;
  kind: SubjectKind;
  nameEnc: string;
  nameMasked: string;
  idNumberEnc: string;
  idNumberMasked: string;
  idNumberIndex: string;
  isMinor: boolean;
  supervisionStart: string;
  supervisionEnd: string | null;
  officerId: number;
  reoffended: boolean;
  reoffendedOn: string | null;
  noteEnc: string | null;
  createdBy: number;
}

export async function insertSubject(db: Executor, v: SubjectValues) {
  const row = await db.insertInto('supervisionSubjects').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function updateSubject(db: Executor, id: number, version: number, v: Partial<Omit<SubjectValues, 'jurisdictionId' | 'createdBy'>>) {
  return db
    .updateTable('supervisionSubjects')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function checkinsOf(db: Executor, subjectId: number) {
  return db
    .selectFrom('subjectCheckins')
    .innerJoin('users', 'users.id', 'subjectCheckins.recordedBy')
    .select(['subjectCheckins.id', 'subjectCheckins.checkedAt', 'subjectCheckins.method', 'subjectCheckins.note', 'users.displayName as recordedByName'])
    .where('subjectCheckins.subjectId', '=', subjectId)
    .orderBy('subjectCheckins.checkedAt', 'desc')
    .execute();
}

export async function insertCheckin(db: Executor, v: { jurisdictionId: number; subjectId: number; checkedAt: Date; method: CheckinMethod; note: string; recordedBy: number }) {
  const row = await db.insertInto('subjectCheckins').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'jurisdictionId', 'role', 'displayName', 'disabled']).where('id', '=', id).executeTakeFirst();
}

export async function subjectFigures(db: Executor, jurisdictionId: number, from: string, to: string) {
  const base = subjectQuery(db, { jurisdictionId, from, to });
  const byKind = await base.select((eb) => ['supervisionSubjects.kind', eb.fn.countAll<number>().as('n')]).groupBy('supervisionSubjects.kind').execute();
  const reoffended = await db
    .selectFrom('supervisionSubjects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('reoffended', '=', true)
    .where('reoffendedOn', '>=', from)
    .where('reoffendedOn', '<=', to)
    .executeTakeFirstOrThrow();
  const received = await db
    .selectFrom('supervisionSubjects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('supervisionStart', '>=', from)
    .where('supervisionStart', '<=', to)
    .executeTakeFirstOrThrow();
  const released = await db
    .selectFrom('supervisionSubjects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('supervisionEnd', '>=', from)
    .where('supervisionEnd', '<=', to)
    .executeTakeFirstOrThrow();
  const checkins = await db
    .selectFrom('subjectCheckins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('checkedAt', '>=', new Date(`${from}T00:00:00+08:00`))
    .where('checkedAt', '<', new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86400_000))
    .executeTakeFirstOrThrow();
  return { byKind, reoffended: Number(reoffended.n), received: Number(received.n), released: Number(released.n), checkins: Number(checkins.n) };
}
