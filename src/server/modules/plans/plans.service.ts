// The leading group, the annual plan and its tasks, topic meetings whose decisions become tasks, 督办 of late
// tasks (by a leader, or by the overdue job), and the year-end evaluation of each task.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, rowInScope, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageArgs } from '../../platform/http/schemas.ts';
import { cancelJobs, scheduleJob } from '../../platform/jobs/jobs.ts';
import { plansActions } from './plans.policy.ts';
import * as repo from './plans.repository.ts';
import { EVALUATIONS, type Evaluation, type FileRef, type MemberRole, type TaskStatus } from './plans.table.ts';
import { chinaToday, findTransition, lateness, OPEN_STATUSES, overdueAt, type TaskAction } from './plans.workflow.ts';

export const TASK_OVERDUE_JOB = 'plans.task_overdue';
const overdueKey = (taskId: number) => `${TASK_OVERDUE_JOB}:${taskId}`;

function granted(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

const planNotFound = () => errors.notFound('plans.plan', '工作计划');
const taskNotFound = () => errors.notFound('plans.task', '任务');
const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

async function checkOrgUnit(db: Executor, actor: Actor, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  const ou = await repo.findOrgUnit(db, id);
  if (!ou || ou.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('org_unit', '部门');
}

async function checkUser(db: Executor, actor: Actor, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  const u = await repo.findUser(db, id);
  if (!u || u.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('user', '人员');
}

// ── leading group ──

export interface MemberInput {
  userId?: number | null;
  name: string;
  title?: string;
  role: MemberRole;
  orgUnitId?: number | null;
}

async function groupView(db: Executor, groups: Awaited<ReturnType<typeof repo.listGroups>>) {
  const members = await repo.membersOf(db, groups.map((g) => g.id));
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    documentNo: g.documentNo,
    periodStart: g.periodStart,
    periodEnd: g.periodEnd,
    version: g.version,
    members: members.filter((m) => m.groupId === g.id).map(({ groupId: _g, sort: _s, ...m }) => m),
  }));
}

export async function listGroups(db: Executor, ctx: RequestContext) {
  const { actor } = granted(ctx, plansActions['plans.read']);
  return groupView(db, await repo.listGroups(db, actor.jurisdictionId));
}

async function checkMembers(db: Executor, actor: Actor, members: MemberInput[]) {
  if (!members.some((m) => m.role === 'chair')) {
    throw errors.validation({ field: 'members' }, { zh: '领导小组须有组长', en: 'The group needs a chair' });
  }
  for (const m of members) {
    await checkUser(db, actor, m.userId);
    await checkOrgUnit(db, actor, m.orgUnitId);
  }
  return members.map((m) => ({ userId: m.userId ?? null, name: m.name.trim(), title: m.title ?? '', role: m.role, orgUnitId: m.orgUnitId ?? null }));
}

export async function createGroup(
  db: Executor,
  ctx: RequestContext,
  input: { name: string; documentNo?: string; periodStart: string; periodEnd?: string | null; members: MemberInput[] },
) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const members = await checkMembers(tx, actor, input.members);
    const { id } = await repo.insertGroup(tx, {
      jurisdictionId: actor.jurisdictionId,
      name: input.name.trim(),
      documentNo: input.documentNo ?? '',
      periodStart: input.periodStart,
      periodEnd: input.periodEnd ?? null,
    });
    await repo.replaceMembers(tx, actor.jurisdictionId, id, members);
    await appendAudit(tx, ctx, { action: 'plans.group.create', entity: 'leading_group', entityId: id, details: { members: members.length } });
    return (await groupView(tx, [(await repo.findGroup(tx, id))!]))[0];
  });
}

export async function updateGroup(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; name?: string; documentNo?: string; periodStart?: string; periodEnd?: string | null; members?: MemberInput[] },
) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const g = await repo.findGroup(tx, id);
    if (!g || g.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('plans.group', '领导小组');
    const { version, members, ...changes } = input;
    if (!(await repo.updateGroup(tx, id, version, changes))) throw errors.stale('plans.group', { current: g.version });
    if (members) await repo.replaceMembers(tx, actor.jurisdictionId, id, await checkMembers(tx, actor, members));
    await appendAudit(tx, ctx, {
      action: 'plans.group.update',
      entity: 'leading_group',
      entityId: id,
      details: { fields: [...Object.keys(changes), ...(members ? ['members'] : [])] },
    });
    return (await groupView(tx, [(await repo.findGroup(tx, id))!]))[0];
  });
}

