// Database-backed job runner. Jobs are rows in `jobs`, so they survive restarts. A runner claims due rows with
// FOR UPDATE SKIP LOCKED and takes a lease (locked_until) that it renews while the handler runs; a runner that
// dies leaves an expired lease, and any runner reclaims the job. So each job runs once with any number of
// runners on one PostgreSQL (and on PGlite, whose single connection serialises the claims) — except after a
// crash mid-handler, when it runs again: handlers must be idempotent (check the state they act on in their
// own transaction before changing it).
import { sql, type Kysely } from 'kysely';
import type { DB, Executor } from '../../db/database.ts';

export interface JobContext {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  jurisdictionId: number | null;
  attempts: number;
}
export type JobHandler = (db: Kysely<DB>, job: JobContext) => Promise<void>;

/** pending (due at run_at, also while waiting for a retry) → running → done | dead (out of attempts) | cancelled. */
export const JOB_STATUSES = ['pending', 'running', 'done', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const handlers = new Map<string, JobHandler>();

/** Registers the handler for a kind of job. A process claims only the kinds it has handlers for. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function registeredJobKinds(): string[] {
  return [...handlers.keys()];
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown) => (e as { code?: unknown })?.code === UNIQUE_VIOLATION;

export interface NewJob {
  kind: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  uniqueKey?: string;
  jurisdictionId?: number | null;
  maxAttempts?: number;
}

/**
 * The statement inserting a job, or several; with uniqueKey, an existing pending job with that key is replaced
 * (run_at/payload updated). Not executed: for a caller that sends it with its other writes in one statement.
 */
export function scheduleJobQuery(db: Executor, job: NewJob | readonly NewJob[]) {
  const values = (Array.isArray(job) ? job : [job]).map((j: NewJob) => ({
    kind: j.kind,
    runAt: j.runAt,
    payload: JSON.stringify(j.payload ?? {}),
    uniqueKey: j.uniqueKey ?? null,
    jurisdictionId: j.jurisdictionId ?? null,
    maxAttempts: j.maxAttempts ?? 5,
  }));
  const insert = db.insertInto('jobs').values(values);
  if (values.every((v) => v.uniqueKey === null)) return insert;
  return insert.onConflict((oc) =>
    oc
      .column('uniqueKey')
      // A literal, not a parameter: the partial unique index is inferred at plan time (prepared statements).
      .where('status', '=', sql.lit('pending'))
      .doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        runAt: eb.ref('excluded.runAt'),
        payload: eb.ref('excluded.payload'),
        jurisdictionId: eb.ref('excluded.jurisdictionId'),
        maxAttempts: eb.ref('excluded.maxAttempts'),
        attempts: 0,
        lastError: null,
      })),
  );
}

/** Inserts a job in the caller's transaction (see scheduleJobQuery). */
export async function scheduleJob(db: Executor, job: NewJob): Promise<void> {
  await scheduleJobQuery(db, job).execute();
}

/** Removes the pending job with this key (a job already running finishes; its handler should check the state). */
export async function cancelJobs(db: Executor, uniqueKey: string): Promise<void> {
  await db.deleteFrom('jobs').where('uniqueKey', '=', uniqueKey).where('status', '=', 'pending').execute();
}

/**
 * Makes sure a job of this kind runs every `everyMs` (first at `firstRunAt`, default now). Idempotent: call it at
 * every start; an existing chain keeps its next run time and takes the new interval.
 */
export async function scheduleRecurring(
  db: Executor,
  kind: string,
  everyMs: number,
  opts: { firstRunAt?: Date; payload?: Record<string, unknown>; jurisdictionId?: number | null; maxAttempts?: number } = {},
): Promise<void> {
  if (!Number.isInteger(everyMs) || everyMs < 1000) throw new Error('a recurring job runs at most once a second');
  const key = `recurring:${kind}`;
  const runAt = opts.firstRunAt ?? new Date();
  const payload = JSON.stringify(opts.payload ?? {});
  await sql`
    insert into jobs (kind, run_at, payload, unique_key, jurisdiction_id, max_attempts, repeat_ms)
    select ${kind}, ${runAt}, ${payload}::jsonb, ${key}, ${opts.jurisdictionId ?? null}, ${opts.maxAttempts ?? 3}, ${everyMs}
    where not exists (select 1 from jobs where unique_key = ${key} and status in ('pending', 'running'))
    on conflict (unique_key) where status = 'pending' do update set repeat_ms = excluded.repeat_ms`.execute(db);
  await db.updateTable('jobs').set({ repeatMs: everyMs }).where('uniqueKey', '=', key).where('status', 'in', ['pending', 'running']).execute();
}

