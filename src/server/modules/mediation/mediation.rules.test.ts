// Early-warning rules and figures on hand-built rows (each test in a zone of its own), and clues shared between
// departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildCategory } from '../../../../test/support/events.factories.ts';
import { buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import {
  buildAgreementWithPayments,
  buildDispute,
  buildIntake,
  buildPetition,
  mediationWorld,
} from '../../../../test/support/mediation.factories.ts';
import { computeFigures, wageBreakdown } from './mediation.figures.ts';
import { scanWarnings } from './mediation.warnings.ts';

const cst = (s: string) => new Date(`${s}+08:00`);
const day = (d: string) => cst(`${d}T10:00:00`);

describe.each(DB_KINDS)('early warnings, figures and clues on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());
  const db = () => t.database.db;
  const warningsOf = (jid: number) => db().selectFrom('mediationWarnings').selectAll().where('jurisdictionId', '=', jid).orderBy('id').execute();

  it('warns on N wage complaints against one project within D days, once per new complaint, and counts wage petitions', async () => {
    const w = await mediationWorld(db());
    const j = w.j.id;
    await buildDispute(db(), j, { receivedAt: day('2020-06-01'), project: '北辰科技园二期', contractor: '甲劳务' });
    await buildDispute(db(), j, { receivedAt: day('2020-06-20'), project: '北辰科技园（二期）', contractor: '乙劳务' });
    await buildDispute(db(), j, { receivedAt: day('2020-07-01'), project: '其他项目', contractor: '丙劳务' });
    await buildDispute(db(), j, { receivedAt: day('2020-07-02'), project: '北辰科技园二期', contractor: '丁劳务', type: 'contract' });
    expect(await scanWarnings(db(), j, day('2020-07-05'))).toBe(0);

    const third = await buildPetition(db(), j, { registeredAt: day('2020-07-10'), type: 'wage', project: '北辰科技园 二期', status: 'not_accepted' });
    expect(await scanWarnings(db(), j, day('2020-07-11'))).toBe(1);
    let ws = await warningsOf(j);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ rule: 'wage_repeated', subjectKey: 'wage:project:北辰科技园二期', status: 'open', petitionId: third.id });
    expect(ws[0].facts).toMatchObject({ count: 3, threshold: 3, days: 90 });
    // The centre and the leaders are told.
    const notes = await db().selectFrom('notifications').select('userId').where('kind', '=', 'mediation.warning').where('entityId', '=', String(ws[0].id)).execute();
    expect(notes.map((n) => n.userId).sort()).toEqual([w.mediator.id, w.leader.id].sort());

    // Scanning again raises nothing new; closing and scanning again neither.
    expect(await scanWarnings(db(), j, day('2020-07-12'))).toBe(0);
    const mediator = await t.login(w.mediator.username);
    expect((await mediator.post(`/api/mediation/warnings/${ws[0].id}/close`, { note: '', version: ws[0].version })).statusCode).toBe(400);
    const closed = await mediator.post(`/api/mediation/warnings/${ws[0].id}/close`, { note: '已约谈总包单位，督促补发', version: ws[0].version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await scanWarnings(db(), j, day('2020-07-13'))).toBe(0);

    // A fourth complaint raises it again (存在不足: 欠薪屡禁不绝).
    await buildDispute(db(), j, { receivedAt: day('2020-08-01'), project: '北辰科技园二期', contractor: '戊劳务' });
    expect(await scanWarnings(db(), j, day('2020-08-02'))).toBe(1);
    ws = await warningsOf(j);
    expect(ws.map((x) => [x.status, (x.facts as { count: number }).count])).toEqual([
      ['closed', 3],
      ['open', 4],
    ]);
    // A wage petition that became a dispute is not counted twice.
    const p = await buildPetition(db(), j, { registeredAt: day('2020-08-03'), type: 'wage', contractor: '己劳务', status: 'not_accepted' });
    const d = await buildDispute(db(), j, { receivedAt: day('2020-08-03'), contractor: '己劳务' });
    await db().updateTable('mediationPetitions').set({ disputeId: d.id }).where('id', '=', p.id).execute();
    await buildDispute(db(), j, { receivedAt: day('2020-08-04'), contractor: '己劳务' });
    expect(await scanWarnings(db(), j, day('2020-08-05'))).toBe(0);

    // The per-project breakdown behind the 存在不足 finding.
    const groups = await wageBreakdown(db(), j, '2020-01-01', '2020-12-31');
    expect(groups.find((g) => g.kind === 'project')).toMatchObject({ disputes: 3, drill: { api: '/api/mediation/disputes', query: { type: 'wage' } } });
    expect(groups.find((g) => g.kind === 'contractor' && g.name === '己劳务')).toMatchObject({ disputes: 2 });
  });

  it('takes the threshold and window from the configured rule', async () => {
    const w = await mediationWorld(db());
    const j = w.j.id;
    const mediator = await t.login(w.mediator.username);
    const rules = (await mediator.get('/api/mediation/warning-rules')).json();
    const wage = rules.find((r: { rule: string }) => r.rule === 'wage_repeated');
    expect(wage).toMatchObject({ enabled: true, params: { threshold: 3, days: 90 }, version: 0 });
    const bad = await mediator.put('/api/mediation/warning-rules/wage_repeated', { enabled: true, params: { threshold: 1 }, version: 0 });
    expect(bad.statusCode).toBe(400);
    const set = await mediator.put('/api/mediation/warning-rules/wage_repeated', { enabled: true, params: { threshold: 2, days: 10 }, version: 0 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ params: { threshold: 2, days: 10 }, version: 1 });
    expect((await mediator.put('/api/mediation/warning-rules/wage_repeated', { enabled: true, params: {}, version: 0 })).statusCode).toBe(409);

    await buildDispute(db(), j, { receivedAt: day('2020-05-01'), contractor: '庚建筑' });
    await buildDispute(db(), j, { receivedAt: day('2020-05-20'), contractor: '庚建筑' });
    expect(await scanWarnings(db(), j, day('2020-05-21'))).toBe(0);
    await buildDispute(db(), j, { receivedAt: day('2020-05-25'), contractor: '庚建筑' });
    expect(await scanWarnings(db(), j, day('2020-05-26'))).toBe(1);
    expect((await warningsOf(j))[0].subjectKey).toBe('wage:contractor:庚建筑');
  });

  it('warns on a collective visit, a dispute reopened after agreement, and a petition near its limit; a disabled rule stays quiet', async () => {
    const w = await mediationWorld(db());
    const j = w.j.id;
    const now = day('2020-09-10');
    const big = await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2020-09-09'), peopleCount: 6 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2020-09-09'), peopleCount: 4 });
    const reopened = await buildDispute(db(), j, { type: 'neighbour', status: 'mediating', reopenedCount: 1, lastReopenedAt: day('2020-09-08') });
    const near = await buildPetition(db(), j, { registeredAt: day('2020-08-28'), acceptDueAt: cst('2020-09-12T23:59:59.999') });
    await buildPetition(db(), j, { registeredAt: day('2020-09-05'), acceptDueAt: cst('2020-09-20T23:59:59.999') });
    expect(await scanWarnings(db(), j, now)).toBe(3);
    const ws = await warningsOf(j);
    expect(ws.map((x) => [x.rule, x.intakeId ?? x.disputeId ?? x.petitionId]).sort()).toEqual(
      [
        ['collective_visit', big.id],
        ['dispute_reopened', reopened.id],
        ['petition_near_limit', near.id],
      ].sort(),
    );
    expect(await scanWarnings(db(), j, now)).toBe(0);

    const w2 = await mediationWorld(db());
    const m2 = await t.login(w2.mediator.username);
    expect((await m2.put('/api/mediation/warning-rules/collective_visit', { enabled: false, params: {}, version: 0 })).statusCode).toBe(200);
    expect((await m2.put('/api/mediation/warning-rules/petition_near_limit', { enabled: true, params: { daysBefore: 1 }, version: 0 })).statusCode).toBe(200);
    await buildIntake(db(), w2.j.id, w2.mediator.id, { receivedAt: day('2020-09-09'), peopleCount: 30 });
    await buildPetition(db(), w2.j.id, { registeredAt: day('2020-08-28'), acceptDueAt: cst('2020-09-12T23:59:59.999') });
    expect(await scanWarnings(db(), w2.j.id, now)).toBe(0);
  });

  it('computes figures with known answers, local days inclusive', async () => {
    const w = await mediationWorld(db());
    const j = w.j.id;
    // Intakes: 1 + 2 + 6 + 1 person-times in 2019 (the last at 23:30 on 31 December); two outside.
    await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2019-03-05'), peopleCount: 1 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2019-04-05'), peopleCount: 2 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2019-04-06'), peopleCount: 6 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: cst('2019-12-31T23:30:00'), peopleCount: 1 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: cst('2020-01-01T00:10:00'), peopleCount: 3 });
    await buildIntake(db(), j, w.mediator.id, { receivedAt: day('2018-12-31'), peopleCount: 3 });
    // Disputes: A wage agreed in 10 days, B wage failed in 20, C contract agreed in 3, D open.
    const a = await buildDispute(db(), j, { receivedAt: day('2019-03-01'), outcome: 'agreement', concludedAt: day('2019-03-11'), amountClaimed: 10000.5, workersInvolved: 5 });
    await buildDispute(db(), j, { receivedAt: day('2019-04-01'), outcome: 'failed', concludedAt: day('2019-04-21'), amountClaimed: 2000, workersInvolved: 3 });
    await buildDispute(db(), j, { type: 'contract', receivedAt: day('2019-05-01'), outcome: 'agreement', concludedAt: day('2019-05-04') });
    await buildDispute(db(), j, { type: 'neighbour', receivedAt: day('2019-06-01') });
    await buildAgreementWithPayments(db(), j, a.id, '2019-03-11', 10000.5, [
      { paidOn: '2019-03-20', amount: 6000.25 },
      { paidOn: '2019-04-10', amount: 3000.25 },
      { paidOn: '2020-01-02', amount: 1000 },
    ]);
    // Petitions: one decided on time and rated, one not accepted late, one waiting; a lawsuit figure of 2.
    await buildPetition(db(), j, {
      registeredAt: day('2019-02-01'), status: 'decided', acceptDecision: 'accepted', acceptOnTime: true, decidedAt: day('2019-03-01'), handleOnTime: true,
      decisionOutcome: 'supported', rating: 'satisfied', handlingOrgUnitId: w.labour.id,
    });
    await buildPetition(db(), j, { registeredAt: day('2019-07-01'), status: 'not_accepted', acceptDecision: 'not_accepted', acceptOnTime: false });
    await buildPetition(db(), j, { registeredAt: day('2019-11-01') });
    const lo = await t.login(w.lawOffice.username);
    const add = (body: Record<string, unknown>) => lo.post('/api/mediation/litigation-figures', body);
    expect((await add({ kind: 'lawsuit', periodFrom: '2019-01-01', periodTo: '2019-12-31', count: 2, source: '北辰区人民法院立案庭' })).statusCode).toBe(200);
    expect((await add({ kind: 'lawsuit', periodFrom: '2019-06-01', periodTo: '2020-05-31', count: 9, source: '跨年度数据' })).statusCode).toBe(200);
    expect((await add({ kind: 'arbitration', periodFrom: '2019-01-01', periodTo: '2019-12-31', count: 1, source: '区劳动人事争议仲裁院' })).statusCode).toBe(200);
    expect((await add({ kind: 'lawsuit', periodFrom: '2019-02-01', periodTo: '2019-01-01', count: 1, source: 'x' })).statusCode).toBe(400);

    const f = await computeFigures(db(), j, '2019-01-01', '2019-12-31');
    expect(f.visitors).toMatchObject({ personTimes: 10, visits: 4, collectiveVisits: 1, collectivePersonTimes: 6 });
    expect(f.visitors.byMonth.map((m) => [m.month, m.personTimes])).toEqual([
      ['2019-03', 1],
      ['2019-04', 8],
      ['2019-12', 1],
    ]);
    expect(f.disputes).toMatchObject({ received: 4, resolved: 2, failed: 1, open: 1 });
    expect(f.disputes.successRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3, percent: 66.7 });
    expect(f.disputes.averageDays).toEqual({ total: 33, count: 3, value: 11 });
    const wage = f.disputes.byType.find((x) => x.type === 'wage')!;
    expect(wage).toMatchObject({ received: 2, resolved: 1, failed: 1, successRate: { numerator: 1, denominator: 2, percent: 50 } });
    expect(f.wages).toMatchObject({ cases: 2, claimedYuan: 12000.5, claimedWan: 1.2, recoveredYuan: 9000.5, recoveredWan: 0.9, payments: 2, workersInvolved: 8, workersHelped: 5 });
    expect(f.petitions).toMatchObject({ received: 3, accepted: 1, notAccepted: 1, awaitingDecision: 1, decided: 1 });
    expect(f.petitions.acceptOnTimeRate).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    expect(f.petitions.handleOnTimeRate).toMatchObject({ numerator: 1, denominator: 1, percent: 100 });
    expect(f.petitions.satisfactionRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(f.petitions.byDepartment).toEqual([{ orgUnitId: w.labour.id, orgUnitName: '劳动保障监察大队', assigned: 1, handled: 1, handleOnTimeRate: expect.objectContaining({ percent: 100 }) }]);
    expect(f.litigation).toMatchObject({ lawsuits: 2, arbitrations: 1, petitionsOutnumberLawsuits: true });
    expect(f.litigation.petitionsPerLawsuit).toMatchObject({ numerator: 3, denominator: 2, percent: 150 });
    expect(f.litigation.petitionsPerLegalRoute).toMatchObject({ numerator: 3, denominator: 3, percent: 100 });

    // The same through the API, for a leader; handlers have no figures.
    const leader = await t.login(w.leader.username);
    const res = await leader.get('/api/mediation/figures?from=2019-01-01&to=2019-12-31');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().wages.recoveredWan).toBe(0.9);
    expect((await (await t.login(w.labourHandler.username)).get('/api/mediation/figures')).statusCode).toBe(403);
  });

  it('shares a clue with named departments only, follows it up, and turns it into a dispute or a grid event', async () => {
    const w = await mediationWorld(db());
    const other = await buildOrgUnit(db(), w.j.id, { name: '市场监管所' });
    const otherUser = await buildUser(db(), w.j.id, 'handler', { orgUnitId: other.id });
    const labour = await t.login(w.labourHandler.username);
    const planning = await t.login(w.planningHandler.username);
    const outsider = await t.login(otherUser.username);
    const mediator = await t.login(w.mediator.username);

    const created = await labour.post('/api/mediation/clues', {
      kind: 'wage_arrears', riskLevel: 'high', title: '某工地近两月未发工资', content: '约20名工人聚集在项目部', projectName: '北辰科技园二期',
      contractorName: '宏达劳务', workersInvolved: 20, shareWith: [w.planning.id],
    });
    expect(created.statusCode, created.body).toBe(200);
    let c = created.json();
    expect(c).toMatchObject({ status: 'open', sourceOrgUnitName: '劳动保障监察大队', sharedWith: [{ orgUnitId: w.planning.id }] });
    expect((await planning.get(`/api/mediation/clues/${c.id}`)).statusCode).toBe(200);
    expect((await outsider.get(`/api/mediation/clues/${c.id}`)).statusCode).toBe(404);
    expect((await outsider.get('/api/mediation/clues')).json().total).toBe(0);
    expect((await mediator.get('/api/mediation/clues')).json().total).toBe(1);

    const followed = await planning.post(`/api/mediation/clues/${c.id}/followups`, { note: '已核实总包单位资金到位情况' });
    expect(followed.statusCode, followed.body).toBe(200);
    c = followed.json();
    expect(c.status).toBe('following');
    expect(c.followups[0]).toMatchObject({ orgUnitName: '规划建设局' });

    // Only the centre opens a dispute from it.
    expect((await labour.post(`/api/mediation/clues/${c.id}/convert`, { to: 'dispute', version: c.version })).statusCode).toBe(403);
    const conv = await mediator.post(`/api/mediation/clues/${c.id}/convert`, { to: 'dispute', version: c.version, dispute: { type: 'wage', amountClaimed: 300000 } });
    expect(conv.statusCode, conv.body).toBe(200);
    c = conv.json();
    expect(c).toMatchObject({ status: 'converted', convertedTo: 'dispute' });
    const d = (await mediator.get(`/api/mediation/disputes/${c.disputeId}`)).json();
    expect(d).toMatchObject({ clueId: c.id, type: 'wage', projectName: '北辰科技园二期', workersInvolved: 20, amountClaimed: 300000, title: '某工地近两月未发工资' });
    expect((await mediator.post(`/api/mediation/clues/${c.id}/close`, { note: 'x', version: c.version })).statusCode).toBe(409);

    // To a grid event: reported through the events module's intake in the same transaction as the clue's change.
    const second = (await planning.post('/api/mediation/clues', { kind: 'gathering', riskLevel: 'high', title: '工人聚集', content: '约30名工人在项目部门口聚集', location: '京津公路88号', shareWith: [] })).json();
    const category = await buildCategory(db(), w.j.id, { name: '群体性聚集' });
    const convert = (body: Record<string, unknown>) => planning.post(`/api/mediation/clues/${second.id}/convert`, { to: 'event', version: second.version, ...body });
    expect((await convert({})).statusCode).toBe(400);
    expect((await convert({ eventId: 4711 })).statusCode).toBe(404);
    expect((await convert({ event: { categoryId: 999999 } })).statusCode).toBe(422);
    expect((await planning.get(`/api/mediation/clues/${second.id}`)).json()).toMatchObject({ status: 'open', eventId: null });
    const ev = await convert({ event: { categoryId: category.id }, note: '请指挥中心派遣' });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json()).toMatchObject({ status: 'converted', convertedTo: 'event', eventId: expect.any(Number), eventCode: expect.stringMatching(/^SJ\d{8}$/) });
    const event = await db().selectFrom('events').selectAll().where('id', '=', ev.json().eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      source: 'clue', status: 'reported', categoryId: category.id, title: '工人聚集', description: '约30名工人在项目部门口聚集', address: '京津公路88号', priority: 'urgent', reporterId: w.planningHandler.id,
    });
    const audit = await db()
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where((eb) => eb.or([eb.and([eb('entity', '=', 'event'), eb('entityId', '=', String(event.id))]), eb.and([eb('entity', '=', 'mediation_clue'), eb('entityId', '=', String(second.id))])]))
      .where('action', 'in', ['event.report', 'mediation.clue.convert'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['event.report', 'mediation.clue.convert']);
    expect(audit[0].details).toMatchObject({ source: 'clue', refModule: 'mediation.clue', refId: second.id });
    expect(audit[1].details).toMatchObject({ to: 'event', eventId: event.id });
    expect((await convert({ event: { categoryId: category.id } })).statusCode).toBe(409);
    const third = (await planning.post('/api/mediation/clues', { kind: 'other', title: '误报' })).json();
    const closed = await planning.post(`/api/mediation/clues/${third.id}/close`, { note: '经核实系误报', version: third.version });
    expect(closed.json()).toMatchObject({ status: 'closed', closeNote: '经核实系误报' });
    const f = await computeFigures(db(), w.j.id);
    expect(f.clues).toMatchObject({ recorded: 3, shared: 1, converted: 2, closed: 1, open: 0 });
  });
});
