// Crash drill: the real server (`node bin/zhili.mjs serve --no-demo`) as a child process on PGlite or on a fresh
// PostgreSQL database, killed with SIGKILL during its very first start on an empty data directory and then again
// and again under a write load (event intake and workflow moves, demand collection, assignment and answers, all
// with Idempotency-Keys). After each kill it is started again and the clients retry what was cut off with the same
// key. At the end the database is read directly: every acknowledged write must be there exactly once, every
// timeline must chain from the first status to the record's status through allowed moves, and the audit chain
// must verify.
//
//   npx tsx test/quality/crash-drill.ts [--db pglite|postgres] [--kills 5] [--workers 6]
// (postgres needs TEST_DATABASE_URL). crash.test.ts runs it at CI size.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { ensurePGliteDir, openPGlite, openPostgres, type Database, type DatabaseKind } from '../../src/server/db/database.ts';
import { verifyAuditChain } from '../../src/server/platform/audit/audit.ts';
import { DEMAND_TRANSITIONS } from '../../src/server/modules/enterprise/enterprise.workflow.ts';
import { TRANSITIONS } from '../../src/server/modules/events/events.workflow.ts';
import { buildEnterprise } from '../support/enterprise.factories.ts';
import { buildCategory } from '../support/events.factories.ts';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { assignGridWorker, buildGrid, rectBoundary } from '../support/grids.factories.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ADMIN_PASSWORD = 'Zhili-Drill-7391-qKx';

export interface DrillOptions {
  kind: DatabaseKind;
  /** SIGKILLs under load (after the first start). */
  kills: number;
  /** SIGKILLs during the first start on an empty data directory. */
  firstStartKills: number;
  workers: number;
  /** Load between a restart and the next kill, in ms. */
  loadMs: [number, number];
  log?: (line: string) => void;
}

export interface DrillResult {
  kind: DatabaseKind;
  firstStartKills: number;
  kills: number;
  restarts: number;
  writesAttempted: number;
  writesAcknowledged: number;
  lost: number;
  duplicated: number;
  /** Requests cut off by a kill: the client retried them with the same key after the restart. */
  interrupted: number;
  /** Cut-off requests whose outcome the client had to establish by reading back (409 completed / in progress). */
  indeterminate: number;
  /** Cut-off requests still unresolved at the end (none expected). */
  unresolved: number;
  events: number;
  demands: number;
  invariantViolations: string[];
  auditRows: number;
  auditChainOk: boolean;
  pendingKeysLeft: number;
  medianStartMs: number;
}