// ── plans ──

async function planView(db: Executor, plans: Awaited<ReturnType<typeof repo.listPlans>>) {
  const counts = await repo.taskCountsByPlan(db, plans.map((p) => p.id));
  return plans.map((p) => {
    const c = counts.get(p.id) ?? {};
    return {
      id: p.id,
      year: p.year,
      title: p.title,
      goals: p.goals,
      status: p.status,
      issuedOn: p.issuedOn,
      version: p.version,
      taskCounts: {
        total: Object.values(c).reduce((s, n) => s + n, 0),
        notStarted: c.not_started ?? 0,
        inProgress: c.in_progress ?? 0,
        done: c.done ?? 0,
        cancelled: c.cancelled ?? 0,
      },
    };
  });
}

export async function listPlans(db: Executor, ctx: RequestContext) {
  const { actor } = granted(ctx, plansActions['plans.read']);
  return planView(db, await repo.listPlans(db, actor.jurisdictionId));
}

export async function getPlan(db: Executor, ctx: RequestContext, id: number) {
  const { actor } = granted(ctx, plansActions['plans.read']);
  const p = await repo.findPlan(db, id);
  if (!p || p.jurisdictionId !== actor.jurisdictionId) throw planNotFound();
  return (await planView(db, [p]))[0];
}

export async function createPlan(db: Executor, ctx: RequestContext, input: { year: number; title: string; goals: string[]; issuedOn?: string | null }) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const { id } = await repo
      .insertPlan(tx, {
        jurisdictionId: actor.jurisdictionId,
        year: input.year,
        title: input.title.trim(),
        goals: input.goals,
        status: input.issuedOn ? 'issued' : 'draft',
        issuedOn: input.issuedOn ?? null,
      })
      .catch((e: unknown) => {
        if (isUnique(e)) throw errors.conflict('plans.plan_exists', { zh: '该年度已有工作计划', en: 'The year already has a plan' });
        throw e;
      });
    await appendAudit(tx, ctx, { action: 'plans.plan.create', entity: 'work_plan', entityId: id, details: { year: input.year } });
    return (await planView(tx, [(await repo.findPlan(tx, id))!]))[0];
  });
}

export async function updatePlan(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; title?: string; goals?: string[]; issuedOn?: string | null },
) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const p = await repo.findPlan(tx, id);
    if (!p || p.jurisdictionId !== actor.jurisdictionId) throw planNotFound();
    const { version, ...changes } = input;
    const status = changes.issuedOn === undefined ? undefined : changes.issuedOn ? ('issued' as const) : ('draft' as const);
    if (!(await repo.updatePlan(tx, id, version, { ...changes, ...(status ? { status } : {}) }))) throw errors.stale('plans.plan', { current: p.version });
    await appendAudit(tx, ctx, { action: 'plans.plan.update', entity: 'work_plan', entityId: id, details: { fields: Object.keys(changes) } });
    return (await planView(tx, [(await repo.findPlan(tx, id))!]))[0];
  });
}

// ── tasks ──

type TaskRow = NonNullable<Awaited<ReturnType<typeof repo.findTask>>>;

function taskView(t: TaskRow, today = chinaToday()) {
  return {
    ...t,
    evaluationScore: t.evaluationScore === null ? null : Number(t.evaluationScore),
    lateness: lateness(t, today),
  };
}

const taskScopeRow = (t: { jurisdictionId: number; ownerOrgUnitId: number }) => ({ jurisdictionId: t.jurisdictionId, departmentIds: [t.ownerOrgUnitId] });

async function taskInScope(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = granted(ctx, action);
  const t = await repo.findTask(db, id);
  if (!t || !rowInScope(actor, scope, taskScopeRow(t))) throw taskNotFound();
  return { actor, task: t };
}

