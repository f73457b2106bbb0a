// Petitions against a real database: the 15/60/30 limits as the service applies them (with a controlled clock),
// one extension, review and re-review windows, no further acceptance, the deadline jobs, the petitioner's public
// look-up by code (no personal data, rate limited) and rating, and the department scope.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestApp, clientFor, type Client, type TestApp } from '../../../../test/support/app.ts';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { mediationWorld, validIdCard } from '../../../../test/support/mediation.factories.ts';
import type { RequestContext } from '../../platform/context.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import { runDeadlineJob } from './mediation.jobs.ts';
import * as petitions from './mediation.petitions.ts';

type World = Awaited<ReturnType<typeof mediationWorld>>;
const cst = (s: string) => new Date(`${s}+08:00`);

describe.each(DB_KINDS)('petitions on %s', (kind) => {
  let t: TestApp;
  let w: World;
  let mediator: Client;
  let labour: Client;
  let planning: Client;
  let box: SecretBox;
  let ctx: RequestContext;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await mediationWorld(t.database.db);
    mediator = await t.login(w.mediator.username);
    labour = await t.login(w.labourHandler.username);
    planning = await t.login(w.planningHandler.username);
    box = new SecretBox(t.secretKey);
    ctx = {
      requestId: null,
      ip: null,
      actor: {
        userId: w.mediator.id, jurisdictionId: w.j.id, username: w.mediator.username, displayName: '调解员', role: 'mediator',
        orgUnitId: w.centre.id, enterpriseId: null, gridIds: [], sessionId: 'test',
      },
    };
  });
  afterAll(() => t.close());

  /** A petition registered at a given moment, through the service (the HTTP route stamps "now"). */
  async function registerAt(at: Date, over: Partial<petitions.PetitionDraft> = {}) {
    return petitions.registerPetition(t.database.db, ctx, box, {
      form: 'visit', type: 'wage', matter: '反映工资拖欠', registeredAt: at, petitioners: [{ name: '刘强', idCard: validIdCard(31), phone: '13900001111' }], ...over,
    });
  }
  const move = (id: number, version: number, input: Omit<petitions.PetitionTransitionInput, 'version'>, at: Date) =>
    petitions.transitionPetition(t.database.db, ctx, box, id, { ...input, version }, at);

  it('runs the statutory clock: 15 days to decide, 60 to handle, one extension of up to 30, then review and re-review', async () => {
    let p = await registerAt(cst('2020-09-20T15:00:00'));
    expect(p.acceptDueAt.toISOString()).toBe(cst('2020-10-09T23:59:59.999').toISOString());
    const jobs = await t.database.db.selectFrom('jobs').selectAll().where('uniqueKey', 'like', `mediation:petition:${p.id}:%`).execute();
    expect(jobs.map((j) => j.uniqueKey).sort()).toEqual([`mediation:petition:${p.id}:due`, `mediation:petition:${p.id}:warn`]);

    p = await move(p.id, p.version, { action: 'accept', procedure: 'petition_handling', handlingOrgUnitId: w.labour.id, reason: '依法受理' }, cst('2020-09-28T10:00:00'));
    expect(p).toMatchObject({ status: 'accepted', acceptOnTime: true, handlingOrgUnitName: '劳动保障监察大队' });
    // 2020-09-28 + 60 = 2020-11-27 (Friday).
    expect(p.handleDueAt!.toISOString()).toBe(cst('2020-11-27T23:59:59.999').toISOString());

    await expect(move(p.id, p.version, { action: 'extend', extensionDays: 31, reason: '案情复杂' }, cst('2020-11-20T10:00:00'))).rejects.toMatchObject({
      code: 'mediation.petition.extension_too_long',
    });
    p = await move(p.id, p.version, { action: 'extend', extensionDays: 30, reason: '需会同住建部门核查' }, cst('2020-11-20T10:00:00'));
    expect(p.extended).toBe(true);
    // The extension runs on from 2020-11-27: 2020-12-27 is a Sunday → Monday 2020-12-28.
    expect(p.handleDueAt!.toISOString()).toBe(cst('2020-12-28T23:59:59.999').toISOString());
    expect(p.extensionToldAt).not.toBeNull();
    await expect(move(p.id, p.version, { action: 'extend', extensionDays: 5, reason: '再延' }, cst('2020-11-21T10:00:00'))).rejects.toMatchObject({
      code: 'mediation.petition.already_extended',
    });

    p = await move(p.id, p.version, { action: 'decide', outcome: 'partly_supported', reason: '责令总包单位支付', docNo: '北辰开信处〔2020〕12号' }, cst('2020-12-10T10:00:00'));
    expect(p).toMatchObject({ status: 'decided', handleOnTime: true, decisionOutcome: 'partly_supported' });
    expect(p.reviewRequestUntil!.toISOString()).toBe(cst('2021-01-11T23:59:59.999').toISOString()); // 01-09 is a Saturday

    await expect(move(p.id, p.version, { action: 'request_review' }, cst('2021-01-12T09:00:00'))).rejects.toMatchObject({
      code: 'mediation.petition.review_window_closed',
    });
    p = await move(p.id, p.version, { action: 'request_review', reason: '不服处理意见' }, cst('2021-01-08T09:00:00'));
    expect(p.reviewDueAt!.toISOString()).toBe(cst('2021-02-07T23:59:59.999').toISOString()); // 2021-02-07 was a make-up working Sunday
    p = await move(p.id, p.version, { action: 'answer_review', outcome: 'upheld', reason: '维持原处理意见' }, cst('2021-02-01T09:00:00'));
    expect(p).toMatchObject({ status: 'reviewed', reviewOutcome: 'upheld' });
    p = await move(p.id, p.version, { action: 'request_rereview', reason: '不服复查意见' }, cst('2021-02-20T09:00:00'));
    p = await move(p.id, p.version, { action: 'answer_rereview', outcome: 'upheld', reason: '维持' }, cst('2021-03-01T09:00:00'));
    expect(p).toMatchObject({ status: 'rereviewed', final: true, actions: [] });
    await expect(move(p.id, p.version, { action: 'request_review' }, cst('2021-03-02T09:00:00'))).rejects.toMatchObject({ code: 'mediation.petition.final' });
    // The same matter again is not accepted (Art. 36).
    await expect(registerAt(cst('2021-03-05T09:00:00'), { previousPetitionId: p.id })).rejects.toMatchObject({ code: 'mediation.petition.final' });
    // No open stage: no pending jobs left.
    const left = await t.database.db.selectFrom('jobs').select('id').where('uniqueKey', 'like', `mediation:petition:${p.id}:%`).where('status', '=', 'pending').execute();
    expect(left).toHaveLength(0);
  });

  it('records late decisions as not on time, and warns ahead of and at the limit through its jobs', async () => {
    const p = await registerAt(cst('2020-06-01T09:00:00'));
    // The warning job three days ahead raises a near-limit warning; the due job a red one and a timeline row.
    expect(await runDeadlineJob(t.database.db, { entity: 'petition', id: p.id, stage: 'accept', phase: 'warn', dueAt: p.acceptDueAt.toISOString() }, cst('2020-06-13T23:59:59'))).toBe('done');
    expect(await runDeadlineJob(t.database.db, { entity: 'petition', id: p.id, stage: 'accept', phase: 'due', dueAt: p.acceptDueAt.toISOString() }, cst('2020-06-17T00:00:01'))).toBe('done');
    const warns = await t.database.db.selectFrom('mediationWarnings').selectAll().where('petitionId', '=', p.id).orderBy('id').execute();
    expect(warns.map((x) => [x.rule, x.level])).toEqual([
      ['petition_near_limit', 'yellow'],
      ['petition_near_limit', 'red'],
    ]);
    // Running the same job again changes nothing.
    await runDeadlineJob(t.database.db, { entity: 'petition', id: p.id, stage: 'accept', phase: 'due', dueAt: p.acceptDueAt.toISOString() }, cst('2020-06-17T00:00:02'));
    expect(await t.database.db.selectFrom('mediationWarnings').select('id').where('petitionId', '=', p.id).execute()).toHaveLength(2);

    const late = await move(p.id, p.version, { action: 'not_accept', reason: '属于劳动仲裁受理范围，已书面告知' }, cst('2020-06-20T10:00:00'));
    expect(late).toMatchObject({ status: 'not_accepted', acceptOnTime: false });
    // A job for a stage that has ended is stale.
    expect(await runDeadlineJob(t.database.db, { entity: 'petition', id: p.id, stage: 'accept', phase: 'due', dueAt: p.acceptDueAt.toISOString() })).toBe('stale');
  });

  it('lets the department a matter was forwarded to object within five working days, and see only its own petitions', async () => {
    let p = await registerAt(cst('2020-09-25T10:00:00'));
    p = await move(p.id, p.version, { action: 'forward', forwardedOrgUnitId: w.planning.id, reason: '属规划建设局职责' }, cst('2020-09-28T11:00:00'));
    expect(p.objectionDueAt!.toISOString()).toBe(cst('2020-10-12T23:59:59.999').toISOString());
    // Planning sees it; labour does not.
    expect((await planning.get(`/api/mediation/petitions/${p.id}`)).statusCode).toBe(200);
    expect((await labour.get(`/api/mediation/petitions/${p.id}`)).statusCode).toBe(404);
    expect((await labour.get('/api/mediation/petitions')).json().items.some((x: { id: number }) => x.id === p.id)).toBe(false);
    // Labour cannot object for planning.
    const planningCtx: RequestContext = { ...ctx, actor: { ...ctx.actor!, userId: w.planningHandler.id, role: 'handler', orgUnitId: w.planning.id } };
    const labourCtx: RequestContext = { ...ctx, actor: { ...ctx.actor!, userId: w.labourHandler.id, role: 'handler', orgUnitId: w.labour.id } };
    await expect(petitions.transitionPetition(t.database.db, labourCtx, box, p.id, { action: 'object', version: p.version, reason: 'x' }, cst('2020-10-09T10:00:00'))).rejects.toMatchObject({ status: 404 });
    await expect(
      petitions.transitionPetition(t.database.db, planningCtx, box, p.id, { action: 'object', version: p.version, reason: '非本部门职责' }, cst('2020-10-13T09:00:00')),
    ).rejects.toMatchObject({ code: 'mediation.petition.objection_window_closed' });
    p = await petitions.transitionPetition(t.database.db, planningCtx, box, p.id, { action: 'object', version: p.version, reason: '非本部门职责' }, cst('2020-10-12T17:00:00'));
    expect(p.status).toBe('registered');
    // Back with the centre: planning no longer sees it.
    expect((await planning.get(`/api/mediation/petitions/${p.id}`)).statusCode).toBe(404);
  });

  it('opens a dispute when a petition is accepted for mediation, and the wage rule does not count it twice', async () => {
    let p = await registerAt(cst('2020-08-03T09:00:00'), { projectName: '双子星广场', contractorName: '某劳务公司' });
    p = await move(p.id, p.version, { action: 'accept', procedure: 'mediation', reason: '转入调解', dispute: { amountClaimed: 5000, workersInvolved: 2 } }, cst('2020-08-04T09:00:00'));
    expect(p.disputeId).not.toBeNull();
    const d = (await mediator.get(`/api/mediation/disputes/${p.disputeId}`)).json();
    expect(d).toMatchObject({ type: 'wage', projectName: '双子星广场', amountClaimed: 5000 });
    expect(d.parties.map((x: { role: string; name: string }) => [x.role, x.name])).toEqual([['applicant', '刘*']]);
  });

  it('shows the petitioner progress by code without personal data, and takes one rating after an answer', async () => {
    const created = await mediator.post('/api/mediation/petitions', {
      form: 'letter', type: 'property', matter: '小区物业长期不维修电梯', petitioners: [{ name: '孙丽华', idCard: validIdCard(41), phone: '13700004444' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    let p = created.json();
    const anon = t.anonymous();
    const look = await anon.get(`/api/public/mediation/petitions/${p.trackCode.toLowerCase()}`);
    expect(look.statusCode, look.body).toBe(200);
    const body = look.body;
    for (const secret of ['孙丽华', '孙*华', validIdCard(41), '13700004444', '137****4444', '电梯', p.code]) expect(body).not.toContain(secret);
    expect(look.json()).toMatchObject({ status: 'registered', canRate: false, steps: [{ label: '信访事项已登记' }] });
    expect((await anon.post(`/api/public/mediation/petitions/${p.trackCode}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
    expect((await anon.get('/api/public/mediation/petitions/ZZZZZZZZZZZZ')).statusCode).toBe(404);

    p = (await mediator.post(`/api/mediation/petitions/${p.id}/transitions`, { action: 'accept', procedure: 'statutory_duty', handlingOrgUnitId: w.planning.id, version: p.version })).json();
    p = (await planning.post(`/api/mediation/petitions/${p.id}/transitions`, { action: 'decide', outcome: 'supported', reason: '责成物业限期维修', version: p.version })).json();
    expect(p.status).toBe('decided');
    const rated = await anon.post(`/api/public/mediation/petitions/${p.trackCode}/rating`, { rating: 'basic', comment: '处理及时' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ rating: 'basic', canRate: false });
    expect((await anon.post(`/api/public/mediation/petitions/${p.trackCode}/rating`, { rating: 'unsatisfied' })).statusCode).toBe(409);
    expect((await mediator.get(`/api/mediation/petitions/${p.id}`)).json()).toMatchObject({ rating: 'basic', ratingComment: '处理及时' });
  });
});

describe('the public petition look-up', () => {
  it('is rate limited', async () => {
    const database = await createTestDatabase('pglite');
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', ZHILI_DATA_DIR: '/tmp/zhili-test-unused' }),
      database, secretKey: randomBytes(32), logger: false, rateLimits: { login: 100, public: 3 }, webDir: '/nonexistent',
    });
    await app.ready();
    try {
      const c = clientFor(app, '', '');
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await c.get('/api/public/mediation/petitions/ABCDEFGH2345')).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
