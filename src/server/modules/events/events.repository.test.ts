import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildEvent, buildEventWorld } from '../../../../test/support/events.factories.ts';
import type { Database } from '../../db/database.ts';
import { countEvents, countWalk, EVENT_ID_BLOCK, listEvents, listEventsCounted, nextEventId, weeksWithEvents, type EventFilter, type EventSort } from './events.repository.ts';

describe.each(DB_KINDS)('event list pages on %s', (kind) => {
  let database: Database;
  let f: EventFilter;
  // Due times: two events share one (ties go by id), two have none (finished: last in either order).
  const due = [new Date('2024-05-03T02:00:00Z'), new Date('2024-05-01T02:00:00Z'), null, new Date('2024-05-03T02:00:00Z'), null, new Date('2024-05-02T02:00:00Z')];
  let ids: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const w = await buildEventWorld(database.db);
    f = { jurisdictionId: w.jurisdiction.id, scope: {} };
    ids = [];
    for (const [i, dueAt] of due.entries()) {
      const e = await buildEvent(database.db, w.jurisdiction.id, { categoryId: w.categories.stall.id, dueAt, reportedAt: new Date(Date.UTC(2024, 3, 1 + (i % 3))) });
      ids.push(e.id);
    }
  });
  afterAll(() => database.close());

  const expected = (sort: EventSort, order: 'asc' | 'desc') => {
    const idx = due.map((_, i) => i);
    const key = (i: number) => (sort === 'dueAt' ? due[i]?.getTime() ?? null : Date.UTC(2024, 3, 1 + (i % 3)));
    const sign = order === 'asc' ? 1 : -1;
    return idx
      .sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if (ka === null || kb === null) return ka === kb ? sign * (ids[a] - ids[b]) : ka === null ? 1 : -1;
        return ka === kb ? sign * (ids[a] - ids[b]) : sign * (ka - kb);
      })
      .map((i) => ids[i]);
  };

  it('orders by the field then id in the same direction, due times nulls last, and windows pages alike with or without the count, listed or searched', async () => {
    // Every event's title holds 测试: the search path (matches found once, page taken from them) must agree.
    for (const filter of [f, { ...f, q: '测试' }]) {
      for (const sort of ['dueAt', 'reportedAt'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const want = expected(sort, order);
          for (let offset = 0; offset < want.length; offset += 4) {
            const o = { sort, order, limit: 4, offset };
            const plain = (await listEvents(database.db, filter, o)).map((r) => r.id);
            const counted = await listEventsCounted(database.db, filter, o, 100);
            expect(plain, `${sort} ${order} from ${offset}`).toEqual(want.slice(offset, offset + 4));
            expect(counted.rows.map((r) => r.id)).toEqual(plain);
            expect(counted.counted).toBe(6);
          }
        }
      }
    }
  });

  it('counts up to the cap and one more, also for a page past the end', async () => {
    const o = { sort: 'id' as const, order: 'asc' as const, limit: 2, offset: 0 };
    expect((await listEventsCounted(database.db, f, o, 3)).counted).toBe(4);
    const past = await listEventsCounted(database.db, f, { ...o, offset: 10 }, 3);
    expect(past).toEqual({ rows: [], counted: 4 });
    expect(await countEvents(database.db, f, 3)).toBe(4);
    expect(await countEvents(database.db, f)).toBe(6);
    expect((await listEventsCounted(database.db, { ...f, q: '不存在的词' }, o, 3)).counted).toBe(0);
    const searched = { ...f, q: '测试' };
    expect((await listEventsCounted(database.db, searched, o, 3)).counted).toBe(4);
    expect((await listEventsCounted(database.db, searched, { ...o, offset: 4 }, 3)).rows.map((r) => r.id)).toEqual([...ids].sort((a, b) => a - b).slice(4, 6));
    expect(await listEventsCounted(database.db, searched, { ...o, offset: 10 }, 3)).toEqual({ rows: [], counted: 4 });
  });

  it("lists a whole jurisdiction's page with the query compiled once, each jurisdiction its own rows", async () => {
    const other = await buildEventWorld(database.db);
    const theirs = await buildEvent(database.db, other.jurisdiction.id, { categoryId: other.categories.stall.id, reportedAt: new Date(Date.UTC(2024, 3, 9)) });
    const o = { sort: 'reportedAt' as const, order: 'desc' as const, limit: 4, offset: 0 };
    for (let round = 0; round < 2; round++) {
      expect(await listEventsCounted(database.db, { jurisdictionId: other.jurisdiction.id, scope: {} }, o, 100)).toMatchObject({ rows: [{ id: theirs.id }], counted: 1 });
      const ours = await listEventsCounted(database.db, f, o, 100);
      expect(ours.rows.map((r) => r.id)).toEqual(expected('reportedAt', 'desc').slice(0, 4));
      expect(ours.counted).toBe(6);
      expect((await listEventsCounted(database.db, f, { ...o, offset: 4 }, 3)).counted).toBe(4);
    }
  });

  it("keeps one plan for a whole jurisdiction's first page: its limits are numbers, so the generic plan is no dearer", async () => {
    const o = { sort: 'updatedAt' as const, order: 'asc' as const, limit: 3, offset: 0 };
    // One connection (a transaction) so that its prepared statement can be looked at.
    const plans = await database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 8; i++) expect((await listEventsCounted(tx, f, o, 100)).rows).toHaveLength(3);
      const { rows } = await sql<{ statement: string; generic: number; custom: number }>`select statement, generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like '%updated_at" asc%limit 3 offset 0'`.execute(tx);
      return rows;
    });
    expect(plans).toHaveLength(1);
    expect(plans[0].statement).toMatch(/limit 101\) as "m"/);
    // The first five executions are planned for their values, later ones reuse the generic plan.
    expect(plans[0].generic).toBeGreaterThanOrEqual(3);
  });

  it('keeps one plan for the newest matches of a text search, for any term: its row counts are numbers, so the generic plan is no dearer', async () => {
    const o = { sort: 'reportedAt' as const, order: 'desc' as const, limit: 3, offset: 0 };
    const plans = await database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 8; i++) {
        const found = await listEventsCounted(tx, { ...f, q: i % 2 ? '测试' : '不存在的词' }, o, 100);
        expect(found.counted).toBe(i % 2 ? 6 : 0);
      }
      const { rows } = await sql<{ statement: string; generic: number; custom: number }>`select statement, generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like '%text_bigram_weeks%limit 3 offset 0)%' and statement not like '%pg_prepared_statements%'`.execute(tx);
      return rows;
    });
    expect(plans.map((p) => p.statement)).toHaveLength(1);
    expect(plans[0].statement).toMatch(/least\(count\(\*\), 101\)/);
    expect(plans[0].generic).toBeGreaterThanOrEqual(3);
  });

  it('counts a whole jurisdiction no more once it is past the cap (events are never deleted), except inside a transaction', async () => {
    const w = await buildEventWorld(database.db);
    const g = { jurisdictionId: w.jurisdiction.id, scope: {} };
    const mine: number[] = [];
    for (let i = 0; i < 5; i++) mine.push((await buildEvent(database.db, w.jurisdiction.id, { categoryId: w.categories.stall.id, reportedAt: new Date(Date.UTC(2024, 4, 1 + i)) })).id);
    const o = { sort: 'reportedAt' as const, order: 'desc' as const, limit: 2, offset: 0 };
    expect(await listEventsCounted(database.db, g, o, 10)).toMatchObject({ counted: 5 });
    expect(await listEventsCounted(database.db, g, o, 3)).toMatchObject({ counted: 4 });
    // Deleting is what the application never does; here it shows which answers were counted again.
    await database.db.deleteFrom('events').where('id', 'in', mine.slice(0, 3)).execute();
    const page = await listEventsCounted(database.db, g, o, 3);
    expect(page.counted).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual([mine[4], mine[3]]);
    expect((await listEventsCounted(database.db, g, { ...o, offset: 1 }, 3)).rows.map((r) => r.id)).toEqual([mine[3]]);
    expect(await listEventsCounted(database.db, g, { ...o, offset: 5 }, 3)).toEqual({ rows: [], counted: 4 });
    // Not past these caps: counted.
    expect((await listEventsCounted(database.db, g, o, 10)).counted).toBe(2);
    expect((await listEventsCounted(database.db, { ...g, statuses: ['reported'] }, o, 3)).counted).toBe(2);
    // Another database keeps its own knowledge, and a transaction counts.
    expect((await database.db.transaction().execute((tx) => listEventsCounted(tx, g, o, 3))).counted).toBe(2);
    const other = await createTestDatabase(kind);
    try {
      // The same jurisdiction id as the one known past the cap above.
      let ow = await buildEventWorld(other.db);
      while (ow.jurisdiction.id < w.jurisdiction.id) ow = await buildEventWorld(other.db);
      expect(ow.jurisdiction.id).toBe(w.jurisdiction.id);
      await buildEvent(other.db, ow.jurisdiction.id, { categoryId: ow.categories.stall.id });
      expect((await listEventsCounted(other.db, { jurisdictionId: ow.jurisdiction.id, scope: {} }, o, 3)).counted).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('counts a filter of dates only from the oldest end of the time index, to the same numbers as any other filter', async () => {
    const o = { sort: 'reportedAt' as const, order: 'desc' as const, limit: 2, offset: 0 };
    // Reported 1, 2, 3, 1, 2, 3 April 2024.
    const april2 = { ...f, from: new Date(Date.UTC(2024, 3, 2)) };
    expect((await listEventsCounted(database.db, april2, o, 100)).counted).toBe(4);
    expect((await listEventsCounted(database.db, april2, o, 3)).counted).toBe(4);
    expect((await listEventsCounted(database.db, { ...april2, to: new Date(Date.UTC(2024, 3, 3)) }, o, 100)).counted).toBe(2);
    expect((await listEventsCounted(database.db, { ...april2, statuses: ['reported'] }, o, 100)).counted).toBe(4);
    expect((await listEventsCounted(database.db, { ...april2, scope: { gridIds: [] } }, o, 100)).counted).toBe(0);
    // The plan when an index is taken (a table this small is read whole otherwise).
    const plan = await database.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local enable_sort = off`.execute(tx);
      const c = countWalk(tx, f, 4).compile();
      return (await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(c.sql.replace(/\$(\d+)/g, (_, i: string) => String(c.parameters[Number(i) - 1])))}`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Only Scan Backward using events_reported/);
  });
});

