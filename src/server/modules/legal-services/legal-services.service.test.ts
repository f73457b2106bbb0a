import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { buildEnterprise } from '../../../../test/support/enterprise.factories.ts';
import { buildDutyLawyer, buildLawFirm, buildLegalService } from '../../../../test/support/records.factories.ts';
import { legalServicesFigures } from './index.ts';

describe.each(DB_KINDS)('legal services on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let lawyerA: { id: number; username: string };
  let lawyerB: { id: number; username: string };
  let office: { username: string };
  let firmId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    lawyerA = await buildUser(db, jid, 'lawyer', { displayName: '律师甲' });
    lawyerB = await buildUser(db, jid, 'lawyer', { displayName: '律师乙' });
    office = await buildUser(db, jid, 'law_office');
    firmId = (await buildLawFirm(db, jid, { name: '行通律所' })).id;
    await buildDutyLawyer(db, jid, lawyerA.id, firmId);
    await buildDutyLawyer(db, jid, lawyerB.id, firmId);
  });
  afterAll(() => t.close());

  it('lets a lawyer record a service for themself, and refuses one in another lawyer’s name', async () => {
    const a = await t.login(lawyerA.username);
    const ok = await a.post('/api/legal/services', { kind: 'consultation', servedOn: '2020-03-02', place: '光明乳业', peopleServed: 12, topic: '复工复产用工' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ lawyerId: lawyerA.id, lawyerName: '律师甲', place: '光明乳业' });
    const other = await a.post('/api/legal/services', { lawyerId: lawyerB.id, kind: 'lecture', servedOn: '2020-03-03', place: '阳光城', peopleServed: 30, topic: '民法典' });
    expect(other.statusCode).toBe(403);
  });

  it('shows a lawyer only their own records: another lawyer’s record is “not found” and absent from lists', async () => {
    const bRecord = await buildLegalService(t.database.db, jid, lawyerB.id, { place: '阳光城', topic: '欠薪调解', kind: 'mediation' });
    const a = await t.login(lawyerA.username);
    expect((await a.get(`/api/legal/services/${bRecord.id}`)).statusCode).toBe(404);
    expect((await a.patch(`/api/legal/services/${bRecord.id}`, { version: 1, topic: '改' })).statusCode).toBe(404);
    const list = await a.get(`/api/legal/services?lawyerId=${lawyerB.id}&pageSize=200`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { lawyerId: number }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.lawyerId === lawyerA.id)).toBe(true);
    const b = await t.login(lawyerB.username);
    expect((await b.get(`/api/legal/services/${bRecord.id}`)).statusCode).toBe(200);
  });

  it('lets the office record for a named duty lawyer and see everyone’s records', async () => {
    const o = await t.login(office.username);
    const missing = await o.post('/api/legal/services', { kind: 'legal_aid', servedOn: '2020-04-01', place: '司法所', peopleServed: 1, topic: '工伤' });
    expect(missing.statusCode).toBe(400);
    const res = await o.post('/api/legal/services', { lawyerId: lawyerB.id, kind: 'legal_aid', servedOn: '2020-04-01', place: '司法所', peopleServed: 1, topic: '工伤' });
    expect(res.statusCode).toBe(201);
    const list = (await o.get('/api/legal/services?pageSize=200')).json();
    expect(new Set((list.items as { lawyerId: number }[]).map((i) => i.lawyerId))).toEqual(new Set([lawyerA.id, lawyerB.id]));
    const noSite = await o.post('/api/legal/services', { lawyerId: lawyerB.id, kind: 'legal_aid', servedOn: '2020-04-01', peopleServed: 1, topic: '工伤' });
    expect(noSite.statusCode).toBe(400);
  });

  it('links a service to an enterprise of the registry, by name in lists, and refuses another zone’s', async () => {
    const a = await t.login(lawyerA.username);
    const ent = await buildEnterprise(t.database.db, jid, { name: '光明乳业（天津）有限公司' });
    const other = await buildEnterprise(t.database.db, (await buildJurisdiction(t.database.db)).id);
    const ok = await a.post('/api/legal/services', { kind: 'lecture', servedOn: '2020-06-02', enterpriseId: ent.id, peopleServed: 60, topic: '民法典' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ enterpriseId: ent.id, enterpriseName: '光明乳业（天津）有限公司', place: '' });
    expect((await a.post('/api/legal/services', { kind: 'lecture', servedOn: '2020-06-02', enterpriseId: other.id, peopleServed: 1, topic: 'x' })).statusCode).toBe(404);
    expect((await a.patch(`/api/legal/services/${ok.json().id}`, { version: 1, enterpriseId: other.id })).statusCode).toBe(404);
  });

  it('answers 409 to an update with a stale version', async () => {
    const a = await t.login(lawyerA.username);
    const created = (await a.post('/api/legal/services', { kind: 'lecture', servedOn: '2020-05-02', place: '远大住工', peopleServed: 40, topic: '安全生产法' })).json();
    expect((await a.patch(`/api/legal/services/${created.id}`, { version: 1, peopleServed: 45 })).json().version).toBe(2);
    expect((await a.patch(`/api/legal/services/${created.id}`, { version: 1, peopleServed: 50 })).statusCode).toBe(409);
  });

  it('computes figures with known answers: services by kind, distinct sites, people served', async () => {
    const db = t.database.db;
    const j2 = (await buildJurisdiction(db)).id;
    const l = await buildUser(db, j2, 'lawyer');
    await buildLegalService(db, j2, l.id, { kind: 'consultation', servedOn: '2020-01-05', place: '光明乳业', peopleServed: 10 });
    await buildLegalService(db, j2, l.id, { kind: 'consultation', servedOn: '2020-02-05', place: ' 光明乳业 ', peopleServed: 5 });
    await buildLegalService(db, j2, l.id, { kind: 'lecture', servedOn: '2020-02-06', enterpriseId: 77, peopleServed: 50 });
    await buildLegalService(db, j2, l.id, { kind: 'mediation', servedOn: '2020-12-31', place: '阳光城', peopleServed: 3 });
    await buildLegalService(db, j2, l.id, { kind: 'legal_aid', servedOn: '2021-01-01', place: '阳光城', peopleServed: 99 });
    const f = await legalServicesFigures(db, j2, '2020-01-01', '2020-12-31');
    expect(f).toMatchObject({ services: 4, sites: 3, enterprisesReached: 1, peopleServed: 68, lawyers: 1 });
    expect(f.byKind).toEqual({
      consultation: { services: 2, peopleServed: 15 },
      lecture: { services: 1, peopleServed: 50 },
      legal_aid: { services: 0, peopleServed: 0 },
      mediation: { services: 1, peopleServed: 3 },
    });
    expect(f.byMonth).toEqual([
      { month: '2020-01', services: 1 },
      { month: '2020-02', services: 2 },
      { month: '2020-12', services: 1 },
    ]);
  });

  it('keeps the roster: the office puts a lawyer on a firm and the list shows them on duty', async () => {
    const o = await t.login(office.username);
    const c = await buildUser(t.database.db, jid, 'lawyer', { displayName: '律师丙' });
    expect((await o.put(`/api/legal/lawyers/${c.id}`, { firmId, licenceNo: '11201202010000001' })).statusCode).toBe(200);
    const lawyers = (await o.get('/api/legal/lawyers')).json() as { userId: number; onDuty: boolean; firmName: string }[];
    expect(lawyers.find((x) => x.userId === c.id)).toMatchObject({ onDuty: true, firmName: '行通律所' });
    const notLawyer = await o.put(`/api/legal/lawyers/${(await buildUser(t.database.db, jid, 'handler')).id}`, { firmId });
    expect(notLawyer.statusCode).toBe(404);
    const a = await t.login(lawyerA.username);
    expect((await a.post('/api/legal/firms', { name: 'x' })).statusCode).toBe(403);
  });
});
