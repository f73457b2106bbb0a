import type { Actor } from './auth/policy.ts';
import type { RefView } from './refcache.ts';

/** What a service needs to know about the caller: who, which request, from where. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string | null;
  ip: string | null;
  /** Signed-in requests: the reference version read with the session, for cached reference data. */
  refs?: RefView;
}

export const systemContext = (requestId: string | null = null): RequestContext => ({ actor: null, requestId, ip: null });
