import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { DB_KINDS } from '../../../test/support/db.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { computeFigures, wholePercent } from '../modules/enterprise/index.ts';
import { DEMO_ENTERPRISE_2021, DEMO_ENTERPRISE_USER, SEED_ENTERPRISE_2020, seedEnterpriseDemo } from './enterprise.demo.ts';
import { seedGridsDemo } from './grids.demo.ts';
import { DEMO_PASSWORD, seedIdentityDemo, type DemoContext } from './identity.demo.ts';

describe.each(DB_KINDS)('enterprise demo data on %s', (kind) => {
  let t: TestApp;
  let ctx: DemoContext;

  beforeAll(async () => {
    const secretKey = randomBytes(32);
    t = await createTestApp(kind, { secretKey });
    const box = new SecretBox(secretKey);
    ctx = await seedIdentityDemo(t.database.db, box);
    await seedGridsDemo(t.database.db, box, ctx);
    await seedEnterpriseDemo(t.database.db, box, ctx);
  });
  afterAll(() => t.close());

  it('reproduces the seed report’s 2020 figures exactly', async () => {
    const f = await computeFigures(t.database.db, ctx.jurisdictionId, { from: '2020-01-01', to: '2020-12-31' });
    const d = f.demands;
    expect(d.enterprisesCovered).toBe(485);
    expect(d.problems).toBe(509);
    expect(d.projectProblems).toBe(10);
    // Collection rate: all demands collected (509 + 10) over the office's target of 500 = 103.8% → 104%.
    expect(d.collectionRate).toMatchObject({ numerator: 519, denominator: 500, percent: 103.8 });
    expect(wholePercent(d.collectionRate)).toBe(SEED_ENTERPRISE_2020.collectionRatePercent);
    expect(d.answerRate).toMatchObject({ numerator: 519, denominator: 519, percent: 100 });
    expect(d.byCategory.map((c) => [c.key, c.collected])).toEqual([
      ['talent', 168],
      ['land', 62],
      ['funding', 121],
      ['approval', 98],
      ['project', 10],
      ['policy', 40],
      ['other', 20],
    ]);
    expect(f.jobs).toMatchObject({ enterprisesHelped: 208, positions: 809 });
    expect(f.financing.enterprisesMatched).toBe(52);
    expect(f.financing.enterprisesMatched).toBeGreaterThan(50);
    expect(f.financing).toMatchObject({ enterprisesFinanced: 7, grantedWan: 30348 });
    expect(d.byMonth).toHaveLength(12);
    expect(f.visits.visits).toBeGreaterThan(200);
    expect(f.visits.onSite).toBeGreaterThan(0);
    expect(f.visits.online).toBeGreaterThan(0);
  });

  it('has 2021 figures of its own', async () => {
    const f = await computeFigures(t.database.db, ctx.jurisdictionId, { from: '2021-01-01', to: '2021-12-31' });
    expect(f.demands).toMatchObject({ enterprisesCovered: DEMO_ENTERPRISE_2021.enterprisesServed, problems: DEMO_ENTERPRISE_2021.problems, projectProblems: DEMO_ENTERPRISE_2021.projectProblems });
    expect(f.demands.collectionRate).toMatchObject({ numerator: 430, denominator: 450 });
    expect(f.demands.answerRate).toMatchObject({ numerator: 424, denominator: 430 });
    expect(f.jobs).toMatchObject({ enterprisesHelped: 156, positions: 598 });
    expect(f.financing).toMatchObject({ enterprisesMatched: 41, enterprisesFinanced: 5, grantedWan: 18000 });
  });

  it('tags 复工复产 2020 as a campaign with figures of its own', async () => {
    const c = await t.database.db.selectFrom('enterpriseCampaigns').selectAll().where('code', '=', 'fgfc-2020').executeTakeFirstOrThrow();
    const f = await computeFigures(t.database.db, ctx.jurisdictionId, { from: '2020-01-01', to: '2020-12-31', campaignId: c.id });
    expect(f.demands.collected).toBeGreaterThan(100);
    expect(f.demands.collected).toBeLessThan(519);
    expect(f.financing.events).toBe(2);
  });

  it('lets 远航工贸’s contact sign in and see only their own enterprise’s demands', async () => {
    const c = await t.login(DEMO_ENTERPRISE_USER.username, DEMO_PASSWORD);
    const list = (await c.get('/api/enterprise/demands?pageSize=200')).json();
    expect(list.total).toBeGreaterThanOrEqual(3);
    expect(new Set(list.items.map((i: { enterpriseName: string }) => i.enterpriseName))).toEqual(new Set([DEMO_ENTERPRISE_USER.enterprise]));
    expect(list.items.map((i: { title: string }) => i.title)).toEqual(expect.arrayContaining(['防疫物资生产原材料短缺', '春节后工人返厂困难']));
    const waiting = list.items.find((i: { status: string; collectedOn: string }) => i.status === 'answered' && i.collectedOn > '2022-01-01');
    expect(waiting?.actions).toEqual(['confirm', 'reject']);
    const other = await t.database.db.selectFrom('enterpriseDemands').select('id').where('enterpriseId', '!=', list.items[0].enterpriseId).executeTakeFirstOrThrow();
    expect((await c.get(`/api/enterprise/demands/${other.id}`)).statusCode).toBe(404);
  });

  it('lets the leader read the same figures through the API', async () => {
    const c = await t.login('leader', DEMO_PASSWORD);
    const f = (await c.get('/api/enterprise/figures?year=2020')).json();
    expect(f.demands).toMatchObject({ enterprisesCovered: 485, problems: 509, projectProblems: 10 });
  });
});
