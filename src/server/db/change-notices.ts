// What a server knows of the zhili_auth notices (migration 0013): a generation that moves on with every notice and
// every moment notices may have been missed, and whether any connection is listening at all. Whoever keeps data
// those notices are about notes the generation before reading it and trusts the copy only while the generation is
// unchanged and `listening` is true.

export const AUTH_CHANNEL = 'zhili_auth';

export class ChangeNotices {
  #generation = 0;
  #listeners = 0;

  get generation(): number {
    return this.#generation;
  }

  /** True while at least one connection is listening: notices can only be trusted to come then. */
  get listening(): boolean {
    return this.#listeners > 0;
  }

  /** A notice came: everything kept so far may be stale. */
  changed(): void {
    this.#generation++;
  }

  /**
   * A connection began listening. Notices sent while none was listening were missed, so this counts as a change
   * too (conservatively, for every connection that starts).
   */
  listenerStarted(): void {
    this.#listeners++;
    this.#generation++;
  }

  /** A listening connection ended (closed, failed or returned to nothing). */
  listenerEnded(): void {
    this.#listeners = Math.max(0, this.#listeners - 1);
    this.#generation++;
  }
}
