import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildCategory, buildEvent } from '../../../../test/support/events.factories.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { idCardCheckChar } from '../../platform/crypto/sensitive.ts';
import { safetyFigures } from './index.ts';

const idCard = (birth: string, seq = '123') => {
  const first17 = `120113${birth.replace(/-/g, '')}${seq}`;
  return first17 + idCardCheckChar(first17);
};

async function buildGrid(db: TestApp['database']['db'], jurisdictionId: number, name: string) {
  return db
    .insertInto('grids')
    .values({ jurisdictionId, parentId: null, level: 'base', code: `G${Math.random().toString(36).slice(2, 8)}`, name, boundary: null, minLng: null, minLat: null, maxLng: null, maxLat: null, areaKm2: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe.each(DB_KINDS)('safety on %s', (kind) => {
  let t: TestApp;
  let j: number;
  let safety: { id: number; username: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    j = (await buildJurisdiction(t.database.db)).id;
    safety = await buildUser(t.database.db, j, 'safety', { displayName: '司法所秦' });
  });
  afterAll(() => t.close());

  it('never shows a subject’s identity to a non-safety role, masks it in lists, and audits every full view with its reason', async () => {
    const db = t.database.db;
    const s = await t.login(safety.username);
    const number = idCard('1985-07-09');
    const created = await s.post('/api/safety/subjects', { kind: 'community_correction', name: '张建国', idNumber: number, supervisionStart: '2020-03-01', officerId: safety.id, note: '缓刑' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ nameMasked: '张*国', idNumberMasked: `${number.slice(0, 4)}**********${number.slice(-4)}`, isMinor: false });
    expect(created.body).not.toContain('张建国');
    expect(created.body).not.toContain(number);
    const stored = await db.selectFrom('supervisionSubjects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('张建国');
    expect(JSON.stringify(stored)).not.toContain(number);

    for (const role of ['leader', 'law_office', 'handler', 'admin', 'dispatcher', 'grid_worker', 'lawyer'] as const) {
      const other = await t.login((await buildUser(db, j, role)).username);
      for (const res of [
        await other.get('/api/safety/subjects'),
        await other.get(`/api/safety/subjects/${id}`),
        await other.post(`/api/safety/subjects/${id}/reveal`, { reason: '工作需要核实' }),
        await other.get('/api/safety/subjects/export?from=2020-01-01&to=2020-12-31'),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain('张');
      }
    }
    const list = await s.get('/api/safety/subjects');
    expect(list.json().items[0]).toMatchObject({ id, nameMasked: '张*国' });
    expect(list.body).not.toContain(number);
    const byNumber = (await s.get(`/api/safety/subjects?idNumber=${number.toLowerCase()}`)).json();
    expect(byNumber.items.map((x: { id: number }) => x.id)).toEqual([id]);

    expect((await s.post(`/api/safety/subjects/${id}/reveal`, { reason: ' ' })).statusCode).toBe(400);
    const before = await db.selectFrom('auditLog').select('id').where('action', '=', 'safety.subject.reveal').execute();
    const shown = await s.post(`/api/safety/subjects/${id}/reveal`, { reason: '定期报到核对身份' });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ id, name: '张建国', idNumber: number, note: '缓刑' });
    expect(shown.headers['cache-control']).toBe('no-store');
    const reveals = await db.selectFrom('auditLog').selectAll().where('action', '=', 'safety.subject.reveal').execute();
    expect(reveals.length).toBe(before.length + 1);
    expect(reveals.at(-1)).toMatchObject({ actorId: safety.id, entityId: String(id), success: true });
    expect(reveals.at(-1)!.details).toMatchObject({ reason: '定期报到核对身份' });
    const all = await db.selectFrom('auditLog').select('details').execute();
    expect(JSON.stringify(all)).not.toContain(number);
    expect(JSON.stringify(all)).not.toContain('张建国');
  });

  it('never exports a minor’s record; the export is masked and audited', async () => {
    const db = t.database.db;
    const j2 = (await buildJurisdiction(db)).id;
    const officer = await buildUser(db, j2, 'safety');
    const s = await t.login(officer.username);
    const adult = idCard('1990-01-01', '211');
    const minor = idCard('2004-06-01', '322');
    await s.post('/api/safety/subjects', { kind: 'resettlement', name: '李成年', idNumber: adult, supervisionStart: '2020-02-01', supervisionEnd: '2020-12-31', officerId: officer.id });
    const m = await s.post('/api/safety/subjects', { kind: 'community_correction', name: '王少年', idNumber: minor, supervisionStart: '2020-05-01', officerId: officer.id });
    expect(m.json().isMinor).toBe(true);
    const csv = await s.get('/api/safety/subjects/export?from=2020-01-01&to=2020-12-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('安置帮教');
    expect(lines[1]).toContain('李*年');
    expect(csv.body).not.toContain(adult);
    expect(csv.body).not.toContain('王');
    const audit = await db.selectFrom('auditLog').select('details').where('action', '=', 'safety.subjects.export').where('jurisdictionId', '=', j2).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ rows: 1, minorsExcluded: true });
    const f = await safetyFigures(db, j2, '2020-01-01', '2020-12-31');
    expect(f.subjectsUnderSupervision).toBe(2);
  });

  it('lets a grid worker log patrols only in their own grid and see only those', async () => {
    const db = t.database.db;
    const mine = await buildGrid(db, j, '一网格');
    const theirs = await buildGrid(db, j, '二网格');
    const worker = await buildUser(db, j, 'grid_worker');
    await db.insertInto('gridWorkers').values({ jurisdictionId: j, gridId: mine.id, userId: worker.id }).execute();
    const w = await t.login(worker.username);
    const p = { patrollerType: 'auxiliary_police', patrollers: ['网格员甲'], startedAt: '2020-05-01T09:00:00+08:00', endedAt: '2020-05-01T11:30:00+08:00' };
    const ok = await w.post('/api/safety/patrols', { ...p, gridId: mine.id, findings: [{ description: '占道堆放杂物', location: '辰昌路' }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ patrollerType: 'grid_worker', hours: 2.5, gridName: '一网格' });
    expect((await w.post('/api/safety/patrols', { ...p, gridId: theirs.id })).statusCode).toBe(404);
    expect((await w.post('/api/safety/patrols', { ...p, route: '京津公路' })).statusCode).toBe(400);
    const s = await t.login(safety.username);
    const guard = await s.post('/api/safety/patrols', { ...p, patrollerType: 'company_guard', patrollers: ['保安甲', '保安乙'], gridId: theirs.id });
    expect(guard.statusCode).toBe(201);
    expect((await w.get(`/api/safety/patrols/${guard.json().id}`)).statusCode).toBe(404);
    const list = (await w.get('/api/safety/patrols')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([ok.json().id]);
    const findingId = ok.json().findings[0].id as number;
    // Linking to an event reported on the events page: it must exist in the jurisdiction.
    expect((await w.post(`/api/safety/findings/${findingId}/event-link`, { eventId: 4242 })).statusCode).toBe(404);
    const category = await buildCategory(db, j, { name: '占道堆物' });
    const event = await buildEvent(db, j, { categoryId: category.id, gridId: mine.id });
    const linked = await w.post(`/api/safety/findings/${findingId}/event-link`, { eventId: event.id });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().findings[0]).toMatchObject({ eventId: event.id, eventCode: event.code });
    const again = await w.post(`/api/safety/findings/${findingId}/event-link`, { eventId: event.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ eventId: event.id, eventCode: event.code });
    expect((await s.post('/api/safety/patrols', { ...p, endedAt: '2020-05-01T08:00:00+08:00', route: 'x' })).statusCode).toBe(400);
  });

  it('turns a finding into a grid event in one click: created through the events intake, linked, audited, and only once', async () => {
    const db = t.database.db;
    const mine = await buildGrid(db, j, '三网格');
    const theirs = await buildGrid(db, j, '四网格');
    const worker = await buildUser(db, j, 'grid_worker', { displayName: '网格员丙' });
    const other = await buildUser(db, j, 'grid_worker');
    await db.insertInto('gridWorkers').values({ jurisdictionId: j, gridId: mine.id, userId: worker.id }).execute();
    await db.insertInto('gridWorkers').values({ jurisdictionId: j, gridId: theirs.id, userId: other.id }).execute();
    const category = await buildCategory(db, j, { name: '消防通道堵塞' });
    const w = await t.login(worker.username);
    const patrol = await w.post('/api/safety/patrols', {
      patrollerType: 'grid_worker', patrollers: ['网格员丙'], gridId: mine.id, startedAt: '2020-06-01T09:00:00+08:00', endedAt: '2020-06-01T10:00:00+08:00',
      findings: [{ description: '小区消防通道被车辆堵塞', location: '辰昌路12号' }, { description: '路灯不亮' }],
    });
    const [finding, second] = patrol.json().findings as { id: number }[];

    expect((await (await t.login(other.username)).post(`/api/safety/findings/${finding.id}/event`, { categoryId: category.id })).statusCode).toBe(404);
    expect((await (await t.login(safety.username)).post(`/api/safety/findings/${finding.id}/event`, { categoryId: category.id })).statusCode).toBe(403);
    // A bad category leaves neither an event nor a link behind.
    const bad = await w.post(`/api/safety/findings/${finding.id}/event`, { categoryId: 999999 });
    expect(bad.statusCode).toBe(422);
    expect((await w.get(`/api/safety/patrols/${patrol.json().id}`)).json().findings[0].eventId).toBeNull();

    const res = await w.post(`/api/safety/findings/${finding.id}/event`, { categoryId: category.id, priority: 'urgent' });
    expect(res.statusCode).toBe(201);
    const { event, patrol: after } = res.json() as { event: { id: number; code: string; status: string }; patrol: { findings: { id: number; eventId: number | null; eventCode: string | null }[] } };
    expect(event).toMatchObject({ status: 'reported', code: expect.stringMatching(/^SJ\d{8}$/) });
    expect(after.findings.find((f) => f.id === finding.id)).toMatchObject({ eventId: event.id, eventCode: event.code });
    const row = await db.selectFrom('events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'patrol', gridId: mine.id, categoryId: category.id, description: '小区消防通道被车辆堵塞', address: '辰昌路12号', priority: 'urgent', reporterId: worker.id, reporterName: '网格员丙',
    });
    const audit = await db
      .selectFrom('auditLog')
      .select(['action', 'entity', 'entityId', 'details'])
      .where((eb) => eb.or([eb.and([eb('entity', '=', 'event'), eb('entityId', '=', String(event.id))]), eb.and([eb('entity', '=', 'patrol_finding'), eb('entityId', '=', String(finding.id))])]))
      .where('action', 'in', ['event.report', 'safety.finding.to_event'])
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'event.report', entity: 'event', entityId: String(event.id), details: { source: 'patrol', categoryId: category.id, gridId: mine.id, refModule: 'safety.finding', refId: finding.id } },
      { action: 'safety.finding.to_event', entity: 'patrol_finding', entityId: String(finding.id), details: { patrolId: patrol.json().id, eventId: event.id, eventCode: event.code, categoryId: category.id } },
    ]);

    const twice = await w.post(`/api/safety/findings/${finding.id}/event`, { categoryId: category.id });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'safety.finding_has_event', details: { eventId: event.id, eventCode: event.code } });
    expect(twice.json().error.message).toContain(event.code);
    expect(Number((await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'patrol').executeTakeFirstOrThrow()).n)).toBe(1);

    // The command centre may convert any finding of the zone.
    const dispatcher = await t.login((await buildUser(db, j, 'dispatcher')).username);
    expect((await dispatcher.post(`/api/safety/findings/${second.id}/event`, { categoryId: category.id, description: '路灯不亮，夜间通行不便' })).statusCode).toBe(201);
    const figures = (await (await t.login(safety.username)).get('/api/safety/figures?from=2020-06-01&to=2020-06-30')).json();
    expect(figures).toMatchObject({ findings: 2, findingsToEvents: 2 });
  });

  it('keeps police figures as monthly entries with source and user; a correction keeps the old numbers in the audit', async () => {
    const db = t.database.db;
    const s = await t.login(safety.username);
    const first = await s.post('/api/safety/police-figures', { month: '2019-03', criminalFiled: 3, criminalSolved: 2, publicSecurityAccepted: 9, publicSecurityClosed: 8, source: '派出所月报' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ month: '2019-03', enteredBy: safety.id, enteredByName: '司法所秦', source: '派出所月报' });
    expect((await s.post('/api/safety/police-figures', { month: '2019-03', criminalFiled: 1, criminalSolved: 1, publicSecurityAccepted: 1, publicSecurityClosed: 1, source: 'x' })).statusCode).toBe(409);
    const fixed = await s.patch(`/api/safety/police-figures/${first.json().id}`, { version: 1, criminalSolved: 3 });
    expect(fixed.json()).toMatchObject({ criminalSolved: 3, version: 2 });
    const audit = await db.selectFrom('auditLog').select('details').where('action', '=', 'safety.police.correct').where('entityId', '=', String(first.json().id)).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ before: { criminalSolved: 2 }, after: { criminalSolved: 3 } });
    const leader = await t.login((await buildUser(db, j, 'leader')).username);
    expect((await leader.get('/api/safety/police-figures?year=2019')).json()).toHaveLength(1);
    expect((await leader.post('/api/safety/police-figures', { month: '2019-04', criminalFiled: 1, criminalSolved: 1, publicSecurityAccepted: 1, publicSecurityClosed: 1, source: 'x' })).statusCode).toBe(403);
  });

  it('computes figures with known answers: patrols, hours, findings, cases, subjects, reoffending', async () => {
    const db = t.database.db;
    const j3 = (await buildJurisdiction(db)).id;
    const officer = await buildUser(db, j3, 'safety');
    const s = await t.login(officer.username);
    const patrol = (start: string, end: string, type: string, findings = 0) =>
      s.post('/api/safety/patrols', {
        patrollerType: type,
        patrollers: ['甲', '乙'],
        route: '主干道',
        startedAt: start,
        endedAt: end,
        findings: Array.from({ length: findings }, (_, i) => ({ description: `发现${i}` })),
      });
    await patrol('2020-01-01T00:30:00+08:00', '2020-01-01T02:30:00+08:00', 'auxiliary_police', 2);
    await patrol('2020-06-01T20:00:00+08:00', '2020-06-01T23:00:00+08:00', 'company_guard', 1);
    await patrol('2020-12-31T22:00:00+08:00', '2020-12-31T23:30:00+08:00', 'auxiliary_police');
    await patrol('2019-12-31T22:00:00+08:00', '2019-12-31T23:59:00+08:00', 'auxiliary_police', 5);
    await patrol('2021-01-01T08:00:00+08:00', '2021-01-01T09:00:00+08:00', 'auxiliary_police', 5);
    const month = (m: string, solved: number, closed: number) =>
      s.post('/api/safety/police-figures', { month: m, criminalFiled: solved + 1, criminalSolved: solved, publicSecurityAccepted: closed + 2, publicSecurityClosed: closed, source: '派出所' });
    await month('2020-01', 1, 5);
    await month('2020-12', 2, 7);
    await month('2021-01', 9, 9);
    const sub = async (birth: string, seq: string, start: string, end: string | null, kindOf = 'community_correction') =>
      (await s.post('/api/safety/subjects', { kind: kindOf, name: '某某', idNumber: idCard(birth, seq), supervisionStart: start, supervisionEnd: end, officerId: officer.id })).json();
    await sub('1980-01-01', '101', '2019-06-01', '2020-01-01');
    const b = await sub('1981-01-01', '102', '2020-05-01', null, 'resettlement');
    await sub('1982-01-01', '103', '2018-01-01', '2019-12-31');
    await sub('1983-01-01', '104', '2021-01-01', null);
    const upd = await s.patch(`/api/safety/subjects/${b.id}`, { version: 1, reoffended: true });
    expect(upd.statusCode).toBe(400);
    expect((await s.patch(`/api/safety/subjects/${b.id}`, { version: 1, reoffended: true, reoffendedOn: '2020-11-11' })).statusCode).toBe(200);
    await s.post(`/api/safety/subjects/${b.id}/checkins`, { checkedAt: '2020-06-01T10:00:00+08:00', method: 'in_person' });
    const f = await safetyFigures(db, j3, '2020-01-01', '2020-12-31');
    expect(f).toMatchObject({
      patrols: 3,
      patrolHours: 6.5,
      patrolPersonHours: 13,
      byPatrollerType: { auxiliary_police: { patrols: 2, hours: 3.5 }, company_guard: { patrols: 1, hours: 3 }, grid_worker: { patrols: 0, hours: 0 } },
      findings: 3,
      findingsToEvents: 0,
      police: { criminalFiled: 5, criminalSolved: 3, publicSecurityAccepted: 16, publicSecurityClosed: 12, monthsEntered: 2 },
      subjectsUnderSupervision: 2,
      subjectsByKind: { community_correction: 1, resettlement: 1 },
      subjectsReceived: 1,
      subjectsReleased: 1,
      checkins: 1,
      reoffended: 1,
    });
    const leader = await t.login((await buildUser(db, j3, 'leader')).username);
    const viaApi = (await leader.get('/api/safety/figures?from=2020-01-01&to=2020-12-31')).json();
    expect(viaApi.police.criminalSolved).toBe(3);
  });
});