/** (Re)schedules the overdue check of an open task for the day after its deadline; a closed task has none. */
async function syncOverdueJob(db: Executor, task: { id: number; jurisdictionId: number; status: TaskStatus; deadline: string }) {
  if (OPEN_STATUSES.includes(task.status)) {
    await scheduleJob(db, { kind: TASK_OVERDUE_JOB, runAt: overdueAt(task.deadline), payload: { taskId: task.id }, uniqueKey: overdueKey(task.id), jurisdictionId: task.jurisdictionId });
  } else {
    await cancelJobs(db, overdueKey(task.id));
  }
}

export interface TaskInput {
  area?: string;
  title: string;
  description?: string;
  ownerOrgUnitId: number;
  responsibleUserId?: number | null;
  responsibleName?: string;
  deadline: string;
}

/** Inserts a task with its audit row and overdue job; the caller holds the transaction. */
async function insertTaskTx(tx: Executor, ctx: RequestContext, actor: Actor, planId: number, input: TaskInput, sourceMeetingId: number | null) {
  await checkOrgUnit(tx, actor, input.ownerOrgUnitId);
  await checkUser(tx, actor, input.responsibleUserId);
  const id = await repo.insertTask(tx, {
    jurisdictionId: actor.jurisdictionId,
    planId,
    area: input.area ?? '',
    title: input.title.trim(),
    description: input.description ?? '',
    ownerOrgUnitId: input.ownerOrgUnitId,
    responsibleUserId: input.responsibleUserId ?? null,
    responsibleName: input.responsibleName ?? '',
    deadline: input.deadline,
    sourceMeetingId,
    createdBy: actor.userId,
  });
  await syncOverdueJob(tx, { id, jurisdictionId: actor.jurisdictionId, status: 'not_started', deadline: input.deadline });
  await appendAudit(tx, ctx, {
    action: 'plans.task.create',
    entity: 'plan_task',
    entityId: id,
    details: { planId, ownerOrgUnitId: input.ownerOrgUnitId, deadline: input.deadline, sourceMeetingId },
  });
  return id;
}

export async function createTask(db: Executor, ctx: RequestContext, planId: number, input: TaskInput) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const plan = await repo.findPlan(tx, planId);
    if (!plan || plan.jurisdictionId !== actor.jurisdictionId) throw planNotFound();
    const id = await insertTaskTx(tx, ctx, actor, planId, input, null);
    return taskView((await repo.findTask(tx, id))!);
  });
}

export async function updateTask(db: Executor, ctx: RequestContext, id: number, input: Partial<TaskInput> & { version: number }) {
  return db.transaction().execute(async (tx) => {
    const { actor, task } = await taskInScope(tx, ctx, plansActions['plans.manage'], id);
    await checkOrgUnit(tx, actor, input.ownerOrgUnitId);
    await checkUser(tx, actor, input.responsibleUserId);
    const { version, ...changes } = input;
    if (!(await repo.updateTask(tx, id, version, { ...changes, ...(changes.title !== undefined ? { title: changes.title.trim() } : {}) }))) {
      throw errors.stale('plans.task', { current: task.version });
    }
    if (changes.deadline !== undefined && changes.deadline !== task.deadline) {
      await syncOverdueJob(tx, { ...task, deadline: changes.deadline });
      await repo.insertNote(tx, {
        jurisdictionId: task.jurisdictionId,
        taskId: id,
        kind: 'status',
        note: `期限由 ${task.deadline} 调整为 ${changes.deadline}`,
        files: [],
        authorId: actor.userId,
        authorName: actor.displayName,
      });
    }
    await appendAudit(tx, ctx, { action: 'plans.task.update', entity: 'plan_task', entityId: id, details: { fields: Object.keys(changes) } });
    return taskView((await repo.findTask(tx, id))!);
  });
}

