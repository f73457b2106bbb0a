// The administrator's view of the job queue: list by status and kind, and retry a job that gave up.
// An administrator sees the jobs of their jurisdiction and the system's own (jurisdiction_id null).
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize, type Actor } from '../auth/policy.ts';
import type { RequestContext } from '../context.ts';
import { errors } from '../errors.ts';
import { pageBounds, type PageResult } from '../http/schemas.ts';
import { jobsActions } from './jobs.policy.ts';
import type { JobStatus } from './jobs.ts';

export interface JobDto {
  id: number;
  kind: string;
  status: JobStatus;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  uniqueKey: string | null;
  repeatMs: number | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  jurisdictionId: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ListJobsQuery {
  status?: JobStatus;
  kind?: string;
  page?: number;
  pageSize?: number;
  sort?: 'id' | 'runAt' | 'createdAt';
  order?: 'asc' | 'desc';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const COLUMNS = [
  'id', 'kind', 'status', 'runAt', 'attempts', 'maxAttempts', 'uniqueKey', 'repeatMs', 'lockedBy', 'lockedUntil',
  'lastError', 'jurisdictionId', 'createdAt', 'startedAt', 'finishedAt',
] as const;

type JobRow = {
  id: number; kind: string; status: string; runAt: Date; attempts: number; maxAttempts: number; uniqueKey: string | null;
  repeatMs: number | null; lockedBy: string | null; lockedUntil: Date | null; lastError: string | null;
  jurisdictionId: number | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
};

function toDto(r: JobRow): JobDto {
  return {
    ...r,
    status: r.status as JobStatus,
    id: Number(r.id),
    repeatMs: r.repeatMs === null ? null : Number(r.repeatMs),
    runAt: r.runAt.toISOString(),
    lockedUntil: iso(r.lockedUntil),
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

function requireActor(ctx: RequestContext, action: string): Actor {
  authorize(ctx.actor, action);
  return ctx.actor as Actor;
}

export async function listJobs(db: Executor, ctx: RequestContext, q: ListJobsQuery): Promise<PageResult<JobDto>> {
  const actor = requireActor(ctx, jobsActions['jobs.read']);
  const { page, pageSize, offset } = pageBounds(q);
  let base = db
    .selectFrom('jobs')
    .where((eb) => eb.or([eb('jurisdictionId', '=', actor.jurisdictionId), eb('jurisdictionId', 'is', null)]));
  if (q.status) base = base.where('status', '=', q.status);
  if (q.kind) base = base.where('kind', '=', q.kind);
  const [rows, count] = await Promise.all([
    base
      .select([...COLUMNS])
      .orderBy(q.sort ?? 'id', q.order ?? 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toDto(r as JobRow)), total: Number(count.n), page, pageSize };
}

export async function retryJob(db: Executor, ctx: RequestContext, id: number): Promise<JobDto> {
  const actor = requireActor(ctx, jobsActions['jobs.manage']);
  const run = async (tx: Executor) => {
    const job = await tx.selectFrom('jobs').select([...COLUMNS]).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!job || (job.jurisdictionId !== null && job.jurisdictionId !== actor.jurisdictionId)) throw errors.notFound('job', '任务');
    if (job.status !== 'dead' && job.status !== 'cancelled') {
      throw errors.conflict('job.not_retryable', { zh: '只有已失败或已取消的任务可以重试', en: 'Only dead or cancelled jobs can be retried' }, { status: job.status });
    }
    const updated = await tx
      .updateTable('jobs')
      .set({ status: 'pending', attempts: 0, runAt: new Date(), finishedAt: null, lockedBy: null, lockedUntil: null })
      .where('id', '=', id)
      .returning([...COLUMNS])
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, { action: 'job.retry', entity: 'job', entityId: id, details: { kind: job.kind, previousStatus: job.status } });
    return toDto(updated as JobRow);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
