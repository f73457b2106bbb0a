// Append-only, hash-chained audit log. Each row's hash covers the previous row's hash and the row's own
// content, so an edited, deleted or reordered row breaks the chain at that point. Appends take the chain
// head's row lock, so they serialise within the writing transaction and commit (or vanish) with it.
import { createHash } from 'node:crypto';
import { type Compilable, type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../context.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  success?: boolean;
  details?: Record<string, unknown>;
  /** Defaults to the actor's jurisdiction. */
  jurisdictionId?: number | null;
  /** For actions without a logged-in actor (e.g. a failed login), the name attempted. */
  actorName?: string;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface HashedFields {
  seq: number;
  at: Date;
  jurisdictionId: number | null;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  success: boolean;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export function auditHash(prevHash: string, f: HashedFields): string {
  const body = canonicalJson({ ...f, at: f.at.toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * A write the caller's transaction makes last, sent in the audit's own statement: a data-modifying statement with
 * a RETURNING clause, for rows many transactions update (a figures rollup), so that their locks, like the chain
 * head's, are held for one round trip and the commit rather than for the rest of the transaction.
 */
export type AuditAlongside = RawBuilder<unknown>;

/** Writes sent in one statement with the audit row: each a data-modifying statement, named for the result to read. */
export interface AuditedWrites<R> {
  writes: readonly (readonly [name: string, query: RawBuilder<unknown> | Compilable<unknown>])[];
  /** The write of rows many transactions update: its locks are taken before the chain head's (one order for all). */
  hot: string | null;
  /** What the statement answers, read from the writes' RETURNING rows. */
  result: RawBuilder<R>;
}

/** One audit row to append: what was done, and the request it was done in. */
export interface AuditRow {
  ctx: RequestContext;
  entry: AuditEntry;
}

/**
 * One audit row's values, and the canonical text auditHash hashes split around the sequence number: the text ends
 * with …"seq":0,"success":…} (keys sorted; seq and success are the last two), and the database puts the real
 * sequence number where the 0 is.
 */
function hashedRow({ ctx, entry }: AuditRow, i: number, at: Date) {
  const fields: HashedFields = {
    seq: 0,
    at,
    jurisdictionId: entry.jurisdictionId !== undefined ? entry.jurisdictionId : (ctx.actor?.jurisdictionId ?? null),
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor ? `${ctx.actor.displayName}(${ctx.actor.username})` : (entry.actorName ?? ''),
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    success: entry.success ?? true,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: JSON.parse(canonicalJson(entry.details ?? {})) as Record<string, unknown>,
  };
  const body = canonicalJson({ ...fields, at: fields.at.toISOString() });
  const tail = `,"success":${fields.success}}`;
  const cut = body.length - tail.length - 1;
  if (!body.endsWith(`"seq":0${tail}`)) throw new Error('audit: unexpected canonical form');
  return sql`(${i}::integer, ${fields.at}::timestamptz, ${fields.jurisdictionId}::integer, ${fields.actorId}::integer, ${fields.actorName}::text, ${fields.action}::text,
    ${fields.entity}::text, ${fields.entityId}::text, ${fields.success}::boolean, ${fields.requestId}::text, ${fields.ip}::text,
    ${JSON.stringify(fields.details)}::jsonb, ${`\n${body.slice(0, cut)}`}::text, ${tail}::text)`;
}

/**
 * One statement: the writes, then lock the chain head, insert the rows with the next sequence numbers, each hashed
 * over the one before, and move the head to the last. The hashes are computed by the database (sha256 over the
 * same text auditHash hashes) because the sequence numbers are only known under the lock; in a transaction this
 * keeps the lock for one round trip plus the rest of it. The head's lock waits for the hot write's result, so every
 * appender takes the hot rows' locks first.
 */
function auditStatement<R>(rows: readonly AuditRow[], w: AuditedWrites<R>): RawBuilder<R> {
  if (rows.length === 0) throw new Error('audit: no row to append');
  // Millisecond precision so that the stored value hashes back to the same text.
  const at = new Date(Math.floor(Date.now()));
  const writes = w.writes.map(([name, q]) => sql`${sql.id(name)} as (${q}), `);
  const waitFor = w.hot ? sql` and (select count(*) from ${sql.id(w.hot)}) >= 0` : sql``;
  return sql<R>`with recursive ${sql.join(writes, sql``)}head as (select seq, hash from audit_head where id = 1${waitFor} for update),
      entries (i, at, jurisdiction_id, actor_id, actor_name, action, entity, entity_id, success, request_id, ip, details, pre, tail) as (
        values ${sql.join(rows.map((r, i) => hashedRow(r, i + 1, at)))}),
      chain (i, seq, prev_hash, hash) as (
        select 0, head.seq, null::text, head.hash from head
        union all
        select n.i, chain.seq + 1, chain.hash, encode(sha256(convert_to(chain.hash || n.pre || (chain.seq + 1)::text || n.tail, 'UTF8')), 'hex')
        from chain join entries n on n.i = chain.i + 1),
      appended as (
        insert into audit_log (seq, at, jurisdiction_id, actor_id, actor_name, action, entity, entity_id, success, request_id, ip, details, prev_hash, hash)
        select chain.seq, n.at, n.jurisdiction_id, n.actor_id, n.actor_name, n.action, n.entity, n.entity_id, n.success, n.request_id, n.ip, n.details,
          chain.prev_hash, chain.hash
        from chain join entries n on n.i = chain.i
        returning seq, hash),
      audit_moved as (
        update audit_head set seq = last.seq, hash = last.hash from (select seq, hash from appended order by seq desc limit 1) last
        where audit_head.id = 1 returning audit_head.seq)
    ${w.result}`;
}

/**
 * Appends one audit row, with the write alongside, in one statement: in the caller's transaction, or, being one
 * statement, atomic on its own.
 */
export async function appendAudit(db: Executor, ctx: RequestContext, entry: AuditEntry, alongside: AuditAlongside | null = null): Promise<number> {
  const r = await auditStatement<{ seq: number | string }>([{ ctx, entry }], {
    writes: alongside ? [['alongside', alongside]] : [],
    hot: alongside ? 'alongside' : null,
    result: sql`select seq from audit_moved`,
  }).execute(db);
  return Number(r.rows[0].seq);
}

/**
 * The writes and their audit rows (several: appended in the order given) as one statement — atomic without a
 * transaction around it, so no lock is held while the application works between statements. Answers the result's
 * rows.
 */
export async function auditedWrite<R>(db: Executor, rows: readonly AuditRow[], w: AuditedWrites<R>): Promise<R[]> {
  return (await auditStatement(rows, w).execute(db)).rows;
}

export interface ChainProblem {
  seq: number;
  kind: 'edited' | 'missing' | 'reordered' | 'head_mismatch';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  lastSeq: number;
  problems: ChainProblem[];
}

/** Walks the whole chain in order and reports every row that does not fit. */
export async function verifyAuditChain(db: Executor, batch = 5000): Promise<VerifyResult> {
  const problems: ChainProblem[] = [];
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  let rows = 0;
  let lastId = 0;
  for (;;) {
    const page = await db.selectFrom('auditLog').selectAll().where('id', '>', lastId).orderBy('id').limit(batch).execute();
    if (page.length === 0) break;
    for (const r of page) {
      rows++;
      lastId = Number(r.id);
      const seq = Number(r.seq);
      if (seq > expectedSeq) {
        problems.push({ seq: expectedSeq, kind: 'missing', message: `rows ${expectedSeq}..${seq - 1} are missing before row ${seq}` });
      } else if (seq < expectedSeq) {
        problems.push({ seq, kind: 'reordered', message: `row ${seq} appears after row ${expectedSeq - 1}` });
      }
      if (r.prevHash !== prevHash && seq === expectedSeq) {
        problems.push({ seq, kind: 'reordered', message: `row ${seq} does not follow the previous row's hash` });
      }
      const recomputed = auditHash(r.prevHash, {
        seq,
        at: r.at,
        jurisdictionId: r.jurisdictionId,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        success: r.success,
        requestId: r.requestId,
        ip: r.ip,
        details: r.details,
      });
      if (recomputed !== r.hash) problems.push({ seq, kind: 'edited', message: `row ${seq}'s content does not match its hash` });
      prevHash = r.hash;
      expectedSeq = seq + 1;
    }
  }
  const head = await db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
    problems.push({
      seq: Number(head.seq),
      kind: 'head_mismatch',
      message: `chain head says row ${head.seq} but the log ends at row ${expectedSeq - 1}`,
    });
  }
  return { ok: problems.length === 0, rows, lastSeq: expectedSeq - 1, problems };
}