export async function transitionTask(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { action: TaskAction; version: number; note?: string; completedOn?: string; files?: FileRef[] },
) {
  return db.transaction().execute(async (tx) => {
    const { actor, task } = await taskInScope(tx, ctx, plansActions['plans.tasks.progress'], id);
    const t = findTransition(task.status, input.action, actor.role);
    if (t === 'forbidden') throw errors.forbidden({ action: input.action });
    if (t === null) {
      throw errors.conflict(
        'plans.invalid_transition',
        { zh: '任务当前状态不允许此操作', en: 'Not allowed in the task’s current status' },
        { status: task.status, action: input.action },
      );
    }
    const today = chinaToday();
    const completedOn = t.to === 'done' ? (input.completedOn ?? today) : null;
    if (completedOn && completedOn > today) {
      throw errors.validation({ field: 'completedOn' }, { zh: '完成日期不能晚于今天', en: 'Completion date cannot be in the future' });
    }
    if (!(await repo.updateTask(tx, id, input.version, { status: t.to, completedOn }))) throw errors.stale('plans.task', { current: task.version });
    await syncOverdueJob(tx, { ...task, status: t.to });
    const label = { start: '开始办理', complete: `已完成（${completedOn}）`, reopen: '重新办理', cancel: '取消' }[input.action];
    await repo.insertNote(tx, {
      jurisdictionId: task.jurisdictionId,
      taskId: id,
      kind: 'status',
      note: input.note ? `${label}：${input.note}` : label,
      files: input.files ?? [],
      authorId: actor.userId,
      authorName: actor.displayName,
    });
    await appendAudit(tx, ctx, { action: `plans.task.${input.action}`, entity: 'plan_task', entityId: id, details: { from: task.status, to: t.to, completedOn } });
    return taskView((await repo.findTask(tx, id))!);
  });
}

export async function addProgress(db: Executor, ctx: RequestContext, id: number, input: { note: string; files?: FileRef[] }) {
  return db.transaction().execute(async (tx) => {
    const { actor, task } = await taskInScope(tx, ctx, plansActions['plans.tasks.progress'], id);
    const { id: noteId } = await repo.insertNote(tx, {
      jurisdictionId: task.jurisdictionId,
      taskId: id,
      kind: 'progress',
      note: input.note,
      files: input.files ?? [],
      authorId: actor.userId,
      authorName: actor.displayName,
    });
    await appendAudit(tx, ctx, { action: 'plans.task.progress', entity: 'plan_task', entityId: id, details: { noteId, files: (input.files ?? []).length } });
    return getTaskTx(tx, id);
  });
}

async function getTaskTx(db: Executor, id: number) {
  const t = (await repo.findTask(db, id))!;
  const notes = await repo.notesOf(db, id);
  return { ...taskView(t), notes, evidence: notes.flatMap((n) => n.files) };
}

export async function getTask(db: Executor, ctx: RequestContext, id: number) {
  await taskInScope(db, ctx, plansActions['plans.tasks.read'], id);
  return getTaskTx(db, id);
}

export interface TaskListQuery extends PageArgs {
  planId?: number;
  status?: TaskStatus;
  ownerOrgUnitId?: number;
  overdue?: boolean;
  sort?: 'deadline' | 'id';
  order?: 'asc' | 'desc';
}

export async function listTasks(db: Executor, ctx: RequestContext, q: TaskListQuery) {
  const { actor, scope } = granted(ctx, plansActions['plans.tasks.read']);
  const { page, pageSize, offset } = pageBounds(q);
  let ownerOrgUnitId = q.ownerOrgUnitId;
  if (scope === 'department') {
    if (actor.orgUnitId === null) return { items: [], total: 0, page, pageSize };
    ownerOrgUnitId = actor.orgUnitId;
  }
  const today = chinaToday();
  const r = await repo.listTasks(
    db,
    { jurisdictionId: actor.jurisdictionId, planId: q.planId, status: q.status, ownerOrgUnitId, overdueBefore: q.overdue ? today : undefined },
    { offset, limit: pageSize, sort: q.sort ?? 'deadline', order: q.order ?? 'asc' },
  );
  return { items: r.items.map((t) => taskView(t, today)), total: r.total, page, pageSize };
}

