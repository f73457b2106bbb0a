import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { openPGlite, openPostgres, ensurePGliteDir, type Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { cancelJobs, JobRunner, registerJobHandler, scheduleJob, scheduleRecurring, type JobContext } from './jobs.ts';

const HOUR = 3600_000;
let seq = 0;
/** A kind of job of its own for each test, so handlers registered by other tests never claim its rows. */
const newKind = (name: string) => `test.${name}.${process.pid}.${seq++}`;
const later = (ms: number) => new Date(Date.now() + ms);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DB_KINDS)('job runner on %s', (kind) => {
  let database: Database;
  let runner: JobRunner;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    runner = new JobRunner(database.db, { instanceId: 'test-a', backoffMs: () => 1000 });
  });
  afterAll(() => database.close());

  const jobsOf = (k: string) => database.db.selectFrom('jobs').selectAll().where('kind', '=', k).orderBy('id').execute();

  it('runs a due job once and marks it done', async () => {
    const k = newKind('once');
    const seen: JobContext[] = [];
    registerJobHandler(k, async (_db, job) => {
      seen.push(job);
    });
    await scheduleJob(database.db, { kind: k, runAt: new Date(), payload: { eventId: 7 }, jurisdictionId: null });
    expect(await runner.runDueOnce()).toBe(1);
    expect(await runner.runDueOnce()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: k, payload: { eventId: 7 }, attempts: 1, jurisdictionId: null });
    const [row] = await jobsOf(k);
    expect(row).toMatchObject({ status: 'done', lockedBy: null, lockedUntil: null });
    expect(row.finishedAt).toBeInstanceOf(Date);
  });

  it('waits until run_at', async () => {
    const k = newKind('delayed');
    let runs = 0;
    registerJobHandler(k, async () => {
      runs++;
    });
    await scheduleJob(database.db, { kind: k, runAt: later(HOUR) });
    expect(await runner.runDueOnce()).toBe(0);
    expect(await runner.runDueOnce(later(2 * HOUR))).toBe(1);
    expect(runs).toBe(1);
  });

  it('schedules in the caller transaction: a rolled-back write leaves no job', async () => {
    const k = newKind('tx');
    await database.db
      .transaction()
      .execute(async (tx) => {
        await scheduleJob(tx, { kind: k, runAt: new Date() });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await jobsOf(k)).toHaveLength(0);
  });

  it('replaces the pending job with the same unique key, and lets the key be reused once it is done', async () => {
    const k = newKind('unique');
    const payloads: unknown[] = [];
    registerJobHandler(k, async (_db, job) => {
      payloads.push(job.payload);
    });
    const key = `${k}:deadline`;
    await scheduleJob(database.db, { kind: k, runAt: later(HOUR), payload: { n: 1 }, uniqueKey: key });
    await scheduleJob(database.db, { kind: k, runAt: later(-1000), payload: { n: 2 }, uniqueKey: key });
    const rows = await jobsOf(k);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ n: 2 });
    expect(await runner.runDueOnce()).toBe(1);
    await scheduleJob(database.db, { kind: k, runAt: later(-1000), payload: { n: 3 }, uniqueKey: key });
    expect(await runner.runDueOnce()).toBe(1);
    expect(payloads).toEqual([{ n: 2 }, { n: 3 }]);
    expect((await jobsOf(k)).map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('cancels the pending job with a key', async () => {
    const k = newKind('cancel');
    registerJobHandler(k, async () => {
      throw new Error('must not run');
    });
    await scheduleJob(database.db, { kind: k, runAt: new Date(), uniqueKey: `${k}:x` });
    await cancelJobs(database.db, `${k}:x`);
    expect(await runner.runDueOnce()).toBe(0);
    expect(await jobsOf(k)).toHaveLength(0);
  });

  it('retries a failing job with back-off and gives up after max attempts', async () => {
    const k = newKind('fail');
    let calls = 0;
    registerJobHandler(k, async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await scheduleJob(database.db, { kind: k, runAt: new Date(), maxAttempts: 3 });
    expect(await runner.runDueOnce()).toBe(1);
    let [row] = await jobsOf(k);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1', lockedBy: null });
    expect(row.runAt.getTime()).toBeGreaterThan(Date.now());
    // Not yet due: the back-off holds it.
    expect(await runner.runDueOnce()).toBe(0);
    expect(await runner.runDueOnce(later(5000))).toBe(1);
    expect(await runner.runDueOnce(later(10_000))).toBe(1);
    [row] = await jobsOf(k);
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'boom 3' });
    expect(await runner.runDueOnce(later(HOUR))).toBe(0);
    expect(calls).toBe(3);
  });

  it('takes over the job of a runner that died once its lease has expired', async () => {
    const k = newKind('lease');
    let runs = 0;
    registerJobHandler(k, async () => {
      runs++;
    });
    await scheduleJob(database.db, { kind: k, runAt: new Date() });
    await scheduleJob(database.db, { kind: k, runAt: new Date(), maxAttempts: 1 });
    const [a, b] = await jobsOf(k);
    // Both claimed by a runner that crashed: one lease still valid, then expired.
    await database.db
      .updateTable('jobs')
      .set({ status: 'running', lockedBy: 'crashed', lockedUntil: later(60_000), attempts: 1 })
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(await runner.runDueOnce()).toBe(0);
    expect(await runner.runDueOnce(later(120_000))).toBe(1);
    expect(runs).toBe(1);
    const rows = await jobsOf(k);
    expect(rows.find((r) => r.id === a.id)).toMatchObject({ status: 'done', attempts: 2 });
    // The second had no attempts left: not tried again, but reported.
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ status: 'dead' });
    expect(rows.find((r) => r.id === b.id)?.lastError).toMatch(/lease expired/);
  });

  it('claims only the kinds it has handlers for', async () => {
    const k = newKind('unhandled');
    await scheduleJob(database.db, { kind: k, runAt: new Date() });
    expect(await runner.runDueOnce()).toBe(0);
    expect((await jobsOf(k))[0].status).toBe('pending');
  });

  it('runs a recurring job again and again, and keeps one chain however often it is scheduled', async () => {
    const k = newKind('recurring');
    let runs = 0;
    registerJobHandler(k, async () => {
      runs++;
      if (runs === 2) throw new Error('one bad run');
    });
    await scheduleRecurring(database.db, k, 60_000, { maxAttempts: 1 });
    await scheduleRecurring(database.db, k, 60_000, { maxAttempts: 1 });
    expect(await jobsOf(k)).toHaveLength(1);
    expect(await runner.runDueOnce()).toBe(1);
    let rows = await jobsOf(k);
    expect(rows.map((r) => r.status)).toEqual(['done', 'pending']);
    expect(rows[1].runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    await scheduleRecurring(database.db, k, 120_000);
    expect((await jobsOf(k)).filter((r) => r.status === 'pending')).toHaveLength(1);
    // The failed (dead) run still schedules the next one.
    expect(await runner.runDueOnce(later(70_000))).toBe(1);
    expect(await runner.runDueOnce(later(400_000))).toBe(1);
    rows = await jobsOf(k);
    expect(rows.map((r) => r.status)).toEqual(['done', 'dead', 'done', 'pending']);
    expect(rows[3].repeatMs).toBe(120_000);
    expect(runs).toBe(3);
  });

  it('works in the background between start() and stop()', async () => {
    const k = newKind('background');
    const done: number[] = [];
    registerJobHandler(k, async (_db, job) => {
      done.push(job.payload.n as number);
    });
    const bg = new JobRunner(database.db, { instanceId: 'bg', pollMs: 20 });
    bg.start();
    for (let n = 0; n < 5; n++) await scheduleJob(database.db, { kind: k, runAt: new Date(), payload: { n } });
    for (let i = 0; i < 200 && done.length < 5; i++) await sleep(25);
    await bg.stop();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    await scheduleJob(database.db, { kind: k, runAt: new Date(), payload: { n: 9 } });
    await sleep(100);
    expect(done).toHaveLength(5);
    await database.db.deleteFrom('jobs').where('kind', '=', k).execute();
  });

  it('runs every job exactly once with two runners on two connections', async () => {
    const k = newKind('race');
    const N = 300;
    const executions = new Map<number, number>();
    registerJobHandler(k, async (_db, job) => {
      executions.set(job.id, (executions.get(job.id) ?? 0) + 1);
      if (job.id % 7 === 0) await sleep(1);
    });
    const values = Array.from({ length: N }, (_, i) => ({ kind: k, runAt: new Date(Date.now() - 1000), payload: JSON.stringify({ i }) }));
    await database.db.insertInto('jobs').values(values).execute();
    // On PostgreSQL the second runner has a pool of its own; PGlite is one process with one connection.
    const second = kind === 'postgres' ? openPostgres(database.url!, 3) : database;
    const counts = { a: 0, b: 0 };
    try {
      const r1 = new JobRunner(database.db, { instanceId: 'runner-1', batch: 7 });
      const r2 = new JobRunner(second.db, { instanceId: 'runner-2', batch: 5 });
      const drain = async (r: JobRunner, name: 'a' | 'b') => {
        for (;;) {
          const n = await r.runDueOnce();
          counts[name] += n;
          if (n === 0) return;
        }
      };
      await Promise.all([drain(r1, 'a'), drain(r2, 'b'), drain(r1, 'a'), drain(r2, 'b')]);
    } finally {
      if (second !== database) await second.close();
    }
    expect(counts.a + counts.b).toBe(N);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    expect(executions.size).toBe(N);
    expect([...executions.values()].every((c) => c === 1)).toBe(true);
    const rows = await jobsOf(k);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(new Set(rows.map((r) => r.lockedBy))).toEqual(new Set([null]));
  });
});

describe('jobs survive a restart (PGlite data dir)', () => {
  it('runs a job scheduled before the database was closed and reopened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-jobs-'));
    try {
      const k = newKind('restart');
      const pgdata = await ensurePGliteDir(dir);
      let database = await openPGlite(pgdata);
      await migrateToLatest(database.db);
      await scheduleJob(database.db, { kind: k, runAt: new Date(), payload: { x: 1 } });
      await database.close();
      database = await openPGlite(pgdata);
      let ran: unknown = null;
      registerJobHandler(k, async (_db, job) => {
        ran = job.payload;
      });
      expect(await new JobRunner(database.db, { instanceId: 'after-restart' }).runDueOnce()).toBe(1);
      expect(ran).toEqual({ x: 1 });
      await database.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
