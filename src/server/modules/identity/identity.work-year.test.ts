import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { auditRows } from '../../../../test/support/identity.factories.ts';
import { currentYearIn } from './identity.org-units.service.ts';

describe('currentYearIn', () => {
  it('reads the year on the Beijing calendar', () => {
    // 2020-12-31T17:00Z is already 1 January 2021 in Beijing.
    expect(currentYearIn('Asia/Shanghai', new Date('2020-12-31T17:00:00Z'))).toBe(2021);
    expect(currentYearIn('UTC', new Date('2020-12-31T17:00:00Z'))).toBe(2020);
    expect(currentYearIn('Not/AZone', new Date('2020-12-31T17:00:00Z'))).toBe(2021);
  });
});

describe.each(DB_KINDS)('the work year (当前工作年度) on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let admin: Client;
  let office: Client;
  let worker: Client;
  let leader: Client;
  const thisYear = currentYearIn('Asia/Shanghai');

  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
    admin = await t.login((await buildUser(t.database.db, jid, 'admin')).username);
    office = await t.login((await buildUser(t.database.db, jid, 'law_office')).username);
    worker = await t.login((await buildUser(t.database.db, jid, 'grid_worker')).username);
    leader = await t.login((await buildUser(t.database.db, jid, 'leader')).username);
  });
  afterAll(() => t.close());

  it('defaults to the current year in Beijing, in the jurisdiction and at sign-in', async () => {
    expect((await worker.get('/api/jurisdiction')).json().workYear).toBe(thisYear);
    expect((await worker.get('/api/me')).json().workYear).toBe(thisYear);
  });

  it('lets the administrator and the law office set it, audited; everyone then sees it', async () => {
    const set = await office.put('/api/jurisdiction/work-year', { year: 2020 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ workYear: 2020 });
    expect((await worker.get('/api/jurisdiction')).json().workYear).toBe(2020);
    expect((await leader.get('/api/me')).json().workYear).toBe(2020);
    expect((await admin.put('/api/jurisdiction/work-year', { year: 2021 })).json()).toEqual({ workYear: 2021 });
    expect((await worker.get('/api/me')).json().workYear).toBe(2021);
    const rows = await auditRows(t.database.db, { action: 'jurisdiction.work_year.update', entityId: jid });
    expect(rows.length).toBe(2);
  });

  it('refuses years out of range and other roles', async () => {
    for (const year of [1999, thisYear + 2]) {
      const r = await admin.put('/api/jurisdiction/work-year', { year });
      expect(r.statusCode).toBe(400);
    }
    expect((await admin.put('/api/jurisdiction/work-year', { year: thisYear + 1 })).statusCode).toBe(200);
    expect((await admin.put('/api/jurisdiction/work-year', { year: 2020, extra: 1 })).statusCode).toBe(400);
    expect((await worker.put('/api/jurisdiction/work-year', { year: 2020 })).statusCode).toBe(403);
    expect((await leader.put('/api/jurisdiction/work-year', { year: 2020 })).statusCode).toBe(403);
    expect((await worker.get('/api/jurisdiction')).json().workYear).toBe(thisYear + 1);
  });

  it('is kept per jurisdiction', async () => {
    const j2 = (await buildJurisdiction(t.database.db)).id;
    const other = await t.login((await buildUser(t.database.db, j2, 'admin')).username);
    expect((await other.get('/api/jurisdiction')).json().workYear).toBe(thisYear);
    await other.put('/api/jurisdiction/work-year', { year: 2015 });
    expect((await worker.get('/api/jurisdiction')).json().workYear).toBe(thisYear + 1);
  });
});