/** 督办: a leader or the office presses the owner unit; the unit's staff are told. */
export async function superviseTask(db: Executor, ctx: RequestContext, id: number, input: { note: string }) {
  return db.transaction().execute(async (tx) => {
    const { actor, task } = await taskInScope(tx, ctx, plansActions['plans.tasks.supervise'], id);
    if (!OPEN_STATUSES.includes(task.status)) {
      throw errors.conflict('plans.task_closed', { zh: '任务已办结或取消，无需督办', en: 'The task is closed' });
    }
    const today = chinaToday();
    await repo.markSupervised(tx, id, new Date(), task.deadline < today ? today : null);
    await repo.insertNote(tx, { jurisdictionId: task.jurisdictionId, taskId: id, kind: 'supervision', note: input.note, files: [], authorId: actor.userId, authorName: actor.displayName });
    await tellOwner(tx, task, `督办：${task.title}`, input.note, actor.userId);
    await appendAudit(tx, ctx, { action: 'plans.task.supervise', entity: 'plan_task', entityId: id, details: { overdue: task.deadline < today } });
    return getTaskTx(tx, id);
  });
}

export async function evaluateTask(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; evaluation: Evaluation; score?: number | null; note?: string },
) {
  return db.transaction().execute(async (tx) => {
    const { actor, task } = await taskInScope(tx, ctx, plansActions['plans.tasks.evaluate'], id);
    const ok = await repo.updateTask(tx, id, input.version, {
      evaluation: input.evaluation,
      evaluationScore: input.score ?? null,
      evaluationNote: input.note ?? '',
      evaluatedBy: actor.userId,
      evaluatedAt: new Date(),
    });
    if (!ok) throw errors.stale('plans.task', { current: task.version });
    await repo.insertNote(tx, {
      jurisdictionId: task.jurisdictionId,
      taskId: id,
      kind: 'evaluation',
      note: `年终评估：${EVALUATION_LABELS[input.evaluation]}${input.score != null ? `（${input.score} 分）` : ''}${input.note ? `，${input.note}` : ''}`,
      files: [],
      authorId: actor.userId,
      authorName: actor.displayName,
    });
    await appendAudit(tx, ctx, { action: 'plans.task.evaluate', entity: 'plan_task', entityId: id, details: { evaluation: input.evaluation, score: input.score ?? null } });
    return taskView((await repo.findTask(tx, id))!);
  });
}

export const EVALUATION_LABELS: Record<Evaluation, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };

// ── the overdue job ──

/** Set by plans.jobs.ts so that the service need not import the notifications module directly. */
let notifier: ((db: Executor, n: { jurisdictionId: number; orgUnitId: number; title: string; body: string; taskId: number; exceptUserId: number | null }) => Promise<void>) | null = null;
export function setTaskNotifier(fn: typeof notifier): void {
  notifier = fn;
}

async function tellOwner(db: Executor, task: { id: number; jurisdictionId: number; ownerOrgUnitId: number }, title: string, body: string, exceptUserId: number | null) {
  if (notifier) await notifier(db, { jurisdictionId: task.jurisdictionId, orgUnitId: task.ownerOrgUnitId, title, body, taskId: task.id, exceptUserId });
}

/** Days between automatic 督办 reminders while a task stays overdue. */
export const OVERDUE_REMINDER_DAYS = 7;

/**
 * The overdue job: if the task is still open after its deadline, record the 督办 (first time: since when),
 * tell the owner unit, and come back in a week. Idempotent on the task's state: a closed task, or one whose
 * deadline moved, is left alone.
 */
