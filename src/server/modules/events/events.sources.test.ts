// The events module's surface for other modules: an event made from another module's record inside that module's
// transaction, an enterprise's events for its 360° view, event references, and the per-department reopened /
// ever-overdue figures with the matching list filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEvent, buildEventWorld, POINT_IN_GRID2, type EventWorld } from '../../../../test/support/events.factories.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { createEventFromSource, eventFigures, eventRefs, listEventsByEnterprise } from './index.ts';

describe.each(DB_KINDS)('events for other modules on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  const db = () => t.database.db;
  let leader: Client;

  const ctxOf = (u: { id: number; username: string; displayName: string; role: string; orgUnitId: number | null; enterpriseId: number | null }, gridIds: number[] = []): RequestContext => ({
    requestId: 'req-test',
    ip: null,
    actor: {
      userId: u.id,
      jurisdictionId: w.jid,
      username: u.username,
      displayName: u.displayName,
      role: u.role as Role,
      orgUnitId: u.orgUnitId,
      enterpriseId: u.enterpriseId,
      gridIds,
      sessionId: 'test',
    },
  });

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(db());
    leader = await t.login(w.users.leader.username);
  });
  afterAll(() => t.close());

  it('creates an event from another module’s record in the caller’s transaction: source, grid from the point, ref on the timeline and in the audit row', async () => {
    const ctx = ctxOf(w.users.gw1, [w.grid1.id]);
    const e = await db()
      .transaction()
      .execute((tx) =>
        createEventFromSource(tx, ctx, {
          source: 'patrol',
          categoryId: w.categories.stall.id,
          description: '巡逻发现：路口占道经营',
          address: '二号路',
          lng: POINT_IN_GRID2[0],
          lat: POINT_IN_GRID2[1],
          gridId: w.grid1.id,
          refModule: 'safety.finding',
          refId: 77,
        }),
      );
    expect(e).toMatchObject({ status: 'reported', source: 'patrol', gridId: w.grid2.id, reporterId: w.users.gw1.id, stage: 'accept' });
    expect(e.title).toBe('占道经营：巡逻发现：路口占道经营');
    const tl = await db().selectFrom('eventTimeline').select(['action', 'details']).where('eventId', '=', e.id).execute();
    expect(tl).toEqual([{ action: 'report', details: { source: 'patrol', refModule: 'safety.finding', refId: 77 } }]);
    const audit = await db().selectFrom('auditLog').select(['action', 'details', 'requestId']).where('entity', '=', 'event').where('entityId', '=', String(e.id)).execute();
    expect(audit).toEqual([{ action: 'event.report', requestId: 'req-test', details: { source: 'patrol', categoryId: w.categories.stall.id, gridId: w.grid2.id, refModule: 'safety.finding', refId: 77 } }]);
    const detail = await leader.get(`/api/events/${e.id}`);
    expect(detail.json()).toMatchObject({ source: 'patrol', sourceLabel: '平安巡逻发现' });
  });

  it('answers the new event exactly as stored, alone in a transaction or written with others', async () => {
    const ctx = ctxOf(w.users.dispatcher);
    const input = { source: 'clue' as const, categoryId: w.categories.wages.id, description: '线索：项目部拖欠工资', address: '三号路', gridId: w.grid1.id, refModule: 'mediation.clue', refId: 11 };
    const together = await Promise.all([createEventFromSource(db(), ctx, input), createEventFromSource(db(), ctx, { ...input, refId: 12, lng: POINT_IN_GRID2[0], lat: POINT_IN_GRID2[1] })]);
    const alone = await db().transaction().execute((tx) => createEventFromSource(tx, ctx, { ...input, refId: 13 }));
    for (const e of [...together, alone]) {
      const stored = await db().selectFrom('events').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
      expect(e).toEqual(stored);
      expect(e.code).toMatch(/^SJ\d{8}$/);
    }
  });

  it('uses the given grid when there is no position, and leaves nothing behind when the caller’s transaction fails', async () => {
    const ctx = ctxOf(w.users.dispatcher);
    const e = await createEventFromSource(db(), ctx, {
      source: 'clue', categoryId: w.categories.wages.id, description: '线索：工地欠薪', gridId: w.grid1.id, refModule: 'mediation.clue', refId: 5,
    });
    expect(e).toMatchObject({ gridId: w.grid1.id, source: 'clue', lng: null });
    const before = await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const beforeStats = await eventFigures(db(), w.jid, { from: '2000-01-01', to: '2100-12-31' });
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await createEventFromSource(tx, ctx, { source: 'clue', categoryId: w.categories.wages.id, description: '线索：另一处欠薪', refModule: 'mediation.clue', refId: 6 });
          throw new Error('the caller’s own write failed');
        }),
    ).rejects.toThrow('the caller’s own write failed');
    const after = await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await eventFigures(db(), w.jid, { from: '2000-01-01', to: '2100-12-31' })).reported).toBe(beforeStats.reported);
  });

  it('refuses an unknown or inactive category, a missing description and a source that is not a module link', async () => {
    const ctx = ctxOf(w.users.dispatcher);
    const base = { source: 'clue' as const, categoryId: w.categories.wages.id, description: '线索：欠薪', refModule: 'mediation.clue', refId: 9 };
    await expect(createEventFromSource(db(), ctx, { ...base, categoryId: 999999 })).rejects.toMatchObject({ code: 'events.category_invalid', status: 422 });
    await expect(createEventFromSource(db(), ctx, { ...base, description: ' ' })).rejects.toMatchObject({ status: 400 });
    await expect(createEventFromSource(db(), ctx, { ...base, source: 'hotline' as never })).rejects.toMatchObject({ status: 400 });
    await expect(createEventFromSource(db(), { actor: null, requestId: null, ip: null }, base)).rejects.toMatchObject({ status: 401 });
  });

  it('lists an enterprise’s events newest first, without the other enterprise’s, saying which the actor may open', async () => {
    const e1 = w.enterprises.enterprise1;
    const older = await buildEvent(db(), w.jid, { categoryId: w.categories.stall.id, source: 'enterprise', enterpriseId: e1, title: '企业一旧事件', reportedAt: new Date('2021-03-01T02:00:00Z') });
    const newer = await buildEvent(db(), w.jid, {
      categoryId: w.categories.wages.id, source: 'enterprise', enterpriseId: e1, title: '企业一新事件', status: 'dispatched', departmentId: w.deptB.id, reportedAt: new Date('2021-04-01T02:00:00Z'),
    });
    await buildEvent(db(), w.jid, { categoryId: w.categories.stall.id, source: 'enterprise', enterpriseId: w.enterprises.enterprise2, title: '企业二事件' });
    const asLeader = await listEventsByEnterprise(db(), ctxOf(w.users.leader), e1, { page: 1, pageSize: 10 });
    expect(asLeader.total).toBe(2);
    expect(asLeader.items.map((i) => i.id)).toEqual([newer.id, older.id]);
    expect(asLeader.items[0]).toMatchObject({ code: newer.code, title: '企业一新事件', statusLabel: '已派遣', categoryName: '欠薪', departmentName: '劳动保障监察大队', accessible: true });
    expect(asLeader.items[0]).not.toHaveProperty('reporterName');
    const asHandlerA = await listEventsByEnterprise(db(), ctxOf(w.users.handlerA), e1);
    expect(asHandlerA.items.map((i) => i.accessible)).toEqual([false, false]);
    const asHandlerB = await listEventsByEnterprise(db(), ctxOf(w.users.handlerB), e1);
    expect(asHandlerB.items.map((i) => i.accessible)).toEqual([true, false]);
    const page2 = await listEventsByEnterprise(db(), ctxOf(w.users.leader), e1, { page: 2, pageSize: 1 });
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.items.map((i) => i.id)).toEqual([older.id]);
  });

  it('names events by id within the jurisdiction only', async () => {
    const e = await buildEvent(db(), w.jid, { categoryId: w.categories.stall.id, status: 'accepted' });
    expect(await eventRefs(db(), w.jid, [e.id, 999999])).toEqual([{ id: e.id, code: e.code, status: 'accepted', statusLabel: '已受理' }]);
    expect(await eventRefs(db(), w.jid + 1000, [e.id])).toEqual([]);
  });

  it('counts reopened and ever-overdue events per department, and lists the reopened ones', async () => {
    const day = new Date('2019-06-10T02:00:00Z');
    const common = { categoryId: w.categories.stall.id, departmentId: w.deptA.id, reportedAt: day };
    const reopened = await buildEvent(db(), w.jid, { ...common, status: 'in_progress', fields: { reopenCount: 1 } });
    await buildEvent(db(), w.jid, { ...common, status: 'closed', fields: { overdueCount: 1, reopenCount: 2 } });
    await buildEvent(db(), w.jid, { ...common, status: 'in_progress', fields: { overdue: true, overdueCount: 1 } });
    await buildEvent(db(), w.jid, { ...common, status: 'closed' });
    const f = await eventFigures(db(), w.jid, { from: '2019-06-01', to: '2019-06-30' });
    const a = f.byDepartment.find((d) => Number(d.key) === w.deptA.id)!;
    expect(a).toMatchObject({ dispatched: 4, reopened: 2, everOverdue: 2 });
    expect(f).toMatchObject({ reopened: 2, everOverdue: 2 });
    const metrics = await leader.get(`/api/events/metrics?from=2019-06-01&to=2019-06-30`);
    expect(metrics.json().byDepartment.find((d: { key: string }) => Number(d.key) === w.deptA.id)).toMatchObject({ reopened: 2, everOverdue: 2 });
    const list = await leader.get(`/api/events?from=2019-06-01&to=2019-06-30&departmentId=${w.deptA.id}&reopened=true`);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(reopened.id);
    expect((await leader.get(`/api/events?from=2019-06-01&to=2019-06-30&reopened=false`)).json().total).toBe(2);
  });
});
