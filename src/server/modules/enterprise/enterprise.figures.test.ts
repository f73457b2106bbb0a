import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildDemandRow, buildEnterprise } from '../../../../test/support/enterprise.factories.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import { measuresOf, periodTarget, rate, rollupDeltas, wholePercent, type DemandForRollup } from './enterprise.figures.ts';
import { computeFigures, splitPeriod } from './figures.service.ts';
import { rebuildRollup } from './demands.repository.ts';

const at = (s: string) => new Date(`${s}+08:00`);

describe('figure definitions (pure)', () => {
  it('gives every rate its numerator and denominator, and no rate over nothing', () => {
    expect(rate(519, 500)).toEqual({ numerator: 519, denominator: 500, value: 1.038, percent: 103.8 });
    expect(wholePercent(rate(519, 500))).toBe(104);
    expect(rate(3, 0)).toEqual({ numerator: 3, denominator: 0, value: null, percent: null });
  });

  it('takes whole years’ targets and prorates part of a year by days', () => {
    const targets = new Map([[2020, 500], [2021, 600]]);
    expect(periodTarget('2020-01-01', '2020-12-31', targets)).toEqual({ value: 500, years: [2020], prorated: false, missingYears: [] });
    expect(periodTarget('2020-01-01', '2021-12-31', targets).value).toBe(1100);
    expect(periodTarget('2020-01-01', '2020-06-30', targets)).toMatchObject({ value: 248.6, prorated: true }); // 182 of 366 days
    expect(periodTarget('2022-01-01', '2022-12-31', targets).missingYears).toEqual([2022]);
  });

  it('splits a period into whole months and partial edges', () => {
    expect(splitPeriod('2020-01-01', '2020-12-31')).toEqual({ whole: { from: '2020-01-01', to: '2020-12-01' }, partial: [] });
    expect(splitPeriod('2020-01-15', '2020-03-20')).toEqual({
      whole: { from: '2020-02-01', to: '2020-02-01' },
      partial: [
        { from: '2020-01-15', to: '2020-01-31' },
        { from: '2020-03-01', to: '2020-03-20' },
      ],
    });
    expect(splitPeriod('2020-02-03', '2020-02-10')).toEqual({ whole: null, partial: [{ from: '2020-02-03', to: '2020-02-10' }] });
  });

  it('moves a demand between rollup rows when its unit changes, and only adds the difference otherwise', () => {
    const base: DemandForRollup = {
      collectedOn: '2020-03-02',
      collectedAt: at('2020-03-02T10:00:00'),
      category: 'talent',
      officerId: 7,
      assignedUnitId: null,
      campaignId: null,
      status: 'collected',
      answeredAt: null,
      answerDueAt: at('2020-03-09T23:59:59'),
      resolvedAt: null,
      satisfaction: null,
    };
    expect(rollupDeltas(null, base)).toEqual([{ key: { month: '2020-03-01', category: 'talent', officerId: 7, unitId: 0, campaignId: 0 }, delta: measuresOf(base) }]);
    const assigned = { ...base, status: 'assigned', assignedUnitId: 3 };
    const moved = rollupDeltas(base, assigned);
    expect(moved.map((m) => [m.key.unitId, m.delta.collected])).toEqual([
      [0, -1],
      [3, 1],
    ]);
    const answered = { ...assigned, status: 'answered', answeredAt: at('2020-03-03T10:00:00') };
    expect(rollupDeltas(assigned, answered)).toEqual([
      { key: { month: '2020-03-01', category: 'talent', officerId: 7, unitId: 3, campaignId: 0 }, delta: { ...measuresOf({ ...base, collectedOn: '' }), collected: 0, answered: 1, answeredOnTime: 1, answerHours: 24 } },
    ]);
    expect(rollupDeltas(answered, { ...answered })).toEqual([]);
  });
});