export async function runOverdueCheck(db: Executor, taskId: number, now: Date = new Date()): Promise<'supervised' | 'not_due' | 'closed' | 'missing'> {
  return db.transaction().execute(async (tx) => {
    const task = await repo.lockTask(tx, taskId);
    if (!task) return 'missing';
    if (!OPEN_STATUSES.includes(task.status)) return 'closed';
    const today = chinaToday(now);
    if (task.deadline >= today) {
      await syncOverdueJob(tx, task);
      return 'not_due';
    }
    await repo.markSupervised(tx, taskId, now, today);
    const note = `任务已逾期（办结期限 ${task.deadline}），系统自动督办`;
    await repo.insertNote(tx, { jurisdictionId: task.jurisdictionId, taskId, kind: 'supervision', note, files: [], authorId: null, authorName: '系统' });
    await tellOwner(tx, task, `逾期督办：${task.title}`, note, null);
    await appendAudit(
      tx,
      { actor: null, requestId: null, ip: null },
      { action: 'plans.task.overdue', entity: 'plan_task', entityId: taskId, jurisdictionId: task.jurisdictionId, actorName: 'system', details: { deadline: task.deadline } },
    );
    await scheduleJob(tx, {
      kind: TASK_OVERDUE_JOB,
      runAt: new Date(now.getTime() + OVERDUE_REMINDER_DAYS * 24 * 3600_000),
      payload: { taskId },
      uniqueKey: overdueKey(taskId),
      jurisdictionId: task.jurisdictionId,
    });
    return 'supervised';
  });
}

// ── meetings ──

export interface DecisionInput {
  text: string;
  /** When given, the decision becomes a task of the meeting's plan at once. */
  task?: TaskInput;
}

async function meetingView(db: Executor, meetings: Awaited<ReturnType<typeof repo.findMeeting>>[]) {
  const list = meetings.filter((m): m is NonNullable<typeof m> => m !== undefined);
  const decisions = await repo.decisionsOf(db, list.map((m) => m.id));
  return list.map((m) => ({
    id: m.id,
    planId: m.planId,
    heldOn: m.heldOn,
    title: m.title,
    place: m.place,
    attendees: m.attendees,
    summary: m.summary,
    version: m.version,
    decisions: decisions.filter((d) => d.meetingId === m.id).map(({ meetingId: _m, ...d }) => d),
  }));
}

export async function createMeeting(
  db: Executor,
  ctx: RequestContext,
  input: { planId?: number | null; heldOn: string; title: string; place?: string; attendees: { userId?: number | null; name: string }[]; summary?: string; decisions?: DecisionInput[] },
) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    let planId = input.planId ?? null;
    if (planId !== null) {
      const plan = await repo.findPlan(tx, planId);
      if (!plan || plan.jurisdictionId !== actor.jurisdictionId) throw planNotFound();
    } else if ((input.decisions ?? []).some((d) => d.task)) {
      // Decisions that become tasks go into the plan of the meeting's year.
      const plan = await repo.findPlanByYear(tx, actor.jurisdictionId, Number(input.heldOn.slice(0, 4)));
      if (!plan) throw errors.unprocessable('plans.no_plan_for_year', { zh: '会议所在年度尚无工作计划，无法将决定转为任务', en: 'No plan for the meeting’s year' });
      planId = plan.id;
    }
    for (const a of input.attendees) await checkUser(tx, actor, a.userId);
    const { id } = await repo.insertMeeting(tx, {
      jurisdictionId: actor.jurisdictionId,
      planId,
      heldOn: input.heldOn,
      title: input.title.trim(),
      place: input.place ?? '',
      attendees: input.attendees.map((a) => ({ userId: a.userId ?? null, name: a.name.trim() })),
      summary: input.summary ?? '',
      createdBy: actor.userId,
    });
    for (const [i, d] of (input.decisions ?? []).entries()) {
      const taskId = d.task ? await insertTaskTx(tx, ctx, actor, planId!, d.task, id) : null;
      await repo.insertDecision(tx, { jurisdictionId: actor.jurisdictionId, meetingId: id, text: d.text.trim(), taskId, sort: i });
    }
    await appendAudit(tx, ctx, { action: 'plans.meeting.create', entity: 'topic_meeting', entityId: id, details: { decisions: (input.decisions ?? []).length } });
    return (await meetingView(tx, [await repo.findMeeting(tx, id)]))[0];
  });
}

