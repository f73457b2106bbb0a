import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { auditRows } from '../../../../test/support/identity.factories.ts';

describe.each(DB_KINDS)('org units and the jurisdiction on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let admin: Client;
  let worker: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db, { name: '天津北辰经济技术开发区' })).id;
    admin = await t.login((await buildUser(t.database.db, jid, 'admin')).username);
    worker = await t.login((await buildUser(t.database.db, jid, 'grid_worker')).username);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => admin.post('/api/org-units', body);

  it('creates units under parents and lists them as a tree, parents first', async () => {
    const root = await create({ code: 'committee', name: '党工委管委会', kind: 'committee', sort: 1 });
    expect(root.statusCode).toBe(201);
    const rootId = root.json().id;
    const a = (await create({ code: 'urban', name: '城市管理办公室', kind: 'department', parentId: rootId, sort: 2 })).json();
    const b = (await create({ code: 'market', name: '市场监管所', kind: 'department', parentId: rootId, sort: 1 })).json();
    const sub = (await create({ code: 'urban-law', name: '城管执法中队', kind: 'department', parentId: a.id })).json();
    const solo = (await create({ code: 'police', name: '开发区派出所', kind: 'police_station', sort: 5 })).json();
    const tree = (await worker.get('/api/org-units/tree')).json().items;
    expect(tree.map((n: { code: string; depth: number }) => `${n.depth}:${n.code}`)).toEqual([
      '0:committee',
      '1:market',
      '1:urban',
      '2:urban-law',
      '0:police',
    ]);
    expect(sub.parentId).toBe(a.id);
    expect(b.kind).toBe('department');
    expect(solo.userCount).toBe(0);
    const audit = await auditRows(t.database.db, { action: 'org_unit.create' });
    expect(audit).toHaveLength(5);
  });

  it('refuses a duplicate code, an unknown kind, an unknown parent and unknown fields', async () => {
    expect((await create({ code: 'committee', name: '重复', kind: 'office' })).statusCode).toBe(409);
    expect((await create({ code: 'x1', name: '未知类型', kind: 'spaceship' })).statusCode).toBe(400);
    expect((await create({ code: 'x2', name: '无上级', kind: 'office', parentId: 999999 })).json().error.code).toBe('org_unit.parent_missing');
    expect((await create({ code: 'x3', name: 'x', kind: 'office', active: false })).statusCode).toBe(400);
    expect((await create({ code: '-', name: 'x', kind: 'office' })).statusCode).toBe(400);
  });

  it('lists with filters and pages', async () => {
    const depts = (await admin.get('/api/org-units?kind=department&sort=code')).json();
    expect(depts.items.map((o: { code: string }) => o.code)).toEqual(['market', 'urban', 'urban-law']);
    const q = (await admin.get(`/api/org-units?q=${encodeURIComponent('派出所')}`)).json();
    expect(q.items.map((o: { code: string }) => o.code)).toEqual(['police']);
    const paged = (await admin.get('/api/org-units?pageSize=2&page=3&sort=code')).json();
    expect(paged).toMatchObject({ total: 5, page: 3 });
    expect(paged.items).toHaveLength(1);
  });

  it('updates with the version, refuses stale versions and cycles', async () => {
    const list = (await admin.get('/api/org-units?pageSize=200')).json().items as { id: number; code: string; version: number }[];
    const byCode = Object.fromEntries(list.map((o) => [o.code, o]));
    const res = await admin.patch(`/api/org-units/${byCode.urban.id}`, { version: 1, name: '城市管理综合执法局' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '城市管理综合执法局', version: 2 });
    expect((await admin.patch(`/api/org-units/${byCode.urban.id}`, { version: 1, name: '旧版本' })).statusCode).toBe(409);
    const cycle = await admin.patch(`/api/org-units/${byCode.committee.id}`, { version: 1, parentId: byCode['urban-law'].id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.code).toBe('org_unit.cycle');
    expect((await admin.patch(`/api/org-units/${byCode.committee.id}`, { version: 1, parentId: byCode.committee.id })).json().error.code).toBe(
      'org_unit.cycle',
    );
    const moved = await admin.patch(`/api/org-units/${byCode['urban-law'].id}`, { version: 1, parentId: null });
    expect(moved.json()).toMatchObject({ parentId: null, version: 2 });
    const rows = await auditRows(t.database.db, { action: 'org_unit.update', entityId: byCode.urban.id });
    expect(rows[0].details).toEqual({ changes: { name: { from: '城市管理办公室', to: '城市管理综合执法局' } } });
  });

  it('deactivates only a unit without enabled users or active sub-units, and reactivates it', async () => {
    const list = (await admin.get('/api/org-units?pageSize=200')).json().items as { id: number; code: string; version: number }[];
    const market = list.find((o) => o.code === 'market')!;
    const committee = list.find((o) => o.code === 'committee')!;
    const u = await buildUser(t.database.db, jid, 'handler', { orgUnitId: market.id });
    expect((await admin.get(`/api/org-units/${market.id}`)).json().userCount).toBe(1);
    const busy = await admin.post(`/api/org-units/${market.id}/deactivate`, { version: market.version });
    expect(busy.statusCode).toBe(422);
    expect(busy.json().error.details).toEqual({ activeChildren: 0, enabledUsers: 1 });
    expect((await admin.post(`/api/org-units/${committee.id}/deactivate`, { version: committee.version })).json().error.details.activeChildren).toBe(2);
    await admin.post(`/api/users/${u.id}/disable`, {});
    const done = await admin.post(`/api/org-units/${market.id}/deactivate`, { version: market.version });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ active: false, version: market.version + 1 });
    expect((await worker.get('/api/org-units/tree')).json().items.map((n: { code: string }) => n.code)).not.toContain('market');
    expect((await worker.get('/api/org-units/tree?includeInactive=true')).json().items.map((n: { code: string }) => n.code)).toContain('market');
    // New users cannot join a deactivated unit.
    const join = await admin.post('/api/users', { username: 'latecomer', displayName: '后来者', role: 'handler', orgUnitId: market.id });
    expect(join.json().error.code).toBe('user.org_unit_inactive');
    const again = await admin.post(`/api/org-units/${market.id}/activate`, { version: market.version + 1 });
    expect(again.json()).toMatchObject({ active: true });
    expect((await auditRows(t.database.db, { action: 'org_unit.deactivate', entityId: market.id })).length).toBe(1);
  });

  it('lets anyone signed in read the jurisdiction, and nobody else manage org units', async () => {
    const j = await worker.get('/api/jurisdiction');
    expect(j.statusCode).toBe(200);
    expect(j.json()).toMatchObject({ id: jid, name: '天津北辰经济技术开发区', timezone: 'Asia/Shanghai' });
    expect((await worker.post('/api/org-units', { code: 'w1', name: 'x', kind: 'office' })).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/jurisdiction')).statusCode).toBe(401);
    const kinds = (await worker.get('/api/org-unit-kinds')).json().items;
    expect(kinds).toContainEqual({ kind: 'police_station', zh: '派出所', en: 'Police station' });
  });

  it('never shows another jurisdiction’s units', async () => {
    const j2 = (await buildJurisdiction(t.database.db)).id;
    const other = await t.login((await buildUser(t.database.db, j2, 'admin')).username);
    const theirs = (await other.post('/api/org-units', { code: 'theirs', name: '外区部门', kind: 'office' })).json();
    expect((await admin.get(`/api/org-units/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/org-units/${theirs.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await admin.get('/api/org-units?pageSize=200')).body).not.toContain('外区部门');
    // The same code is free in another jurisdiction.
    expect((await other.post('/api/org-units', { code: 'committee', name: '外区管委会', kind: 'committee' })).statusCode).toBe(201);
  });
});
