import { describe, expect, it } from 'vitest';
import type { Executor } from './database.ts';
import { groupCommit } from './group-commit.ts';

// The scheduler on its own: `write` here records what it was given (the database side is proven by the intake
// tests, which write through it on both databases). An executor only keys the queue; none is called.
const pool = () => ({ isTransaction: false }) as unknown as Executor;

/**
 * A group-committed writer that records each statement's items and answers `answer(item, items)` for each; the
 * first statement, when `holdFirst` is given, stays in the database until it resolves.
 */
function recorder<T, R>(answer: (item: T, items: T[]) => R, opts = { maxBatch: 8, maxInFlight: 1 }, holdFirst?: Promise<void>) {
  const batches: T[][] = [];
  const write = groupCommit(async (_db, items: T[]) => {
    batches.push(items);
    if (batches.length === 1) await holdFirst;
    return items.map((i) => answer(i, items));
  }, opts);
  return { batches, write };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('groupCommit', () => {
  it('sends what arrives in one turn of the event loop together, and what arrives while it is written in the next statement', async () => {
    const first = gate();
    const { batches, write } = recorder((i: number) => i * 10, { maxBatch: 4, maxInFlight: 1 }, first.opened);
    const db = pool();
    const results = [1, 2].map((i) => write(db, i));
    expect(batches).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    results.push(...[3, 4, 5, 6, 7, 8, 9].map((i) => write(db, i)));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    first.open();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(batches).toEqual([[1, 2], [3, 4, 5, 6], [7, 8, 9]]);
  });

  it('sends a lone write after the turn it arrived in, without waiting for company', async () => {
    const { batches, write } = recorder((s: string) => s);
    const db = pool();
    expect(await write(db, 'a')).toBe('a');
    expect(await write(db, 'b')).toBe('b');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('keeps a queue per executor', async () => {
    const { batches, write } = recorder((s: string) => s);
    const [a, b] = [pool(), pool()];
    await Promise.all([write(a, 'a1'), write(b, 'b1'), write(a, 'a2'), write(b, 'b2')]);
    expect(batches).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
    ]);
  });

  it('when a statement of several fails, writes each again alone: only the item at fault fails, with its own error', async () => {
    const { batches, write } = recorder((i: number, items: number[]) => {
      if (items.includes(3)) throw Object.assign(new Error(`item 3 refused (of ${items.length})`), { code: '23505' });
      return -i;
    });
    const db = pool();
    const results = [1, 2, 3, 4].map((i) => write(db, i).then((r) => ({ ok: r }), (e: Error & { code: string }) => ({ error: e.message, code: e.code })));
    expect(await Promise.all(results)).toEqual([{ ok: -1 }, { ok: -2 }, { error: 'item 3 refused (of 1)', code: '23505' }, { ok: -4 }]);
    expect(batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('in a transaction writes the item at once in it, never with another caller’s', async () => {
    const { batches, write } = recorder((i: number) => i);
    const tx = { isTransaction: true } as unknown as Executor;
    await Promise.all([write(tx, 1), write(tx, 2), write(tx, 3)]);
    expect(batches).toEqual([[1], [2], [3]]);
  });

  /** The results are handed out before the connection is given back: after this turn it is. */
  const settled = () => new Promise((r) => setImmediate(r));

  /** A stand-in for holdConnection: hands out numbered connections and records which were given back. */
  function holder() {
    const held: number[] = [];
    const released: number[] = [];
    const hold = () => {
      const n = held.length + 1;
      held.push(n);
      return Promise.resolve({ db: { isTransaction: false, n } as unknown as Executor, release: () => released.push(n) });
    };
    return { held, released, hold };
  }

  function counting(opts: Parameters<typeof groupCommit>[1], fail?: (items: number[]) => boolean) {
    let out = 0;
    let most = 0;
    const used: number[] = [];
    const write = groupCommit(async (db, items: number[]) => {
      used.push((db as unknown as { n?: number }).n ?? 0);
      most = Math.max(most, ++out);
      await new Promise((r) => setTimeout(r, 5));
      out--;
      if (fail?.(items)) throw new Error('refused');
      return items;
    }, opts);
    return { write, used, most: () => most };
  }

  it('sends up to maxInFlight statements at once down one held connection, and gives it back when work runs out', async () => {
    const h = holder();
    const { write, used, most } = counting({ maxBatch: 2, maxInFlight: 3, hold: h.hold });
    const db = pool();
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => write(db, i)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most()).toBe(3);
    expect(new Set(used)).toEqual(new Set([1]));
    await settled();
    expect([h.held, h.released]).toEqual([[1], [1]]);
    await write(db, 99);
    await settled();
    expect([h.held, h.released]).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('sends one statement at a time when no connection can be held', async () => {
    const { write, most } = counting({ maxBatch: 2, maxInFlight: 3, hold: () => null });
    const db = pool();
    await Promise.all(Array.from({ length: 10 }, (_, i) => write(db, i)));
    expect(most()).toBe(1);
  });

  it('lets a held connection go after a failed statement, and holds another for what waits', async () => {
    const h = holder();
    const { write, used } = counting({ maxBatch: 8, maxInFlight: 1, hold: h.hold }, (items) => items.includes(2));
    const db = pool();
    const first = [1, 2, 3].map((i) => write(db, i).then(() => 'ok', () => 'failed'));
    await new Promise((r) => setTimeout(r, 1));
    const later = write(db, 4);
    expect(await Promise.all(first)).toEqual(['ok', 'failed', 'ok']);
    expect(await later).toBe(4);
    await settled();
    expect(h.released).toEqual([1, 2]);
    expect(used.at(-1)).toBe(2);
  });

  it('fails what waits when no connection can be had', async () => {
    const write = groupCommit(async (_db, items: number[]) => items, { maxBatch: 8, maxInFlight: 2, hold: () => Promise.reject(new Error('pool closed')) });
    const db = pool();
    await expect(Promise.all([write(db, 1), write(db, 2)])).rejects.toThrow('pool closed');
  });
});
