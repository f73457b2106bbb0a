// Concurrency: N simultaneous workflow moves on one object, T times over — exactly one wins each time and no
// update is lost (the winner's move is the only one in the timeline, the version advanced by one); and, on
// PostgreSQL, two real server processes with their own job runners on one database: every deadline job runs
// exactly once. (The job runner's own race test — two runners over 300 jobs — is in
// src/server/platform/jobs/jobs.test.ts; this one goes through whole server processes and real deadlines.)
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/server/db/database.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { DB_KINDS } from '../support/db.ts';
import { buildDemandRow, buildEnterprise } from '../support/enterprise.factories.ts';
import { buildCategory, buildEvent, buildEventWorld, type EventWorld } from '../support/events.factories.ts';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { freePort, ServerProcess } from './crash-drill.ts';
import { FULL, recordFigures } from './figures.ts';

const N = FULL ? 16 : 8;
const T = FULL ? 50 : 12;

describe.each(DB_KINDS)('simultaneous moves on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  let dispatcher: Client;
  let handler: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(t.database.db);
    dispatcher = await t.login(w.users.dispatcher.username);
    handler = await t.login(w.users.handlerA.username);
  });
  afterAll(() => t?.close());

  it(`lets exactly one of ${N} simultaneous moves win, ${T} times, on events and on demands`, async () => {
    const db = t.database.db;
    let winners = 0;
    let losers = 0;
    let lost = 0;
    const problems: string[] = [];
    for (let trial = 0; trial < T; trial++) {
      // Events: N dispatchers' moves (accept, or reject with a reason) on one reported event, same version.
      const e = await buildEvent(db, w.jid, { categoryId: w.categories.stall.id, gridId: w.grid1.id, status: 'reported' });
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          dispatcher.post(`/api/events/${e.id}/transitions`, i % 2 ? { action: 'accept', version: 1, note: `n${i}` } : { action: 'reject', version: 1, reason: `重复上报${i}` }),
        ),
      );
      const ok = answers.filter((a) => a.statusCode === 200);
      const codes = answers.map((a) => a.statusCode);
      if (ok.length !== 1 || codes.some((c) => c !== 200 && c !== 409)) problems.push(`event trial ${trial}: ${codes.join(',')}`);
      const row = await db.selectFrom('events').select(['status', 'version']).where('id', '=', e.id).executeTakeFirstOrThrow();
      const moves = await db.selectFrom('eventTimeline').select(['toStatus']).where('eventId', '=', e.id).where('toStatus', 'is not', null).execute();
      if (row.version !== 2 || moves.length !== 1 || (ok[0] && row.status !== ok[0].json().status)) {
        lost++;
        problems.push(`event trial ${trial}: version ${row.version}, ${moves.length} moves, status ${row.status}`);
      }
      winners += ok.length;
      losers += answers.length - ok.length;

      // Demands: N answers from the unit at once on one assigned demand.
      const ent = await buildEnterprise(db, w.jid);
      const d = await buildDemandRow(db, w.jid, ent.id, { collectedAt: new Date(), collectedOn: new Date().toISOString().slice(0, 10), status: 'assigned', assignedUnitId: w.deptA.id });
      const dAnswers = await Promise.all(Array.from({ length: N }, (_, i) => handler.post(`/api/enterprise/demands/${d.id}/transitions`, { action: 'answer', version: d.version, answer: `答复${i}` })));
      const dOk = dAnswers.filter((a) => a.statusCode === 200);
      if (dOk.length !== 1 || dAnswers.some((a) => a.statusCode !== 200 && a.statusCode !== 409)) problems.push(`demand trial ${trial}: ${dAnswers.map((a) => a.statusCode).join(',')}`);
      const dRow = await db.selectFrom('enterpriseDemands').select(['status', 'version', 'answer']).where('id', '=', d.id).executeTakeFirstOrThrow();
      const dMoves = await db.selectFrom('enterpriseDemandTimeline').select('id').where('demandId', '=', d.id).where('toStatus', '=', 'answered').execute();
      if (dRow.version !== d.version + 1 || dMoves.length !== 1 || (dOk[0] && dRow.answer !== dOk[0].json().answer)) {
        lost++;
        problems.push(`demand trial ${trial}: version ${dRow.version}, ${dMoves.length} answers, answer ${dRow.answer}`);
      }
      winners += dOk.length;
      losers += dAnswers.length - dOk.length;
    }
    recordFigures('concurrency', kind, {
      'parallel moves per trial': N,
      'trials (events + demands)': `${T} + ${T}`,
      'winners': winners,
      'refused with 409': losers,
      'trials with other than exactly one winner': problems.filter((p) => !p.includes('version')).length,
      'lost updates': lost,
    });
    expect(problems).toEqual([]);
    expect(winners).toBe(2 * T);
  }, 600_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL', () => {
  it('runs every deadline job exactly once', async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `zhili_jobs_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-two-a-')), fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-two-b-'))];
    const servers: ServerProcess[] = [];
    try {
      const env = (dir: string, port: number): NodeJS.ProcessEnv => {
        const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', ZHILI_DATA_DIR: dir, ZHILI_ADMIN_PASSWORD: 'Zhili-Drill-7391-qKx', LOG_LEVEL: 'warn' };
        delete e.NODE_ENV;
        e.ZHILI_SECRET_KEY = 'a'.repeat(64);
        return e;
      };
      const portA = await freePort();
      const a = new ServerProcess(env(dirs[0], portA), `http://127.0.0.1:${portA}`);
      servers.push(a);
      await a.start();
      // Fixtures straight into the database: a category whose acceptance limit is zero minutes (due at once).
      const direct = openPostgres(url, 2);
      const j = await direct.db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow();
      const centre = await buildOrgUnit(direct.db, j.id, { name: '指挥中心', kind: 'command_centre' });
      await buildUser(direct.db, j.id, 'dispatcher', { username: 'two-dispatcher', orgUnitId: centre.id });
      const cat = await buildCategory(direct.db, j.id, { name: '即时超期', timeLimits: { accept: { amount: 0, unit: 'minutes' } } });
      const portB = await freePort();
      const b = new ServerProcess(env(dirs[1], portB), `http://127.0.0.1:${portB}`);
      servers.push(b);
      await b.start();

      const login = async (s: ServerProcess) => {
        const r = await fetch(`${s.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'two-dispatcher', password: TEST_PASSWORD }) });
        return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
      };
      const sessions = [await login(a), await login(b)];
      const M = FULL ? 400 : 120;
      const ids: number[] = [];
      for (let i = 0; i < M; i += 8) {
        const made = await Promise.all(
          Array.from({ length: Math.min(8, M - i) }, async (_, k) => {
            const s = servers[(i + k) % 2];
            const sess = sessions[(i + k) % 2];
            const r = await fetch(`${s.base}/api/events`, {
              method: 'POST',
              headers: { cookie: sess.cookie, 'x-csrf-token': sess.csrf, 'content-type': 'application/json' },
              body: JSON.stringify({ categoryId: cat.id, description: `热线反映问题 ${i + k}`, source: 'hotline' }),
            });
            if (r.status !== 201) throw new Error(`intake: ${r.status} ${await r.text()}`);
            return ((await r.json()) as { id: number }).id;
          }),
        );
        ids.push(...made);
      }
      // Both runners poll every second; wait until every overdue job has finished.
      const deadline = Date.now() + 120_000;
      let jobs: { status: string; attempts: number; payload: unknown }[] = [];
      while (Date.now() < deadline) {
        jobs = (await sql<{ status: string; attempts: number; payload: unknown }>`select status, attempts, payload from jobs where kind = 'events.overdue'`.execute(direct.db)).rows;
        if (jobs.length >= M && jobs.every((x) => x.status === 'done')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const overdueRows = (await sql<{ event_id: number; n: number }>`select event_id, count(*)::int as n from event_timeline where action = 'overdue' group by event_id`.execute(direct.db)).rows;
      const supervisions = (await sql<{ n: number }>`select count(*)::int as n from event_supervisions where kind = 'overdue'`.execute(direct.db)).rows[0].n;
      await direct.close();
      const ranTwice = jobs.filter((x) => x.attempts !== 1).length;
      recordFigures('deadline jobs, two server processes', 'postgres', {
        'server processes (each with a job runner)': 2,
        'deadline jobs': jobs.length,
        done: jobs.filter((x) => x.status === 'done').length,
        'claimed more than once': ranTwice,
        'events marked overdue': overdueRows.length,
        'events marked twice': overdueRows.filter((r) => r.n !== 1).length,
        'overdue supervisions raised': supervisions,
      });
      expect(jobs).toHaveLength(M);
      expect(jobs.every((x) => x.status === 'done')).toBe(true);
      expect(ranTwice).toBe(0);
      expect(overdueRows).toHaveLength(M);
      expect(overdueRows.every((r) => r.n === 1)).toBe(true);
      expect(supervisions).toBe(M);
      expect(new Set(ids).size).toBe(M);
    } finally {
      for (const s of servers) await s.stop().catch(() => {});
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }, 600_000);
});
