import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEnterprise, makeCreditCode } from '../../../../test/support/enterprise.factories.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';

describe.each(DB_KINDS)('enterprise services on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let unitA: number;
  let unitB: number;
  let officer: Client;
  let officerId: number;
  let handlerA: Client;
  let handlerB: Client;
  let leader: Client;
  let ent1: { id: number };
  let ent2: { id: number };
  let qiye1: Client;
  let qiye2: Client;
  let outsider: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    unitA = (await buildOrgUnit(db, jid, { name: '人社局' })).id;
    unitB = (await buildOrgUnit(db, jid, { name: '规划局' })).id;
    const o = await buildUser(db, jid, 'enterprise_officer', { displayName: '包联甲' });
    officerId = o.id;
    officer = await t.login(o.username);
    handlerA = await t.login((await buildUser(db, jid, 'handler', { orgUnitId: unitA })).username);
    handlerB = await t.login((await buildUser(db, jid, 'handler', { orgUnitId: unitB })).username);
    leader = await t.login((await buildUser(db, jid, 'leader')).username);
    ent1 = await buildEnterprise(db, jid, { name: '远航工贸有限公司', officerIds: [o.id] });
    ent2 = await buildEnterprise(db, jid, { name: '中荣印刷有限公司' });
    qiye1 = await t.login((await buildUser(db, jid, 'enterprise', { enterpriseId: ent1.id })).username);
    qiye2 = await t.login((await buildUser(db, jid, 'enterprise', { enterpriseId: ent2.id })).username);
    const otherJ = (await buildJurisdiction(db)).id;
    outsider = await t.login((await buildUser(db, otherJ, 'enterprise_officer')).username);
  });
  afterAll(() => t.close());

  describe('registry', () => {
    it('refuses a credit code with a bad character, naming its position', async () => {
      const res = await officer.post('/api/enterprise/enterprises', { name: '错误代码公司', creditCode: '91120113MA05K1I34P' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('第15位字符“I”');
      expect(res.json().error.details.problem).toMatchObject({ kind: 'character', position: 15, char: 'I' });
    });

    it('refuses a wrong check character, naming the expected one', async () => {
      const res = await officer.post('/api/enterprise/enterprises', { name: '校验错误公司', creditCode: '91120113MA05K1234Q' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('第18位校验码应为“P”');
    });

    it('registers an enterprise with an encrypted, masked phone, finds it by name or code, and refuses a duplicate code', async () => {
      const code = makeCreditCode();
      const res = await officer.post('/api/enterprise/enterprises', {
        name: '北辰精密机械有限公司',
        creditCode: code.toLowerCase(),
        size: 'small',
        contactName: '王经理',
        contactPhone: '13812345678',
        tags: ['重点企业', '重点企业', '规上企业'],
        officerIds: [officerId],
      });
      expect(res.statusCode).toBe(201);
      const e = res.json();
      expect(e).toMatchObject({ creditCode: code, contactPhoneMasked: '138****5678', tags: ['重点企业', '规上企业'], officers: [{ userId: officerId, isPrimary: true }] });
      expect(JSON.stringify(e)).not.toContain('13812345678');
      const stored = await t.database.db.selectFrom('enterprises').select('contactPhoneEnc').where('id', '=', e.id).executeTakeFirstOrThrow();
      expect(stored.contactPhoneEnc).toMatch(/^v1:/);

      const byName = (await officer.get(`/api/enterprise/enterprises?q=${encodeURIComponent('精密')}`)).json();
      expect(byName.items.map((i: { id: number }) => i.id)).toEqual([e.id]);
      const byCode = (await officer.get(`/api/enterprise/enterprises?q=${code.slice(6, 14)}`)).json();
      expect(byCode.items.map((i: { id: number }) => i.id)).toEqual([e.id]);
      const tagged = (await officer.get(`/api/enterprise/enterprises?tag=${encodeURIComponent('重点企业')}`)).json();
      expect(tagged.total).toBe(1);

      const dup = await officer.post('/api/enterprise/enterprises', { name: '另一家', creditCode: code });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('enterprise.duplicate_credit_code');

      const reveal = await officer.post(`/api/enterprise/enterprises/${e.id}/contact`, { reason: '电话回访' });
      expect(reveal.json()).toEqual({ contactName: '王经理', contactPhone: '13812345678' });
      const audit = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'enterprise.contact_reveal').where('entityId', '=', String(e.id)).executeTakeFirstOrThrow();
      expect(JSON.stringify(audit.details)).not.toContain('13812345678');
      expect((await leader.post(`/api/enterprise/enterprises/${e.id}/contact`, { reason: '看看' })).statusCode).toBe(403);

      const stale = await officer.patch(`/api/enterprise/enterprises/${e.id}`, { version: e.version + 5, industry: '机械' });
      expect(stale.statusCode).toBe(409);
      const ok = await officer.patch(`/api/enterprise/enterprises/${e.id}`, { version: e.version, industry: '机械' });
      expect(ok.json()).toMatchObject({ industry: '机械', version: e.version + 1 });
    });

    it('keeps other zones, other enterprises and unrelated units out (404)', async () => {
      expect((await outsider.get(`/api/enterprise/enterprises/${ent1.id}`)).statusCode).toBe(404);
      expect((await outsider.get('/api/enterprise/enterprises')).json().total).toBe(0);
      expect((await qiye1.get(`/api/enterprise/enterprises/${ent1.id}`)).statusCode).toBe(200);
      expect((await qiye1.get(`/api/enterprise/enterprises/${ent2.id}`)).statusCode).toBe(404);
      const own = (await qiye1.get('/api/enterprise/enterprises')).json();
      expect(own.items.map((i: { id: number }) => i.id)).toEqual([ent1.id]);
      expect((await handlerA.get(`/api/enterprise/enterprises/${ent2.id}`)).statusCode).toBe(404);
      expect((await qiye1.post('/api/enterprise/enterprises', { name: 'x', creditCode: makeCreditCode() })).statusCode).toBe(403);
    });
  });

  describe('demands', () => {
    it('goes from the enterprise to the officer, the unit and back, with timeline, audit and notices', async () => {
      const sub = await qiye1.post('/api/enterprise/demands', { enterpriseId: ent1.id, category: 'talent', title: '一线工人返厂困难', description: '需协调 30 名工人返厂', source: 'hotline' });
      expect(sub.statusCode).toBe(201);
      let d = sub.json();
      expect(d).toMatchObject({ status: 'collected', source: 'online', officerId, enterpriseName: '远航工贸有限公司', dueState: 'ok' });
      expect(new Date(d.answerDueAt).getTime()).toBeGreaterThan(Date.now());

      // The enterprise cannot assign; the unit cannot see it before it is assigned.
      expect((await qiye1.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: unitA })).statusCode).toBe(403);
      expect((await handlerA.get(`/api/enterprise/demands/${d.id}`)).statusCode).toBe(404);

      const assigned = await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: unitA });
      expect(assigned.statusCode).toBe(200);
      d = assigned.json();
      expect(d).toMatchObject({ status: 'assigned', assignedUnitId: unitA, unitName: '人社局' });

      expect((await handlerB.get(`/api/enterprise/demands/${d.id}`)).statusCode).toBe(404);
      expect((await handlerB.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '已协调' })).statusCode).toBe(404);
      const boardA = (await handlerA.get('/api/enterprise/demands')).json();
      expect(boardA.items.map((i: { id: number }) => i.id)).toContain(d.id);
      expect((await handlerB.get('/api/enterprise/demands')).json().items).toEqual([]);

      const stale = await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version - 1, answer: '已协调' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('enterprise_demand.stale_version');
      const noText = await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version });
      expect(noText.statusCode).toBe(400);

      const answered = await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '已联系人社局协调专车接送 30 名工人返厂' });
      d = answered.json();
      expect(d).toMatchObject({ status: 'answered', dueState: 'done' });
      expect(d.actions).toEqual(['resolve']);

      const seen = (await qiye1.get(`/api/enterprise/demands/${d.id}`)).json();
      expect(seen.actions).toEqual(['confirm', 'reject']);
      const noRating = await qiye1.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'confirm', version: d.version });
      expect(noRating.statusCode).toBe(400);
      const confirmed = await qiye1.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'confirm', version: d.version, satisfaction: 5, comment: '很及时' });
      d = confirmed.json();
      expect(d).toMatchObject({ status: 'confirmed', satisfaction: 5 });
      expect(d.resolvedAt).not.toBeNull();

      const again = await qiye1.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'reject', version: d.version, reason: '再看看' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('enterprise.invalid_transition');

      const timeline = (await qiye1.get(`/api/enterprise/demands/${d.id}/timeline`)).json();
      expect(timeline.map((r: { action: string; toStatus: string }) => `${r.action}:${r.toStatus}`)).toEqual([
        'collect:collected',
        'assign:assigned',
        'answer:answered',
        'confirm:confirmed',
      ]);
      const audits = await t.database.db.selectFrom('auditLog').select('action').where('entity', '=', 'enterprise_demand').where('entityId', '=', String(d.id)).orderBy('seq').execute();
      expect(audits.map((a) => a.action)).toEqual(['enterprise.demand_create', 'enterprise.demand_assign', 'enterprise.demand_answer', 'enterprise.demand_confirm']);
      const notices = await t.database.db.selectFrom('notifications').select(['kind', 'userId']).where('entity', '=', 'enterprise_demand').where('entityId', '=', String(d.id)).execute();
      expect(notices.map((n) => n.kind).sort()).toEqual(
        ['enterprise.demand_new', 'enterprise.demand_assigned', 'enterprise.demand_answered', 'enterprise.demand_answered', 'enterprise.demand_confirmed'].sort(),
      );
      // The enterprise's contact hears of the answer; the officer of the answer and of the confirmation.
      expect(notices.filter((n) => n.userId === officerId).map((n) => n.kind).sort()).toEqual(['enterprise.demand_answered', 'enterprise.demand_confirmed', 'enterprise.demand_new']);
      const job = await t.database.db.selectFrom('jobs').select('status').where('uniqueKey', '=', `enterprise.demand.answer_due:${d.id}`).execute();
      expect(job.filter((j) => j.status === 'pending')).toEqual([]);
    });

    it('lets an enterprise see and act only on its own demands (404 for another enterprise)', async () => {
      const mine = (await officer.post('/api/enterprise/demands', { enterpriseId: ent2.id, category: 'land', title: '扩建用地', source: 'visit' })).json();
      expect((await qiye1.get(`/api/enterprise/demands/${mine.id}`)).statusCode).toBe(404);
      expect((await qiye1.get(`/api/enterprise/demands/${mine.id}/timeline`)).statusCode).toBe(404);
      expect((await qiye1.post(`/api/enterprise/demands/${mine.id}/transitions`, { action: 'confirm', version: mine.version, satisfaction: 1 })).statusCode).toBe(404);
      expect((await qiye1.post('/api/enterprise/demands', { enterpriseId: ent2.id, category: 'land', title: '冒名提交' })).statusCode).toBe(404);
      const list1 = (await qiye1.get('/api/enterprise/demands?pageSize=200')).json();
      expect(list1.items.every((i: { enterpriseId: number }) => i.enterpriseId === ent1.id)).toBe(true);
      const list2 = (await qiye2.get('/api/enterprise/demands')).json();
      expect(list2.items.map((i: { id: number }) => i.id)).toContain(mine.id);
      expect((await outsider.get(`/api/enterprise/demands/${mine.id}`)).statusCode).toBe(404);
    });

    it('returns to the officer, rejects an answer back to the unit, and closes unresolved with a reason', async () => {
      let d = (await officer.post('/api/enterprise/demands', { enterpriseId: ent1.id, category: 'approval', title: '环评审批进度', source: 'visit' })).json();
      d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: unitB })).json();
      expect((await handlerB.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'return', version: d.version })).statusCode).toBe(400);
      d = (await handlerB.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'return', version: d.version, reason: '不属于本单位职责' })).json();
      expect(d.status).toBe('returned');
      d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: unitA })).json();
      d = (await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '正在办理' })).json();
      const firstAnswer = d.answeredAt;
      d = (await qiye1.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'reject', version: d.version, reason: '没有给出办结时间' })).json();
      expect(d).toMatchObject({ status: 'assigned', assignedUnitId: unitA, rejectCount: 1 });
      d = (await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '预计 10 个工作日内办结' })).json();
      expect(d.answeredAt).toBe(firstAnswer);
      d = (await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'resolve', version: d.version })).json();
      expect(d.status).toBe('resolved');
      expect((await handlerA.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'close_unresolved', version: d.version, reason: 'x' })).statusCode).toBe(403);
      d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'close_unresolved', version: d.version, reason: '受政策限制无法解决' })).json();
      expect(d).toMatchObject({ status: 'closed_unresolved', closeReason: '受政策限制无法解决' });
    });

    it('records a visit whose problems become demands, and a project problem with its project', async () => {
      const res = await officer.post('/api/enterprise/visits', {
        enterpriseId: ent1.id,
        mode: 'on_site',
        visitDate: '2020-03-02',
        participants: '企业负责人、包联干部',
        notes: '复工复产走访',
        problems: [
          { category: 'talent', title: '缺少口罩生产线工人' },
          { category: 'project', title: '新厂房施工许可', project: { name: '远航二期厂房', investmentWan: 5000, stage: 'preparation' } },
        ],
      });
      expect(res.statusCode).toBe(201);
      const v = res.json();
      expect(v.problemCount).toBe(2);
      expect(v.demands.map((d: { source: string; collectedOn: string }) => `${d.source}:${d.collectedOn}`)).toEqual(['visit:2020-03-02', 'visit:2020-03-02']);
      const project = v.demands[1].project;
      expect(project).toMatchObject({ name: '远航二期厂房', investmentWan: 5000, stage: 'preparation' });
      const noProject = await officer.post('/api/enterprise/demands', { enterpriseId: ent1.id, category: 'project', title: '缺项目' });
      expect(noProject.statusCode).toBe(400);
      const seen = (await qiye1.get('/api/enterprise/visits')).json();
      expect(seen.items.map((i: { id: number }) => i.id)).toContain(v.id);
      expect((await qiye2.get(`/api/enterprise/visits/${v.id}`)).statusCode).toBe(404);
    });
  });

  describe('job posts, financing, campaigns and targets', () => {
    it('records job-posting help and a financing application with its outcome', async () => {
      const camp = (await officer.post('/api/enterprise/campaigns', { code: 'fgfc-2020', name: '复工复产', year: 2020, startsOn: '2020-02-01', endsOn: '2020-06-30' })).json();
      const job = await officer.post('/api/enterprise/job-posts', { enterpriseId: ent1.id, postedOn: '2020-03-05', channel: 'online_platform', positionsCount: 5, positionTitles: ['普工', '质检员'], campaignId: camp.id });
      expect(job.statusCode).toBe(201);
      const hired = await officer.patch(`/api/enterprise/job-posts/${job.json().id}`, { version: 1, hiredCount: 4 });
      expect(hired.json().hiredCount).toBe(4);
      const ev = (await officer.post('/api/enterprise/bank-events', { heldOn: '2020-04-10', name: '银企对接会', banks: ['工商银行', '农商银行'], campaignId: camp.id })).json();
      const app1 = (await officer.post('/api/enterprise/financing', { enterpriseId: ent1.id, eventId: ev.id, bank: '工商银行', requestedWan: 1000, appliedOn: '2020-04-10' })).json();
      expect(app1).toMatchObject({ status: 'pending', campaignId: camp.id });
      const bad = await officer.post(`/api/enterprise/financing/${app1.id}/outcome`, { version: 1, outcome: 'granted', grantedWan: 800, grantedOn: '2020-04-01' });
      expect(bad.statusCode).toBe(400);
      const granted = await officer.post(`/api/enterprise/financing/${app1.id}/outcome`, { version: 1, outcome: 'granted', grantedWan: 800, grantedOn: '2020-05-08' });
      expect(granted.json()).toMatchObject({ status: 'granted', grantedWan: 800, grantedOn: '2020-05-08' });
      const app2 = (await officer.post('/api/enterprise/financing', { enterpriseId: ent2.id, eventId: ev.id, bank: '农商银行', requestedWan: 300, appliedOn: '2020-04-10' })).json();
      const declined = await officer.post(`/api/enterprise/financing/${app2.id}/outcome`, { version: 1, outcome: 'declined', declinedReason: '抵押物不足' });
      expect(declined.json().status).toBe('declined');
      expect((await qiye1.get('/api/enterprise/financing')).json().items.map((i: { id: number }) => i.id)).toEqual([app1.id]);

      const f = (await leader.get(`/api/enterprise/figures?from=2020-01-01&to=2020-12-31&campaignId=${camp.id}`)).json();
      expect(f.jobs).toEqual({ enterprisesHelped: 1, postings: 1, positions: 5, hired: 4 });
      expect(f.financing).toMatchObject({ events: 1, enterprisesMatched: 2, applications: 2, enterprisesFinanced: 1, grantedWan: 800, declined: 1 });
      expect(f.financing.financedRate).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
      const perCampaign = (await leader.get('/api/enterprise/figures/campaigns')).json();
      expect(perCampaign[0].campaign.code).toBe('fgfc-2020');
      expect(perCampaign[0].jobs.positions).toBe(5);
    });

    it('sets the year’s target once, then only with its version', async () => {
      const t1 = await officer.put('/api/enterprise/targets/2031', { collectionTarget: 500 });
      expect(t1.json()).toMatchObject({ year: 2031, collectionTarget: 500, version: 1 });
      expect((await officer.put('/api/enterprise/targets/2031', { collectionTarget: 520 })).statusCode).toBe(409);
      expect((await officer.put('/api/enterprise/targets/2031', { collectionTarget: 520, version: 1 })).json().collectionTarget).toBe(520);
      expect((await leader.put('/api/enterprise/targets/2031', { collectionTarget: 1, version: 2 })).statusCode).toBe(403);
    });
  });
});
