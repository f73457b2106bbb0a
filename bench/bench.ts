// `zhili bench`: builds a data set of the chosen size on PGlite and/or PostgreSQL, serves it with the real
// application on 127.0.0.1, drives each operation with autocannon from a second process (bench/load.mjs) for a
// bounded time, and beside each operation measures its ceiling in the same run: a bare Fastify route on the same
// database doing the operation's single query. Prints one table (median, p95, p99, req/s, ceiling, ratio),
// then the enterprise import (rows/s, peak memory), the server's RSS and the cold start of `npm start`.
// Never part of `npm test`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { ensurePGliteDir, openPGlite, openPostgres, PLAN_PER_EXECUTION, type Database, type DatabaseKind } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { computeFigures as assessmentFigures } from '../src/server/modules/assessment/assessment.figures.ts';
import { yearPeriod } from '../src/server/modules/assessment/assessment.period.ts';
import { createImportRow, executeImport } from '../src/server/modules/enterprise/imports.service.ts';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../src/server/modules/enterprise/credit-code.ts';
import { listColumns, statsSums } from '../src/server/modules/events/events.repository.ts';
import { STAT_COUNTERS } from '../src/server/modules/events/events.stats.ts';
import { systemContext } from '../src/server/platform/context.ts';
import { SecretBox } from '../src/server/platform/crypto/secret-box.ts';
import { TEST_PASSWORD } from '../test/support/factories.ts';
import { buildBenchWorld, type BenchWorld } from './data.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface BenchOptions {
  events: number;
  dbs: DatabaseKind[];
  /** Seconds of load per operation (and as much again for its ceiling). */
  duration: number;
  connections: number;
  importRows: number;
  postgresUrl: string | null;
  out: string | null;
  log: (s: string) => void;
}

export interface Measured {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  rps: number;
  median: number | null;
  p95: number | null;
  p99: number | null;
}

export interface BenchRow {
  db: DatabaseKind;
  operation: string;
  api: Measured;
  ceiling: Measured | null;
  target?: { text: string; met: boolean };
  note?: string;
}