/** Turns a recorded decision into a task of the meeting's plan (once). */
export async function decisionToTask(db: Executor, ctx: RequestContext, meetingId: number, decisionId: number, input: TaskInput) {
  const { actor } = granted(ctx, plansActions['plans.manage']);
  return db.transaction().execute(async (tx) => {
    const meeting = await repo.findMeeting(tx, meetingId);
    const decision = await repo.findDecision(tx, decisionId);
    if (!meeting || meeting.jurisdictionId !== actor.jurisdictionId || !decision || decision.meetingId !== meetingId) {
      throw errors.notFound('plans.decision', '会议决定');
    }
    if (decision.taskId !== null) throw errors.conflict('plans.decision_has_task', { zh: '该决定已转为任务', en: 'The decision already has a task' }, { taskId: decision.taskId });
    const planId = meeting.planId ?? (await repo.findPlanByYear(tx, actor.jurisdictionId, Number(meeting.heldOn.slice(0, 4))))?.id;
    if (!planId) throw errors.unprocessable('plans.no_plan_for_year', { zh: '会议所在年度尚无工作计划，无法将决定转为任务', en: 'No plan for the meeting’s year' });
    const taskId = await insertTaskTx(tx, ctx, actor, planId, input, meetingId);
    await repo.linkDecision(tx, decisionId, taskId);
    return taskView((await repo.findTask(tx, taskId))!);
  });
}

export async function listMeetings(db: Executor, ctx: RequestContext, q: PageArgs & { from?: string; to?: string; planId?: number }) {
  const { actor } = granted(ctx, plansActions['plans.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const r = await repo.listMeetings(db, actor.jurisdictionId, q, { offset, limit: pageSize });
  return { items: await meetingView(db, r.items), total: r.total, page, pageSize };
}

export async function getMeeting(db: Executor, ctx: RequestContext, id: number) {
  const { actor } = granted(ctx, plansActions['plans.read']);
  const m = await repo.findMeeting(db, id);
  if (!m || m.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('plans.meeting', '专题会议');
  return (await meetingView(db, [m]))[0];
}

// ── figures ──

export interface PlansFigures {
  from: string;
  to: string;
  /** The day lateness is judged on. */
  asOf: string;
  /** Tasks (not cancelled) whose deadline falls in the period. */
  tasks: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  /** Open past their deadline on asOf. */
  overdue: number;
  open: number;
  supervised: number;
  /** doneOnTime ÷ tasks. */
  onTimeRate: { numerator: number; denominator: number; rate: number | null };
  fromMeetings: number;
  evaluations: Record<Evaluation, number> & { pending: number };
  meetingsHeld: number;
}

/** The module's figures for a period (dates inclusive), for the dashboard and the annual report. */
export async function plansFigures(db: Executor, jurisdictionId: number, from: string, to: string, asOf: string = chinaToday()): Promise<PlansFigures> {
  const tasks = (await repo.tasksForFigures(db, jurisdictionId, from, to)).filter((t) => t.status !== 'cancelled');
  const l = tasks.map((t) => lateness(t, asOf));
  const count = (k: string) => l.filter((x) => x === k).length;
  const evaluations = Object.fromEntries(EVALUATIONS.map((e) => [e, tasks.filter((t) => t.evaluation === e).length])) as Record<Evaluation, number>;
  const doneOnTime = count('on_time');
  return {
    from,
    to,
    asOf,
    tasks: tasks.length,
    done: doneOnTime + count('late'),
    doneOnTime,
    doneLate: count('late'),
    overdue: count('overdue'),
    open: count('open'),
    supervised: tasks.filter((t) => t.supervisionCount > 0).length,
    onTimeRate: { numerator: doneOnTime, denominator: tasks.length, rate: tasks.length ? Math.round((doneOnTime / tasks.length) * 10000) / 10000 : null },
    fromMeetings: tasks.filter((t) => t.sourceMeetingId !== null).length,
    evaluations: { ...evaluations, pending: tasks.filter((t) => t.evaluation === null).length },
    meetingsHeld: await repo.meetingsHeld(db, jurisdictionId, from, to),
  };
}

export async function figuresFor(db: Executor, ctx: RequestContext, from: string, to: string) {
  const { actor } = granted(ctx, plansActions['plans.figures.read']);
  return plansFigures(db, actor.jurisdictionId, from, to);
}