// ---------------------------------------------------------------- the server process

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ServerProcess {
  child: ChildProcess | null = null;
  output = '';
  startTimes: number[] = [];
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly base: string,
  ) {}

  spawn(): ChildProcess {
    this.output = '';
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/zhili.mjs'), 'serve', '--no-demo'], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    return child;
  }

  async healthy(): Promise<boolean> {
    try {
      const r = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2000) });
      return r.status === 200;
    } catch {
      return false;
    }
  }

  /** Starts the server and waits until /healthz answers; throws with its output if it exits first. */
  async start(timeoutMs = 180_000): Promise<void> {
    const t0 = Date.now();
    const child = this.spawn();
    let exited: number | null = null;
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
    });
    while (Date.now() - t0 < timeoutMs) {
      if (exited !== null) throw new Error(`the server exited (${exited}) instead of starting:\n${this.output}`);
      if (await this.healthy()) {
        this.startTimes.push(Date.now() - t0);
        return;
      }
      await sleep(100);
    }
    throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${this.output}`);
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
    this.child = null;
  }
}

// ---------------------------------------------------------------- an HTTP client that survives kills

interface Session {
  cookie: string;
  csrf: string;
}

interface Write {
  op: 'event.report' | 'event.accept' | 'event.dispatch' | 'event.start' | 'demand.collect' | 'demand.assign' | 'demand.answer';
  key: string;
  /** The client's own reference (title) for read-back, or the record id. */
  ref: string;
  recordId: number | null;
  acknowledged: boolean;
  interrupted: boolean;
  indeterminate: boolean;
  /** Established by read-back: the write took effect. */
  tookEffect: boolean | null;
}

class Drill {
  up: Promise<void> = Promise.resolve();
  private markUp: () => void = () => {};
  stopping = false;
  writes: Write[] = [];
  constructor(
    readonly server: ServerProcess,
    private readonly log: (l: string) => void,
  ) {}

  down(): void {
    this.up = new Promise((r) => (this.markUp = r));
  }
  isUp(): void {
    this.markUp();
  }

  async login(username: string, password: string): Promise<Session> {
    const r = await fetch(`${this.server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  }

  async get(s: Session, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    for (;;) {
      await this.up;
      try {
        const r = await fetch(`${this.server.base}${url}`, { headers: { cookie: s.cookie }, signal: AbortSignal.timeout(30_000) });
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      } catch {
        await sleep(200);
      }
    }
  }

  /**
   * Sends a write with an Idempotency-Key until it gets an answer, retrying with the same key across kills.
   * `readBack` establishes whether a cut-off write took effect when the server cannot say (409 in progress).
   */
  async write(
    s: Session,
    w: Write,
    url: string,
    body: unknown,
    readBack: () => Promise<{ tookEffect: boolean; recordId: number | null }>,
  ): Promise<Record<string, unknown> | null> {
    this.writes.push(w);
    for (let attempt = 0; ; attempt++) {
      await this.up;
      let res: Response;
      try {
        res = await fetch(`${this.server.base}${url}`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', 'idempotency-key': w.key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      } catch {
        w.interrupted = true;
        await sleep(100);
        continue;
      }
      const text = await res.text().catch(() => '');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // A half-sent body during a kill: retry.
        w.interrupted = true;
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        w.acknowledged = true;
        w.recordId = typeof json.id === 'number' ? json.id : w.recordId;
        return json;
      }
      const code = (json.error as { code?: string } | undefined)?.code;
      if (res.status >= 500) {
        w.interrupted = true;
        await sleep(200);
        continue;
      }
      if (code === 'idempotency.completed' || code === 'idempotency.in_progress') {
        // The cut-off request's answer is lost. 409 completed: it was committed; in progress (PostgreSQL, within
        // the abandon window): ask the data. Either way the client learns the outcome by reading back.
        w.indeterminate = true;
        const rb = await readBack();
        if (code === 'idempotency.completed' && !rb.tookEffect) throw new Error(`${w.op} ${w.ref}: 409 completed but the read-back finds nothing`);
        if (rb.tookEffect) {
          w.tookEffect = true;
          w.recordId = rb.recordId ?? w.recordId;
          return null;
        }
        if (attempt > 600) throw new Error(`${w.op} ${w.ref}: still in progress after ${attempt} attempts`);
        // Not committed and the key is held by a dead request: a real client retries under a new key.
        w.key = `${w.key.split(':r')[0]}:r${attempt}`;
        continue;
      }
      throw new Error(`${w.op} ${w.ref}: unexpected ${res.status} ${text.slice(0, 300)}`);
    }
  }
}

// ---------------------------------------------------------------- fixtures, load, verification

interface World {
  jurisdictionId: number;
  departmentId: number;
  categoryId: number;
  enterpriseIds: number[];
  point: [number, number];
}

async function openDirect(kind: DatabaseKind, dataDir: string, url: string | null): Promise<Database> {
  return kind === 'pglite' ? openPGlite(await ensurePGliteDir(dataDir)) : openPostgres(url!, 3);
}

