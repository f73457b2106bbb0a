import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import { buildPlanTask, buildWorkPlan } from '../../../../test/support/records.factories.ts';
import { JobRunner } from '../../platform/jobs/jobs.ts';
import { plansFigures, runOverdueCheck } from './index.ts';

describe.each(DB_KINDS)('plans on %s', (kind) => {
  let t: TestApp;
  let j: number;
  let deptA: number;
  let deptB: number;
  let office: { id: number; username: string };
  let leader: { username: string };
  let handlerA: { id: number; username: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    j = (await buildJurisdiction(db)).id;
    deptA = (await buildOrgUnit(db, j, { name: '企业服务局' })).id;
    deptB = (await buildOrgUnit(db, j, { name: '城管办' })).id;
    office = await buildUser(db, j, 'law_office');
    leader = await buildUser(db, j, 'leader');
    handlerA = await buildUser(db, j, 'handler', { orgUnitId: deptA });
  });
  afterAll(() => t.close());

  it('sets up a leading group only with a chair, and records its members and roles', async () => {
    const o = await t.login(office.username);
    const noChair = await o.post('/api/plans/leading-groups', { name: '法治建设领导小组', periodStart: '2020-01-01', members: [{ name: '某甲', role: 'member' }] });
    expect(noChair.statusCode).toBe(400);
    const g = await o.post('/api/plans/leading-groups', {
      name: '法治建设领导小组',
      periodStart: '2020-01-01',
      members: [
        { name: '周立新', title: '党工委副书记、管委会主任', role: 'chair' },
        { name: '吴海涛', title: '党工委副书记、总公司总经理', role: 'chair' },
        { name: '郑晓雯', title: '法治办主任', role: 'office_director', orgUnitId: deptA },
      ],
    });
    expect(g.statusCode).toBe(201);
    expect(g.json().members.map((m: { role: string }) => m.role)).toEqual(['chair', 'chair', 'office_director']);
    expect(g.json().members[2].orgUnitName).toBe('企业服务局');
    const h = await t.login(handlerA.username);
    expect((await h.get('/api/plans/leading-groups')).statusCode).toBe(200);
    expect((await h.post('/api/plans/leading-groups', { name: 'x', periodStart: '2020-01-01', members: [{ name: 'a', role: 'chair' }] })).statusCode).toBe(403);
  });

  it('lets a department see and move only its own tasks; the office alone reopens', async () => {
    const o = await t.login(office.username);
    const plan = await o.post('/api/plans', { year: 2030, title: '2030年法治建设工作计划', goals: ['营造法治化营商环境'] });
    expect(plan.statusCode).toBe(201);
    expect((await o.post('/api/plans', { year: 2030, title: 'dup', goals: [] })).statusCode).toBe(409);
    const planId = plan.json().id as number;
    const mine = (await o.post(`/api/plans/${planId}/tasks`, { title: '梳理涉企政策', ownerOrgUnitId: deptA, deadline: '2030-06-30', responsibleUserId: handlerA.id })).json();
    const theirs = (await o.post(`/api/plans/${planId}/tasks`, { title: '整治占道经营', ownerOrgUnitId: deptB, deadline: '2030-06-30' })).json();
    const h = await t.login(handlerA.username);
    const list = (await h.get(`/api/plans/tasks?planId=${planId}&ownerOrgUnitId=${deptB}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([mine.id]);
    expect((await h.get(`/api/plans/tasks/${theirs.id}`)).statusCode).toBe(404);
    expect((await h.post(`/api/plans/tasks/${theirs.id}/progress`, { note: 'x' })).statusCode).toBe(404);
    const started = await h.post(`/api/plans/tasks/${mine.id}/transition`, { action: 'start', version: 1 });
    expect(started.json()).toMatchObject({ status: 'in_progress', version: 2 });
    const progress = await h.post(`/api/plans/tasks/${mine.id}/progress`, { note: '已梳理 12 项', files: [{ name: '政策清单.pdf', ref: 'upload/1' }] });
    expect(progress.json().evidence).toEqual([{ name: '政策清单.pdf', ref: 'upload/1' }]);
    expect((await h.post(`/api/plans/tasks/${mine.id}/transition`, { action: 'complete', version: 1 })).statusCode).toBe(409);
    const done = await h.post(`/api/plans/tasks/${mine.id}/transition`, { action: 'complete', version: 2, completedOn: '2026-01-05' });
    expect(done.json()).toMatchObject({ status: 'done', completedOn: '2026-01-05', lateness: 'on_time' });
    expect((await h.post(`/api/plans/tasks/${mine.id}/transition`, { action: 'reopen', version: 3 })).statusCode).toBe(403);
    expect((await h.post(`/api/plans/tasks/${mine.id}/transition`, { action: 'complete', version: 3 })).statusCode).toBe(409);
    const ev = await (await t.login(leader.username)).put(`/api/plans/tasks/${mine.id}/evaluation`, { version: 3, evaluation: 'excellent', score: 95 });
    expect(ev.json()).toMatchObject({ evaluation: 'excellent', evaluationScore: 95 });
    const detail = (await h.get(`/api/plans/tasks/${mine.id}`)).json();
    expect(detail.notes.map((n: { kind: string }) => n.kind)).toEqual(['status', 'progress', 'status', 'evaluation']);
  });

  it('turns meeting decisions into tasks, at once or later, once each', async () => {
    const o = await t.login(office.username);
    await o.post('/api/plans', { year: 2031, title: '2031年计划', goals: [] });
    const m = await o.post('/api/plans/meetings', {
      heldOn: '2031-03-10',
      title: '法治建设专题会议',
      attendees: [{ userId: office.id, name: '法治办' }, { name: '列席人员' }],
      decisions: [
        { text: '开展民法典宣讲', task: { title: '民法典进企业', ownerOrgUnitId: deptA, deadline: '2031-06-30' } },
        { text: '研究欠薪治理' },
      ],
    });
    expect(m.statusCode).toBe(201);
    const meeting = m.json();
    expect(meeting.decisions[0]).toMatchObject({ taskTitle: '民法典进企业', taskStatus: 'not_started' });
    expect(meeting.decisions[1].taskId).toBeNull();
    const later = await o.post(`/api/plans/meetings/${meeting.id}/decisions/${meeting.decisions[1].id}/task`, { title: '欠薪源头治理', ownerOrgUnitId: deptB, deadline: '2031-09-30' });
    expect(later.statusCode).toBe(201);
    expect(later.json().sourceMeetingId).toBe(meeting.id);
    expect((await o.post(`/api/plans/meetings/${meeting.id}/decisions/${meeting.decisions[1].id}/task`, { title: 'again', ownerOrgUnitId: deptB, deadline: '2031-09-30' })).statusCode).toBe(409);
    const noPlan = await o.post('/api/plans/meetings', { heldOn: '2040-01-01', title: 'x', attendees: [], decisions: [{ text: 'y', task: { title: 'z', ownerOrgUnitId: deptA, deadline: '2040-02-01' } }] });
    expect(noPlan.statusCode).toBe(422);
  });

  it('supervises an overdue task by the job: records since when, tells the owner unit, and leaves a done task alone', async () => {
    const db = t.database.db;
    const o = await t.login(office.username);
    const plan = (await o.post('/api/plans', { year: 2020, title: '2020年计划', goals: [] })).json();
    const late = (await o.post(`/api/plans/${plan.id}/tasks`, { title: '逾期任务', ownerOrgUnitId: deptA, deadline: '2020-06-30' })).json();
    const finished = (await o.post(`/api/plans/${plan.id}/tasks`, { title: '已完成任务', ownerOrgUnitId: deptA, deadline: '2020-06-30' })).json();
    await o.post(`/api/plans/tasks/${finished.id}/transition`, { action: 'complete', version: 1, completedOn: '2020-06-20' });
    const jobs = await db.selectFrom('jobs').select(['uniqueKey', 'runAt', 'status']).where('kind', '=', 'plans.task_overdue').where('uniqueKey', 'in', [`plans.task_overdue:${late.id}`, `plans.task_overdue:${finished.id}`]).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].runAt.toISOString()).toBe('2020-06-30T16:00:00.000Z');
    const runner = new JobRunner(db, { instanceId: 'test' });
    await runner.runDueOnce();
    const after = (await o.get(`/api/plans/tasks/${late.id}`)).json();
    expect(after).toMatchObject({ lateness: 'overdue', supervisionCount: 1 });
    expect(after.overdueSince).not.toBeNull();
    expect(after.notes.at(-1)).toMatchObject({ kind: 'supervision', authorName: '系统' });
    const notices = await db.selectFrom('notifications').select(['userId', 'kind']).where('entityId', '=', String(late.id)).execute();
    expect(notices).toEqual([{ userId: handlerA.id, kind: 'plans.task_supervised' }]);
    const next = await db.selectFrom('jobs').select(['runAt']).where('uniqueKey', '=', `plans.task_overdue:${late.id}`).where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    expect(await runOverdueCheck(db, finished.id)).toBe('closed');
    const sup = await (await t.login(leader.username)).post(`/api/plans/tasks/${late.id}/supervise`, { note: '请本周内办结' });
    expect(sup.json().supervisionCount).toBe(2);
    const overdueList = (await o.get(`/api/plans/tasks?planId=${plan.id}&overdue=true`)).json();
    expect(overdueList.items.map((x: { id: number }) => x.id)).toEqual([late.id]);
  });

  it('computes figures with known answers: on time, late, overdue, meetings held', async () => {
    const db = t.database.db;
    const j2 = (await buildJurisdiction(db)).id;
    const ou = (await buildOrgUnit(db, j2)).id;
    const u = (await buildUser(db, j2, 'law_office')).id;
    const plan = await buildWorkPlan(db, j2, 2020);
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-03-31', status: 'done', completedOn: '2020-03-31' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-06-30', status: 'done', completedOn: '2020-06-01' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-06-30', status: 'done', completedOn: '2020-07-02' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-09-30', status: 'in_progress' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-12-31', status: 'not_started' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2020-12-31', status: 'cancelled' });
    await buildPlanTask(db, j2, plan.id, ou, u, { deadline: '2021-01-15', status: 'not_started' });
    await db.insertInto('topicMeetings').values([
      { jurisdictionId: j2, planId: plan.id, heldOn: '2020-03-01', title: 'a', attendees: '[]', createdBy: u },
      { jurisdictionId: j2, planId: plan.id, heldOn: '2020-11-01', title: 'b', attendees: '[]', createdBy: u },
      { jurisdictionId: j2, planId: null, heldOn: '2021-02-01', title: 'c', attendees: '[]', createdBy: u },
    ]).execute();
    const f = await plansFigures(db, j2, '2020-01-01', '2020-12-31', '2020-10-15');
    expect(f).toMatchObject({ tasks: 5, done: 3, doneOnTime: 2, doneLate: 1, overdue: 1, open: 1, meetingsHeld: 2 });
    expect(f.onTimeRate).toEqual({ numerator: 2, denominator: 5, rate: 0.4 });
    const yearEnd = await plansFigures(db, j2, '2020-01-01', '2020-12-31', '2021-01-01');
    expect(yearEnd).toMatchObject({ overdue: 2, open: 0 });
  });
});
