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

  it('has up to maxInFlight statements out at once', async () => {
    let out = 0;
    let most = 0;
    const write = groupCommit(
      async (_db, items: number[]) => {
        most = Math.max(most, ++out);
        await new Promise((r) => setTimeout(r, 5));
        out--;
        return items;
      },
      { maxBatch: 2, maxInFlight: 3 },
    );
    const db = pool();
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => write(db, i)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
  });
});
