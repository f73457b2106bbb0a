import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEvent, buildEventWorld, POINT_IN_GRID1, type EventWorld } from '../../../../test/support/events.factories.ts';
import { RefCache } from '../../platform/refcache.ts';
import { countEvents } from './events.repository.ts';

describe('RefCache', () => {
  it('loads once per version, reloads for a newer one, keeps a newer value for an older request, forgets failures', async () => {
    const cache = new RefCache();
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    expect(await cache.get(1, 5, 'k', load('a'))).toBe('a');
    expect(await cache.get(1, 5, 'k', load('b'))).toBe('a');
    expect(await cache.get(1, 4, 'k', load('c'))).toBe('a');
    expect(loads).toBe(1);
    expect(await cache.get(1, 6, 'k', load('d'))).toBe('d');
    expect(await cache.get(2, 6, 'k', load('e'))).toBe('e');
    await expect(cache.get(1, 7, 'k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get(1, 7, 'k', load('f'))).toBe('f');
  });
});

describe.each(DB_KINDS)('reference data, capped counts and search on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  const c: Record<string, Client> = {};
  const db = () => t.database.db;
  const version = async () => Number((await db().selectFrom('jurisdictions').select('refVersion').where('id', '=', w.jid).executeTakeFirstOrThrow()).refVersion);
  const report = (who: Client, categoryId: number) =>
    who.post('/api/events', { categoryId, description: '人行道上有流动摊贩占道经营', lng: POINT_IN_GRID1[0], lat: POINT_IN_GRID1[1] });

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(db());
    for (const [k, u] of Object.entries(w.users)) c[k] = await t.login(u.username);
  });
  afterAll(() => t.close());

  it('bumps the jurisdiction reference version with every change to categories, holidays, grids, org units and itself', async () => {
    let v = await version();
    const bumped = async (change: () => Promise<unknown>) => {
      await change();
      const now = await version();
      expect(now).toBeGreaterThan(v);
      v = now;
    };
    await bumped(() => db().updateTable('eventCategories').set({ sort: 7 }).where('id', '=', w.categories.stall.id).execute());
    await bumped(() => db().insertInto('holidays').values({ jurisdictionId: w.jid, day: '2031-01-02', kind: 'holiday', name: '测试' }).execute());
    await bumped(() => db().deleteFrom('holidays').where('jurisdictionId', '=', w.jid).where('day', '=', '2031-01-02').execute());
    await bumped(() => db().updateTable('grids').set({ name: '一号网格（改）' }).where('id', '=', w.grid1.id).execute());
    await bumped(() => db().updateTable('orgUnits').set({ name: '城管（改）' }).where('id', '=', w.deptA.id).execute());
    await bumped(() => db().updateTable('jurisdictions').set({ timezone: 'Asia/Shanghai', name: '测试区（改）' }).where('id', '=', w.jid).execute());
    // Other tables do not touch it.
    await db().updateTable('users').set({ displayName: '改名' }).where('id', '=', w.users.leader.id).execute();
    expect(await version()).toBe(v);
  });

  it('serves a signed-in request reference data no older than the request, even when another process changed it', async () => {
    const first = await report(c.gw1, w.categories.stall.id);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ categoryName: w.categories.stall.name, gridName: '一号网格（改）', timeline: [{ action: 'report' }] });
    // Changed behind the application's back (as another server process would): the next request sees it.
    await db().updateTable('eventCategories').set({ active: false }).where('id', '=', w.categories.stall.id).execute();
    const refused = await report(c.gw1, w.categories.stall.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('events.category_invalid');
    await db().updateTable('eventCategories').set({ active: true, name: '占道经营（新名）' }).where('id', '=', w.categories.stall.id).execute();
    const again = await report(c.gw1, w.categories.stall.id);
    expect(again.statusCode).toBe(201);
    expect(again.json().categoryName).toBe('占道经营（新名）');
    const list = (await c.dispatcher.get(`/api/events?pageSize=5`)).json();
    expect(list.items.find((x: { id: number }) => x.id === again.json().id)).toMatchObject({ categoryName: '占道经营（新名）' });
    // The answer of intake equals the event as read back.
    const read = (await c.gw1.get(`/api/events/${again.json().id}`)).json();
    expect(again.json()).toEqual(read);
  });

  it('counts list matches only up to the cap and says when it stopped', async () => {
    for (let i = 0; i < 4; i++) await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, title: `封顶计数${i}`, gridId: w.grid1.id });
    const f = { jurisdictionId: w.jid, scope: {}, q: '封顶计数' };
    expect(await countEvents(db(), f)).toBe(4);
    expect(await countEvents(db(), f, 10)).toBe(4);
    expect(await countEvents(db(), f, 2)).toBe(3);
    const page = (await c.dispatcher.get(`/api/events?q=${encodeURIComponent('封顶计数')}`)).json();
    expect(page).toMatchObject({ total: 4, totalCapped: false });
    // The count rides on the page's rows; a page past the end has none and is counted on its own.
    const second = (await c.dispatcher.get(`/api/events?q=${encodeURIComponent('封顶计数')}&page=2&pageSize=3`)).json();
    expect(second).toMatchObject({ total: 4, totalCapped: false, page: 2 });
    expect(second.items).toHaveLength(1);
    const past = (await c.dispatcher.get(`/api/events?q=${encodeURIComponent('封顶计数')}&page=9&pageSize=3`)).json();
    expect(past).toMatchObject({ items: [], total: 4, totalCapped: false });
    const none = (await c.dispatcher.get(`/api/events?q=${encodeURIComponent('没有这个词')}`)).json();
    expect(none).toMatchObject({ items: [], total: 0, totalCapped: false });
  });

  it('searches Latin letters without regard to case and Chinese exactly', async () => {
    const e = await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, title: 'Zhili ROAD 路灯维修', gridId: w.grid1.id });
    for (const q of ['road', 'ROAD', 'Road', 'ili r', '灯维', '路灯维修']) {
      const items = (await c.dispatcher.get(`/api/events?q=${encodeURIComponent(q)}`)).json().items as { id: number }[];
      expect(items.map((x) => x.id), q).toContain(e.id);
    }
    expect((await c.dispatcher.get(`/api/events?q=${encodeURIComponent('灯修')}`)).json().items).toEqual([]);
  });

  it('keeps answering the same statement with new values (prepared statements on PostgreSQL)', async () => {
    const names: string[] = [];
    for (const q of ['封顶计数', '讨薪', '人行道', '封顶', '计数', '不存在的词']) {
      const r = await c.dispatcher.get(`/api/events?q=${encodeURIComponent(q)}&pageSize=50`);
      expect(r.statusCode).toBe(200);
      for (const it of r.json().items as { title: string }[]) names.push(it.title);
    }
    expect(names.filter((n) => n.startsWith('封顶计数'))).toHaveLength(12);
    if (kind === 'postgres') {
      const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db());
      // At least this very statement, prepared on its connection before it ran.
      expect(prepared.rows[0].n).toBeGreaterThan(0);
    }
  });
});
