import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { assignGridWorker, buildGrid, rectBoundary, rectRing } from '../../../../test/support/grids.factories.ts';
import { gridIdsForUser, locateGrid } from './index.ts';

// A zone 117.10–117.20 × 39.20–39.26, split into two base grids at lng 117.15, the east one with a hole.
const ZONE = rectBoundary(117.1, 39.2, 117.2, 39.26);
const WEST = rectBoundary(117.1, 39.2, 117.15, 39.26);
const EAST = rectBoundary(117.15, 39.2, 117.2, 39.26, [...rectRing(117.17, 39.22, 117.18, 39.23)].reverse());

describe.each(DB_KINDS)('grids over HTTP on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let admin: Client;
  let dispatcher: Client;
  let worker: Client;
  let workerId: number;
  let zoneId: number;
  let westId: number;
  let eastId: number;

  const auditCount = async (action: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    const a = await buildUser(db, jid, 'admin');
    const d = await buildUser(db, jid, 'dispatcher');
    const w = await buildUser(db, jid, 'grid_worker');
    workerId = w.id;
    admin = await t.login(a.username);
    dispatcher = await t.login(d.username);
    worker = await t.login(w.username);
    const zone = await admin.post('/api/grids', { level: 'zone', code: 'Z01', name: '测试园区', boundary: ZONE });
    expect(zone.statusCode).toBe(200);
    zoneId = zone.json().id;
    const west = await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-01', name: '第一网格（西片区）', boundary: WEST });
    expect(west.statusCode).toBe(200);
    westId = west.json().id;
    const east = await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-02', name: '第二网格（东片区）', boundary: EAST });
    expect(east.statusCode).toBe(200);
    eastId = east.json().id;
  });
  afterAll(() => t.close());

  it('creates a grid with its bounding box, area and an audit row', async () => {
    const before = await auditCount('grids.create');
    const res = await admin.post('/api/grids', {
      level: 'base',
      parentId: zoneId,
      code: ' Z01-09 ',
      name: '临时网格',
      description: '测试',
      boundary: rectBoundary(117.1, 39.2, 117.11, 39.21),
    });
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g).toMatchObject({ code: 'Z01-09', level: 'base', parentId: zoneId, parent: { id: zoneId, level: 'zone' }, version: 1, active: true, workers: [] });
    expect(g.bbox).toEqual([117.1, 39.2, 117.11, 39.21]);
    expect(g.areaKm2).toBeGreaterThan(0.95);
    expect(g.areaKm2).toBeLessThan(0.97);
    expect(await auditCount('grids.create')).toBe(before + 1);
  });

  it('updates with the current version and answers 409 to a stale one', async () => {
    const created = (await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-10', name: '旧名称' })).json();
    expect(created.boundary).toBeNull();
    const ok = await admin.patch(`/api/grids/${created.id}`, { version: 1, name: '新名称', boundary: rectBoundary(117.11, 39.2, 117.12, 39.21) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '新名称', version: 2 });
    expect(ok.json().bbox).toEqual([117.11, 39.2, 117.12, 39.21]);
    const stale = await admin.patch(`/api/grids/${created.id}`, { version: 1, name: '又一个名称' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'grids.stale_version', message: '记录已被他人修改，请刷新后重试' });
    expect((await admin.get(`/api/grids/${created.id}`)).json().name).toBe('新名称');
    // Removing the boundary clears the box and the area.
    const cleared = (await admin.patch(`/api/grids/${created.id}`, { version: 2, boundary: null })).json();
    expect(cleared).toMatchObject({ boundary: null, bbox: null, areaKm2: null, version: 3 });
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const g = (await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-11', name: '并发' })).json();
    const results = await Promise.all([
      admin.patch(`/api/grids/${g.id}`, { version: 1, name: '甲' }),
      admin.patch(`/api/grids/${g.id}`, { version: 1, name: '乙' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await admin.get(`/api/grids/${g.id}`)).json()).toMatchObject({ name: winner.name, version: 2 });
  });

  it('rejects an invalid boundary with 400 and a Chinese explanation, writing nothing', async () => {
    const before = await auditCount('grids.create');
    const res = await admin.post('/api/grids', {
      level: 'base',
      parentId: zoneId,
      code: 'BAD-1',
      name: '坏网格',
      boundary: { type: 'Polygon', coordinates: [[[117.1, 39.2], [117.2, 39.2], [117.2, 39.3], [117.1, 39.3]]] },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('边界不合法：外环未闭合：首尾坐标必须相同');
    expect(body.error.details.boundary[0]).toMatchObject({ code: 'ring_not_closed', path: 'coordinates[0]' });
    const bowTie = await admin.post('/api/grids', {
      level: 'base',
      parentId: zoneId,
      code: 'BAD-2',
      name: '坏网格',
      boundary: { type: 'Polygon', coordinates: [[[117.1, 39.2], [117.2, 39.3], [117.2, 39.2], [117.1, 39.3], [117.1, 39.2]]] },
    });
    expect(bowTie.statusCode).toBe(400);
    expect(bowTie.json().error.message).toMatch(/^边界不合法：外环自相交：第1条边与第3条边在/);
    const wrongType = await admin.post('/api/grids', { level: 'zone', code: 'BAD-3', name: '坏', boundary: { type: 'Point', coordinates: [117, 39] } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toBe('边界不合法：边界类型必须是 Polygon 或 MultiPolygon，实际为 Point');
    const english = await admin.request({
      method: 'POST',
      url: '/api/grids',
      headers: { 'accept-language': 'en' },
      payload: { level: 'zone', code: 'BAD-4', name: '坏', boundary: { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [0, 1], [0, 0]]] } },
    });
    expect(english.json().error.message).toBe('Invalid boundary: outer ring: position 2 longitude 200 is outside [-180, 180]');
    const extra = await admin.post('/api/grids', { level: 'zone', code: 'BAD-5', name: '坏', colour: 'red' });
    expect(extra.statusCode).toBe(400);
    expect(await auditCount('grids.create')).toBe(before);
    expect((await admin.get('/api/grids?q=BAD')).json().total).toBe(0);
  });

  it('checks the parent level and the uniqueness of the code', async () => {
    const orphan = await admin.post('/api/grids', { level: 'base', code: 'ORPHAN', name: '无上级' });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().error).toMatchObject({ code: 'grids.invalid_parent', message: '基础网格必须指定所属的园区网格' });
    const micro = await admin.post('/api/grids', { level: 'micro', parentId: zoneId, code: 'MICRO', name: '微网格' });
    expect(micro.statusCode).toBe(422);
    expect(micro.json().error.message).toBe('微网格的上级必须是基础网格，而“测试园区”是园区网格');
    const dup = await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-01', name: '重复' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'grids.code_taken', message: '网格编码“Z01-01”已被使用' });
  });

  it('refuses writes to anyone but the administrator (403) and lets staff read', async () => {
    for (const c of [dispatcher, worker]) {
      expect((await c.post('/api/grids', { level: 'zone', code: 'X', name: '越权' })).statusCode).toBe(403);
      expect((await c.patch(`/api/grids/${westId}`, { version: 1, name: '越权' })).statusCode).toBe(403);
      expect((await c.post(`/api/grids/${westId}/deactivate`, { version: 1 })).statusCode).toBe(403);
      expect((await c.put(`/api/grids/${westId}/workers/${workerId}`)).statusCode).toBe(403);
      expect((await c.get('/api/grids')).statusCode).toBe(200);
      expect((await c.get(`/api/grids/${westId}`)).statusCode).toBe(200);
      expect((await c.get('/api/grids/geojson')).statusCode).toBe(200);
      expect((await c.get('/api/grids/locate?lng=117.12&lat=39.23')).statusCode).toBe(200);
    }
    expect((await t.anonymous().get('/api/grids')).statusCode).toBe(401);
    const ent = await buildUser(t.database.db, jid, 'enterprise');
    expect((await (await t.login(ent.username)).get('/api/grids')).statusCode).toBe(403);
  });

  it('locates a point in the most specific active grid, honouring holes and shared edges', async () => {
    const at = async (lng: number, lat: number) => (await dispatcher.get(`/api/grids/locate?lng=${lng}&lat=${lat}`)).json().grid;
    expect(await at(117.12, 39.23)).toMatchObject({ id: westId, code: 'Z01-01', name: '第一网格（西片区）', level: 'base' });
    expect(await at(117.19, 39.25)).toMatchObject({ id: eastId, level: 'base' });
    // In the east grid's hole: only the zone holds it.
    expect(await at(117.175, 39.225)).toMatchObject({ id: zoneId, level: 'zone' });
    // On the hole's edge: inside the east grid.
    expect((await at(117.17, 39.225)).id).toBe(eastId);
    // On the shared edge both hold it; the answer is one of them, every time the same.
    const edge = await at(117.15, 39.23);
    expect([westId, eastId]).toContain(edge.id);
    expect((await at(117.15, 39.23)).id).toBe(edge.id);
    expect(await at(117.3, 39.23)).toBeNull();
    const bad = await dispatcher.get('/api/grids/locate?lng=200&lat=39');
    expect(bad.statusCode).toBe(400);
    expect((await dispatcher.get('/api/grids/locate?lng=117.1')).statusCode).toBe(400);
    // The public surface gives the same answer without HTTP.
    expect(await locateGrid(t.database.db, jid, 117.19, 39.25)).toMatchObject({ id: eastId, code: 'Z01-02' });
  });

  it('skips inactive grids when locating and refuses to deactivate a parent with active children', async () => {
    const p = (await admin.post('/api/grids', { level: 'base', parentId: zoneId, code: 'Z01-20', name: '待停用', boundary: rectBoundary(117.3, 39.3, 117.4, 39.4) })).json();
    const m = (await admin.post('/api/grids', { level: 'micro', parentId: p.id, code: 'Z01-20-1', name: '微网格', boundary: rectBoundary(117.3, 39.3, 117.35, 39.35) })).json();
    expect((await locateGrid(t.database.db, jid, 117.32, 39.32))?.id).toBe(m.id);
    const refused = await admin.post(`/api/grids/${p.id}/deactivate`, { version: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'grids.has_active_children', message: '该网格下还有 1 个启用的下级网格，请先停用它们' });
    expect((await admin.post(`/api/grids/${m.id}/deactivate`, { version: 1 })).json()).toMatchObject({ active: false, version: 2 });
    expect((await locateGrid(t.database.db, jid, 117.32, 39.32))?.id).toBe(p.id);
    expect((await admin.post(`/api/grids/${p.id}/deactivate`, { version: 1 })).statusCode).toBe(200);
    expect(await locateGrid(t.database.db, jid, 117.32, 39.32)).toBeNull();
    const reactivate = await admin.post(`/api/grids/${m.id}/activate`, { version: 2 });
    expect(reactivate.json().error.code).toBe('grids.parent_inactive');
    expect(await auditCount('grids.deactivate')).toBeGreaterThanOrEqual(2);
    const activeOnly = (await dispatcher.get('/api/grids?active=false')).json();
    expect(activeOnly.items.map((g: { code: string }) => g.code).sort()).toEqual(['Z01-20', 'Z01-20-1']);
  });

  it('assigns only grid workers of the same jurisdiction, and the worker sees the grid in their scope', async () => {
    // The web client sends an empty JSON object with every PUT.
    const res = await admin.put(`/api/grids/${westId}/workers/${workerId}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().workers).toEqual([expect.objectContaining({ userId: workerId, displayName: 'grid_worker 测试' })]);
    // Assigning again changes nothing.
    expect((await admin.put(`/api/grids/${westId}/workers/${workerId}`)).json().workers).toHaveLength(1);
    expect((await worker.get('/api/me')).json().gridIds).toEqual([westId]);
    expect(await gridIdsForUser(t.database.db, workerId)).toEqual([westId]);

    const notWorker = await buildUser(t.database.db, jid, 'handler');
    const r1 = await admin.put(`/api/grids/${westId}/workers/${notWorker.id}`);
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error).toMatchObject({ code: 'grids.not_grid_worker', message: '只能分配本辖区角色为“网格员”的用户' });
    const otherJ = (await buildJurisdiction(t.database.db)).id;
    const foreign = await buildUser(t.database.db, otherJ, 'grid_worker');
    expect((await admin.put(`/api/grids/${westId}/workers/${foreign.id}`)).statusCode).toBe(422);
    expect((await admin.put(`/api/grids/${westId}/workers/999999`)).statusCode).toBe(422);

    const features = (await dispatcher.get('/api/grids/geojson?level=base')).json();
    expect(features.type).toBe('FeatureCollection');
    const west = features.features.find((f: { id: number }) => f.id === westId);
    expect(west.properties).toEqual({ id: westId, code: 'Z01-01', name: '第一网格（西片区）', level: 'base', parentId: zoneId, active: true, workerCount: 1 });
    expect(west.geometry.type).toBe('Polygon');
    expect(features.bbox[0]).toBeCloseTo(117.1, 9);

    const removed = await admin.delete(`/api/grids/${westId}/workers/${workerId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().workers).toEqual([]);
    expect((await admin.delete(`/api/grids/${westId}/workers/${workerId}`)).statusCode).toBe(404);
    expect(await auditCount('grids.assign_worker')).toBeGreaterThanOrEqual(2);
    expect(await auditCount('grids.unassign_worker')).toBe(1);
  });

  it('lists with filters, search and pages, and returns the tree', async () => {
    const base = (await dispatcher.get(`/api/grids?level=base&parentId=${zoneId}&active=true&pageSize=2&sort=code`)).json();
    expect(base.pageSize).toBe(2);
    expect(base.items).toHaveLength(2);
    expect(base.items[0].code).toBe('Z01-01');
    expect(base.total).toBeGreaterThanOrEqual(3);
    const page2 = (await dispatcher.get(`/api/grids?level=base&parentId=${zoneId}&active=true&pageSize=2&page=2&sort=code`)).json();
    expect(page2.items[0].code).not.toBe('Z01-01');
    const byLevel = (await dispatcher.get('/api/grids?sort=level&order=desc&pageSize=200')).json();
    expect(byLevel.items[0].level).toBe('micro');
    expect(byLevel.items.at(-1).level).toBe('zone');
    const byName = (await dispatcher.get(`/api/grids?q=${encodeURIComponent('西片区')}`)).json();
    expect(byName.items.map((g: { id: number }) => g.id)).toEqual([westId]);
    const byCode = (await dispatcher.get('/api/grids?q=z01-02')).json();
    expect(byCode.items.map((g: { id: number }) => g.id)).toEqual([eastId]);
    expect((await dispatcher.get('/api/grids?q=%25')).json().total).toBe(0);
    expect((await dispatcher.get('/api/grids?bogus=1')).statusCode).toBe(400);

    const tree = (await worker.get('/api/grids/tree')).json();
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0]).toMatchObject({ id: zoneId, level: 'zone' });
    const children = tree.roots[0].children.map((c: { id: number }) => c.id);
    expect(children).toEqual(expect.arrayContaining([westId, eastId]));
    const all = (await worker.get('/api/grids/tree?includeInactive=true')).json();
    const withMicro = all.roots[0].children.find((c: { code: string }) => c.code === 'Z01-20');
    expect(withMicro?.children[0]?.code).toBe('Z01-20-1');
  });

  it('hides another jurisdiction\'s grids (404) and never locates into them', async () => {
    const otherJ = (await buildJurisdiction(t.database.db)).id;
    const foreign = await buildGrid(t.database.db, otherJ, { boundary: rectBoundary(10, 10, 11, 11) });
    expect((await dispatcher.get(`/api/grids/${foreign.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/grids/${foreign.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await admin.put(`/api/grids/${foreign.id}/workers/${workerId}`)).statusCode).toBe(404);
    expect((await dispatcher.get('/api/grids/locate?lng=10.5&lat=10.5')).json().grid).toBeNull();
    const parentElsewhere = await admin.post('/api/grids', { level: 'base', parentId: foreign.id, code: 'Z01-30', name: '越界' });
    expect(parentElsewhere.json().error.code).toBe('grids.invalid_parent');
  });

  it('lets the factory build and assign grids directly', async () => {
    const g = await buildGrid(t.database.db, jid, { level: 'base', parentId: zoneId, boundary: rectBoundary(117.5, 39.5, 117.6, 39.6) });
    const w = await buildUser(t.database.db, jid, 'grid_worker');
    await assignGridWorker(t.database.db, jid, g.id, w.id);
    expect((await dispatcher.get(`/api/grids/${g.id}`)).json().workers.map((x: { userId: number }) => x.userId)).toEqual([w.id]);
    expect((await locateGrid(t.database.db, jid, 117.55, 39.55))?.id).toBe(g.id);
  });
});
