// Group commit: writes of the same kind that arrive while earlier ones are still in the database wait, and go
// together in the next statement — one statement, one commit and one lock of the rows every such write takes (the
// audit chain's head, the figures rollup) for the lot, instead of one each. A write that arrives when the database
// has nothing of its kind in hand waits only for the end of the current turn of the event loop, so that the
// requests whose steps finished in that turn go with it: on PGlite, whose statements run to their end on this
// thread, that is the only time they can meet (measured at 100,000 events: intake 330–375 → 610–665 req/s; on
// PostgreSQL +5%).
//
// On PostgreSQL the statements go down one connection held while there is work, the next sent while the one before
// is in the database: it runs the moment that one commits, with no gap for the answer to come back and the next
// statement to be built, and never waits on its locks (statements on two connections did: measured, batches halved
// and throughput fell 45%). Measured at 20,000 events: intake 1,273–1,531 → 1,790–1,974 req/s.
import type { Executor, HeldConnection } from './database.ts';

export interface GroupCommitOptions {
  /** Most writes in one statement. */
  maxBatch: number;
  /** Statements of this kind sent at once down a held connection; without one, one at a time. */
  maxInFlight: number;
  /** A connection of `db`'s to send every statement down while there is work, or null to use `db` as it is. */
  hold?: (db: Executor) => Promise<HeldConnection> | null;
}

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

interface Queue<T, R> {
  waiting: Waiting<T, R>[];
  inFlight: number;
  held: HeldConnection | null;
  holding: boolean;
  /** A statement failed on the held connection: let it go (it may be broken) once nothing is out on it. */
  renew: boolean;
}

/**
 * Wraps `write` (which writes its items in one statement and answers one result per item, in their order) so
 * that each caller submits one item and gets its own result. When a statement of several fails, each of its items
 * is written again on its own, so that only the item at fault fails, with its own error. In a transaction the item
 * is written at once in it (the transaction is the caller's unit, not to be shared).
 */
export function groupCommit<T, R>(write: (db: Executor, items: T[]) => Promise<R[]>, opts: GroupCommitOptions): (db: Executor, item: T) => Promise<R> {
  const queues = new WeakMap<Executor, Queue<T, R>>();
  const one = async (db: Executor, item: T) => (await write(db, [item]))[0];

  /** Writes a batch, settling each item; false when its statement failed (its items were then written one by one). */
  async function run(db: Executor, batch: Waiting<T, R>[]): Promise<boolean> {
    let results: R[];
    try {
      results = await write(
        db,
        batch.map((w) => w.item),
      );
    } catch (e) {
      if (batch.length === 1) batch[0].reject(e);
      else await Promise.all(batch.map((w) => one(db, w.item).then(w.resolve, w.reject)));
      return false;
    }
    batch.forEach((w, i) => w.resolve(results[i]));
    return true;
  }

  function pump(db: Executor, q: Queue<T, R>): void {
    if (!q.held && opts.hold) {
      if (q.holding || q.waiting.length === 0) return;
      const holding = opts.hold(db);
      if (holding) {
        q.holding = true;
        holding.then(
          (held) => {
            q.holding = false;
            q.held = held;
            pump(db, q);
          },
          (e) => {
            q.holding = false;
            for (const w of q.waiting.splice(0)) w.reject(e);
          },
        );
        return;
      }
    }
    const held = q.held;
    const target = held?.db ?? db;
    const most = held ? opts.maxInFlight : 1;
    while (!q.renew && q.inFlight < most && q.waiting.length > 0) {
      const batch = q.waiting.splice(0, opts.maxBatch);
      q.inFlight++;
      // run() settles every item itself and never rejects.
      void run(target, batch).then((ok) => {
        if (!ok && held) q.renew = true;
        q.inFlight--;
        pump(db, q);
      });
    }
    if (held && q.inFlight === 0 && (q.waiting.length === 0 || q.renew)) {
      q.held = null;
      q.renew = false;
      held.release();
      pump(db, q);
    }
  }

  return (db, item) => {
    if (db.isTransaction) return one(db, item);
    let q = queues.get(db);
    if (!q) queues.set(db, (q = { waiting: [], inFlight: 0, held: null, holding: false, renew: false }));
    const queue = q;
    return new Promise<R>((resolve, reject) => {
      queue.waiting.push({ item, resolve, reject });
      // The first to wait with nothing in flight sends after this turn; later ones go with it or after what is out.
      if (queue.waiting.length === 1 && queue.inFlight < (queue.held ? opts.maxInFlight : 1)) setImmediate(() => pump(db, queue));
    });
  };
}
