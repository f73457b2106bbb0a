// Fastify type augmentation: what every request carries, and what every route must declare.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Database } from '../../db/database.ts';
import type { RequestContext } from '../context.ts';
import type { Actor } from '../auth/policy.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

export interface SessionState {
  id: string;
  csrfToken: string;
  /** Set while the session may do nothing but finish signing in. */
  pending: 'mfa' | 'password_change' | null;
  actor: Actor;
  /** The jurisdiction's reference version when the session was read (see platform/refcache.ts). */
  refVersion?: number;
}

export interface AppDeps {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  secretBox: SecretBox;
  /** Distinguishes processes in job locks and logs. */
  instanceId: string;
  rateLimits: { login: number; public: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    session: SessionState | null;
    idempotency: { principal: string; key: string } | null;
  }
  interface FastifyContextConfig {
    /** The policy action this route performs (checked before the handler; rows are checked in the service). */
    policy?: string;
    /** A route that anyone may call. */
    public?: boolean;
    /** May be called by a session that has yet to pass its second factor or change its password. */
    allowPending?: boolean;
  }
}
