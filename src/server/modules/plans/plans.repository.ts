// All SQL for the leading group, work plans, tasks and their notes, topic meetings and decisions. No rules here.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Attendee, Evaluation, FileRef, MemberRole, NoteKind, TaskStatus } from './plans.table.ts';

// ── leading groups ──

export function listGroups(db: Executor, jurisdictionId: number) {
  return db.selectFrom('leadingGroups').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('periodStart', 'desc').orderBy('id', 'desc').execute();
}

export function findGroup(db: Executor, id: number) {
  return db.selectFrom('leadingGroups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function membersOf(db: Executor, groupIds: number[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('leadingGroupMembers')
    .leftJoin('orgUnits', 'orgUnits.id', 'leadingGroupMembers.orgUnitId')
    .select([
      'leadingGroupMembers.id',
      'leadingGroupMembers.groupId',
      'leadingGroupMembers.userId',
      'leadingGroupMembers.name',
      'leadingGroupMembers.title',
      'leadingGroupMembers.role',
      'leadingGroupMembers.orgUnitId',
      'orgUnits.name as orgUnitName',
      'leadingGroupMembers.sort',
    ])
    .where('leadingGroupMembers.groupId', 'in', groupIds)
    .orderBy('leadingGroupMembers.sort')
    .orderBy('leadingGroupMembers.id')
    .execute();
}

export function insertGroup(db: Executor, v: { jurisdictionId: number; name: string; documentNo: string; periodStart: string; periodEnd: string | null }) {
  return db.insertInto('leadingGroups').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateGroup(db: Executor, id: number, version: number, v: Partial<{ name: string; documentNo: string; periodStart: string; periodEnd: string | null }>) {
  return db
    .updateTable('leadingGroups')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export interface MemberValues {
  userId: number | null;
  name: string;
  title: string;
  role: MemberRole;
  orgUnitId: number | null;
}

export async function replaceMembers(db: Executor, jurisdictionId: number, groupId: number, members: MemberValues[]) {
  await db.deleteFrom('leadingGroupMembers').where('groupId', '=', groupId).execute();
  if (members.length > 0) {
    await db
      .insertInto('leadingGroupMembers')
      .values(members.map((m, i) => ({ ...m, jurisdictionId, groupId, sort: i })))
      .execute();
  }
}

// ── plans ──

export function listPlans(db: Executor, jurisdictionId: number) {
  return db.selectFrom('workPlans').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('year', 'desc').execute();
}

export function findPlan(db: Executor, id: number) {
  return db.selectFrom('workPlans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPlanByYear(db: Executor, jurisdictionId: number, year: number) {
  return db.selectFrom('workPlans').selectAll().where('jurisdictionId', '=', jurisdictionId).where('year', '=', year).executeTakeFirst();
}

export function insertPlan(db: Executor, v: { jurisdictionId: number; year: number; title: string; goals: string[]; status: 'draft' | 'issued'; issuedOn: string | null }) {
  return db
    .insertInto('workPlans')
    .values({ ...v, goals: JSON.stringify(v.goals) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updatePlan(db: Executor, id: number, version: number, v: Partial<{ title: string; goals: string[]; status: 'draft' | 'issued'; issuedOn: string | null }>) {
  const { goals, ...rest } = v;
  return db
    .updateTable('workPlans')
    .set((eb) => ({ ...rest, ...(goals !== undefined ? { goals: JSON.stringify(goals) } : {}), version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function taskCountsByPlan(db: Executor, planIds: number[]) {
  if (planIds.length === 0) return new Map<number, Record<string, number>>();
  const rows = await db
    .selectFrom('planTasks')
    .select((eb) => ['planId', 'status', eb.fn.countAll<number>().as('n')])
    .where('planId', 'in', planIds)
    .groupBy(['planId', 'status'])
    .execute();
  const m = new Map<number, Record<string, number>>();
  for (const r of rows) m.set(r.planId, { ...(m.get(r.planId) ?? {}), [r.status]: Number(r.n) });
  return m;
}

// ── tasks ──

export interface TaskFilter {
  jurisdictionId: number;
  planId?: number;
  status?: TaskStatus;
  ownerOrgUnitId?: number;
  /** Open tasks whose deadline is before this day. */
  overdueBefore?: string;
  sourceMeetingId?: number;
}

function taskBase(db: Executor) {
  return db
    .selectFrom('planTasks')
    .innerJoin('orgUnits', 'orgUnits.id', 'planTasks.ownerOrgUnitId')
    .innerJoin('workPlans', 'workPlans.id', 'planTasks.planId')
    .leftJoin('users', 'users.id', 'planTasks.responsibleUserId');
}

function taskQuery(db: Executor, f: TaskFilter) {
  let q = taskBase(db).where('planTasks.jurisdictionId', '=', f.jurisdictionId);
  if (f.planId !== undefined) q = q.where('planTasks.planId', '=', f.planId);
  if (f.status) q = q.where('planTasks.status', '=', f.status);
  if (f.ownerOrgUnitId !== undefined) q = q.where('planTasks.ownerOrgUnitId', '=', f.ownerOrgUnitId);
  if (f.sourceMeetingId !== undefined) q = q.where('planTasks.sourceMeetingId', '=', f.sourceMeetingId);
  if (f.overdueBefore) q = q.where('planTasks.status', 'in', ['not_started', 'in_progress']).where('planTasks.deadline', '<', f.overdueBefore);
  return q;
}

const taskColumns = [
  'planTasks.id',
  'planTasks.jurisdictionId',
  'planTasks.planId',
  'workPlans.year as planYear',
  'planTasks.area',
  'planTasks.title',
  'planTasks.description',
  'planTasks.ownerOrgUnitId',
  'orgUnits.name as ownerOrgUnitName',
  'planTasks.responsibleUserId',
  'users.displayName as responsibleUserName',
  'planTasks.responsibleName',
  'planTasks.deadline',
  'planTasks.status',
  'planTasks.completedOn',
  'planTasks.sourceMeetingId',
  'planTasks.overdueSince',
  'planTasks.supervisionCount',
  'planTasks.lastSupervisedAt',
  'planTasks.evaluation',
  'planTasks.evaluationScore',
  'planTasks.evaluationNote',
  'planTasks.evaluatedAt',
  'planTasks.version',
  'planTasks.createdAt',
  'planTasks.updatedAt',
] as const;

export async function listTasks(db: Executor, f: TaskFilter, page: { offset: number; limit: number; sort: 'deadline' | 'id'; order: 'asc' | 'desc' }) {
  const total = await taskQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await taskQuery(db, f)
    .select(taskColumns)
    .orderBy(`planTasks.${page.sort}`, page.order)
    .orderBy('planTasks.id', 'asc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items, total: Number(total.n) };
}

export function findTask(db: Executor, id: number) {
  return taskBase(db).select(taskColumns).where('planTasks.id', '=', id).executeTakeFirst();
}

export function lockTask(db: Executor, id: number) {
  return db.selectFrom('planTasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface TaskValues {
  jurisdictionId: number;
  planId: number;
  area: string;
  title: string;
  description: string;
  ownerOrgUnitId: number;
  responsibleUserId: number | null;
  responsibleName: string;
  deadline: string;
  sourceMeetingId: number | null;
  createdBy: number;
}

export async function insertTask(db: Executor, v: TaskValues) {
  const row = await db
    .insertInto('planTasks')
    .values({ ...v, completedOn: null, overdueSince: null, evaluation: null, evaluationScore: null, evaluatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type TaskUpdate = Partial<{
  area: string;
  title: string;
  description: string;
  ownerOrgUnitId: number;
  responsibleUserId: number | null;
  responsibleName: string;
  deadline: string;
  status: TaskStatus;
  completedOn: string | null;
  overdueSince: string | null;
  evaluation: Evaluation | null;
  evaluationScore: number | null;
  evaluationNote: string;
  evaluatedBy: number | null;
  evaluatedAt: Date | null;
}>;

export function updateTask(db: Executor, id: number, version: number, v: TaskUpdate) {
  return db
    .updateTable('planTasks')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** A 督办 press: counts it and, the first time a task is found late, records since when. */
export function markSupervised(db: Executor, id: number, at: Date, overdueSince: string | null) {
  return db
    .updateTable('planTasks')
    .set((eb) => ({
      supervisionCount: eb('supervisionCount', '+', 1),
      lastSupervisedAt: at,
      ...(overdueSince ? { overdueSince: sql<string>`coalesce(overdue_since, ${overdueSince}::date)` } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export function insertNote(
  db: Executor,
  v: { jurisdictionId: number; taskId: number; kind: NoteKind; note: string; files: FileRef[]; authorId: number | null; authorName: string },
) {
  return db
    .insertInto('planTaskNotes')
    .values({ ...v, files: JSON.stringify(v.files) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function notesOf(db: Executor, taskId: number) {
  return db.selectFrom('planTaskNotes').select(['id', 'kind', 'note', 'files', 'authorId', 'authorName', 'at']).where('taskId', '=', taskId).orderBy('at').orderBy('id').execute();
}

export function findOrgUnit(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'jurisdictionId', 'name']).where('id', '=', id).executeTakeFirst();
}

export function findUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'jurisdictionId', 'displayName', 'orgUnitId']).where('id', '=', id).executeTakeFirst();
}

// ── meetings ──

export function listMeetings(db: Executor, jurisdictionId: number, f: { from?: string; to?: string; planId?: number }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('topicMeetings').where('jurisdictionId', '=', jurisdictionId);
  if (f.from) q = q.where('heldOn', '>=', f.from);
  if (f.to) q = q.where('heldOn', '<=', f.to);
  if (f.planId !== undefined) q = q.where('planId', '=', f.planId);
  return Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('heldOn', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
  ]).then(([t, items]) => ({ total: Number(t.n), items }));
}

export function findMeeting(db: Executor, id: number) {
  return db.selectFrom('topicMeetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertMeeting(
  db: Executor,
  v: { jurisdictionId: number; planId: number | null; heldOn: string; title: string; place: string; attendees: Attendee[]; summary: string; createdBy: number },
) {
  return db
    .insertInto('topicMeetings')
    .values({ ...v, attendees: JSON.stringify(v.attendees) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function insertDecision(db: Executor, v: { jurisdictionId: number; meetingId: number; text: string; taskId: number | null; sort: number }) {
  return db.insertInto('meetingDecisions').values(v).returning('id').executeTakeFirstOrThrow();
}

export function decisionsOf(db: Executor, meetingIds: number[]) {
  if (meetingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('meetingDecisions')
    .leftJoin('planTasks', 'planTasks.id', 'meetingDecisions.taskId')
    .select(['meetingDecisions.id', 'meetingDecisions.meetingId', 'meetingDecisions.text', 'meetingDecisions.taskId', 'planTasks.status as taskStatus', 'planTasks.title as taskTitle'])
    .where('meetingDecisions.meetingId', 'in', meetingIds)
    .orderBy('meetingDecisions.sort')
    .orderBy('meetingDecisions.id')
    .execute();
}

export function findDecision(db: Executor, id: number) {
  return db.selectFrom('meetingDecisions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function linkDecision(db: Executor, id: number, taskId: number) {
  return db.updateTable('meetingDecisions').set({ taskId }).where('id', '=', id).where('taskId', 'is', null).returning('id').executeTakeFirst();
}

// ── figures ──

export function tasksForFigures(db: Executor, jurisdictionId: number, from: string, to: string) {
  return db
    .selectFrom('planTasks')
    .select(['id', 'status', 'deadline', 'completedOn', 'supervisionCount', 'evaluation', 'sourceMeetingId'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('deadline', '>=', from)
    .where('deadline', '<=', to)
    .execute();
}

export async function meetingsHeld(db: Executor, jurisdictionId: number, from: string, to: string) {
  const r = await db
    .selectFrom('topicMeetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdictionId', '=', jurisdictionId)
    .where('heldOn', '>=', from)
    .where('heldOn', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
