// Idempotency-Key for POSTs: the same key with the same body replays the first response; the same key with
// a different body is 422; a key whose first request is still running is 409. Failed (5xx) attempts free the key.
//
// A key whose first request was cut off (the process was killed after the key was taken) stays "pending". While
// pending, the row remembers the request id and the process that took it. A later attempt may take the key over
// once that request is certainly over — its process is another one on PGlite (one process per data directory:
// the earlier one is dead), it was this process but is no longer running, or it started ABANDON_AFTER_MS ago —
// and then looks for the audit rows that request wrote: every write appends its audit row in the same
// transaction, so none means nothing was committed and the request runs again; some means it was committed
// before the cut, and the answer is 409 idempotency.completed naming the record (the original answer is lost),
// kept for later retries.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { canonicalJson } from '../audit/audit.ts';
import { AppError } from '../errors.ts';

/** A pending key older than this is taken to belong to a request that will never finish. */
export const ABANDON_AFTER_MS = 120_000;

interface PendingMark {
  pending: { requestId: string; instance: string };
}

function readMark(body: string | null): PendingMark['pending'] | null {
  if (!body) return null;
  try {
    const m = (JSON.parse(body) as Partial<PendingMark>).pending;
    return m && typeof m.requestId === 'string' && typeof m.instance === 'string' ? m : null;
  } catch {
    return null;
  }
}

const inProgress = () => new AppError(409, 'idempotency.in_progress', { zh: '相同请求正在处理中', en: 'The same request is in progress' });

const KEY_RE = /^[A-Za-z0-9_\-:.]{8,128}$/;

export function installIdempotency(app: FastifyInstance): void {
  /** Keys this process is running a request for right now: from before the key's row is written to its answer's. */
  const running = new Set<string>();
  const mark = (req: FastifyRequest) => JSON.stringify({ pending: { requestId: req.id, instance: app.deps.instanceId } } satisfies PendingMark);

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
    const principal = req.session ? `user:${req.session.actor.userId}` : `ip:${req.ip}`;
    // The key is this process's to run from before its row is written until its answer is recorded: a retry must
    // never find the row pending before its first request has said so here (on PostgreSQL the retry's statements can
    // see the row committed before the first request has its answer; it then took the key over and made a second
    // record: events.public.test.ts, "sent three times at once").
    const slot = `${principal}\n${key}`;
    if (running.has(slot)) throw inProgress();
    running.add(slot);
    let outcome: 'taken' | 'replayed' | undefined;
    try {
      outcome = await take(req, reply, principal, key);
    } finally {
      if (outcome !== 'taken') running.delete(slot);
    }
    if (outcome === 'replayed') return reply;
  });

  /** Takes the key for this request, or answers the request with the first one's answer, or refuses it (throws). */
  async function take(req: FastifyRequest, reply: FastifyReply, principal: string, key: string): Promise<'taken' | 'replayed'> {
    const { db } = app.deps;
    const path = req.routeOptions.url ?? req.url;
    const bodyHash = createHash('sha256').update(req.url).update('\n').update(canonicalJson(req.body ?? null)).digest('hex');
    const inserted = await db
      .insertInto('idempotencyKeys')
      .values({ principal, key, method: req.method, path, bodyHash, jurisdictionId: req.session?.actor.jurisdictionId ?? null, responseBody: mark(req) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      req.idempotency = { principal, key };
      return 'taken';
    }
    const prior = await db.selectFrom('idempotencyKeys').selectAll().where('principal', '=', principal).where('key', '=', key).executeTakeFirst();
    if (!prior) throw inProgress();
    if (prior.bodyHash !== bodyHash) {
      throw new AppError(422, 'idempotency.key_reused', {
        zh: '该 Idempotency-Key 已用于不同的请求内容',
        en: 'This Idempotency-Key was used with a different request',
      });
    }
    if (prior.state !== 'done' || prior.responseStatus === null) {
      const m = readMark(prior.responseBody);
      const over =
        m !== null &&
        ((app.deps.database.kind === 'pglite' && m.instance !== app.deps.instanceId) ||
          // This process's, and no request here runs it (this one holds the key in `running` now, none before it).
          m.instance === app.deps.instanceId ||
          Date.now() - prior.createdAt.getTime() > ABANDON_AFTER_MS);
      if (!m || !over) throw inProgress();
      // Did the cut-off request commit? Its audit rows say so (same transaction as its write).
      const userId = principal.startsWith('user:') ? Number(principal.slice(5)) : null;
      const audit = await sql<{ entity: string; entityId: string | null }>`
        select entity, entity_id as "entityId" from audit_log
        where request_id = ${m.requestId} and at >= ${new Date(prior.createdAt.getTime() - 60_000)}
          ${userId !== null ? sql`and actor_id = ${userId}` : sql``}
        order by seq limit 1`.execute(db);
      const done = audit.rows[0];
      if (done) {
        const err = new AppError(
          409,
          'idempotency.completed',
          { zh: '该请求此前已经完成，但结果未能送达；请查看相关记录', en: 'This request was completed before, but its answer was lost; look the record up' },
          { entity: done.entity, entityId: done.entityId },
        );
        await db
          .updateTable('idempotencyKeys')
          .set({ state: 'done', responseStatus: 409, responseBody: JSON.stringify({ error: { code: err.code, message: err.messages.zh, details: err.details } }) })
          .where('principal', '=', principal)
          .where('key', '=', key)
          .where('state', '=', 'pending')
          .execute();
        throw err;
      }
      // Nothing was committed: take the key over (one taker wins) and run the request again.
      const taken = await db
        .updateTable('idempotencyKeys')
        .set({ responseBody: mark(req), createdAt: new Date() })
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .where('responseBody', '=', prior.responseBody)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows ?? 0) !== 1) throw inProgress();
      req.idempotency = { principal, key };
      return 'taken';
    }
    reply.header('idempotent-replayed', 'true');
    reply.status(prior.responseStatus).type('application/json; charset=utf-8').send(prior.responseBody ?? '');
    return 'replayed';
  }

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = null;
    const { db } = app.deps;
    const status = reply.statusCode;
    // The key counts as running here until its row says done (or is gone): a retry arriving in between must get
    // 409, not find a pending key of this process that no longer runs and take it over.
    try {
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
    } finally {
      running.delete(`${idem.principal}\n${idem.key}`);
    }
    return payload;
  });
}