export interface BenchReport {
  at: string;
  events: number;
  duration: number;
  connections: number;
  machine: string;
  rows: BenchRow[];
  extras: { db: DatabaseKind; name: string; value: string }[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs bench/load.mjs (autocannon) as a second process. */
async function load(cfg: Record<string, unknown>): Promise<Measured> {
  const file = path.join(os.tmpdir(), `zhili-load-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(cfg));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bench/load.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (b) => (text += b));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`load generator exited ${code}: ${text}`))));
    });
    return JSON.parse(out.trim().split('\n').pop()!) as Measured;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function openBenchDatabase(kind: DatabaseKind, opts: BenchOptions): Promise<{ database: Database; dataDir: string; url: string | null; drop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-'));
  if (kind === 'pglite') {
    const database = await openPGlite(await ensurePGliteDir(dataDir));
    return { database, dataDir, url: null, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!opts.postgresUrl) throw new Error('PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL (a server where the bench may create a database)');
  const name = `zhili_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: opts.postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(opts.postgresUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    database: openPostgres(url, 10),
    dataDir,
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: opts.postgresUrl! });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bare routes: the same single query as each operation, without the application around it. */
async function ceilingServer(database: Database, w: BenchWorld): Promise<FastifyInstance> {
  const db = database.db;
  const app = Fastify({ logger: false });
  const jid = w.jurisdictionId;
  app.post('/c/login', async (req) => {
    const { username } = req.body as { username: string };
    return (await sql<{ id: number }>`select id, password_hash from users where username = ${username}`.execute(db)).rows[0] ?? null;
  });
  app.post('/c/intake', async () => {
    const r = await sql<{ id: number }>`insert into events (jurisdiction_id, tracking_code, category_id, title, description, lng, lat, grid_id, source, status,
        reporter_name, reported_at, stage, stage_started_at, due_at)
      values (${jid}, ${`BC${randomBytes(8).toString('hex')}`}, ${w.categoryIds[0]}, '占道经营', '巡查发现占道经营', ${w.point[0]}, ${w.point[1]}, ${w.gridIds[0]},
        'grid_worker', 'reported', '网格员', now(), 'accept', now(), now() + interval '1 day') returning id`.execute(db);
    return { id: r.rows[0].id };
  });
  app.post('/c/move/:id', async (req) => {
    const id = Number((req.params as { id: string }).id);
    const r = await sql`update events set status = 'accepted', accepted_at = now(), version = version + 1 where id = ${id} and version = 1 returning id`.execute(db);
    return { moved: r.rows.length };
  });
  const list = (where: ReturnType<typeof sql>) =>
    sql`select ${sql.join(listColumns.map((c) => sql.ref(c)))} from events where events.jurisdiction_id = ${jid} ${where} order by events.reported_at desc, events.id desc limit 20`.execute(db);
  app.get('/c/list', async () => (await list(sql``)).rows);
  app.get('/c/search', async (req) => {
    const q = (req.query as { q: string }).q;
    return (await list(sql`and text_bigrams(events.search_text) @> text_bigrams(${q}::text) and ${sql.raw(PLAN_PER_EXECUTION)} strpos(events.search_text, ${q}) > 0`)).rows;
  });
  const cols = STAT_COUNTERS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  app.get('/c/metrics', async () => statsSums(db, { jurisdictionId: jid, from: '2020-01-01', to: '2020-12-31' }, cols));
  app.get('/c/demand-figures', async () =>
    (
      await sql`select category, sum(collected)::int as collected, sum(answered)::int as answered, sum(answered_on_time)::int as on_time,
          sum(resolved)::int as resolved, sum(confirmed)::int as confirmed
        from enterprise_demand_rollup where jurisdiction_id = ${jid} and month >= '2020-01-01' and month < '2021-01-01' group by rollup (category)`.execute(db)
    ).rows,
  );
  app.get('/c/report-figures', async () => Object.fromEntries(await assessmentFigures(db, jid, yearPeriod(2020))));
  await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return app;
}

function creditCode(n: number): string {
  let body = '';
  for (let i = 0, v = n; i < 9; i++, v = Math.floor(v / 31)) body = CREDIT_CODE_ALPHABET[v % 31] + body;
  const first17 = `91120114${body}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Import of an R-row registry XLSX through the application's importer, and its ceiling: one set-based INSERT. */
async function benchImport(database: Database, jid: number, rows: number): Promise<{ api: Measured; ceiling: Measured; peakMiB: number }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(['企业名称', '统一社会信用代码', '所属行业', '企业规模', '地址', '经度', '纬度', '法定代表人', '联系人', '联系电话', '标签', '包联干部']);
  for (let i = 0; i < rows; i++) ws.addRow([`导入企业${i}有限公司`, creditCode(i + 1), '制造业', '小型', `示例路${i}号`, '', '', '张三', '李四', `138${String(i).padStart(8, '0')}`, '规上企业', '']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const imp = await createImportRow(database.db, { jurisdictionId: jid, createdBy: null, fileName: 'bench.xlsx', buf, dryRun: false, goodRowsOnly: false });
  const done = await executeImport(database.db, new SecretBox(randomBytes(32)), imp.id, buf, { ctx: systemContext() });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  if (done.importedRows !== rows) throw new Error(`import: ${done.status} ${done.message}`);
  const t1 = performance.now();
  await sql`insert into enterprises (jurisdiction_id, credit_code, name, industry, address, tags)
    select ${jid}::int, '9113' || lpad(g::text, 14, '0'), '天花板企业' || g, '制造业', '示例路' || g || '号', array['规上企业']
    from generate_series(1, ${rows}::int) g`.execute(database.db);
  const csecs = (performance.now() - t1) / 1000;
  const one = (s: number): Measured => ({ requests: rows, ok: rows, non2xx: 0, errors: 0, timeouts: 0, seconds: s, rps: rows / s, median: null, p95: null, p99: null });
  return { api: one(secs), ceiling: one(csecs), peakMiB: Math.round((peak - base) / 1048576) };
}

/** Seconds from `npm start` (scripts/start.mjs) to a healthy /healthz on an existing database. */
async function coldStart(dataDir: string, url: string | null): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZHILI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ZHILI_SECRET_KEY: 'b'.repeat(64) };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (r.status === 200) return (Date.now() - t0) / 1000;
      } catch {
        // not yet
      }
      if (Date.now() - t0 > 300_000) throw new Error('npm start did not become healthy within 5 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // gone
    }
    await new Promise((r) => setTimeout(r, 3000));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function benchOne(kind: DatabaseKind, opts: BenchOptions, report: BenchReport): Promise<void> {
  const log = (s: string) => opts.log(`[${kind}] ${s}`);
  const pool = Math.max(5000, opts.duration * 800);
  const { database, dataDir, url, drop } = await openBenchDatabase(kind, opts);
  try {
    await migrateToLatest(database.db);
    const t0 = Date.now();
    const w = await buildBenchWorld(database, opts.events, pool, log);
    report.extras.push({ db: kind, name: `data set built (${opts.events.toLocaleString('en')} events)`, value: `${((Date.now() - t0) / 1000).toFixed(0)} s` });

    const config = loadConfig({ ZHILI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, database, secretKey: randomBytes(32), logger: false, rateLimits: { login: 1e9, public: 1e9 }, webDir: '/nonexistent' });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const ceiling = await ceilingServer(database, w);
    const base = `http://127.0.0.1:${port}`;
    const cbase = `http://127.0.0.1:${(ceiling.server.address() as net.AddressInfo).port}`;
    const session = async (username: string) => {
      const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken };
    };
    const s = {
      gw: await session(w.users.gridWorker),
      dispatcher: await session(w.users.dispatcher),
      leader: await session(w.users.leader),
      law: await session(w.users.lawOffice),
    };
    const json = { 'content-type': 'application/json' };
    const d = opts.duration;
    const c = opts.connections;
    const measure = async (operation: string, api: Record<string, unknown>, ceil: Record<string, unknown> | null, target?: (m: Measured, c: Measured | null) => { text: string; met: boolean }) => {
      log(`${operation} …`);
      const a = await load({ duration: d, connections: c, ...api });
      const cm = ceil ? await load({ duration: d, connections: c, ...ceil }) : null;
      report.rows.push({ db: kind, operation, api: a, ceiling: cm, ...(target ? { target: target(a, cm) } : {}) });
    };
    const p95Under = (ms: number) => (m: Measured) => ({ text: `p95 ≤ ${ms} ms`, met: (m.p95 ?? Infinity) <= ms });
    const medianUnder = (ms: number) => (m: Measured) => ({ text: `≤ ${ms} ms`, met: (m.median ?? Infinity) <= ms });

    await measure(
      'login',
      { url: `${base}/api/auth/login`, method: 'POST', headers: json, body: JSON.stringify({ username: w.users.leader, password: TEST_PASSWORD }), connections: Math.min(c, 4) },
      { url: `${cbase}/c/login`, method: 'POST', headers: json, body: JSON.stringify({ username: w.users.leader }), connections: Math.min(c, 4) },
    );
    await measure(
      'event intake (grid lookup, rollup, timeline, audit, job)',
      { url: `${base}/api/events`, method: 'POST', headers: { ...json, ...s.gw }, body: JSON.stringify({ categoryId: w.categoryIds[0], description: '巡查发现占道经营，需处置', lng: w.point[0], lat: w.point[1] }) },
      { url: `${cbase}/c/intake`, method: 'POST' },
      (m, cm) => ({ text: '≥ 50% of ceiling', met: cm ? m.rps >= 0.5 * cm.rps : false }),
    );
    await measure(
      'transition (accept)',
      { url: base, method: 'POST', headers: { ...json, ...s.dispatcher }, body: JSON.stringify({ action: 'accept', version: 1 }), paths: w.poolApi.map((id) => `/api/events/${id}/transitions`) },
      { url: cbase, method: 'POST', paths: w.poolCeiling.map((id) => `/c/move/${id}`) },
    );
    await measure('event list (page 1 of the jurisdiction)', { url: `${base}/api/events?page=1&pageSize=20`, headers: s.dispatcher }, { url: `${cbase}/c/list` }, p95Under(50));
    await measure(
      'full-text search “讨薪”',
      { url: `${base}/api/events?q=${encodeURIComponent('讨薪')}&pageSize=20`, headers: s.dispatcher },
      { url: `${cbase}/c/search?q=${encodeURIComponent('讨薪')}` },
      p95Under(50),
    );
    await measure(
      'dashboard figures for a year (events)',
      { url: `${base}/api/events/metrics?from=2020-01-01&to=2020-12-31`, headers: s.leader, connections: 2 },
      { url: `${cbase}/c/metrics`, connections: 2 },
      medianUnder(300),
    );
    await measure(
      `demand figures for a year (${Math.max(1000, Math.round(opts.events / 2)).toLocaleString('en')} demands)`,
      { url: `${base}/api/enterprise/figures?year=2020`, headers: s.leader, connections: 2 },
      { url: `${cbase}/c/demand-figures`, connections: 2 },
      medianUnder(300),
    );
    const rep = await fetch(`${base}/api/reports`, { method: 'POST', headers: { ...json, ...s.law }, body: JSON.stringify({ year: 2020 }) });
    if (rep.status >= 300) throw new Error(`create report: ${rep.status} ${await rep.text()}`);
    const reportId = ((await rep.json()) as { id: number }).id;
    await measure(
      'annual report generation (DOCX)',
      { url: `${base}/api/reports/${reportId}/export?format=docx`, headers: s.law, connections: 1, timeout: 120 },
      { url: `${cbase}/c/report-figures`, connections: 1, timeout: 120 },
      medianUnder(5000),
    );
    log('enterprise import …');
    const imp = await benchImport(database, w.jurisdictionId, opts.importRows);
    report.rows.push({ db: kind, operation: `enterprise import, ${opts.importRows.toLocaleString('en')}-row XLSX (rows/s)`, api: imp.api, ceiling: imp.ceiling, note: `peak memory +${imp.peakMiB} MiB` });
    report.extras.push({ db: kind, name: 'enterprise import peak memory above start', value: `${imp.peakMiB} MiB` });
    report.extras.push({ db: kind, name: 'RSS at the end of the process that served the API (it also generated the data set; on PGlite the database runs inside it)', value: `${Math.round(process.memoryUsage().rss / 1048576)} MiB` });
    await ceiling.close();
    await app.close();
    await database.close();
    log('cold start of npm start on this database …');
    const cold = await coldStart(dataDir, url);
    report.extras.push({ db: kind, name: 'cold start of `npm start` on the existing database (to a healthy /healthz)', value: `${cold.toFixed(1)} s` });
  } finally {
    await database.close().catch(() => {});
    await drop();
  }
}

const ms = (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const rate = (v: number) => (v >= 100 ? String(Math.round(v)) : v.toFixed(1));

/** One Markdown table for all operations and databases. */
export function formatTable(r: BenchReport): string {
  const lines = [
    '| db | operation | median ms | p95 ms | p99 ms | req/s | ceiling req/s (median ms) | ratio | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of r.rows) {
    const a = row.api;
    const c = row.ceiling;
    const ratio = c && c.rps > 0 ? `${Math.round((a.rps / c.rps) * 100)}%` : '—';
    const failed = a.non2xx + a.errors + a.timeouts;
    lines.push(
      `| ${row.db} | ${row.operation}${failed ? ` (${failed} failed of ${a.requests})` : ''}${row.note ? `; ${row.note}` : ''} | ${ms(a.median)} | ${ms(a.p95)} | ${ms(a.p99)} | ${rate(a.rps)} | ${c ? `${rate(c.rps)} (${ms(c.median)})` : '—'} | ${ratio} | ${row.target ? `${row.target.text} ${row.target.met ? '✓' : '✗'}` : ''} |`,
    );
  }
  for (const e of r.extras) lines.push(`| ${e.db} | ${e.name} | | | | | | | ${e.value} |`);
  return lines.join('\n');
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = {
    at: new Date().toISOString(),
    events: opts.events,
    duration: opts.duration,
    connections: opts.connections,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1073741824)} GiB, load ${os.loadavg()[0].toFixed(1)} at start`,
    rows: [],
    extras: [],
  };
  for (const kind of opts.dbs) await benchOne(kind, opts, report);
  if (opts.out) fs.writeFileSync(opts.out, `${JSON.stringify({ ...report, table: formatTable(report) }, null, 2)}\n`);
  return report;
}