async function seedWorld(database: Database): Promise<World> {
  const db = database.db;
  const j = await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow();
  const dept = await buildOrgUnit(db, j.id, { name: '城市管理办公室' });
  const zone = await buildGrid(db, j.id, { level: 'zone', boundary: rectBoundary(117.05, 39.15, 117.25, 39.3) });
  const grid = await buildGrid(db, j.id, { level: 'base', parentId: zone.id, name: '一号网格', boundary: rectBoundary(117.1, 39.2, 117.15, 39.25) });
  const mk = (role: Parameters<typeof buildUser>[2], username: string, orgUnitId: number | null = null) => buildUser(db, j.id, role, { username, orgUnitId });
  await mk('dispatcher', 'crash-dispatcher');
  const gw = await mk('grid_worker', 'crash-gw');
  await assignGridWorker(db, j.id, grid.id, gw.id);
  await mk('handler', 'crash-handler', dept.id);
  const officer = await mk('enterprise_officer', 'crash-officer');
  const category = await buildCategory(db, j.id, { name: '占道经营', departmentId: dept.id });
  const enterpriseIds: number[] = [];
  for (let i = 0; i < 5; i++) enterpriseIds.push((await buildEnterprise(db, j.id, { officerIds: [officer.id] })).id);
  return { jurisdictionId: j.id, departmentId: dept.id, categoryId: category.id, enterpriseIds, point: [117.125, 39.225] };
}

async function eventChain(d: Drill, s: Record<string, Session>, w: World, n: number): Promise<void> {
  const ref = `crash-${randomUUID()}`;
  const mk = (op: Write['op']): Write => ({ op, key: `${op}-${randomUUID()}`, ref, recordId: null, acknowledged: false, interrupted: false, indeterminate: false, tookEffect: null });
  const findByTitle = async () => {
    const r = await d.get(s.dispatcher, `/api/events?q=${encodeURIComponent(ref)}&pageSize=5`);
    const items = (r.body.items ?? []) as { id: number }[];
    return { tookEffect: items.length > 0, recordId: items[0]?.id ?? null };
  };
  const report = mk('event.report');
  const created = await d.write(s.gw, report, '/api/events', { categoryId: w.categoryId, description: `巡查发现占道经营 ${n}`, title: ref, lng: w.point[0], lat: w.point[1] }, findByTitle);
  const id = (created?.id as number | undefined) ?? report.recordId;
  if (!id) throw new Error(`event ${ref}: no id after the report`);
  const moves: [Write['op'], Session, Record<string, unknown>, string][] = [
    ['event.accept', s.dispatcher, { action: 'accept' }, 'accepted'],
    ['event.dispatch', s.dispatcher, { action: 'dispatch', departmentId: w.departmentId }, 'dispatched'],
    ['event.start', s.handler, { action: 'start' }, 'in_progress'],
  ];
  for (const [op, session, body, to] of moves) {
    if (d.stopping) return;
    const cur = await d.get(s.dispatcher, `/api/events/${id}`);
    const move = mk(op);
    move.recordId = id;
    await d.write(session, move, `/api/events/${id}/transitions`, { ...body, version: cur.body.version }, async () => {
      const after = await d.get(s.dispatcher, `/api/events/${id}`);
      const tl = (after.body.timeline ?? []) as { toStatus: string | null }[];
      return { tookEffect: tl.some((t) => t.toStatus === to), recordId: id };
    });
  }
}

async function demandChain(d: Drill, s: Record<string, Session>, w: World, n: number): Promise<void> {
  const ref = `crash-d-${randomUUID()}`;
  const mk = (op: Write['op']): Write => ({ op, key: `${op}-${randomUUID()}`, ref, recordId: null, acknowledged: false, interrupted: false, indeterminate: false, tookEffect: null });
  const collect = mk('demand.collect');
  const created = await d.write(
    s.officer,
    collect,
    '/api/enterprise/demands',
    { enterpriseId: w.enterpriseIds[n % w.enterpriseIds.length], category: 'talent', title: ref, source: 'visit' },
    async () => {
      const r = await d.get(s.officer, `/api/enterprise/demands?q=${encodeURIComponent(ref)}&pageSize=5`);
      const items = ((r.body.items ?? []) as { id: number; title: string }[]).filter((x) => x.title === ref);
      return { tookEffect: items.length > 0, recordId: items[0]?.id ?? null };
    },
  );
  const id = (created?.id as number | undefined) ?? collect.recordId;
  if (!id) throw new Error(`demand ${ref}: no id after collection`);
  const moves: [Write['op'], Session, Record<string, unknown>, string][] = [
    ['demand.assign', s.officer, { action: 'assign', unitId: w.departmentId }, 'assigned'],
    ['demand.answer', s.handler, { action: 'answer', answer: '已协调人社部门组织专场招聘会' }, 'answered'],
  ];
  for (const [op, session, body, to] of moves) {
    if (d.stopping) return;
    const cur = await d.get(s.officer, `/api/enterprise/demands/${id}`);
    const move = mk(op);
    move.recordId = id;
    await d.write(session, move, `/api/enterprise/demands/${id}/transitions`, { ...body, version: cur.body.version }, async () => {
      const tl = await d.get(s.officer, `/api/enterprise/demands/${id}/timeline`);
      const rows = (Array.isArray(tl.body) ? tl.body : ((tl.body as { items?: unknown[] }).items ?? [])) as { toStatus: string }[];
      return { tookEffect: rows.some((t) => t.toStatus === to), recordId: id };
    });
  }
}

