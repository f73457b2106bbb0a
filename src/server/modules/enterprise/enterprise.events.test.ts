// An enterprise's 360° view shows its grid events, read through the events module's listEventsByEnterprise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEnterprise } from '../../../../test/support/enterprise.factories.ts';
import { buildCategory, buildEvent } from '../../../../test/support/events.factories.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';

describe.each(DB_KINDS)('enterprise 360° events on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let ent1: { id: number };
  let ent2: { id: number };
  let categoryId: number;
  let unit: number;
  let officer: Client;
  let leader: Client;
  let qiye1: Client;
  let qiye2: Client;
  let unrelatedHandler: Client;
  let outsider: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    unit = (await buildOrgUnit(db, jid, { name: '城管执法大队' })).id;
    const o = await buildUser(db, jid, 'enterprise_officer');
    ent1 = await buildEnterprise(db, jid, { name: '远航工贸有限公司', officerIds: [o.id] });
    ent2 = await buildEnterprise(db, jid, { name: '中荣印刷有限公司' });
    categoryId = (await buildCategory(db, jid, { name: '企业周边环境' })).id;
    officer = await t.login(o.username);
    leader = await t.login((await buildUser(db, jid, 'leader')).username);
    qiye1 = await t.login((await buildUser(db, jid, 'enterprise', { enterpriseId: ent1.id })).username);
    qiye2 = await t.login((await buildUser(db, jid, 'enterprise', { enterpriseId: ent2.id })).username);
    unrelatedHandler = await t.login((await buildUser(db, jid, 'handler', { orgUnitId: unit })).username);
    outsider = await t.login((await buildUser(db, (await buildJurisdiction(db)).id, 'leader')).username);
  });
  afterAll(() => t?.close());

  it('lists the events the enterprise reported, newest first, and only its own', async () => {
    const db = t.database.db;
    const old = await buildEvent(db, jid, { categoryId, source: 'enterprise', enterpriseId: ent1.id, title: '门前道路积水', status: 'closed', reportedAt: new Date('2020-07-01T01:00:00Z') });
    await buildEvent(db, jid, { categoryId, source: 'enterprise', enterpriseId: ent2.id, title: '别家的事件' });
    // Reported by the enterprise's own user through the events API.
    const reported = await qiye1.post('/api/events', { categoryId, description: '厂区门口路灯损坏，夜间通行困难', address: '辰昌路8号' });
    expect(reported.statusCode, reported.body).toBe(201);

    const res = await officer.get(`/api/enterprise/enterprises/${ent1.id}/events`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: number; code: string; title: string; status: string; categoryName: string; accessible: boolean }[]; total: number };
    expect(body.total).toBe(2);
    expect(body.items.map((i) => i.id)).toEqual([reported.json().id, old.id]);
    expect(body.items[1]).toMatchObject({ code: old.code, title: '门前道路积水', status: 'closed', statusLabel: '已结案', sourceLabel: '企业反映', categoryName: '企业周边环境' });
    // The officer's events scope is their department: they see the rows but cannot open these events.
    expect(body.items.map((i) => i.accessible)).toEqual([false, false]);
    expect(res.body).not.toContain('reporterName');

    const own = (await qiye1.get(`/api/enterprise/enterprises/${ent1.id}/events?page=1&pageSize=1`)).json();
    expect(own).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(own.items[0]).toMatchObject({ id: reported.json().id, accessible: true });
    expect((await leader.get(`/api/enterprise/enterprises/${ent1.id}/events`)).json().items.every((i: { accessible: boolean }) => i.accessible)).toBe(true);
  });

  it('answers 404 to whoever may not read the enterprise, and 403 to a role without the registry', async () => {
    expect((await qiye2.get(`/api/enterprise/enterprises/${ent1.id}/events`)).statusCode).toBe(404);
    expect((await unrelatedHandler.get(`/api/enterprise/enterprises/${ent1.id}/events`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/enterprise/enterprises/${ent1.id}/events`)).statusCode).toBe(404);
    const gw = await t.login((await buildUser(t.database.db, jid, 'grid_worker')).username);
    expect((await gw.get(`/api/enterprise/enterprises/${ent1.id}/events`)).statusCode).toBe(403);
    expect((await t.anonymous().get(`/api/enterprise/enterprises/${ent1.id}/events`)).statusCode).toBe(401);
  });
});
