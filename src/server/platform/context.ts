import type { Actor } from './auth/policy.ts';

/** What a service needs to know about the caller: who, which request, from where. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string | null;
  ip: string | null;
}

export const systemContext = (requestId: string | null = null): RequestContext => ({ actor: null, requestId, ip: null });
