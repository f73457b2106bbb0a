// API keys for machines: the higher platform's transfers (一体化治理平台) and Open311 clients. A key is shown
// once; only its SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import { actorOf } from './events.service.ts';
import type { ApiScope } from './events.table.ts';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface ApiClient {
  id: number;
  jurisdictionId: number;
  name: string;
  system: string;
  scopes: ApiScope[];
}

const clientDto = (c: Awaited<ReturnType<typeof repo.listApiClients>>[number]) => ({
  id: c.id,
  name: c.name,
  system: c.system,
  keyPrefix: c.keyPrefix,
  scopes: c.scopes as ApiScope[],
  active: c.active,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
});

export async function createApiClient(db: Executor, ctx: RequestContext, input: { name: string; system: string; scopes: ApiScope[] }) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_api_clients.manage']);
  const prefix = randomBytes(4).toString('hex');
  const key = `zk_${prefix}_${randomBytes(24).toString('base64url')}`;
  const row = await db.transaction().execute(async (tx) => {
    const r = await repo.insertApiClient(tx, {
      jurisdictionId: actor.jurisdictionId,
      name: input.name.trim(),
      system: input.system.trim(),
      keyPrefix: prefix,
      keyHash: hashKey(key),
      scopes: JSON.stringify([...new Set(input.scopes)]),
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'event_api_client.create', entity: 'event_api_client', entityId: r.id, details: { name: r.name, scopes: input.scopes } });
    return r;
  });
  return { ...clientDto(row), key };
}

export async function listApiClients(db: Executor, ctx: RequestContext) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_api_clients.manage']);
  return (await repo.listApiClients(db, actor.jurisdictionId)).map(clientDto);
}

export async function revokeApiClient(db: Executor, ctx: RequestContext, id: number) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_api_clients.manage']);
  return db.transaction().execute(async (tx) => {
    const r = await repo.deactivateApiClient(tx, actor.jurisdictionId, id);
    if (!r) throw errors.notFound('event_api_client', '接口密钥');
    await appendAudit(tx, ctx, { action: 'event_api_client.revoke', entity: 'event_api_client', entityId: id });
    return clientDto(r);
  });
}

export const invalidKey = () => new AppError(403, 'events.invalid_api_key', { zh: 'API 密钥无效', en: 'Invalid API key' });

/** The active client holding this key with this scope, or 403. */
export async function clientForKey(db: Executor, key: string | undefined, scope: ApiScope): Promise<ApiClient> {
  if (!key || key.length > 200) throw invalidKey();
  const c = await repo.findApiClientByHash(db, hashKey(key));
  if (!c || !(c.scopes as ApiScope[]).includes(scope)) throw invalidKey();
  await repo.touchApiClient(db, c.id, new Date());
  return { id: c.id, jurisdictionId: c.jurisdictionId, name: c.name, system: c.system, scopes: c.scopes as ApiScope[] };
}

/** The key from `X-API-Key` or `Authorization: Bearer`. */
export function keyFromHeaders(h: Record<string, string | string[] | undefined>): string | undefined {
  const x = h['x-api-key'];
  if (typeof x === 'string' && x) return x;
  const auth = h.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return undefined;
}
