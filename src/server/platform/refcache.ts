// Reference data (categories, holiday calendar, grids, org units) changes a few times a year but is read by
// nearly every request. This cache keeps it per jurisdiction, tagged with the jurisdiction's reference version
// (jurisdictions.ref_version, bumped by triggers in the same transaction as any change, see migration 0010).
// The session lookup reads the version, so a request uses a cached value only if it is at least as new as the
// data at the request's start — exact across processes, with no time-to-live.
import type { RequestContext } from './context.ts';

interface Entry {
  version: number;
  value: Promise<unknown>;
}

export class RefCache {
  private readonly entries = new Map<string, Entry>();

  get<T>(jurisdictionId: number, version: number, key: string, load: () => Promise<T>): Promise<T> {
    const k = `${jurisdictionId}\u0000${key}`;
    const hit = this.entries.get(k);
    if (hit && hit.version >= version) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(k, { version, value });
    // A failed load is not remembered.
    value.catch(() => {
      if (this.entries.get(k)?.value === value) this.entries.delete(k);
    });
    return value;
  }
}

/** What a signed-in request carries: its jurisdiction's reference version and the application's cache. */
export interface RefView {
  jurisdictionId: number;
  version: number;
  cache: RefCache;
}

/**
 * The value of `key` for the jurisdiction: from the cache when the request carries a reference version for that
 * jurisdiction (signed-in requests), else loaded afresh (public requests, jobs, scripts, another jurisdiction).
 * `load` must read only reference data and must not depend on the caller's transaction.
 */
export function cachedRef<T>(ctx: RequestContext | null | undefined, jurisdictionId: number, key: string, load: () => Promise<T>): Promise<T> {
  const r = ctx?.refs;
  return r && r.jurisdictionId === jurisdictionId ? r.cache.get(jurisdictionId, r.version, key, load) : load();
}
