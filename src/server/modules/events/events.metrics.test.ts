import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildCategory, buildEvent, buildEventWorld, POINT_IN_GRID1, type EventWorld } from '../../../../test/support/events.factories.ts';
import { buildJurisdiction } from '../../../../test/support/factories.ts';
import { JobRunner } from '../../platform/jobs/jobs.ts';
import { eventFigures } from './events.metrics.ts';
import { contribution, rollupDelta, STAT_COUNTERS } from './events.stats.ts';
import './events.jobs.ts';

const bj = (s: string) => new Date(`${s}+08:00`);
const H = 3_600_000;

describe.each(DB_KINDS)('event figures on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  const c: Record<string, Client> = {};
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(db());
    for (const [k, u] of Object.entries(w.users)) c[k] = await t.login(u.username);
    const { stall, wages } = w.categories;
    const closed = (reported: Date, hours: number) => ({
      acceptedAt: reported,
      dispatchedAt: reported,
      handledAt: reported,
      verifiedAt: new Date(reported.getTime() + hours * H),
      closedAt: new Date(reported.getTime() + hours * H),
      acceptOnTime: true,
      dispatchOnTime: true,
      handleOnTime: true,
      verifyOnTime: true,
    });
    const mk = (over: Parameters<typeof buildEvent>[2]) => buildEvent(db(), w.jid, over);
    const e1 = bj('2020-03-02T10:00:00');
    await mk({ categoryId: stall.id, status: 'closed', gridId: w.grid1.id, departmentId: w.deptA.id, source: 'grid_worker', reportedAt: e1, fields: closed(e1, 10) });
    const e2 = bj('2020-03-05T10:00:00');
    await mk({
      categoryId: stall.id,
      status: 'closed',
      gridId: w.grid1.id,
      departmentId: w.deptA.id,
      source: 'grid_worker',
      reportedAt: e2,
      fields: { ...closed(e2, 30), overdueCount: 1, handleOnTime: false, reopenCount: 1, satisfaction: 4 },
    });
    const e3 = bj('2020-04-10T10:00:00');
    await mk({
      categoryId: wages.id,
      status: 'closed',
      gridId: w.grid2.id,
      departmentId: w.deptB.id,
      source: 'hotline',
      reportedAt: e3,
      fields: { ...closed(e3, 50), extensionCount: 1, satisfaction: 2 },
    });
    await mk({ categoryId: wages.id, status: 'rejected', gridId: w.grid2.id, source: 'hotline', reportedAt: bj('2020-04-11T10:00:00'), fields: { acceptOnTime: true, acceptedAt: null } });
    await mk({ categoryId: stall.id, status: 'merged', gridId: w.grid1.id, source: 'public', reportedAt: bj('2020-05-01T10:00:00'), fields: { acceptedAt: null } });
    const e6 = bj('2020-12-31T23:30:00');
    await mk({
      categoryId: wages.id,
      status: 'in_progress',
      gridId: w.grid2.id,
      departmentId: w.deptB.id,
      source: 'transfer',
      reportedAt: e6,
      fields: { acceptedAt: e6, dispatchedAt: e6, acceptOnTime: true, dispatchOnTime: true, overdue: true, overdueCount: 1 },
    });
    // Reported at 00:30 on 1 January 2021 Beijing time: 2021, although it is still 2020 in UTC.
    await mk({ categoryId: stall.id, status: 'reported', gridId: w.grid1.id, reportedAt: bj('2021-01-01T00:30:00') });
    // Another jurisdiction's event never counts.
    const other = await buildJurisdiction(db());
    const otherCat = await buildCategory(db(), other.id);
    await buildEvent(db(), other.id, { categoryId: otherCat.id, status: 'closed', reportedAt: bj('2020-06-01T10:00:00'), fields: closed(bj('2020-06-01T10:00:00'), 5) });
  });
  afterAll(() => t.close());

  it('computes the year 2020 from a hand-built set, each rate with numerator and denominator', async () => {
    const f = await eventFigures(db(), w.jid, { from: '2020-01-01', to: '2020-12-31' });
    expect(f).toMatchObject({ reported: 6, accepted: 4, dispatched: 4, handled: 3, closed: 3, rejected: 1, merged: 1, open: 1, overdueOpen: 1 });
    expect(f.rates.closedLoop).toEqual({ rate: 0.75, numerator: 3, denominator: 4 });
    expect(f.rates.onTimeClose).toEqual({ rate: 0.6667, numerator: 2, denominator: 3 });
    expect(f.rates.onTimeByStage.handle).toEqual({ rate: 0.6667, numerator: 2, denominator: 3 });
    expect(f.rates.onTimeByStage.accept).toEqual({ rate: 1, numerator: 5, denominator: 5 });
    expect(f.rates.onTimeByStage.dispatch).toEqual({ rate: 1, numerator: 4, denominator: 4 });
    expect(f.rates.onTimeByStage.verify).toEqual({ rate: 1, numerator: 3, denominator: 3 });
    expect(f.rates.reopen).toEqual({ rate: 0.3333, numerator: 1, denominator: 3 });
    expect(f.rates.extension).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
    expect(f.rates.overdue).toEqual({ rate: 0.5, numerator: 2, denominator: 4 });
    expect(f.rates.acceptance).toEqual({ rate: 0.6667, numerator: 4, denominator: 6 });
    expect(f.handlingTime).toEqual({ closed: 3, averageHours: 30, p90Hours: 50, p90Method: 'exact' });
    expect(f.satisfaction).toEqual({ rated: 2, average: 3 });
    const by = (rows: { key: string; reported: number; closedLoop: { rate: number | null } }[]) =>
      Object.fromEntries(rows.map((r) => [r.key, [r.reported, r.closedLoop.rate]]));
    expect(by(f.byGrid)).toEqual({ [w.grid1.id]: [3, 1], [w.grid2.id]: [3, 0.5] });
    expect(by(f.bySource)).toEqual({ grid_worker: [2, 1], hotline: [2, 1], public: [1, null], transfer: [1, 0] });
    expect(by(f.byMonth)).toEqual({ '2020-03': [2, 1], '2020-04': [2, 1], '2020-05': [1, null], '2020-12': [1, 0] });
    expect(by(f.byDepartment)).toEqual({ '0': [2, null], [w.deptA.id]: [2, 1], [w.deptB.id]: [2, 0.5] });
    expect(by(f.byCategory)).toEqual({ [w.categories.stall.id]: [3, 1], [w.categories.wages.id]: [3, 0.5] });
    expect(f.bySource.find((r) => r.key === 'transfer')!.label).toBe('一体化治理平台转办');
    expect(f.byDepartment.find((r) => r.key === '0')!.label).toBe('未派遣');
    expect(f.byGrid.find((r) => r.key === String(w.grid1.id))!.label).toBe('一号网格');
  });

  it('counts by local reporting date: 00:30 on 1 January Beijing time is 2021', async () => {
    expect((await eventFigures(db(), w.jid, { from: '2021-01-01', to: '2021-12-31' })).reported).toBe(1);
    expect((await eventFigures(db(), w.jid, { from: '2020-12-31', to: '2020-12-31' })).reported).toBe(1);
    // Ranges mixing whole months (month rows) and edge days (day rows).
    expect((await eventFigures(db(), w.jid, { from: '2020-03-03', to: '2020-04-10' })).reported).toBe(2);
    expect((await eventFigures(db(), w.jid, { from: '2020-02-15', to: '2020-04-30' })).reported).toBe(4);
    expect((await eventFigures(db(), w.jid, { from: '2020-03-01', to: '2020-05-01' })).reported).toBe(5);
    expect((await eventFigures(db(), w.jid, { from: '2020-04-11', to: '2020-04-11' })).rejected).toBe(1);
    expect((await eventFigures(db(), w.jid, { from: '2020-03-01', to: '2020-03-31' })).handlingTime).toMatchObject({ closed: 2, averageHours: 20, p90Hours: 30 });
  });

  it('applies the caller’s scope and filters over HTTP', async () => {
    const q = '/api/events/metrics?from=2020-01-01&to=2020-12-31';
    expect((await c.leader.get(q)).json().reported).toBe(6);
    expect((await c.gw1.get(q)).json().reported).toBe(3);
    expect((await c.gw1.get(`${q}&gridId=${w.grid2.id}`)).json().reported).toBe(0);
    expect((await c.handlerB.get(q)).json()).toMatchObject({ reported: 2, closed: 1 });
    expect((await c.handlerB.get(`${q}&departmentId=${w.deptA.id}`)).json().reported).toBe(0);
    expect((await c.dispatcher.get(`${q}&categoryId=${w.categories.labourTop.id}`)).json().reported).toBe(3);
    expect((await c.dispatcher.get(`${q}&source=hotline&source=transfer`)).json().reported).toBe(3);
    expect((await c.ent1.get(q)).statusCode).toBe(403);
    const body = (await c.leader.get(q)).json();
    expect(body.definitions.closedLoop).toContain('闭环率');
  });

  it('keeps the rollup equal to a full recount after every kind of move', async () => {
    const report = async (who: Client, categoryId: number) =>
      (await who.post('/api/events', { categoryId, description: '滚动统计校验', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] })).json();
    const mv = async (who: Client, id: number, body: Record<string, unknown>) => {
      const cur = (await c.dispatcher.get(`/api/events/${id}`)).json();
      const r = await who.post(`/api/events/${id}/transitions`, { version: cur.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const quick = await buildCategory(db(), w.jid, { departmentId: w.deptA.id, timeLimits: { accept: { amount: 0, unit: 'minutes' } } });
    const a = await report(c.gw1, w.categories.stall.id);
    const b = await report(c.gw1, w.categories.stall.id);
    const d = await report(c.gw1, quick.id);
    await new JobRunner(db(), { instanceId: 'rollup' }).runDueOnce(new Date(Date.now() + 5000));
    await mv(c.dispatcher, a.id, { action: 'accept' });
    await mv(c.dispatcher, b.id, { action: 'merge', targetId: a.id });
    await mv(c.dispatcher, a.id, { action: 'dispatch', departmentId: w.deptA.id });
    await mv(c.handlerA, a.id, { action: 'return', reason: '非本部门' });
    await mv(c.dispatcher, a.id, { action: 'dispatch', departmentId: w.deptB.id });
    await mv(c.handlerB, a.id, { action: 'start' });
    const x = await c.handlerB.post(`/api/events/${a.id}/extensions`, { amount: 1, unit: 'working_days', reason: '协调' });
    await c.dispatcher.post(`/api/events/${a.id}/extensions/${x.json().id}/decision`, { approve: true, version: 1 });
    await mv(c.handlerB, a.id, { action: 'handle', note: '已处理' });
    await mv(c.gw1, a.id, { action: 'reopen', reason: '未解决' });
    await mv(c.dispatcher, a.id, { action: 'dispatch', departmentId: w.deptB.id });
    await mv(c.handlerB, a.id, { action: 'start' });
    await mv(c.handlerB, a.id, { action: 'handle', note: '已彻底处理' });
    await mv(c.gw1, a.id, { action: 'verify' });
    const closed = await mv(c.gw1, a.id, { action: 'close' });
    expect((await t.anonymous().post(`/api/public/events/${closed.trackingCode}/rating`, { score: 5 })).statusCode).toBe(200);
    await mv(c.dispatcher, d.id, { action: 'reject', reason: '不予受理' });

    const events = await db().selectFrom('events').selectAll().where('jurisdictionId', '=', w.jid).execute();
    const expected = new Map<string, Record<string, number>>();
    expect(rollupDelta(null, null)).toEqual([]);
    for (const e of events) {
      const k = contribution(e, 'Asia/Shanghai');
      const key = `${k.key.day}|${k.key.gridId}|${k.key.categoryId}|${k.key.departmentId}|${k.key.source}`;
      const acc = expected.get(key) ?? Object.fromEntries(STAT_COUNTERS.map((s) => [s, 0]));
      for (const s of STAT_COUNTERS) acc[s] += k.counters[s];
      expected.set(key, acc);
    }
    const rows = await db().selectFrom('eventStats').selectAll().where('jurisdictionId', '=', w.jid).where('grain', '=', 'day').execute();
    const actual = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const vals = Object.fromEntries(STAT_COUNTERS.map((s) => [s, Number(r[s])]));
      if (Object.values(vals).every((v) => v === 0)) continue;
      actual.set(`${r.day}|${r.gridId}|${r.categoryId}|${r.departmentId}|${r.source}`, vals);
    }
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const f = await eventFigures(db(), w.jid, { from: today, to: today });
    expect(f).toMatchObject({ reported: 3, closed: 1, merged: 1, rejected: 1 });
    expect(f.rates.reopen).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    expect(f.rates.closedLoop).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    expect(f.satisfaction).toEqual({ rated: 1, average: 5 });
    expect(f.rates.onTimeByStage.accept).toEqual({ rate: 0.5, numerator: 1, denominator: 2 }); // a on time, d rejected late
  });
});