describe.each(DB_KINDS)('figures on a hand-built data set on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let o1: number;
  let o2: number;
  let u1: number;
  let u2: number;
  let campaignId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    o1 = (await buildUser(db, jid, 'enterprise_officer', { displayName: '干部一' })).id;
    o2 = (await buildUser(db, jid, 'enterprise_officer', { displayName: '干部二' })).id;
    u1 = (await buildOrgUnit(db, jid, { name: '单位一' })).id;
    u2 = (await buildOrgUnit(db, jid, { name: '单位二' })).id;
    const [e1, e2, e3, e4] = [await buildEnterprise(db, jid), await buildEnterprise(db, jid), await buildEnterprise(db, jid), await buildEnterprise(db, jid)];
    campaignId = (await db.insertInto('enterpriseCampaigns').values({ jurisdictionId: jid, code: 'c1', name: '复工复产', year: 2020, startsOn: null, endsOn: null }).returning('id').executeTakeFirstOrThrow()).id;
    const project = await db.insertInto('enterpriseProjects').values({ jurisdictionId: jid, enterpriseId: e2.id, name: '二期', investmentWan: 1000, stage: 'construction' }).returning('id').executeTakeFirstOrThrow();
    const rows = [
      // 1: answered in 48 h, on time, confirmed (5)
      { e: e1.id, category: 'talent', status: 'confirmed', collectedAt: at('2020-01-10T09:00:00'), collectedOn: '2020-01-10', answerDueAt: at('2020-01-17T23:59:59'), answeredAt: at('2020-01-12T09:00:00'), resolvedAt: at('2020-01-13T09:00:00'), satisfaction: 5, officerId: o1, assignedUnitId: u1 },
      // 2: answered late (816 h), resolved, not rated
      { e: e1.id, category: 'land', status: 'resolved', collectedAt: at('2020-02-15T09:00:00'), collectedOn: '2020-02-15', answerDueAt: at('2020-02-29T23:59:59'), answeredAt: at('2020-03-20T09:00:00'), resolvedAt: at('2020-03-21T09:00:00'), officerId: o1, assignedUnitId: u2 },
      // 3: a project problem answered in 24 h, confirmed (3)
      { e: e2.id, category: 'project', status: 'confirmed', collectedAt: at('2020-02-20T10:00:00'), collectedOn: '2020-02-20', answerDueAt: at('2020-03-05T23:59:59'), answeredAt: at('2020-02-21T10:00:00'), resolvedAt: at('2020-02-22T10:00:00'), satisfaction: 3, officerId: o2, assignedUnitId: u1, projectId: project.id },
      // 4: not answered yet
      { e: e3.id, category: 'funding', status: 'assigned', collectedAt: at('2020-03-31T10:00:00'), collectedOn: '2020-03-31', answerDueAt: at('2020-04-14T23:59:59'), officerId: o2, assignedUnitId: u2 },
      // 5: collected on New Year's Eve, answered in 48 h in the next year, closed unresolved
      { e: e3.id, category: 'approval', status: 'closed_unresolved', collectedAt: at('2020-12-31T23:00:00'), collectedOn: '2020-12-31', answerDueAt: at('2021-01-08T23:59:59'), answeredAt: at('2021-01-02T23:00:00') },
      // 6: next year
      { e: e4.id, category: 'talent', status: 'collected', collectedAt: at('2021-01-05T10:00:00'), collectedOn: '2021-01-05', answerDueAt: at('2021-01-12T23:59:59'), officerId: o2 },
      // 7: in the campaign, answered in 2 h, confirmed (4)
      { e: e2.id, category: 'talent', status: 'confirmed', collectedAt: at('2020-03-15T08:00:00'), collectedOn: '2020-03-15', answerDueAt: at('2020-03-20T23:59:59'), answeredAt: at('2020-03-15T10:00:00'), resolvedAt: at('2020-03-16T10:00:00'), satisfaction: 4, officerId: o1, assignedUnitId: u1, campaignId },
    ];
    for (const { e, ...r } of rows) await buildDemandRow(db, jid, e, r);
    await rebuildRollup(db, jid);
    await db.insertInto('enterpriseTargets').values({ jurisdictionId: jid, year: 2020, collectionTarget: 5, updatedBy: null }).execute();
  });
  afterAll(() => t.close());

  it('computes the year’s figures with their numerators and denominators', async () => {
    const f = await computeFigures(t.database.db, jid, { from: '2020-01-01', to: '2020-12-31' });
    const d = f.demands;
    expect(d).toMatchObject({ enterprisesCovered: 3, collected: 6, problems: 5, projectProblems: 1, confirmed: 3, closedUnresolved: 1 });
    expect(d.target).toEqual({ value: 5, years: [2020], prorated: false, missingYears: [] });
    expect(d.collectionRate).toEqual({ numerator: 6, denominator: 5, value: 1.2, percent: 120 });
    expect(d.answerRate).toMatchObject({ numerator: 5, denominator: 6, percent: 83.3 });
    expect(d.onTimeAnswerRate).toMatchObject({ numerator: 4, denominator: 5, percent: 80 });
    expect(d.resolutionRate).toMatchObject({ numerator: 4, denominator: 6, percent: 66.7 });
    expect(d.avgAnswerHours).toEqual({ total: 938, count: 5, value: 187.6 });
    expect(d.satisfaction).toEqual({ total: 12, count: 3, value: 4 });
    expect(d.satisfiedRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(d.byCategory.map((c) => [c.key, c.collected, c.answered])).toEqual([
      ['talent', 2, 2],
      ['land', 1, 1],
      ['funding', 1, 0],
      ['approval', 1, 1],
      ['project', 1, 1],
    ]);
    expect(d.byMonth.map((m) => [m.key, m.collected])).toEqual([
      ['2020-01', 1],
      ['2020-02', 2],
      ['2020-03', 2],
      ['2020-12', 1],
    ]);
    expect(d.byUnit.map((u) => [u.label, u.collected])).toEqual([
      ['未交办', 1],
      ['单位一', 3],
      ['单位二', 2],
    ]);
    expect(d.byOfficer.map((o) => [o.label, o.collected, o.answerRate.numerator])).toEqual([
      ['未指定', 1, 1],
      ['干部一', 3, 3],
      ['干部二', 2, 1],
    ]);
  });

  it('computes a period with partial months from the rows, the same way as the rollup', async () => {
    const f = await computeFigures(t.database.db, jid, { from: '2020-01-15', to: '2020-03-20' });
    expect(f.demands).toMatchObject({ enterprisesCovered: 2, collected: 3, projectProblems: 1 });
    expect(f.demands.target).toMatchObject({ prorated: true, value: 0.9 });
    expect(f.demands.answerRate).toMatchObject({ numerator: 3, denominator: 3 });
    expect(f.demands.avgAnswerHours).toEqual({ total: 842, count: 3, value: 280.7 });
    const whole = await computeFigures(t.database.db, jid, { from: '2020-02-01', to: '2020-02-29' });
    const partial = await computeFigures(t.database.db, jid, { from: '2020-02-01', to: '2020-02-28' });
    expect(partial.demands.byCategory).toEqual(whole.demands.byCategory);
  });

  it('reports a campaign on its own, without a collection target', async () => {
    const f = await computeFigures(t.database.db, jid, { from: '2020-01-01', to: '2020-12-31', campaignId });
    expect(f.demands).toMatchObject({ enterprisesCovered: 1, collected: 1, target: null });
    expect(f.demands.collectionRate.denominator).toBe(0);
  });

  it('keeps the rollup equal to a rebuild from the rows after workflow moves through the API', async () => {
    const db = t.database.db;
    const officer = await t.login((await buildUser(db, jid, 'enterprise_officer')).username);
    const handler = await t.login((await buildUser(db, jid, 'handler', { orgUnitId: u2 })).username);
    const ent = await buildEnterprise(db, jid);
    for (const category of ['talent', 'land', 'policy']) {
      let d = (await officer.post('/api/enterprise/demands', { enterpriseId: ent.id, category, title: `诉求 ${category}`, source: 'visit' })).json();
      if (category === 'policy') {
        d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '政策已解读' })).json();
        d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'confirm', version: d.version, satisfaction: 4 })).json();
        continue;
      }
      d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: u1 })).json();
      d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'assign', version: d.version, unitId: u2 })).json();
      d = (await handler.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: '已答复' })).json();
      if (category === 'land') {
        d = (await officer.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'reject', version: d.version, reason: '企业不认可' })).json();
      }
    }
    const snapshot = async () =>
      (await db.selectFrom('enterpriseDemandRollup').selectAll().where('jurisdictionId', '=', jid).where('collected', '>', 0).execute())
        .map((r) => ({ ...r, answerHours: Math.round(r.answerHours * 1000) / 1000 }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const coverage = async () =>
      (await db.selectFrom('enterpriseDemandCoverage').selectAll().where('jurisdictionId', '=', jid).orderBy('year').orderBy('enterpriseId').execute());
    const live = await snapshot();
    const liveCoverage = await coverage();
    await rebuildRollup(db, jid);
    expect(live).toEqual(await snapshot());
    expect(liveCoverage).toEqual(await coverage());
    const year = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
    const byYear = await computeFigures(db, jid, { from: `${year}-01-01`, to: `${year}-12-31` });
    const byRows = await db
      .selectFrom('enterpriseDemands')
      .select((eb) => eb.fn.count<number>('enterpriseId').distinct().as('n'))
      .where('jurisdictionId', '=', jid)
      .where('collectedOn', '>=', `${year}-01-01`)
      .where('collectedOn', '<=', `${year}-12-31`)
      .executeTakeFirstOrThrow();
    expect(byYear.demands.enterprisesCovered).toBe(1);
    expect(Number(byRows.n)).toBe(byYear.demands.enterprisesCovered);
  });
});
