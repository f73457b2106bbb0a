// `zhili bench`: builds a data set of the chosen size on PGlite and/or PostgreSQL, serves it with the real
// application on 127.0.0.1 from a server process of its own (bench/serve.ts), drives each operation with autocannon
// from another process (bench/load.mjs) for a bounded time after a few seconds of unmeasured warm-up, and beside
// each operation measures its ceiling in the same run: a bare Fastify route on the same database doing the
// operation's single query. Prints one table
// (median, p95, p99, req/s, ceiling, ratio), then the enterprise import (rows/s, peak memory), the server's RSS and
// the cold start of `npm start`.
// Never part of `npm test`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import { ensurePGliteDir, openPGlite, openPostgres, type Database, type DatabaseKind } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { createImportRow, executeImport } from '../src/server/modules/enterprise/imports.service.ts';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../src/server/modules/enterprise/credit-code.ts';
import { systemContext } from '../src/server/platform/context.ts';
import { SecretBox } from '../src/server/platform/crypto/secret-box.ts';
import { TEST_PASSWORD } from '../test/support/factories.ts';
import { buildBenchWorld } from './data.ts';
import type { BenchOperation } from './bench.cli.ts';
import type { BenchServerInput, BenchServerPorts } from './serve.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface BenchOptions {
  events: number;
  dbs: DatabaseKind[];
  /** Seconds of load per operation (and as much again for its ceiling). */
  duration: number;
  connections: number;
  importRows: number;
  /** The operations to measure (`--only`); the data set is built whole either way. */
  only: ReadonlySet<BenchOperation>;
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

interface BenchDatabase {
  database: Database;
  dataDir: string;
  url: string | null;
  pgdata: string | null;
  /** Opens the database again (after the bench server, which had it, has stopped). */
  reopen: () => Promise<Database>;
  drop: () => Promise<void>;
}