/** Delay before the n-th retry: 10 s, 20 s, 40 s … at most an hour, with up to 20 % jitter so retries spread out. */
export function defaultBackoffMs(attempts: number): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (1 + Math.random() * 0.2));
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  jurisdictionId: number | null;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  uniqueKey: string | null;
  repeatMs: number | null;
}

export interface JobRunnerOptions {
  instanceId: string;
  /** How often an idle runner looks for due jobs (default 1000 ms). */
  pollMs?: number;
  /** Jobs claimed per round (default 10). */
  batch?: number;
  /** How long a claim holds before another runner may take the job over (default 60 s; renewed while running). */
  leaseMs?: number;
  backoffMs?: (attempts: number) => number;
  /** Finished jobs are deleted after this long (default 30 days); dead ones are kept for inspection. */
  keepDoneMs?: number;
  logger?: { error(o: object, m: string): void; warn?(o: object, m: string): void };
}

export class JobRunner {
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly backoffMs: (attempts: number) => number;
  private readonly keepDoneMs: number;
  private stopped = true;
  /** Set by stop(): jobs claimed but not yet started go back to the queue. */
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastPrune = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: JobRunnerOptions,
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 10;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.backoffMs = opts.backoffMs ?? defaultBackoffMs;
    this.keepDoneMs = opts.keepDoneMs ?? 30 * 24 * 3600 * 1000;
  }

  /** Polls in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** Stops polling and waits for the job in hand; claimed jobs not yet started are handed back. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    this.loopDone = null;
    this.stopping = false;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let n = 0;
      try {
        n = await this.runDueOnce();
        await this.pruneNow();
      } catch (err) {
        this.opts.logger?.error({ err }, 'job runner: polling failed');
      }
      if (this.stopped) break;
      if (n < this.batch) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async pruneNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    await this.db.deleteFrom('jobs').where('status', '=', 'done').where('finishedAt', '<', new Date(now - this.keepDoneMs)).execute();
  }

  /** Claims the jobs due at `now` (up to the batch size) and runs them; returns how many it claimed. */
  async runDueOnce(now: Date = new Date()): Promise<number> {
    const kinds = registeredJobKinds();
    if (kinds.length === 0) return 0;
    const claimed = await this.claim(now, kinds);
    if (claimed.length === 0) return 0;
    const remaining = new Set(claimed.map((j) => j.id));
    const heartbeat = setInterval(() => void this.renew([...remaining]), Math.max(50, Math.floor(this.leaseMs / 3)));
    try {
      for (const job of claimed) {
        if (this.stopping) {
          await this.release(job);
        } else {
          await this.execute(job, now);
        }
        remaining.delete(job.id);
      }
    } finally {
      clearInterval(heartbeat);
    }
    return claimed.length;
  }

  private async claim(now: Date, kinds: string[]): Promise<ClaimedJob[]> {
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('jobs')
        .select(['id', 'status', 'attempts', 'maxAttempts', 'repeatMs'])
        .where('kind', 'in', kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('runAt', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)]),
          ]),
        )
        .orderBy('runAt')
        .orderBy('id')
        .limit(this.batch)
        .forUpdate()
        .skipLocked()
        .execute();
      // A job whose runner died while it had no attempts left is not tried again.
      const exhausted = due.filter((j) => j.status === 'running' && j.attempts >= j.maxAttempts).map((j) => j.id);
      if (exhausted.length > 0) {
        await tx
          .updateTable('jobs')
          .set({ status: 'dead', finishedAt: now, lockedBy: null, lockedUntil: null, lastError: 'the runner stopped during the last attempt (lease expired)' })
          .where('id', 'in', exhausted)
          .execute();
      }
      const ids = due.filter((j) => !exhausted.includes(j.id)).map((j) => j.id);
      if (ids.length === 0) return [];
      const rows = await tx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          lockedBy: this.opts.instanceId,
          lockedUntil: leaseUntil,
          startedAt: now,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', ids)
        .returning(['id', 'kind', 'payload', 'jurisdictionId', 'attempts', 'maxAttempts', 'runAt', 'uniqueKey', 'repeatMs'])
        .execute();
      return rows
        .map((r) => ({ ...r, id: Number(r.id), repeatMs: r.repeatMs === null ? null : Number(r.repeatMs) }))
        .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
    });
  }

  private async renew(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.db
        .updateTable('jobs')
        .set({ lockedUntil: new Date(Date.now() + this.leaseMs) })
        .where('id', 'in', ids)
        .where('status', '=', 'running')
        .where('lockedBy', '=', this.opts.instanceId)
        .execute();
    } catch (err) {
      this.opts.logger?.error({ err }, 'job runner: lease renewal failed');
    }
  }

  private async execute(job: ClaimedJob, now: Date): Promise<void> {
    const handler = handlers.get(job.kind);
    let error: unknown = null;
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(this.db, { id: job.id, kind: job.kind, payload: job.payload ?? {}, jurisdictionId: job.jurisdictionId, attempts: job.attempts });
    } catch (err) {
      error = err ?? new Error('job failed');
    }
    try {
      if (error === null) await this.complete(job, now);
      else await this.fail(job, error, now);
    } catch (err) {
      // The lease runs out and another runner takes the job up again.
      this.opts.logger?.error({ err, jobId: job.id, kind: job.kind }, 'job runner: could not record the outcome');
    }
  }

  /** Done, and the next occurrence of a recurring job, in one transaction. */
  private async complete(job: ClaimedJob, now: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('jobs')
        .set({ status: 'done', finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .where('lockedBy', '=', this.opts.instanceId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        this.opts.logger?.warn?.({ jobId: job.id, kind: job.kind }, 'job runner: lease lost before the job finished');
        return;
      }
      await this.scheduleNext(tx, job, now);
    });
  }

  private async scheduleNext(tx: Executor, job: ClaimedJob, now: Date): Promise<void> {
    if (job.repeatMs === null || job.uniqueKey === null) return;
    await tx
      .insertInto('jobs')
      .values({
        kind: job.kind,
        runAt: new Date(Math.max(now.getTime(), Date.now()) + job.repeatMs),
        payload: JSON.stringify(job.payload ?? {}),
        uniqueKey: job.uniqueKey,
        jurisdictionId: job.jurisdictionId,
        maxAttempts: job.maxAttempts,
        repeatMs: job.repeatMs,
      })
      .onConflict((oc) => oc.column('uniqueKey').where('status', '=', sql.lit('pending')).doNothing())
      .execute();
  }

  private async fail(job: ClaimedJob, error: unknown, now: Date): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    this.opts.logger?.error({ err: error, jobId: job.id, kind: job.kind, attempts: job.attempts }, 'job failed');
    if (job.attempts >= job.maxAttempts) {
      await this.db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('jobs')
          .set({ status: 'dead', finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: message })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('lockedBy', '=', this.opts.instanceId)
          .executeTakeFirst();
        // A recurring job carries on with its next occurrence even when this one gave up.
        if (Number(res.numUpdatedRows) > 0) await this.scheduleNext(tx, job, now);
      });
      return;
    }
    const retryAt = new Date(Math.max(now.getTime(), Date.now()) + this.backoffMs(job.attempts));
    await this.backToPending(job, { runAt: retryAt, lastError: message });
  }

  /** Hands a claimed job back (for a retry, or unstarted at shutdown). Superseded if a newer pending job took its key. */
  private async backToPending(job: ClaimedJob, set: { runAt?: Date; lastError?: string; undoAttempt?: boolean }): Promise<void> {
    try {
      await this.db
        .updateTable('jobs')
        .set((eb) => ({
          status: 'pending',
          lockedBy: null,
          lockedUntil: null,
          ...(set.runAt ? { runAt: set.runAt } : {}),
          ...(set.lastError !== undefined ? { lastError: set.lastError } : {}),
          ...(set.undoAttempt ? { attempts: eb('attempts', '-', 1) } : {}),
        }))
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .where('lockedBy', '=', this.opts.instanceId)
        .execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await this.db
        .updateTable('jobs')
        .set({ status: 'cancelled', finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: 'superseded by a newer job with the same key' })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .where('lockedBy', '=', this.opts.instanceId)
        .execute();
    }
  }

  private async release(job: ClaimedJob): Promise<void> {
    try {
      await this.backToPending(job, { undoAttempt: true });
    } catch (err) {
      this.opts.logger?.error({ err, jobId: job.id }, 'job runner: could not hand back a claimed job');
    }
  }
}
