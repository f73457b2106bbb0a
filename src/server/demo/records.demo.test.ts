// The demo's 2020 records give exactly the figures of the seed report; 2021 gives others.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from '../db/database.ts';
import { complianceFor, educationFigures } from '../modules/education/index.ts';
import { legalServicesFigures } from '../modules/legal-services/index.ts';
import { plansFigures } from '../modules/plans/index.ts';
import { safetyFigures } from '../modules/safety/index.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { seedGridsDemo } from './grids.demo.ts';
import { seedIdentityDemo, type DemoContext } from './identity.demo.ts';
import { SEED_2020, seedRecordsDemo } from './records.demo.ts';

describe.each(DB_KINDS)('records demo on %s', (kind) => {
  let database: Database;
  let ctx: DemoContext;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const box = new SecretBox(randomBytes(32));
    ctx = await seedIdentityDemo(database.db, box);
    await seedGridsDemo(database.db, box, ctx);
    await seedRecordsDemo(database.db, box, ctx);
  });
  afterAll(() => database.close());

  it('gives the seed’s 2020 safety figures: 16 solved, 83 closed, 8 subjects, no reoffending', async () => {
    const f = await safetyFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-12-31');
    expect(f.police.criminalSolved).toBe(SEED_2020.criminalSolved);
    expect(f.police.publicSecurityClosed).toBe(SEED_2020.publicSecurityClosed);
    expect(f.police.monthsEntered).toBe(12);
    expect(f.subjectsUnderSupervision).toBe(SEED_2020.subjects);
    expect(f.reoffended).toBe(SEED_2020.reoffended);
    expect(f.byPatrollerType.auxiliary_police.patrols).toBeGreaterThan(0);
    expect(f.byPatrollerType.grid_worker.patrols).toBe(7 * 12);
    expect(f.byPatrollerType.company_guard.patrols).toBeGreaterThan(0);
    const f21 = await safetyFigures(database.db, ctx.jurisdictionId, '2021-01-01', '2021-12-31');
    expect(f21.police.criminalSolved).not.toBe(16);
    expect(f21.police.publicSecurityClosed).not.toBe(83);
    expect(f21.reoffended).toBe(1);
  });

  it('gives the seed’s 2020 education figures: everyone ≥ 40 hours and passed, 30+ events, 2,000+ brochures at core enterprises', async () => {
    const f = await educationFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-12-31');
    expect(f.officials).toBeGreaterThan(15);
    expect(f.hoursMet).toEqual({ numerator: f.officials, denominator: f.officials, rate: 1 });
    expect(f.examPassed).toEqual({ numerator: f.officials, denominator: f.officials, rate: 1 });
    expect(f.publicity.events).toBeGreaterThanOrEqual(SEED_2020.minPublicityEvents);
    expect(f.publicity.materialsByKind.find((m) => m.kind === '图册')!.count).toBeGreaterThanOrEqual(SEED_2020.minBrochures);
    const themes = f.publicity.byTheme.map((t) => t.theme);
    for (const t of ['安全生产月', '禁毒宣传月', '民法典宣讲', '12·4宪法宣传日']) expect(themes).toContain(t);
    const c = await complianceFor(database.db, ctx.jurisdictionId, 2020);
    expect(c.belowHours).toBe(0);
    expect(c.notPassed).toBe(0);
    const c21 = await complianceFor(database.db, ctx.jurisdictionId, 2021);
    expect(c21.belowHours).toBe(2);
    expect(c21.notPassed).toBe(1);
    const f21 = await educationFigures(database.db, ctx.jurisdictionId, '2021-01-01', '2021-12-31');
    expect(f21.publicity.events).toBeLessThan(f.publicity.events);
  });

  it('gives the seed’s 2020 legal-service figures: 30+ services at 20+ sites by the firm’s duty lawyers', async () => {
    const f = await legalServicesFigures(database.db, ctx.jurisdictionId, '2020-01-01', '2020-12-31');
    expect(f.services).toBeGreaterThanOrEqual(SEED_2020.minLegalServices);
    expect(f.sites).toBeGreaterThanOrEqual(SEED_2020.minLegalSites);
    expect(f.lawyers).toBe(2);
    for (const k of ['consultation', 'lecture', 'legal_aid', 'mediation'] as const) expect(f.byKind[k].services).toBeGreaterThan(0);
    const f21 = await legalServicesFigures(database.db, ctx.jurisdictionId, '2021-01-01', '2021-12-31');
    expect(f21.services).toBeLessThan(f.services);
  });

  it('has a leading group chaired by the committee director and the company general manager, and a plan with meetings', async () => {
    const db = database.db;
    const chairs = await db.selectFrom('leadingGroupMembers').select(['title', 'userId']).where('role', '=', 'chair').orderBy('sort').execute();
    expect(chairs.map((c) => c.title)).toEqual(['党工委副书记、管委会主任', '党工委副书记、总公司总经理']);
    expect(chairs.map((c) => c.userId)).toEqual([ctx.users.leader, ctx.users.leader2]);
    const f = await plansFigures(db, ctx.jurisdictionId, '2020-01-01', '2020-12-31', '2021-01-01');
    expect(f.tasks).toBeGreaterThan(10);
    expect(f.overdue).toBe(0);
    expect(f.meetingsHeld).toBe(4);
    expect(f.fromMeetings).toBeGreaterThan(0);
    expect(f.evaluations.pending).toBe(0);
    const f21 = await plansFigures(db, ctx.jurisdictionId, '2021-01-01', '2021-12-31', '2022-01-01');
    expect(f21.overdue).toBe(2);
    expect(f21.doneLate).toBe(1);
  });
});
