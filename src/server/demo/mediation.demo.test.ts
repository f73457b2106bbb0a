// The demo's mediation figures are the seed report's: 500余人次 (512), 化解矛盾纠纷24件, 农民工工资111.18万元; and
// its shortcomings come out of the data: recurring wage arrears at one project or contractor, petitions > lawsuits.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from '../db/database.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { computeFigures } from '../modules/mediation/index.ts';
import { seedIdentityDemo, type DemoContext } from './identity.demo.ts';
import { MEDIATION_DEMO_2020, MEDIATION_DEMO_2021, seedMediationDemo } from './mediation.demo.ts';

describe.each(DB_KINDS)('mediation demo on %s', (kind) => {
  let database: Database;
  let ctx: DemoContext;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const box = new SecretBox(randomBytes(32));
    ctx = await seedIdentityDemo(database.db, box);
    await seedMediationDemo(database.db, box, ctx);
  });
  afterAll(() => database.close());

  it('gives the seed report’s 2020 figures exactly', async () => {
    const f = await computeFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-12-31');
    expect(f.visitors.personTimes).toBe(MEDIATION_DEMO_2020.personTimes);
    expect(f.visitors.personTimes).toBeGreaterThan(500);
    expect(f.disputes.resolved).toBe(24);
    expect(f.wages.recoveredYuan).toBe(1_111_800);
    expect(f.wages.recoveredWan).toBe(111.18);
    expect(f.disputes.successRate.denominator).toBe(28);
    expect(f.visitors.byMonth[0].month).toBe('2020-05');
    expect(f.visitors.collectiveVisits).toBeGreaterThan(0);
    expect(f.disputes.byDepartment.some((x) => x.orgUnitName === '劳动保障监察大队')).toBe(true);
  });

  it('opens the centre in May 2020: nothing before it', async () => {
    const before = await computeFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-05-10');
    expect(before.visitors.visits).toBe(0);
  });

  it('shows the shortcomings in the data: recurring wage complaints and more petitions than lawsuits (以访代诉)', async () => {
    const f = await computeFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-12-31');
    expect(f.litigation.petitionsOutnumberLawsuits).toBe(true);
    expect(f.petitions.received).toBeGreaterThan(f.litigation.lawsuits);
    const wage = f.warnings.byRule.find((r) => r.rule === 'wage_repeated');
    expect(wage?.raised ?? 0).toBeGreaterThanOrEqual(2);
    const subjects = await database.db.selectFrom('mediationWarnings').select('subjectKey').where('rule', '=', 'wage_repeated').execute();
    expect(subjects.map((s) => s.subjectKey)).toEqual(expect.arrayContaining(['wage:project:北辰科技园二期', 'wage:contractor:恒信建设劳务分包有限公司']));
  });

  it('has different figures for the first half of 2021, with one warning still open', async () => {
    const f = await computeFigures(database.db, ctx.jurisdictionId, '2021-01-01', '2021-12-31');
    expect(f.visitors.personTimes).toBe(MEDIATION_DEMO_2021.personTimes);
    expect(f.disputes.resolved).toBe(MEDIATION_DEMO_2021.disputesResolved);
    expect(f.wages.recoveredWan).toBe(MEDIATION_DEMO_2021.wagesRecoveredWan);
    expect(f.litigation.petitionsOutnumberLawsuits).toBe(false);
    const open = await database.db.selectFrom('mediationWarnings').select('id').where('status', '=', 'open').execute();
    expect(open.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps personal data sealed and masked, and codes numbered from 1 each year', async () => {
    const people = await database.db.selectFrom('mediationPeople').selectAll().where('partyKind', '=', 'person').limit(50).execute();
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      expect(p.nameEnc).toMatch(/^v1:/);
      expect(p.nameMasked).toContain('*');
      if (p.idCardMasked) expect(p.idCardMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
    const first = await database.db.selectFrom('mediationDisputes').select('code').orderBy('id').executeTakeFirstOrThrow();
    expect(first.code).toBe('TJ2020-0001');
  });
});