const EVENT_MOVE_TO: Record<string, string> = { 'event.accept': 'accepted', 'event.dispatch': 'dispatched', 'event.start': 'in_progress' };
const DEMAND_MOVE_TO: Record<string, string> = { 'demand.assign': 'assigned', 'demand.answer': 'answered' };

interface TimelineRow {
  recordId: number;
  fromStatus: string | null;
  toStatus: string | null;
}

/** Problems with a record's status timeline: it must start at the first status and chain through allowed moves. */
function chainProblems(label: string, status: string, rows: TimelineRow[], first: string, allowed: Set<string>): string[] {
  const moves = rows.filter((r) => r.toStatus !== null && r.fromStatus !== r.toStatus);
  const out: string[] = [];
  if (moves.length === 0 || moves[0].fromStatus !== null || moves[0].toStatus !== first) out.push(`${label}: timeline does not start with ${first}`);
  for (let i = 1; i < moves.length; i++) {
    if (moves[i].fromStatus !== moves[i - 1].toStatus) out.push(`${label}: move ${i} starts from ${moves[i].fromStatus}, previous ended at ${moves[i - 1].toStatus}`);
    if (!allowed.has(`${moves[i].fromStatus}>${moves[i].toStatus}`)) out.push(`${label}: ${moves[i].fromStatus} → ${moves[i].toStatus} is not an allowed move`);
  }
  const last = moves.at(-1)?.toStatus;
  if (last !== status) out.push(`${label}: status ${status} but the timeline ends at ${last}`);
  return out;
}

