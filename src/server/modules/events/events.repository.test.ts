import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildEvent, buildEventWorld } from '../../../../test/support/events.factories.ts';
import type { Database } from '../../db/database.ts';
import { countEvents, listEvents, listEventsCounted, type EventFilter, type EventSort } from './events.repository.ts';

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
});