describe.each(DB_KINDS)('text search newest first, week by week, on %s', (kind) => {
  let database: Database;
  let f: EventFilter;
  // 讨薪 in events spread over months with empty weeks between, two in one week, and noise that must not match.
  const days = ['2024-01-02', '2024-01-03', '2024-01-20', '2024-03-05', '2024-03-05', '2024-06-30', '2025-02-01'];
  let hits: { id: number; at: number }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const w = await buildEventWorld(database.db);
    f = { jurisdictionId: w.jurisdiction.id, scope: {}, q: '讨薪' };
    hits = [];
    for (const [i, day] of days.entries()) {
      const reportedAt = new Date(`${day}T0${i}:00:00+08:00`);
      const e = await buildEvent(database.db, w.jurisdiction.id, { categoryId: w.categories.wages.id, title: `农民工讨薪问题${i}`, reportedAt });
      hits.push({ id: e.id, at: reportedAt.getTime() });
      await buildEvent(database.db, w.jurisdiction.id, { categoryId: w.categories.stall.id, title: '讨论薪资', description: '薪讨', reportedAt });
    }
    // The newest events hold no match.
    for (let i = 0; i < 3; i++) await buildEvent(database.db, w.jurisdiction.id, { categoryId: w.categories.stall.id, reportedAt: new Date(`2026-05-0${i + 1}T10:00:00+08:00`) });
  });
  afterAll(() => database.close());

  const inTime = (order: 'asc' | 'desc') =>
    [...hits].sort((a, b) => (order === 'asc' ? a.at - b.at || a.id - b.id : b.at - a.at || b.id - a.id)).map((h) => h.id);

  it('pages through every match in time order, either way, counting up to the cap', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const want = inTime(order);
      for (let offset = 0; offset < want.length + 2; offset += 2) {
        const page = await listEventsCounted(database.db, f, { sort: 'reportedAt', order, limit: 2, offset }, 100);
        expect(page.rows.map((r) => r.id), `${order} from ${offset}`).toEqual(want.slice(offset, offset + 2));
        expect(page.counted).toBe(7);
      }
      const capped = await listEventsCounted(database.db, f, { sort: 'reportedAt', order, limit: 2, offset: 0 }, 3);
      expect(capped.rows.map((r) => r.id)).toEqual(want.slice(0, 2));
      expect(capped.counted).toBe(4);
    }
  });

  it('keeps to the filter dates and scope, and finds nothing where nothing matches', async () => {
    const from = new Date('2024-01-03T00:00:00+08:00');
    const to = new Date('2024-03-06T00:00:00+08:00');
    const inRange = inTime('desc').filter((id) => {
      const at = hits.find((h) => h.id === id)!.at;
      return at >= from.getTime() && at < to.getTime();
    });
    expect(inRange).toHaveLength(4);
    const page = await listEventsCounted(database.db, { ...f, from, to }, { sort: 'reportedAt', order: 'desc', limit: 10, offset: 0 }, 100);
    expect(page.rows.map((r) => r.id)).toEqual(inRange);
    expect((await listEventsCounted(database.db, { ...f, scope: { gridIds: [] } }, { sort: 'reportedAt', order: 'desc', limit: 10, offset: 0 }, 100)).counted).toBe(0);
    expect((await listEventsCounted(database.db, { ...f, q: '讨薪问题9' }, { sort: 'reportedAt', order: 'desc', limit: 10, offset: 0 }, 100)).counted).toBe(0);
    expect((await listEventsCounted(database.db, { ...f, q: '工讨薪问题6' }, { sort: 'reportedAt', order: 'desc', limit: 10, offset: 0 }, 100)).rows.map((r) => r.id)).toEqual([hits[6].id]);
  });

  it('walks only the weeks that hold events (one probe past a gap of months), within the filter dates, either way', async () => {
    const weeks = async (order: 'asc' | 'desc', from?: Date, to?: Date) =>
      (await sql<{ w: number }>`select w from ${weeksWithEvents({ jurisdictionId: f.jurisdictionId, from, to }, order)} x`.execute(database.db)).rows.map((r) => Number(r.w));
    const all = (await sql<{ at: Date }>`select reported_at as at from events where jurisdiction_id = ${f.jurisdictionId}`.execute(database.db)).rows.map((r) =>
      Math.floor(new Date(r.at).getTime() / 1000 / 604800),
    );
    const distinct = [...new Set(all)].sort((a, b) => b - a);
    // 2024-01 to 2026-05 spans over 120 weeks; events fall in far fewer.
    expect(distinct.length).toBeLessThan(12);
    expect(distinct[0] - distinct[distinct.length - 1]).toBeGreaterThan(120);
    expect(await weeks('desc')).toEqual(distinct);
    expect(await weeks('asc')).toEqual([...distinct].reverse());
    const from = new Date('2024-01-03T00:00:00+08:00');
    const to = new Date('2024-03-06T00:00:00+08:00');
    const inRange = [...new Set(hits.map((h) => h.at).filter((at) => at >= from.getTime() && at < to.getTime()).map((at) => Math.floor(at / 1000 / 604800)))];
    expect(await weeks('desc', from, to)).toEqual(inRange.sort((a, b) => b - a));
    expect(await weeks('asc', new Date('2027-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe.each(DB_KINDS)('event ids taken ahead on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  // The last id taken (a fresh sequence has taken none).
  const lastValue = async () =>
    Number((await sql<{ v: number }>`select case when is_called then last_value else last_value - 1 end as v from events_id_seq`.execute(database.db)).rows[0].v);

  it('hands out ids from blocks on the pool: concurrent callers share one refill, ids are distinct and rising', async () => {
    const before = await lastValue();
    const ids = await Promise.all(Array.from({ length: EVENT_ID_BLOCK + 8 }, () => nextEventId(database.db)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Two blocks, not one id per call nor one block per concurrent caller.
    expect((await lastValue()) - before).toBe(2 * EVENT_ID_BLOCK);
    // The rest of the second block comes without touching the sequence.
    const next = await nextEventId(database.db);
    expect(next).toBeGreaterThan(ids[ids.length - 1]);
    expect((await lastValue()) - before).toBe(2 * EVENT_ID_BLOCK);
  });

  it('takes a single id inside a transaction', async () => {
    const before = await lastValue();
    const id = await database.db.transaction().execute((tx) => nextEventId(tx));
    expect(id).toBe(before + 1);
    expect(await lastValue()).toBe(before + 1);
  });
});
