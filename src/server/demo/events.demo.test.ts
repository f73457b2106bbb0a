import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from '../db/database.ts';
import { eventFigures } from '../modules/events/index.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { seedEventsDemo } from './events.demo.ts';
import { seedGridsDemo } from './grids.demo.ts';
import { seedIdentityDemo, type DemoContext } from './identity.demo.ts';

describe.each(DB_KINDS)('events demo on %s', (kind) => {
  let database: Database;
  let ctx: DemoContext;
  let seconds = 0;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const box = new SecretBox(randomBytes(32));
    ctx = await seedIdentityDemo(database.db, box);
    await seedGridsDemo(database.db, box, ctx);
    const t0 = performance.now();
    await seedEventsDemo(database.db, box, ctx);
    seconds = (performance.now() - t0) / 1000;
    console.log(`events demo seeded on ${kind} in ${seconds.toFixed(1)} s`);
  }, 180_000);
  afterAll(() => database.close());

  it('loads quickly enough for a first start', () => {
    expect(seconds).toBeLessThan(kind === 'pglite' ? 30 : 20);
  });

  it('gives the seed’s figures for 2020: 1,101 events reported and handled, 100% closed loop', async () => {
    const f = await eventFigures(db(), ctx.jurisdictionId, { from: '2020-01-01', to: '2020-12-31' });
    expect(f).toMatchObject({ reported: 1101, handled: 1101, closed: 1101, closedVerified: 1101, rejected: 0, merged: 0, open: 0 });
    expect(f.rates.closedLoop).toEqual({ rate: 1, numerator: 1101, denominator: 1101 });
    expect(f.byGrid).toHaveLength(7);
    expect(f.byGrid.reduce((s, g) => s + g.reported, 0)).toBe(1101);
    expect(f.bySource.map((s) => s.key).sort()).toEqual(['enterprise', 'grid_worker', 'hotline', 'public', 'transfer']);
    expect(f.byMonth).toHaveLength(12);
    expect(f.rates.onTimeClose.rate).toBeGreaterThan(0.85);
    expect(f.rates.onTimeClose.rate).toBeLessThan(1);
    expect(f.rates.reopen.numerator).toBeGreaterThan(0);
    expect(f.rates.extension.numerator).toBeGreaterThan(0);
    expect(f.handlingTime.averageHours).toBeGreaterThan(4);
    expect(f.handlingTime.p90Hours).toBeGreaterThan(f.handlingTime.averageHours!);
  });

  it('has a full, ordered timeline for every 2020 event, closed only after verification', async () => {
    const bad = await sql<{ n: number }>`
      select count(*)::int as n from events
      where reported_at >= '2020-01-01T00:00:00+08:00' and reported_at < '2021-01-01T00:00:00+08:00'
        and (status <> 'closed' or verified_at is null or closed_at < verified_at or verified_at < handled_at
             or handled_at < dispatched_at or dispatched_at < accepted_at or accepted_at < reported_at)`.execute(db());
    expect(bad.rows[0].n).toBe(0);
    const steps = await sql<{ action: string; n: number }>`
      select t.action, count(*)::int as n from event_timeline t join events e on e.id = t.event_id
      where e.reported_at < '2021-01-01T00:00:00+08:00' group by t.action`.execute(db());
    const by = Object.fromEntries(steps.rows.map((r) => [r.action, r.n]));
    for (const a of ['report', 'accept', 'start', 'handle', 'verify', 'close']) expect(by[a], a).toBeGreaterThanOrEqual(1101);
    expect(by.report).toBe(1101);
    expect(by.close).toBe(1101);
    expect(by.return).toBeGreaterThan(0);
    expect(by.overdue).toBeGreaterThan(0);
    const unordered = await sql<{ n: number }>`
      select count(*)::int as n from event_timeline a join event_timeline b on a.event_id = b.event_id and a.id < b.id
      where a.at > b.at and a.action not in ('overdue', 'rate') and b.action not in ('overdue', 'rate')`.execute(db());
    expect(unordered.rows[0].n).toBe(0);
    const transfers = await db()
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', 'transfer')
      .where('externalId', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(transfers.n)).toBeGreaterThan(100);
  });

  it('gives 2021 other figures: some rejected, merged and still open', async () => {
    const f = await eventFigures(db(), ctx.jurisdictionId, { from: '2021-01-01', to: '2021-12-31' });
    expect(f).toMatchObject({ reported: 1236, rejected: 8, merged: 5, open: 12, closed: 1211 });
    expect(f.rates.closedLoop).toEqual({ rate: 0.9902, numerator: 1211, denominator: 1223 });
    expect(f.overdueOpen).toBe(12);
  });

  it('keeps the rollup equal to the events it summarises', async () => {
    const direct = await sql<{ status: string; n: number }>`select status, count(*)::int as n from events group by status`.execute(db());
    const rolled = await sql<{ closed: number; rejected: number; merged: number; reported: number }>`
      select sum(closed)::int as closed, sum(rejected)::int as rejected, sum(merged)::int as merged, sum(reported)::int as reported
      from event_stats where grain = 'day'`.execute(db());
    const by = Object.fromEntries(direct.rows.map((r) => [r.status, r.n]));
    expect(rolled.rows[0]).toEqual({ closed: by.closed, rejected: by.rejected, merged: by.merged, reported: 1101 + 1236 });
  });

  it('has demo events to search for 讨薪', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from events where search_text like '%讨薪%'`.execute(db());
    expect(r.rows[0].n).toBeGreaterThan(5);
  });
});