async function openBenchDatabase(kind: DatabaseKind, opts: BenchOptions): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-'));
  if (kind === 'pglite') {
    const pgdata = await ensurePGliteDir(dataDir);
    return {
      database: await openPGlite(pgdata),
      dataDir,
      url: null,
      pgdata,
      reopen: () => openPGlite(pgdata),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
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
    pgdata: null,
    reopen: async () => openPostgres(url, 10),
    drop: async () => {
      const c = new pg.Client({ connectionString: opts.postgresUrl! });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts bench/serve.ts, the application and its ceiling routes in a process of their own, on the database. */
async function startBenchServer(input: BenchServerInput): Promise<{ ports: BenchServerPorts; rss: () => Promise<number>; stop: () => Promise<void> }> {
  const file = path.join(os.tmpdir(), `zhili-bench-server-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(input));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/serve.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const ports = await new Promise<BenchServerPorts>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (b) => {
        text += b;
        // Only a whole line: a chunk may end mid-line.
        const line = text.split('\n').slice(0, -1).find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as BenchServerPorts);
      });
      void exited.then((code) => reject(new Error(`bench server exited with ${code} before it listened`)));
    });
    return {
      ports,
      rss: async () => ((await (await fetch(`http://127.0.0.1:${ports.ceiling}/c/rss`)).json()) as { rss: number }).rss,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        const code = await exited;
        if (code !== 0) throw new Error(`bench server exited with ${code}`);
      },
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
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

/** Seconds of unmeasured load before each measured operation and ceiling. */
const WARM_UP_SECONDS = 3;

async function benchOne(kind: DatabaseKind, opts: BenchOptions, report: BenchReport): Promise<void> {
  const log = (s: string) => opts.log(`[${kind}] ${s}`);
  const pool = Math.max(5000, opts.duration * 800);
  const bdb = await openBenchDatabase(kind, opts);
  const { dataDir, url } = bdb;
  let database: Database | null = bdb.database;
  let server: Awaited<ReturnType<typeof startBenchServer>> | null = null;
  try {
    await migrateToLatest(database.db);
    const t0 = Date.now();
    const w = await buildBenchWorld(database, opts.events, pool, log);
    report.extras.push({ db: kind, name: `data set built (${opts.events.toLocaleString('en')} events)`, value: `${((Date.now() - t0) / 1000).toFixed(0)} s` });
    // The server gets the database to itself (PGlite has one owner).
    await database.close();
    database = null;
    server = await startBenchServer({ dataDir, url, pgdata: bdb.pgdata, world: w });
    const base = `http://127.0.0.1:${server.ports.app}`;
    const cbase = `http://127.0.0.1:${server.ports.ceiling}`;
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
    // Each side gets unmeasured load first, so that it is measured warm (its code compiled, its caches filled), not
    // while the JIT compiles the application's code on the first requests — except where each request uses up a
    // row of its own (the moves' pool is sized for the measured seconds).
    const run = async (cfg: Record<string, unknown>) => {
      if (!cfg.paths) await load({ duration: WARM_UP_SECONDS, connections: c, ...cfg });
      return load({ duration: d, connections: c, ...cfg });
    };
    const measure = async (key: BenchOperation, operation: string, api: Record<string, unknown>, ceil: Record<string, unknown> | null, target?: (m: Measured, c: Measured | null) => { text: string; met: boolean }) => {
      if (!opts.only.has(key)) return;
      log(`${operation} …`);
      const a = await run(api);
      const cm = ceil ? await run(ceil) : null;
      report.rows.push({ db: kind, operation, api: a, ceiling: cm, ...(target ? { target: target(a, cm) } : {}) });
    };
    const p95Under = (ms: number) => (m: Measured) => ({ text: `p95 ≤ ${ms} ms`, met: (m.p95 ?? Infinity) <= ms });
    const medianUnder = (ms: number) => (m: Measured) => ({ text: `≤ ${ms} ms`, met: (m.median ?? Infinity) <= ms });

    await measure(
      'login',
      'login',
      { url: `${base}/api/auth/login`, method: 'POST', headers: json, body: JSON.stringify({ username: w.users.leader, password: TEST_PASSWORD }), connections: Math.min(c, 4) },
      { url: `${cbase}/c/login`, method: 'POST', headers: json, body: JSON.stringify({ username: w.users.leader }), connections: Math.min(c, 4) },
    );
    await measure(
      'intake',
      'event intake (grid lookup, rollup, timeline, audit, job)',
      { url: `${base}/api/events`, method: 'POST', headers: { ...json, ...s.gw }, body: JSON.stringify({ categoryId: w.categoryIds[0], description: '巡查发现占道经营，需处置', lng: w.point[0], lat: w.point[1] }) },
      { url: `${cbase}/c/intake`, method: 'POST' },
      (m, cm) => ({ text: '≥ 50% of ceiling', met: cm ? m.rps >= 0.5 * cm.rps : false }),
    );
    await measure(
      'transition',
      'transition (accept)',
      { url: base, method: 'POST', headers: { ...json, ...s.dispatcher }, body: JSON.stringify({ action: 'accept', version: 1 }), paths: w.poolApi.map((id) => `/api/events/${id}/transitions`) },
      { url: cbase, method: 'POST', paths: w.poolCeiling.map((id) => `/c/move/${id}`) },
    );
    await measure('list', 'event list (page 1 of the jurisdiction)', { url: `${base}/api/events?page=1&pageSize=20`, headers: s.dispatcher }, { url: `${cbase}/c/list` }, p95Under(50));
    await measure(
      'search',
      'full-text search “讨薪”',
      { url: `${base}/api/events?q=${encodeURIComponent('讨薪')}&pageSize=20`, headers: s.dispatcher },
      { url: `${cbase}/c/search?q=${encodeURIComponent('讨薪')}` },
      p95Under(50),
    );
    await measure(
      'metrics',
      'dashboard figures for a year (events)',
      { url: `${base}/api/events/metrics?from=2020-01-01&to=2020-12-31`, headers: s.leader, connections: 2 },
      { url: `${cbase}/c/metrics`, connections: 2 },
      medianUnder(300),
    );
    await measure(
      'demand',
      `demand figures for a year (${Math.max(1000, Math.round(opts.events / 2)).toLocaleString('en')} demands)`,
      { url: `${base}/api/enterprise/figures?year=2020`, headers: s.leader, connections: 2 },
      { url: `${cbase}/c/demand-figures`, connections: 2 },
      medianUnder(300),
    );
    if (opts.only.has('report')) {
      const rep = await fetch(`${base}/api/reports`, { method: 'POST', headers: { ...json, ...s.law }, body: JSON.stringify({ year: 2020 }) });
      if (rep.status >= 300) throw new Error(`create report: ${rep.status} ${await rep.text()}`);
      const reportId = ((await rep.json()) as { id: number }).id;
      await measure(
        'report',
        'annual report generation (DOCX)',
        { url: `${base}/api/reports/${reportId}/export?format=docx`, headers: s.law, connections: 1, timeout: 120 },
        { url: `${cbase}/c/report-figures`, connections: 1, timeout: 120 },
        medianUnder(5000),
      );
    }
    report.extras.push({ db: kind, name: `RSS of the server process at the end of the load${kind === 'pglite' ? ' (the database runs inside it)' : ''}`, value: `${Math.round((await server.rss()) / 1048576)} MiB` });
    await server.stop();
    if (opts.only.has('import')) {
      log('enterprise import …');
      database = await bdb.reopen();
      const imp = await benchImport(database, w.jurisdictionId, opts.importRows);
      report.rows.push({ db: kind, operation: `enterprise import, ${opts.importRows.toLocaleString('en')}-row XLSX (rows/s)`, api: imp.api, ceiling: imp.ceiling, note: `peak memory +${imp.peakMiB} MiB` });
      report.extras.push({ db: kind, name: 'enterprise import peak memory above start', value: `${imp.peakMiB} MiB` });
      await database.close();
      database = null;
    }
    if (opts.only.has('cold-start')) {
      log('cold start of npm start on this database …');
      const cold = await coldStart(dataDir, url);
      report.extras.push({ db: kind, name: 'cold start of `npm start` on the existing database (to a healthy /healthz)', value: `${cold.toFixed(1)} s` });
    }
  } finally {
    await server?.stop().catch(() => {});
    await database?.close().catch(() => {});
    await bdb.drop();
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
