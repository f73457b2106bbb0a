import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import {
  buildCategory,
  buildEvent,
  buildEventWorld,
  multipart,
  POINT_IN_GRID1,
  POINT_IN_GRID2,
  POINT_OUTSIDE,
  TINY_JPEG,
  TINY_PNG,
  type EventWorld,
} from '../../../../test/support/events.factories.ts';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { JobRunner } from '../../platform/jobs/jobs.ts';
import './events.jobs.ts';

describe.each(DB_KINDS)('events on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  const c: Record<string, Client> = {};
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(db());
    for (const [k, u] of Object.entries(w.users)) c[k] = await t.login(u.username);
  });
  afterAll(() => t.close());

  const report = async (who: Client, body: Record<string, unknown>) => {
    const res = await who.post('/api/events', body);
    if (res.statusCode >= 300) throw new Error(`report failed ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const move = (who: Client, id: number, body: Record<string, unknown>) => who.post(`/api/events/${id}/transitions`, body);
  const moveOk = async (who: Client, id: number, body: Record<string, unknown>) => {
    const res = await move(who, id, body);
    if (res.statusCode !== 200) throw new Error(`${String(body.action)} failed ${res.statusCode} ${res.body}`);
    return res.json();
  };

  it('runs the whole closed loop: report with photo, accept, dispatch, handle, verify, close; the public follows it', async () => {
    const e = await report(c.gw1, {
      categoryId: w.categories.stall.id,
      description: '人行道上有流动摊贩占道经营，影响通行',
      address: '开发区一号路与二号路交口',
      lng: POINT_IN_GRID1[0],
      lat: POINT_IN_GRID1[1],
    });
    expect(e).toMatchObject({ status: 'reported', gridId: w.grid1.id, source: 'grid_worker', stage: 'accept', version: 1 });
    expect(e.allowedActions).toEqual([]);
    const up = multipart([{ name: 'before.png', data: TINY_PNG }]);
    const photo = await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=report`, ...up });
    expect(photo.statusCode).toBe(201);
    const img = await c.gw1.get(photo.json()[0].url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(TINY_PNG)).toBe(true);

    let d = await moveOk(c.dispatcher, e.id, { action: 'accept', version: 1 });
    expect(d.allowedActions.sort()).toEqual(['dispatch', 'merge', 'reject']);
    d = await moveOk(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptA.id });
    expect(d).toMatchObject({ status: 'dispatched', departmentId: w.deptA.id, stage: 'handle' });
    // The handle limit of 3 working days ends at the end of a working day in Beijing time.
    expect(new Date(d.dueAt).toISOString().slice(11)).toBe('15:59:59.999Z');
    const notes = (await c.handlerA.get('/api/notifications')).json();
    expect(notes.unreadCount).toBeGreaterThan(0);
    expect(notes.items[0]).toMatchObject({ kind: 'event.dispatched', entityId: String(e.id), link: `/events/${e.id}` });

    d = await moveOk(c.handlerA, e.id, { action: 'start', version: d.version });
    expect((await move(c.handlerA, e.id, { action: 'handle', version: d.version })).statusCode).toBe(422);
    d = await moveOk(c.handlerA, e.id, { action: 'handle', version: d.version, note: '已劝离摊贩并清理现场' });
    const after = multipart([{ name: 'after.jpg', data: TINY_JPEG }]);
    expect((await c.handlerA.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=handle`, ...after })).statusCode).toBe(201);
    d = await moveOk(c.gw1, e.id, { action: 'verify', version: d.version, note: '现场核查已清理' });
    d = await moveOk(c.gw1, e.id, { action: 'close', version: d.version });
    expect(d.status).toBe('closed');
    expect(d.timeline.map((x: { action: string }) => x.action)).toEqual([
      'report',
      'photos',
      'accept',
      'dispatch',
      'start',
      'handle',
      'photos',
      'verify',
      'close',
    ]);
    expect(d.photos.map((p: { phase: string }) => p.phase)).toEqual(['report', 'handle']);
    expect(d.onTime).toEqual({ accept: true, dispatch: true, handle: true, verify: true });

    const audit = await db().selectFrom('auditLog').select('action').where('entity', '=', 'event').where('entityId', '=', String(e.id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'event.report',
      'event.photos',
      'event.accept',
      'event.dispatch',
      'event.start',
      'event.handle',
      'event.photos',
      'event.verify',
      'event.close',
    ]);
    const jobs = await db().selectFrom('jobs').select(['status']).where('uniqueKey', '=', `events.due:${e.id}`).execute();
    expect(jobs.filter((j) => j.status === 'pending')).toHaveLength(0);

    const tracked = await t.anonymous().get(`/api/public/events/${d.trackingCode}`);
    expect(tracked.statusCode).toBe(200);
    const pub = tracked.json();
    expect(pub.status).toBe('closed');
    expect(pub.canRate).toBe(true);
    expect(JSON.stringify(pub)).not.toContain('已劝离摊贩'); // internal notes stay inside
    expect(JSON.stringify(pub)).not.toContain('网格员一');
    expect(pub.notes.map((n: { note: string }) => n.note)).toContain('事件已办结');
  });

  it('refuses photos that are not images, too many photos, and photos in the wrong phase', async () => {
    const e = await report(c.gw1, { categoryId: w.categories.stall.id, description: '垃圾堆放', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    const fake = multipart([{ name: 'x.jpg', data: Buffer.from('GIF89a not really'), type: 'image/jpeg' }]);
    const r1 = await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=report`, ...fake });
    expect(r1.statusCode).toBe(400);
    const ten = multipart(Array.from({ length: 10 }, (_, i) => ({ name: `${i}.png`, data: TINY_PNG })));
    expect((await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=report`, ...ten })).statusCode).toBe(400);
    const nine = multipart(Array.from({ length: 9 }, (_, i) => ({ name: `${i}.png`, data: TINY_PNG })));
    expect((await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=report`, ...nine })).statusCode).toBe(201);
    const one = multipart([{ name: 'x.png', data: TINY_PNG }]);
    expect((await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=report`, ...one })).statusCode).toBe(422);
    expect((await c.gw1.request({ method: 'POST', url: `/api/events/${e.id}/photos?phase=handle`, ...one })).statusCode).toBe(422);
  });

  it('keeps a grid worker to their own grids: reporting elsewhere is refused, other grids are 404', async () => {
    const out = await c.gw1.post('/api/events', { categoryId: w.categories.stall.id, description: '不在本网格', lng: POINT_IN_GRID2[0], lat: POINT_IN_GRID2[1] });
    expect(out.statusCode).toBe(422);
    expect(out.json().error.code).toBe('events.outside_own_grid');
    const e2 = await report(c.gw2, { categoryId: w.categories.stall.id, description: '二号网格事件', lng: POINT_IN_GRID2[0], lat: POINT_IN_GRID2[1] });
    expect((await c.gw1.get(`/api/events/${e2.id}`)).statusCode).toBe(404);
    expect((await move(c.gw1, e2.id, { action: 'verify', version: 1 })).statusCode).toBe(404);
    expect((await c.gw1.post(`/api/events/${e2.id}/comments`, { note: '看看' })).statusCode).toBe(404);
    const list = (await c.gw1.get('/api/events?pageSize=200')).json();
    expect(list.items.every((i: { gridId: number }) => i.gridId === w.grid1.id)).toBe(true);
    expect(list.items.some((i: { id: number }) => i.id === e2.id)).toBe(false);
    expect((await c.gw2.get(`/api/events/${e2.id}`)).statusCode).toBe(200);
    expect((await c.dispatcher.get(`/api/events/${e2.id}`)).statusCode).toBe(200);
    expect((await c.leader.get(`/api/events/${e2.id}`)).statusCode).toBe(200);
  });

  it("keeps a handler to their own department's events and an enterprise user to their own enterprise's", async () => {
    const e = await report(c.gw1, { categoryId: w.categories.wages.id, description: '工地拖欠工资', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    let d = await moveOk(c.dispatcher, e.id, { action: 'accept', version: 1 });
    expect((await c.handlerB.get(`/api/events/${e.id}`)).statusCode).toBe(404); // not dispatched yet
    d = await moveOk(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptB.id });
    expect((await c.handlerB.get(`/api/events/${e.id}`)).statusCode).toBe(200);
    expect((await c.handlerA.get(`/api/events/${e.id}`)).statusCode).toBe(404);
    expect((await move(c.handlerA, e.id, { action: 'start', version: d.version })).statusCode).toBe(404);
    const listA = (await c.handlerA.get('/api/events?pageSize=200')).json();
    expect(listA.items.every((i: { departmentId: number }) => i.departmentId === w.deptA.id)).toBe(true);

    const mine = await report(c.ent1, { categoryId: w.categories.stall.id, description: '企业门口占道' });
    expect(mine).toMatchObject({ source: 'enterprise', enterpriseId: w.enterprises.enterprise1 });
    expect((await c.ent2.get(`/api/events/${mine.id}`)).statusCode).toBe(404);
    expect((await c.ent1.get(`/api/events/${mine.id}`)).statusCode).toBe(200);
    expect((await c.ent1.get(`/api/events/${e.id}`)).statusCode).toBe(404);
    expect((await c.ent2.get('/api/events')).json().items).toEqual([]);
  });

  it('answers a stale version with 409, an impossible move with 409, a wrong role with 403', async () => {
    const e = await report(c.gw1, { categoryId: w.categories.stall.id, description: '路灯不亮', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    await moveOk(c.dispatcher, e.id, { action: 'accept', version: 1 });
    const stale = await move(c.dispatcher, e.id, { action: 'dispatch', version: 1, departmentId: w.deptA.id });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('event.stale_version');
    const bad = await move(c.dispatcher, e.id, { action: 'close', version: 2 });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('events.invalid_transition');
    expect((await move(c.gw1, e.id, { action: 'dispatch', version: 2, departmentId: w.deptA.id })).statusCode).toBe(403);
    expect((await c.leader.post(`/api/events/${e.id}/transitions`, { action: 'reject', version: 2, reason: '不属于受理范围' })).statusCode).toBe(403);
    const noReason = await move(c.dispatcher, e.id, { action: 'reject', version: 2 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('events.reason_required');
  });

  it('lets exactly one of two simultaneous moves on one event win', async () => {
    const e = await report(c.gw1, { categoryId: w.categories.stall.id, description: '井盖缺失', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    const results = await Promise.all([
      move(c.dispatcher, e.id, { action: 'accept', version: 1 }),
      move(c.dispatcher, e.id, { action: 'reject', version: 1, reason: '重复上报' }),
      move(c.dispatcher, e.id, { action: 'accept', version: 1 }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const row = await db().selectFrom('events').select(['version']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    const tl = await db().selectFrom('eventTimeline').select('action').where('eventId', '=', e.id).execute();
    expect(tl.filter((x) => x.action !== 'report')).toHaveLength(1);
  });

  it('returned events go back to dispatch, and may not go to the department that returned them', async () => {
    const e = await report(c.gw1, { categoryId: w.categories.stall.id, description: '违章搭建', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    let d = await moveOk(c.dispatcher, e.id, { action: 'accept', version: 1 });
    d = await moveOk(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptA.id });
    d = await moveOk(c.handlerA, e.id, { action: 'return', version: d.version, reason: '违章建筑不属于城管职责' });
    expect(d).toMatchObject({ status: 'returned', stage: 'dispatch', returnCount: 1 });
    const same = await move(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptA.id });
    expect(same.json().error.code).toBe('events.same_department');
    d = await moveOk(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptB.id });
    expect(d.departmentId).toBe(w.deptB.id);
  });

  it('suggests duplicates within 50 m and 7 days and merges one into the other', async () => {
    const [lng, lat] = POINT_IN_GRID1;
    const first = await report(c.gw1, { categoryId: w.categories.stall.id, description: '早市占道', lng, lat });
    const dups = (await c.gw1.get(`/api/events/duplicates?categoryId=${w.categories.stall.id}&lng=${lng + 0.0003}&lat=${lat}`)).json();
    expect(dups.map((x: { id: number }) => x.id)).toContain(first.id);
    expect(dups.find((x: { id: number }) => x.id === first.id).distanceM).toBeLessThan(50);
    const far = (await c.gw1.get(`/api/events/duplicates?categoryId=${w.categories.stall.id}&lng=${lng + 0.002}&lat=${lat}`)).json();
    expect(far.map((x: { id: number }) => x.id)).not.toContain(first.id);
    const other = (await c.gw1.get(`/api/events/duplicates?categoryId=${w.categories.wages.id}&lng=${lng}&lat=${lat}`)).json();
    expect(other.map((x: { id: number }) => x.id)).not.toContain(first.id);

    const second = await report(c.gw1, { categoryId: w.categories.stall.id, description: '早市占道（重复）', lng: lng + 0.0002, lat });
    const merged = await moveOk(c.dispatcher, second.id, { action: 'merge', version: 1, targetId: first.id });
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: first.id, mergedIntoCode: first.code });
    const target = (await c.dispatcher.get(`/api/events/${first.id}`)).json();
    expect(target.timeline.some((x: { action: string }) => x.action === 'merged_in')).toBe(true);
  });

  it('takes hotline calls with the phone encrypted and masked, and reveals it only with a reason, audited', async () => {
    const e = await report(c.dispatcher, {
      source: 'hotline',
      categoryId: w.categories.wages.id,
      description: '来电反映某工地拖欠农民工工资',
      contactName: '王建国',
      contactPhone: '13812345678',
      lng: POINT_IN_GRID2[0],
      lat: POINT_IN_GRID2[1],
    });
    expect(e).toMatchObject({ source: 'hotline', contactMasked: '138****5678', reporterName: '王**', gridId: w.grid2.id });
    const raw = await db().selectFrom('events').select(['contactEnc']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(raw.contactEnc).not.toContain('13812345678');
    expect((await c.dispatcher.get(`/api/events/${e.id}`)).body).not.toContain('13812345678');
    expect((await c.leader.post(`/api/events/${e.id}/contact/reveal`, { reason: '回访' })).statusCode).toBe(403);
    const rev = await c.dispatcher.post(`/api/events/${e.id}/contact/reveal`, { reason: '电话回访来电人' });
    expect(rev.json()).toEqual({ phone: '13812345678' });
    const a = await db().selectFrom('auditLog').select(['details']).where('action', '=', 'event.contact_reveal').executeTakeFirstOrThrow();
    expect(JSON.stringify(a.details)).not.toContain('13812345678');
  });

  it('takes a transfer from the higher platform once per external id (API key and manual entry)', async () => {
    const key = await c.admin.post('/api/event-api-clients', { name: '一体化治理平台', system: 'yitihua', scopes: ['transfer'] });
    expect(key.statusCode).toBe(201);
    const apiKey = key.json().key as string;
    const body = { externalId: 'YTH-2020-0001', categoryId: w.categories.wages.id, description: '上级平台转办：欠薪投诉', reportedAt: '2020-05-01T09:00:00+08:00' };
    const anon = t.anonymous();
    const first = await anon.request({ method: 'POST', url: '/api/integration/events', payload: body, headers: { 'x-api-key': apiKey } });
    expect(first.statusCode).toBe(201);
    const again = await anon.request({ method: 'POST', url: '/api/integration/events', payload: body, headers: { authorization: `Bearer ${apiKey}` } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, created: false });
    const bad = await anon.request({ method: 'POST', url: '/api/integration/events', payload: body, headers: { 'x-api-key': 'zk_nope' } });
    expect(bad.statusCode).toBe(403);
    const status = await anon.request({ method: 'GET', url: '/api/integration/events/YTH-2020-0001', headers: { 'x-api-key': apiKey } });
    expect(status.json()).toMatchObject({ status: 'reported', externalId: 'YTH-2020-0001' });
    const n = await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('externalId', '=', 'YTH-2020-0001').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);

    const manual = { source: 'transfer', externalId: 'YTH-2020-0002', categoryId: w.categories.wages.id, description: '转办：欠薪' };
    const m1 = await c.dispatcher.post('/api/events', manual);
    const m2 = await c.dispatcher.post('/api/events', manual);
    expect([m1.statusCode, m2.statusCode]).toEqual([201, 200]);
    expect(m2.json().id).toBe(m1.json().id);
  });

  it('writes a transfer delivered several times at once exactly once: event, timeline, job, notices, figures, audit', async () => {
    const reported = async () =>
      Number((await sql<{ n: number }>`select coalesce(sum(reported), 0)::integer as n from event_stats where grain = 'day' and jurisdiction_id = ${w.jid}`.execute(db())).rows[0].n);
    const before = await reported();
    const key = await c.admin.post('/api/event-api-clients', { name: '一体化治理平台（并发）', system: 'yitihua', scopes: ['transfer'] });
    const headers = { 'x-api-key': key.json().key as string };
    const payload = { externalId: 'YTH-2020-0100', categoryId: w.categories.wages.id, description: '转办：同时送达多次' };
    const anon = t.anonymous();
    const res = await Promise.all(Array.from({ length: 4 }, () => anon.request({ method: 'POST', url: '/api/integration/events', payload, headers })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const id = res.find((r) => r.statusCode === 201)!.json().id as number;
    expect(new Set(res.map((r) => r.json().id))).toEqual(new Set([id]));
    const count = async (q: ReturnType<typeof sql>) => Number((await sql<{ n: number }>`select count(*)::integer as n from ${q}`.execute(db())).rows[0].n);
    expect(await count(sql`events where external_id = 'YTH-2020-0100'`)).toBe(1);
    expect(await count(sql`event_timeline where event_id = ${id}`)).toBe(1);
    expect(await count(sql`jobs where unique_key = ${`events.due:${id}`} and status = 'pending'`)).toBe(1);
    // The one dispatcher is told once.
    expect(await count(sql`notifications where entity = 'event' and entity_id = ${String(id)}`)).toBe(1);
    expect(await count(sql`audit_log where action = 'event.report' and entity_id = ${String(id)}`)).toBe(1);
    expect(await reported()).toBe(before + 1);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('writes intakes that arrive together in one statement (group commit), each event whole, figures and audit chain right', async () => {
    const reported = async () =>
      Number((await sql<{ n: number }>`select coalesce(sum(reported), 0)::integer as n from event_stats where grain = 'day' and jurisdiction_id = ${w.jid}`.execute(db())).rows[0].n);
    const before = await reported();
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? c.gw1.post('/api/events', { categoryId: w.categories.stall.id, description: `同时上报第${i}件`, lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] })
          : c.dispatcher.post('/api/events', { categoryId: w.categories.wages.id, description: `热线同时来电第${i}件`, source: 'hotline', contactPhone: '13800138000' }),
      ),
    );
    expect(res.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const events = res.map((r) => r.json());
    const ids = events.map((e) => e.id as number);
    expect(new Set(ids).size).toBe(12);
    events.forEach((e, i) => {
      expect(e).toMatchObject({ status: 'reported', source: i % 2 ? 'grid_worker' : 'hotline', description: i % 2 ? `同时上报第${i}件` : `热线同时来电第${i}件` });
      expect(e.timeline).toHaveLength(1);
    });
    const perEvent = async (q: ReturnType<typeof sql>) =>
      (await sql<{ n: number }>`select (select count(*)::integer from ${q}) as n from events e where e.id = any(${ids}) order by array_position(${ids}::integer[], e.id)`.execute(db())).rows.map((r) => r.n);
    expect(await perEvent(sql`event_timeline t where t.event_id = e.id`)).toEqual(Array(12).fill(1));
    expect(await perEvent(sql`jobs j where j.unique_key = 'events.due:' || e.id and j.status = 'pending'`)).toEqual(Array(12).fill(1));
    expect(await perEvent(sql`audit_log a where a.action = 'event.report' and a.entity_id = e.id::text`)).toEqual(Array(12).fill(1));
    // The dispatcher is told of the grid worker's six, not of the six they entered themselves.
    expect(await perEvent(sql`notifications n where n.entity = 'event' and n.entity_id = e.id::text`)).toEqual(ids.map((_, i) => (i % 2 ? 1 : 0)));
    expect(await reported()).toBe(before + 12);
    // Rows appended by one statement share its time.
    const audit = await db().selectFrom('auditLog').select('at').where('action', '=', 'event.report').where('entityId', 'in', ids.map(String)).execute();
    expect(new Set(audit.map((a) => a.at.getTime())).size).toBeLessThan(12);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('finds 讨薪 inside 农民工讨薪问题 (bigram index from 2 characters; 1 character: substring test), scoped', async () => {
    const hit = await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, title: '农民工讨薪问题', gridId: w.grid1.id, status: 'reported' });
    const inAddress = await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, title: '工资纠纷', address: '讨薪路 8 号', gridId: w.grid2.id });
    await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, title: '讨论薪资', description: '薪讨', gridId: w.grid1.id });
    const ids = async (who: Client, q: string) =>
      ((await who.get(`/api/events?pageSize=200&q=${encodeURIComponent(q)}`)).json().items as { id: number }[]).map((x) => x.id).sort();
    expect(await ids(c.dispatcher, '讨薪')).toEqual([hit.id, inAddress.id].sort());
    expect(await ids(c.dispatcher, '讨薪问题')).toEqual([hit.id]);
    expect(await ids(c.dispatcher, '农民工讨薪')).toEqual([hit.id]);
    expect(await ids(c.dispatcher, '薪')).toEqual(expect.arrayContaining([hit.id, inAddress.id]));
    expect(await ids(c.gw1, '讨薪')).toEqual([hit.id]);
    expect(await ids(c.dispatcher, '100%_')).toEqual([]);
  });

  it('lets the bigram GIN index answer searches of 2 or more characters', async () => {
    const plan = await db()
      .transaction()
      .execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const r = await sql<{ 'QUERY PLAN': string }>`explain select id from events where text_bigrams(search_text) @> text_bigrams(${'讨薪'}::text)`.execute(tx);
        return r.rows.map((x) => Object.values(x)[0]).join('\n');
      });
    expect(plan).toContain('events_search_bigrams');
    // Repeats may stay (GIN and @> treat the array as a set).
    const grams = await sql<{ g: string[] }>`select text_bigrams(${'农民工讨薪 AB讨薪'}::text) as g`.execute(db());
    expect([...new Set(grams.rows[0].g)].sort()).toEqual([' a', 'ab', 'b讨', '农民', '工讨', '民工', '讨薪', '薪 '].sort());
    expect((await sql<{ g: string[] }>`select text_bigrams(${'讨'}::text) as g, text_bigrams('') as e`.execute(db())).rows[0]).toEqual({ g: [], e: [] });
    // The week-keyed index: each bigram with the week (since 1970-01-01, a Thursday) the event was reported in.
    // The searches compute the week with event_week: it must agree with the index's own.
    const weeks = await sql<{ g: string[]; w: number; same: number }>`select text_bigram_weeks(${'讨薪AB'}::text, timestamptz '2020-12-31 23:00+08') as g,
      event_week(timestamptz '1970-01-08 00:00+00') as w, event_week(timestamptz '2020-12-31 23:00+08') as same`.execute(db());
    expect(weeks.rows[0]).toEqual({ g: ['讨薪#2661', '薪a#2661', 'ab#2661'], w: 1, same: 2661 });
    const opts = await sql<{ o: string[] }>`select reloptions as o from pg_class where relname = 'events_search_weeks'`.execute(db());
    // Maintenance evaluates the index expressions with only pg_catalog on the search path (PostgreSQL 17: PGlite).
    await sql`vacuum analyze events`.execute(db());
    expect(opts.rows[0].o).toEqual(['fastupdate=off']);
  });

  it('filters by grid, category (with sub-categories), status, source and overdue, and sorts', async () => {
    const mk = (over: Parameters<typeof buildEvent>[2]) => buildEvent(db(), w.jid, over);
    const a = await mk({ categoryId: w.categories.stall.id, gridId: w.grid2.id, status: 'dispatched', source: 'public', departmentId: w.deptA.id, reportedAt: new Date('2019-03-01T10:00:00+08:00') });
    const b = await mk({ categoryId: w.categories.wages.id, gridId: w.grid2.id, status: 'closed', source: 'hotline', reportedAt: new Date('2019-03-02T10:00:00+08:00') });
    await db().updateTable('events').set({ overdue: true }).where('id', '=', a.id).execute();
    const q = async (qs: string) => ((await c.dispatcher.get(`/api/events?pageSize=200&${qs}`)).json().items as { id: number }[]).map((x) => x.id);
    expect(await q('from=2019-03-01&to=2019-03-01')).toEqual([a.id]);
    expect(await q(`from=2019-03-01&to=2019-03-02&categoryId=${w.categories.labourTop.id}`)).toEqual([b.id]);
    expect(await q('from=2019-03-01&to=2019-03-02&status=closed&status=dispatched&sort=reportedAt&order=asc')).toEqual([a.id, b.id]);
    expect(await q('from=2019-03-01&to=2019-03-02&source=hotline')).toEqual([b.id]);
    expect(await q('from=2019-03-01&to=2019-03-02&overdue=true')).toEqual([a.id]);
    expect(await q(`from=2019-03-01&to=2019-03-02&departmentId=${w.deptA.id}`)).toEqual([a.id]);
    expect(await q(`from=2019-03-01&to=2019-03-02&gridId=${w.grid1.id}`)).toEqual([]);
    const page = (await c.dispatcher.get('/api/events?from=2019-03-01&to=2019-03-02&pageSize=1&page=2&sort=reportedAt&order=desc')).json();
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items[0].id).toBe(a.id);
    const todo = (await c.handlerA.get('/api/events?todo=true&pageSize=200')).json().items as { status: string }[];
    expect(todo.every((x) => ['dispatched', 'in_progress'].includes(x.status))).toBe(true);
  });

  it('marks an overdue stage once even with two job runners, raises 督办 and notifies', async () => {
    const quick = await buildCategory(db(), w.jid, { departmentId: w.deptA.id, timeLimits: { accept: { amount: 0, unit: 'minutes' } } });
    const e = await report(c.gw1, { categoryId: quick.id, description: '马上超期的事件', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    const r1 = new JobRunner(db(), { instanceId: 'runner-1' });
    const r2 = new JobRunner(db(), { instanceId: 'runner-2' });
    const later = new Date(Date.now() + 5_000);
    await Promise.all([r1.runDueOnce(later), r2.runDueOnce(later), r1.runDueOnce(later)]);
    const d = (await c.dispatcher.get(`/api/events/${e.id}`)).json();
    expect(d).toMatchObject({ overdue: true, overdueCount: 1 });
    expect(d.supervisions).toHaveLength(1);
    expect(d.supervisions[0]).toMatchObject({ kind: 'overdue', stage: 'accept', status: 'open' });
    expect(d.timeline.filter((x: { action: string }) => x.action === 'overdue')).toHaveLength(1);
    const n = await db()
      .selectFrom('notifications')
      .select(['userId'])
      .where('kind', '=', 'event.overdue')
      .where('entityId', '=', String(e.id))
      .execute();
    expect(n.map((x) => x.userId).sort()).toEqual([w.users.dispatcher.id, w.users.gw1.id].sort());
    expect((await c.dispatcher.get('/api/events?overdue=true&supervised=true&pageSize=200')).json().items.map((x: { id: number }) => x.id)).toContain(e.id);

    // Accepting late records the acceptance stage as late and settles its overdue supervision.
    const acc = await moveOk(c.dispatcher, e.id, { action: 'accept', version: d.version });
    expect(acc.onTime.accept).toBe(false);
    expect(acc.overdue).toBe(false);
    expect(acc.supervisions[0].status).toBe('resolved');
  });

  it('lets a leader raise 督办 by hand and an approved extension move the due time on working days', async () => {
    const e = await report(c.gw1, { categoryId: w.categories.stall.id, description: '需延期的事件', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });
    let d = await moveOk(c.dispatcher, e.id, { action: 'accept', version: 1 });
    d = await moveOk(c.dispatcher, e.id, { action: 'dispatch', version: d.version, departmentId: w.deptA.id });
    expect((await c.gw1.post(`/api/events/${e.id}/supervisions`, { reason: '加快办理' })).statusCode).toBe(403);
    const sup = await c.leader.post(`/api/events/${e.id}/supervisions`, { reason: '群众反映强烈，请加快办理' });
    expect(sup.statusCode).toBe(201);
    expect(sup.json().supervisions[0]).toMatchObject({ kind: 'manual', raisedByName: '领导', status: 'open' });
    expect((await c.handlerA.get('/api/notifications?unread=true')).json().items.some((x: { kind: string }) => x.kind === 'event.supervised')).toBe(true);

    const req = await c.handlerA.post(`/api/events/${e.id}/extensions`, { amount: 2, unit: 'working_days', reason: '需协调规划部门' });
    expect(req.statusCode).toBe(201);
    expect((await c.handlerA.post(`/api/events/${e.id}/extensions`, { amount: 1, unit: 'working_days', reason: '再延' })).statusCode).toBe(409);
    expect((await c.handlerA.post(`/api/events/${e.id}/extensions/${req.json().id}/decision`, { approve: true, version: 1 })).statusCode).toBe(403);
    const dec = await c.dispatcher.post(`/api/events/${e.id}/extensions/${req.json().id}/decision`, { approve: true, version: 1, note: '同意' });
    expect(dec.statusCode).toBe(200);
    const after = (await c.dispatcher.get(`/api/events/${e.id}`)).json();
    expect(after.extensionCount).toBe(1);
    const { workingDaysBetween, buildCalendar } = await import('../../platform/deadlines/index.ts');
    expect(workingDaysBetween(new Date(d.dueAt), new Date(after.dueAt), buildCalendar())).toBe(2);
    const job = await db().selectFrom('jobs').select(['runAt', 'payload']).where('uniqueKey', '=', `events.due:${e.id}`).where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(job.runAt.toISOString()).toBe(after.dueAt);

    const closed = await moveOk(c.dispatcher, e.id, { action: 'reject', version: after.version, reason: 'x' }).catch(() => null);
    expect(closed).toBeNull(); // reject is not a move from dispatched
  });

  it('lets admins edit categories with versions, and only admins', async () => {
    const created = await c.admin.post('/api/event-categories', {
      code: 'fire-exit',
      name: '消防通道堵塞',
      parentId: w.categories.cityTop.id,
      departmentId: w.deptA.id,
      timeLimits: { handle: { amount: 24, unit: 'hours' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ effectiveDepartmentId: w.deptA.id, timeLimitText: { handle: '24小时', accept: '2小时' } });
    expect((await c.dispatcher.post('/api/event-categories', { code: 'x', name: 'x' })).statusCode).toBe(403);
    const id = created.json().id;
    expect((await c.admin.patch(`/api/event-categories/${id}`, { version: 1, name: '消防通道占用' })).statusCode).toBe(200);
    expect((await c.admin.patch(`/api/event-categories/${id}`, { version: 1, name: '旧版本' })).statusCode).toBe(409);
    const deep = await c.admin.post('/api/event-categories', { code: 'deep', name: '三级', parentId: id });
    expect(deep.json().error.code).toBe('event_categories.too_deep');
    const tree = (await c.gw1.get('/api/event-categories')).json();
    expect(tree.find((x: { id: number }) => x.id === w.categories.cityTop.id).children.map((x: { name: string }) => x.name)).toContain('消防通道占用');
  });

  it('exports the filtered list to CSV and XLSX with formula injection escaped', async () => {
    await buildEvent(db(), w.jid, {
      categoryId: w.categories.stall.id,
      title: '=HYPERLINK("http://evil.example","点我")',
      description: '+1 -1 @SUM',
      gridId: w.grid1.id,
      reportedAt: new Date('2018-06-01T10:00:00+08:00'),
    });
    const csv = await c.dispatcher.get('/api/events/export.csv?from=2018-06-01&to=2018-06-01');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF编号,标题')).toBe(true);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csv.body).toContain(`'+1 -1 @SUM`);
    const xlsx = await c.dispatcher.get('/api/events/export.xlsx?from=2018-06-01&to=2018-06-01');
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事件列表')!;
    expect(ws.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(ws.getRow(2).getCell(2).formula).toBeUndefined();
    expect((await c.gw2.get('/api/events/export.csv?from=2018-06-01&to=2018-06-01')).body.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect((await c.ent1.get('/api/events/export.csv')).statusCode).toBe(403);
  });

  it('serves map points and the calendar, and reports a due time', async () => {
    const pts = (await c.dispatcher.get(`/api/events/map?gridId=${w.grid1.id}`)).json();
    expect(pts.length).toBeGreaterThan(0);
    expect(pts.every((p: { gridId: number }) => p.gridId === w.grid1.id)).toBe(true);
    const cal = (await c.gw1.get('/api/calendar/2020')).json();
    expect(cal).toMatchObject({ year: 2020, builtIn: true, workingDays: 249 });
    const due = (await c.gw1.post('/api/calendar/due', { start: '2020-09-30T10:00:00+08:00', amount: 3, unit: 'working_days' })).json();
    expect(due).toMatchObject({ dueAt: '2020-10-12T15:59:59.999Z', workingDays: 3, limit: '3个工作日' });
    expect((await c.gw1.put('/api/calendar/2020', { overrides: [] })).statusCode).toBe(403);
    const put = await c.admin.put('/api/calendar/2020', { overrides: [{ date: '2020-10-12', kind: 'holiday', name: '地方假日' }] });
    expect(put.json().workingDays).toBe(248);
    const due2 = (await c.gw1.post('/api/calendar/due', { start: '2020-09-30T10:00:00+08:00', amount: 3, unit: 'working_days' })).json();
    expect(due2.dueAt).toBe('2020-10-13T15:59:59.999Z');
    await c.admin.put('/api/calendar/2020', { overrides: [] });
  });

  it('keeps notifications private and marks them read', async () => {
    const mine = (await c.handlerA.get('/api/notifications')).json();
    expect(mine.total).toBeGreaterThan(0);
    const id = mine.items[0].id;
    expect((await c.handlerB.post(`/api/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await c.handlerA.post(`/api/notifications/${id}/read`)).statusCode).toBe(200);
    const all = await c.handlerA.post('/api/notifications/read-all');
    expect(all.statusCode).toBe(200);
    expect((await c.handlerA.get('/api/notifications/unread-count')).json()).toEqual({ unreadCount: 0 });
    void POINT_OUTSIDE;
  });
});
