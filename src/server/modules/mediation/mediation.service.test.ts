// Intake desk and disputes through the HTTP API, against a real database: one-door intake, routing and
// 首接负责, personal data masked and revealed only with a reason (audited), every dispute move, and the linked
// departments' scope (a department sees only the cases linked to it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { mediationWorld, validIdCard } from '../../../../test/support/mediation.factories.ts';

type World = Awaited<ReturnType<typeof mediationWorld>>;

describe.each(DB_KINDS)('mediation intake and disputes on %s', (kind) => {
  let t: TestApp;
  let w: World;
  let mediator: Client;
  let labour: Client;
  let planning: Client;
  let leader: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await mediationWorld(t.database.db);
    mediator = await t.login(w.mediator.username);
    labour = await t.login(w.labourHandler.username);
    planning = await t.login(w.planningHandler.username);
    leader = await t.login(w.leader.username);
  });
  afterAll(() => t.close());

  const visitor = (i: number, over: Record<string, unknown> = {}) => ({ name: `张${i}明`, idCard: validIdCard(i), phone: `1380013${String(i).padStart(4, '0')}`, ...over });

  async function wageIntake(project = '北辰科技园二期', contractor = '宏达建筑劳务有限公司') {
    const res = await mediator.post('/api/mediation/intakes', {
      channel: 'visit',
      peopleCount: 12,
      matter: '12名农民工反映项目拖欠工资',
      matterType: 'wage',
      projectName: project,
      contractorName: contractor,
      visitors: [1, 2, 3].map((i) => visitor(i, { representative: true })),
      route: {
        track: 'dispute',
        dispute: {
          type: 'wage',
          title: `${project}拖欠农民工工资`,
          amountClaimed: 186000.5,
          workersInvolved: 12,
          respondents: [{ kind: 'enterprise', name: contractor }],
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('registers a collective wage visit, masks the people, routes it to mediation and warns', async () => {
    const intake = await wageIntake();
    expect(intake.collective).toBe(true);
    expect(intake.visitors).toHaveLength(3);
    const v = intake.visitors[0];
    expect(v.name).toBe('张*明');
    expect(v.idCard).toMatch(/^1201\*{10}\d{3}[\dX]$/);
    expect(v.phone).toBe('138****0001');
    expect(JSON.stringify(intake)).not.toContain(validIdCard(1));
    expect(intake.track).toBe('dispute');
    expect(intake.where).toMatchObject({ entity: 'dispute', status: 'registered' });
    expect(intake.receiverName).toBe('调解员');

    const warnings = await mediator.get('/api/mediation/warnings?rule=collective_visit');
    expect(warnings.json().items.some((x: { intakeId: number }) => x.intakeId === intake.id)).toBe(true);

    const d = (await mediator.get(`/api/mediation/disputes/${intake.disputeId}`)).json();
    expect(d.parties.map((p: { role: string }) => p.role)).toEqual(['applicant', 'applicant', 'applicant', 'respondent']);
    expect(d.parties[3]).toMatchObject({ kind: 'enterprise', name: '宏达建筑劳务有限公司' });
    expect(d.amountClaimed).toBe(186000.5);
  });

  it('refuses an invalid ID-card number, more than five representatives, and a group without representatives', async () => {
    const bad = await mediator.post('/api/mediation/intakes', {
      channel: 'visit', peopleCount: 1, matter: '咨询', visitors: [{ name: '李四', idCard: '120113198503120010' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toMatchObject({ problem: 'check_digit' });

    const six = await mediator.post('/api/mediation/intakes', {
      channel: 'visit', peopleCount: 30, matter: '集体访', visitors: [1, 2, 3, 4, 5, 6].map((i) => visitor(i, { representative: true })),
    });
    expect(six.statusCode).toBe(422);
    expect(six.json().error.code).toBe('mediation.too_many_representatives');

    const none = await mediator.post('/api/mediation/intakes', { channel: 'visit', peopleCount: 8, matter: '集体访', visitors: [visitor(1)] });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('mediation.representatives_required');
  });

  it('answers a consultation on the spot and guides a litigation matter to the court (诉访分离)', async () => {
    const c = await mediator.post('/api/mediation/intakes', {
      channel: 'phone', peopleCount: 1, matter: '咨询劳动合同解除补偿', visitors: [{ name: '王五' }],
      route: { track: 'consultation', note: '告知经济补偿计算标准' },
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().where.label).toBe('已当场解答，办结');

    const reg = (await mediator.post('/api/mediation/intakes', { channel: 'visit', peopleCount: 1, matter: '房屋买卖合同纠纷已起诉', visitors: [{ name: '赵六' }] })).json();
    expect(reg.where.label).toBe('待分流');
    const routed = await mediator.post(`/api/mediation/intakes/${reg.id}/route`, { track: 'litigation', referredTo: 'court', note: '已立案，引导依法诉讼', version: reg.version });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json().where.label).toContain('人民法院');
    const again = await mediator.post(`/api/mediation/intakes/${reg.id}/route`, { track: 'consultation', note: 'x', version: routed.json().version });
    expect(again.statusCode).toBe(409);
  });

  it('shows whole personal data only to the mediator with a reason, and audits each view without the data', async () => {
    const intake = (await mediator.post('/api/mediation/intakes', { channel: 'visit', peopleCount: 1, matter: '咨询', visitors: [visitor(7)] })).json();
    const personId = intake.visitors[0].id;
    expect((await labour.post(`/api/mediation/people/${personId}/reveal`, { reason: '核实身份' })).statusCode).toBe(403);
    expect((await leader.post(`/api/mediation/people/${personId}/reveal`, { reason: '核实身份' })).statusCode).toBe(403);
    expect((await mediator.post(`/api/mediation/people/${personId}/reveal`, {})).statusCode).toBe(400);
    expect((await mediator.post(`/api/mediation/people/${personId}/reveal`, { reason: ' ' })).statusCode).toBe(400);

    const ok = await mediator.post(`/api/mediation/people/${personId}/reveal`, { reason: '联系当事人送达调解书' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: personId, name: '张7明', idCard: validIdCard(7), phone: '13800130007' });
    expect(ok.headers['cache-control']).toBe('no-store');

    const rows = await t.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'mediation.person.reveal')
      .where('entityId', '=', String(personId))
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].actorId).toBe(w.mediator.id);
    expect(rows[0].details).toMatchObject({ reason: '联系当事人送达调解书', fields: ['name', 'idCard', 'phone'], owner: 'intake' });
    expect(JSON.stringify(rows[0].details)).not.toContain(validIdCard(7));
    expect(JSON.stringify(rows[0].details)).not.toContain('13800130007');

    const stored = await t.database.db.selectFrom('mediationPeople').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
    expect(stored.idCardEnc).not.toContain(validIdCard(7));
    expect(stored.nameEnc).not.toContain('张7明');
  });

  it('walks a wage dispute through every move with a linked department, which alone sees it', async () => {
    const intake = await wageIntake('滨河花园三期', '兴业劳务分包公司');
    const id = intake.disputeId as number;
    let d = (await mediator.get(`/api/mediation/disputes/${id}`)).json();
    const move = async (c: Client, body: Record<string, unknown>, status = 200) => {
      const r = await c.post(`/api/mediation/disputes/${id}/transitions`, { version: d.version, ...body });
      expect(r.statusCode, r.body).toBe(status);
      if (status === 200) d = r.json();
      return r;
    };

    // Departments see nothing until linked.
    expect((await labour.get(`/api/mediation/disputes/${id}`)).statusCode).toBe(404);
    expect((await labour.get('/api/mediation/disputes')).json().total).toBe(0);

    await move(mediator, { action: 'accept' });
    expect(d.status).toBe('accepted');
    expect(d.timeLimit).toEqual({ amount: 30, unit: 'calendar_days' });
    expect(d.dueAt).not.toBeNull();
    // Consent of both sides first (人民调解法 Art. 17).
    expect((await move(mediator, { action: 'start' }, 422)).json().error.code).toBe('mediation.consent_required');
    for (const p of d.parties) {
      const r = await mediator.post(`/api/mediation/disputes/${id}/parties/${p.id}/consent`, { consent: true, note: '当场签字' });
      expect(r.statusCode, r.body).toBe(200);
      d = r.json();
    }
    expect(d.consentComplete).toBe(true);
    await move(mediator, { action: 'start' });
    expect(d.status).toBe('mediating');

    // Link labour inspection (联动调处): it now sees and writes on this case, planning still does not.
    const linked = await mediator.post(`/api/mediation/disputes/${id}/links`, { orgUnitId: w.labour.id, note: '核查工资支付' });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await labour.get(`/api/mediation/disputes/${id}`)).statusCode).toBe(200);
    expect((await labour.get('/api/mediation/disputes')).json().items.map((x: { id: number }) => x.id)).toEqual([id]);
    expect((await planning.get(`/api/mediation/disputes/${id}`)).statusCode).toBe(404);
    expect((await planning.post(`/api/mediation/disputes/${id}/notes`, { note: '试图留痕' })).statusCode).toBe(404);
    const note = await labour.post(`/api/mediation/disputes/${id}/notes`, { note: '已调取工资支付台账' });
    expect(note.statusCode, note.body).toBe(200);
    expect(note.json().timeline.at(-1)).toMatchObject({ action: 'note', orgUnitName: '劳动保障监察大队' });
    d = note.json();
    // A linked (not leading) department cannot decide the case, nor take centre-only steps.
    expect((await move(labour, { action: 'agree' }, 403)).statusCode).toBe(403);
    expect((await labour.post(`/api/mediation/disputes/${id}/links`, { orgUnitId: w.planning.id })).statusCode).toBe(403);

    // Transfer to labour inspection as lead; it holds a session and reaches the agreement.
    await move(mediator, { action: 'transfer', orgUnitId: w.labour.id, reason: '涉嫌恶意欠薪，由劳动监察牵头' });
    expect(d.status).toBe('transferred');
    d = (await labour.get(`/api/mediation/disputes/${id}`)).json();
    expect(d.actions).toEqual(['resume', 'agree', 'fail']);
    const session = await labour.post(`/api/mediation/disputes/${id}/sessions`, {
      heldAt: new Date(Date.now() - 3600_000).toISOString(), mediatorName: '卫红梅', attendees: '工人代表3人、公司负责人', record: '双方同意分两期支付', result: 'agreement',
    });
    expect(session.statusCode, session.body).toBe(200);
    d = session.json();
    const today = new Date().toISOString().slice(0, 10);
    await move(labour, { action: 'agree', agreement: { form: 'written', signedOn: today, content: '分两期支付欠薪', amountAgreed: 180000, workersCovered: 12 } });
    expect(d).toMatchObject({ status: 'agreement', outcome: 'agreement', amountAgreed: 180000 });

    // Payments, including one that would exceed the agreement.
    const pay = async (c: Client, amount: number, status = 200) => {
      const r = await c.post(`/api/mediation/disputes/${id}/payments`, { paidOn: today, amount, workersPaid: 12 });
      expect(r.statusCode, r.body).toBe(status);
      if (status === 200) d = r.json();
      return r;
    };
    await pay(labour, 100000);
    await pay(mediator, 80000.01, 422);
    await pay(mediator, 80000);
    expect(d.amountPaid).toBe(180000);

    // Court confirmation within 30 days, then the follow-up call, then closing.
    const court = await mediator.post(`/api/mediation/disputes/${id}/court-confirmation`, { step: 'request', on: today, courtName: '北辰区人民法院', version: d.agreements[0].version });
    expect(court.statusCode, court.body).toBe(200);
    d = court.json();
    expect(d.agreements[0].courtStatus).toBe('requested');
    expect((await move(mediator, { action: 'close', reason: '履行完毕' }, 422)).json().error.code).toBe('mediation.followup_required');
    const fu = await mediator.post(`/api/mediation/disputes/${id}/followups`, { calledAt: new Date().toISOString(), fulfilment: 'fulfilled', satisfaction: 'satisfied', note: '工资已全部到账' });
    expect(fu.statusCode, fu.body).toBe(200);
    d = fu.json();
    await move(mediator, { action: 'close', reason: '履行完毕' });
    expect(d.status).toBe('closed');

    // The intake shows where the matter is now (首接负责).
    expect((await mediator.get(`/api/mediation/intakes/${intake.id}`)).json().where).toMatchObject({ status: 'closed', entity: 'dispute' });

    // Reopened after the agreement (the contractor stopped paying): back to mediating, and a warning.
    await move(mediator, { action: 'reopen', reason: '第二期工资未按期支付' });
    expect(d).toMatchObject({ status: 'mediating', reopenedCount: 1, outcome: null });
    const warns = (await leader.get('/api/mediation/warnings?rule=dispute_reopened')).json();
    expect(warns.items.some((x: { disputeId: number }) => x.disputeId === id)).toBe(true);

    // Then it fails: the other routes are told (Art. 26).
    expect((await move(mediator, { action: 'fail', reason: '公司拒不履行' }, 422)).json().error.code).toBe('mediation.routes_required');
    await move(mediator, { action: 'fail', reason: '公司拒不履行', routesTold: ['arbitration', 'labour_inspection'], routesNote: '已告知可申请劳动仲裁' });
    expect(d).toMatchObject({ status: 'failed', outcome: 'failed', routesTold: ['arbitration', 'labour_inspection'] });
    await move(mediator, { action: 'close', reason: '告知其他途径后结案' });
    expect(d.status).toBe('closed');
    expect(d.timeline.map((x: { action: string }) => x.action)).toEqual(
      expect.arrayContaining(['register', 'accept', 'consent', 'start', 'link', 'note', 'transfer', 'session', 'agree', 'payment', 'court_request', 'followup', 'close', 'reopen', 'fail']),
    );

    // Stale versions are refused.
    const stale = await mediator.post(`/api/mediation/disputes/${id}/transitions`, { action: 'reopen', version: 1, reason: 'x' });
    expect(stale.statusCode).toBe(409);
  });

  it('declines an unsuitable dispute with a reason, and refuses court confirmation after 30 days', async () => {
    const created = await mediator.post('/api/mediation/disputes', {
      type: 'neighbour', title: '噪音纠纷', parties: [{ role: 'applicant', name: '甲' }, { role: 'respondent', name: '乙' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    let d = created.json();
    expect((await mediator.post(`/api/mediation/disputes/${d.id}/transitions`, { action: 'decline', version: d.version })).statusCode).toBe(422);
    const declined = await mediator.post(`/api/mediation/disputes/${d.id}/transitions`, { action: 'decline', version: d.version, reason: '已进入诉讼程序' });
    expect(declined.json()).toMatchObject({ status: 'closed', outcome: 'declined' });

    d = (await mediator.post('/api/mediation/disputes', {
      type: 'contract', title: '货款纠纷', parties: [{ role: 'applicant', name: '丙' }, { role: 'respondent', name: '丁公司', kind: 'enterprise' }],
    })).json();
    const go = async (body: Record<string, unknown>) => {
      const r = await mediator.post(`/api/mediation/disputes/${d.id}/transitions`, { version: d.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      d = r.json();
    };
    await go({ action: 'accept' });
    for (const p of d.parties) d = (await mediator.post(`/api/mediation/disputes/${d.id}/parties/${p.id}/consent`, { consent: true })).json();
    await go({ action: 'start' });
    const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    await go({ action: 'agree', agreement: { form: 'written', signedOn: longAgo, content: '分期付款', amountAgreed: 5000 } });
    const late = await mediator.post(`/api/mediation/disputes/${d.id}/court-confirmation`, {
      step: 'request', on: new Date().toISOString().slice(0, 10), courtName: '北辰区人民法院', version: d.agreements[0].version,
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('mediation.court_confirmation_late');
    // Handlers cannot register disputes; leaders read but do not write.
    expect((await labour.post('/api/mediation/disputes', { type: 'other', title: 'x', parties: [] })).statusCode).toBe(403);
    expect((await leader.post(`/api/mediation/disputes/${d.id}/notes`, { note: 'x' })).statusCode).toBe(403);
    expect((await leader.get(`/api/mediation/disputes/${d.id}`)).statusCode).toBe(200);
  });

  it('takes a configured mediation time limit in working days', async () => {
    const set = await mediator.put('/api/mediation/settings', { disputeTimeLimit: { amount: 10, unit: 'working_days' } });
    expect(set.statusCode, set.body).toBe(200);
    let d = (await mediator.post('/api/mediation/disputes', { type: 'property', title: '物业费纠纷', parties: [] })).json();
    d = (await mediator.post(`/api/mediation/disputes/${d.id}/transitions`, { action: 'accept', version: d.version })).json();
    expect(d.timeLimit).toEqual({ amount: 10, unit: 'working_days' });
    const days = (new Date(d.dueAt).getTime() - new Date(d.acceptedAt).getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(10);
    await mediator.put('/api/mediation/settings', { disputeTimeLimit: { amount: 30, unit: 'calendar_days' } });
  });
});