async function verify(database: Database, writes: Write[]) {
  const db = database.db;
  let lost = 0;
  let duplicated = 0;
  const problems: string[] = [];
  const count = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  for (const w of writes) {
    const mustExist = w.acknowledged || w.tookEffect === true;
    let n: number;
    if (w.op === 'event.report') n = await count(db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', w.ref).execute());
    else if (w.op === 'demand.collect') n = await count(db.selectFrom('enterpriseDemands').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', w.ref).execute());
    else if (w.op in EVENT_MOVE_TO) {
      n = await count(
        db.selectFrom('eventTimeline').select((eb) => eb.fn.countAll<number>().as('n')).where('eventId', '=', w.recordId!).where('toStatus', '=', EVENT_MOVE_TO[w.op] as never).execute(),
      );
    } else {
      n = await count(
        db.selectFrom('enterpriseDemandTimeline').select((eb) => eb.fn.countAll<number>().as('n')).where('demandId', '=', w.recordId!).where('toStatus', '=', DEMAND_MOVE_TO[w.op]).execute(),
      );
    }
    if (mustExist && n === 0) {
      lost++;
      problems.push(`lost: ${w.op} ${w.ref} (record ${w.recordId})`);
    }
    if (n > 1) {
      duplicated++;
      problems.push(`duplicated ×${n}: ${w.op} ${w.ref} (record ${w.recordId})`);
    }
  }
  // Workflow invariants over every record the drill made.
  const eventAllowed = new Set(TRANSITIONS.map((t) => `${t.from}>${t.to}`));
  const demandAllowed = new Set(DEMAND_TRANSITIONS.map((t) => `${t.from}>${t.to}`));
  const events = await db.selectFrom('events').select(['id', 'status', 'title']).where('title', 'like', 'crash-%').execute();
  const etl = await db
    .selectFrom('eventTimeline')
    .select(['eventId as recordId', 'fromStatus', 'toStatus'])
    .where('eventId', 'in', events.length ? events.map((e) => e.id) : [0])
    .orderBy('id')
    .execute();
  for (const e of events) problems.push(...chainProblems(`event ${e.id}`, e.status, etl.filter((r) => r.recordId === e.id) as TimelineRow[], 'reported', eventAllowed));
  const demands = await db.selectFrom('enterpriseDemands').select(['id', 'status']).where('title', 'like', 'crash-d-%').execute();
  const dtl = await db
    .selectFrom('enterpriseDemandTimeline')
    .select(['demandId as recordId', 'fromStatus', 'toStatus'])
    .where('demandId', 'in', demands.length ? demands.map((x) => x.id) : [0])
    .orderBy('id')
    .execute();
  for (const x of demands) problems.push(...chainProblems(`demand ${x.id}`, x.status, dtl.filter((r) => r.recordId === x.id) as TimelineRow[], 'collected', demandAllowed));
  // One audit row per report, no more and no fewer.
  const reports = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'event.report' and entity_id in (select id::text from events where title like 'crash-%')`.execute(db);
  if (Number(reports.rows[0].n) !== events.length) problems.push(`audit: ${reports.rows[0].n} event.report rows for ${events.length} events`);
  const chain = await verifyAuditChain(db);
  if (!chain.ok) problems.push(`audit chain broken: ${chain.problems.slice(0, 3).map((p) => p.message).join('; ')}`);
  const pending = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys where state = 'pending'`.execute(db);
  return { lost, duplicated, problems, events: events.length, demands: demands.length, auditRows: chain.rows, auditChainOk: chain.ok, pendingKeysLeft: Number(pending.rows[0].n) };
}

// ---------------------------------------------------------------- the drill

export async function runCrashDrill(opts: DrillOptions): Promise<DrillResult> {
  const log = opts.log ?? ((l: string) => console.log(`[crash ${opts.kind}] ${l}`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-crash-'));
  let pgUrl: string | null = null;
  let dbName: string | null = null;
  if (opts.kind === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TEST_DATABASE_URL is not set');
    dbName = `zhili_crash_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    pgUrl = u.toString();
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZHILI_DATA_DIR: dataDir, ZHILI_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.ZHILI_SECRET_KEY;
  delete env.NODE_ENV;
  if (pgUrl) env.DATABASE_URL = pgUrl;
  const server = new ServerProcess(env, `http://127.0.0.1:${port}`);
  const drill = new Drill(server, log);
  let restarts = 0;
  try {
    // 1. Kills during the very first start, at growing delays after the server starts touching its database.
    for (let k = 0; k < opts.firstStartKills; k++) {
      const child = server.spawn();
      const t0 = Date.now();
      const started = await waitForDatabaseActivity(opts.kind, dataDir, pgUrl, child);
      const delay = k === 0 ? 0 : Math.round(150 * 2 ** (k - 1) + Math.random() * 100);
      await sleep(delay);
      await server.kill9();
      log(`first start: killed ${started ? `${delay} ms after it touched the database` : 'before it touched the database'} (${Date.now() - t0} ms after spawn)`);
    }
    await server.start();
    restarts++;
    const admin = await drill.login('admin', ADMIN_PASSWORD);
    if (!admin.cookie) throw new Error('the administrator cannot sign in after the first start');
    log(`came back after ${opts.firstStartKills} kills during the first start; admin signs in`);

    // 2. Fixtures straight into the database (PGlite: with the server stopped — one process per data directory).
    if (opts.kind === 'pglite') await server.stop();
    const direct = await openDirect(opts.kind, dataDir, pgUrl);
    const world = await seedWorld(direct);
    await direct.close();
    if (opts.kind === 'pglite') {
      await server.start();
      restarts++;
    }
    const sessions: Record<string, Session> = {
      gw: await drill.login('crash-gw', TEST_PASSWORD),
      dispatcher: await drill.login('crash-dispatcher', TEST_PASSWORD),
      handler: await drill.login('crash-handler', TEST_PASSWORD),
      officer: await drill.login('crash-officer', TEST_PASSWORD),
    };

    // 3. Load, with kills.
    let n = 0;
    const failures: Error[] = [];
    const worker = async (i: number) => {
      while (!drill.stopping) {
        const k = n++;
        try {
          await (i % 3 === 2 ? demandChain(drill, sessions, world, k) : eventChain(drill, sessions, world, k));
        } catch (e) {
          failures.push(e as Error);
          drill.stopping = true;
        }
      }
    };
    const workers = Array.from({ length: opts.workers }, (_, i) => worker(i));
    for (let k = 0; k < opts.kills && failures.length === 0; k++) {
      await sleep(opts.loadMs[0] + Math.random() * (opts.loadMs[1] - opts.loadMs[0]));
      drill.down();
      await server.kill9();
      const inFlight = drill.writes.filter((w) => !w.acknowledged && w.tookEffect === null).length;
      log(`kill ${k + 1}/${opts.kills}: ${drill.writes.length} writes so far, ${inFlight} in flight`);
      await server.start();
      restarts++;
      drill.isUp();
    }
    await sleep(opts.loadMs[0]);
    drill.stopping = true;
    await Promise.all(workers);
    if (failures.length) throw failures[0];
    await server.stop();

    // 4. Read the database directly.
    const check = await openDirect(opts.kind, dataDir, pgUrl);
    let v;
    try {
      v = await verify(check, drill.writes);
    } finally {
      await check.close();
    }
    const times = [...server.startTimes].sort((a, b) => a - b);
    const result: DrillResult = {
      kind: opts.kind,
      firstStartKills: opts.firstStartKills,
      kills: opts.kills,
      restarts,
      writesAttempted: drill.writes.length,
      writesAcknowledged: drill.writes.filter((w) => w.acknowledged).length,
      lost: v.lost,
      duplicated: v.duplicated,
      interrupted: drill.writes.filter((w) => w.interrupted).length,
      indeterminate: drill.writes.filter((w) => w.indeterminate).length,
      unresolved: drill.writes.filter((w) => !w.acknowledged && w.tookEffect === null).length,
      events: v.events,
      demands: v.demands,
      invariantViolations: v.problems,
      auditRows: v.auditRows,
      auditChainOk: v.auditChainOk,
      pendingKeysLeft: v.pendingKeysLeft,
      medianStartMs: times[Math.floor(times.length / 2)] ?? 0,
    };
    return result;
  } finally {
    await server.kill9().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  }
}

/** Resolves when the starting server first touches its database (true), or when it exits (false). */
async function waitForDatabaseActivity(kind: DatabaseKind, dataDir: string, pgUrl: string | null, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (kind === 'pglite') {
      // The data-directory lock names the process that holds it: this one has started on the database.
      try {
        if ((JSON.parse(fs.readFileSync(path.join(dataDir, 'zhili.lock'), 'utf8')) as { pid?: number }).pid === child.pid) return true;
      } catch {
        // not yet
      }
    } else {
      const c = new pg.Client({ connectionString: pgUrl! });
      try {
        await c.connect();
        const r = await c.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
        if (r.rows[0].n > 0) return true;
      } catch {
        // not yet
      } finally {
        await c.end().catch(() => {});
      }
    }
    await sleep(20);
  }
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string', default: 'pglite' }, kills: { type: 'string', default: '5' }, workers: { type: 'string', default: '6' } } });
  const r = await runCrashDrill({ kind: values.db as DatabaseKind, kills: Number(values.kills), firstStartKills: 4, workers: Number(values.workers), loadMs: [1500, 4000] });
  console.log(JSON.stringify(r, null, 2));
  process.exit(r.lost === 0 && r.duplicated === 0 && r.invariantViolations.length === 0 ? 0 : 1);
}
