// Idempotency-Key for POSTs: the same key with the same body replays the first response; the same key with
// a different body is 422; a key whose first request is still running is 409. Failed (5xx) attempts free the key.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canonicalJson } from '../audit/audit.ts';
import { AppError } from '../errors.ts';

const KEY_RE = /^[A-Za-z0-9_\-:.]{8,128}$/;

export function installIdempotency(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST') return;
    const key = req.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw new AppError(400, 'idempotency.invalid_key', {
        zh: 'Idempotency-Key 须为 8–128 位字母、数字或 -_:.',
        en: 'Idempotency-Key must be 8–128 characters of letters, digits or -_:.',
      });
    }
    const { db } = app.deps;
    const principal = req.session ? `user:${req.session.actor.userId}` : `ip:${req.ip}`;
    const path = req.routeOptions.url ?? req.url;
    const bodyHash = createHash('sha256').update(req.url).update('\n').update(canonicalJson(req.body ?? null)).digest('hex');
    const inserted = await db
      .insertInto('idempotencyKeys')
      .values({ principal, key, method: req.method, path, bodyHash, jurisdictionId: req.session?.actor.jurisdictionId ?? null })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      req.idempotency = { principal, key };
      return;
    }
    const prior = await db.selectFrom('idempotencyKeys').selectAll().where('principal', '=', principal).where('key', '=', key).executeTakeFirst();
    if (!prior) throw new AppError(409, 'idempotency.in_progress', { zh: '相同请求正在处理中', en: 'The same request is in progress' });
    if (prior.bodyHash !== bodyHash) {
      throw new AppError(422, 'idempotency.key_reused', {
        zh: '该 Idempotency-Key 已用于不同的请求内容',
        en: 'This Idempotency-Key was used with a different request',
      });
    }
    if (prior.state !== 'done' || prior.responseStatus === null) {
      throw new AppError(409, 'idempotency.in_progress', { zh: '相同请求正在处理中', en: 'The same request is in progress' });
    }
    reply.header('idempotent-replayed', 'true');
    return reply.status(prior.responseStatus).type('application/json; charset=utf-8').send(prior.responseBody ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = null;
    const { db } = app.deps;
    const status = reply.statusCode;
    if (status >= 500 || status === 409 || status === 429) {
      await db.deleteFrom('idempotencyKeys').where('principal', '=', idem.principal).where('key', '=', idem.key).execute();
    } else {
      await db
        .updateTable('idempotencyKeys')
        .set({ state: 'done', responseStatus: status, responseBody: typeof payload === 'string' ? payload : JSON.stringify(payload ?? null) })
        .where('principal', '=', idem.principal)
        .where('key', '=', idem.key)
        .execute();
    }
    return payload;
  });
}
