// The audit-log viewer: the audit administrator reads the log and verifies its hash chain. Nothing here
// writes to audit_log except the record that a verification was run; the table itself refuses changes.
import type { Executor } from '../../db/database.ts';
import { appendAudit, verifyAuditChain, type VerifyResult } from '../../platform/audit/audit.ts';
import { authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { identityActions } from './identity.policy.ts';
import * as repo from './identity.repository.ts';

export interface AuditRowDto {
  seq: number;
  at: string;
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

export interface ListAuditQuery {
  actorId?: number;
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  success?: boolean;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Newest first. `from` is inclusive and `to` exclusive (ISO date-times or dates). */
export async function listAuditLog(db: Executor, ctx: RequestContext, query: ListAuditQuery): Promise<PageResult<AuditRowDto>> {
  authorize(ctx.actor, identityActions['audit.read']);
  const actor = ctx.actor as Actor;
  const { page, pageSize, offset } = pageBounds(query);
  const { items, total } = await repo.listAudit(
    db,
    actor.jurisdictionId,
    {
      actorId: query.actorId,
      actor: query.actor?.trim() || undefined,
      action: query.action?.trim() || undefined,
      entity: query.entity?.trim() || undefined,
      entityId: query.entityId?.trim() || undefined,
      success: query.success,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    },
    { limit: pageSize, offset },
  );
  return {
    items: items.map((r) => ({
      seq: Number(r.seq),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      success: r.success,
      requestId: r.requestId,
      ip: r.ip,
      details: r.details ?? {},
    })),
    total,
    page,
    pageSize,
  };
}

/** Walks the whole chain; the run itself is recorded (after the walk, so it does not count itself). */
export async function verifyAuditLog(db: Executor, ctx: RequestContext): Promise<VerifyResult> {
  authorize(ctx.actor, identityActions['audit.read']);
  const result = await verifyAuditChain(db);
  await appendAudit(db, ctx, {
    action: 'audit.verify',
    entity: 'audit_log',
    success: result.ok,
    details: { rows: result.rows, lastSeq: result.lastSeq, problems: result.problems.length },
  });
  return result;
}
