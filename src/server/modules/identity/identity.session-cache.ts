// Sessions a server has looked up, kept in memory so that a request need not ask the database who is behind its
// cookie. A kept copy is trusted only while no zhili_auth notice has come since it was read (migration 0013: its
// session, its user, the user's grids or the jurisdiction's reference data changed, here or on another server) and
// while the connections are listening; and never longer than MAX_AGE_MS.
import type { ChangeNotices } from '../../db/change-notices.ts';

/** Most sessions kept; past it the one kept longest goes. */
const MAX_SESSIONS = 10_000;
/** A bound even with no notice, for one missed without its connection failing. */
export const MAX_AGE_MS = 60_000;

interface Kept<Row> {
  row: Row;
  generation: number;
  at: number;
}

export class SessionCache<Row> {
  readonly #kept = new Map<string, Kept<Row>>();

  constructor(private readonly changes: ChangeNotices) {}

  /** To be taken before the database is asked, and handed to put() with its answer; null when nothing may be kept. */
  begin(): number | null {
    return this.changes.listening ? this.changes.generation : null;
  }

  get(id: string, now: number): Row | undefined {
    const kept = this.#kept.get(id);
    if (!kept) return undefined;
    if (kept.generation !== this.changes.generation || !this.changes.listening || now - kept.at > MAX_AGE_MS) {
      this.#kept.delete(id);
      return undefined;
    }
    return kept.row;
  }

  /** Keeps `row`, read after begin() returned `generation`, unless a notice came meanwhile. */
  put(id: string, row: Row, generation: number | null, now: number): void {
    if (generation === null || generation !== this.changes.generation || !this.changes.listening) return;
    this.#kept.delete(id);
    if (this.#kept.size >= MAX_SESSIONS) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(id, { row, generation, at: now });
  }

  forget(id: string): void {
    this.#kept.delete(id);
  }

  get size(): number {
    return this.#kept.size;
  }
}
