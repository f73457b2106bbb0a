// Enterprise-service benchmarks (issue 4): importing a 50,000-row registry XLSX (rows/s, peak memory) and the
// demand figures of a year over 500,000 demands (target ≤ 300 ms). Run: npx tsx bench/enterprise.bench.ts
// [--postgres URL] [--rows N] [--demands N]. Prints one line per measurement; exits 1 when a target is missed.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import { openPGlite, openPostgres, type Database } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { systemContext } from '../src/server/platform/context.ts';
import { SecretBox } from '../src/server/platform/crypto/secret-box.ts';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../src/server/modules/enterprise/credit-code.ts';
import { computeFigures } from '../src/server/modules/enterprise/figures.service.ts';
import { rebuildRollup } from '../src/server/modules/enterprise/demands.repository.ts';
import { createImportRow, executeImport } from '../src/server/modules/enterprise/imports.service.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: number;
  ok: boolean;
}

function code(n: number): string {
  let body = '';
  for (let i = 0, v = n; i < 9; i++, v = Math.floor(v / 31)) body = CREDIT_CODE_ALPHABET[v % 31] + body;
  const first17 = `91120113${body}`;
  return first17 + creditCodeCheckChar(first17);
}

async function openDatabase(url: string | undefined): Promise<Database> {
  if (!url) return openPGlite(null);
  const name = `zhili_bench_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const d = openPostgres(u.toString(), 4);
  return {
    ...d,
    close: async () => {
      await d.close();
      const c2 = new pg.Client({ connectionString: url });
      await c2.connect();
      await c2.query(`drop database if exists ${name} with (force)`);
      await c2.end();
    },
  };
}

export async function runEnterpriseBench(opts: { postgres?: string; rows?: number; demands?: number } = {}): Promise<BenchResult[]> {
  const rows = opts.rows ?? 50_000;
  const demands = opts.demands ?? 500_000;
  const results: BenchResult[] = [];
  const database = await openDatabase(opts.postgres);
  const db = database.db;
  try {
    await migrateToLatest(db);
    const j = await db.insertInto('jurisdictions').values({ code: 'bench', name: '基准测试区', shortName: '基准' }).returning('id').executeTakeFirstOrThrow();

    // ------------------------------------------------------------ import of a 50,000-row XLSX
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业名录');
    ws.addRow(['企业名称', '统一社会信用代码', '所属行业', '企业规模', '地址', '经度', '纬度', '法定代表人', '联系人', '联系电话', '标签', '包联干部']);
    for (let i = 0; i < rows; i++) {
      ws.addRow([`基准企业${i}有限公司`, code(i + 1), '制造业', '小型', `示例路${i}号`, '', '', '张三', '李四', `138${String(i).padStart(8, '0')}`, '规上企业', '']);
    }
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    if (global.gc) global.gc();
    const baseRss = process.memoryUsage().rss;
    let peak = baseRss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const imp = await createImportRow(db, { jurisdictionId: j.id, createdBy: null, fileName: 'bench.xlsx', buf, dryRun: false, goodRowsOnly: false });
    const done = await executeImport(db, new SecretBox(randomBytes(32)), imp.id, buf, { ctx: systemContext() });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (done.importedRows !== rows) throw new Error(`import: ${done.status} ${done.message}`);
    results.push({ name: `import ${rows} rows XLSX (${database.kind})`, value: Math.round(rows / seconds), unit: 'rows/s', ok: true });
    results.push({ name: `import peak memory above start (${database.kind})`, value: Math.round((peak - baseRss) / 1024 / 1024), unit: 'MiB', ok: true });

    // ------------------------------------------------------------ a year of 500,000 demands
    const [{ min, max }] = (await sql<{ min: number; max: number }>`select min(id)::int as min, max(id)::int as max from enterprises where jurisdiction_id = ${j.id}`.execute(db)).rows;
    const units = [];
    for (let i = 0; i < 12; i++) units.push((await db.insertInto('orgUnits').values({ jurisdictionId: j.id, code: `u${i}`, name: `单位${i}`, kind: 'department', parentId: null }).returning('id').executeTakeFirstOrThrow()).id);
    const cats = ['talent', 'land', 'funding', 'approval', 'project', 'policy', 'other'];
    for (let start = 0; start < demands; start += 100_000) {
      const n = Math.min(100_000, demands - start);
      await sql`insert into enterprise_demands (jurisdiction_id, enterprise_id, category, title, source, status, assigned_unit_id,
          collected_at, collected_on, answer_due_at, answered_at, resolved_at, satisfaction)
        select ${j.id}::int, ${min}::int + ((g::bigint * 7919) % (${max}::int - ${min}::int + 1))::int,
          (${sql.val(cats)}::text[])[1 + g % 7], '诉求', 'visit',
          case when g % 10 < 7 then 'confirmed' when g % 10 < 9 then 'answered' else 'assigned' end,
          (${sql.val(units)}::int[])[1 + g % 12],
          c.at, (c.at at time zone 'Asia/Shanghai')::date, c.at + interval '7 days',
          case when g % 10 < 9 then c.at + ((g % 200) || ' hours')::interval end,
          case when g % 10 < 7 then c.at + interval '9 days' end,
          case when g % 10 < 7 then 1 + g % 5 end
        from generate_series(${start + 1}::int, ${start + n}::int) g,
          lateral (select timestamptz '2020-01-01 09:00+08' + ((g::bigint * 104729) % 365)::int * interval '1 day' + (g % 8) * interval '1 hour' as at) c`.execute(db);
    }
    await rebuildRollup(db, j.id);
    await sql`analyze enterprise_demands`.execute(db);
    await sql`analyze enterprise_demand_rollup`.execute(db);
    const runs: number[] = [];
    let f;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      f = await computeFigures(db, j.id, { from: '2020-01-01', to: '2020-12-31' });
      runs.push(performance.now() - t0);
    }
    if (f!.demands.collected !== demands) throw new Error(`figures counted ${f!.demands.collected} demands`);
    runs.sort((a, b) => a - b);
    const median = Math.round(runs[2]);
    results.push({ name: `figures for a year over ${demands} demands (${database.kind}, median of 5)`, value: median, unit: 'ms', target: 300, ok: median <= 300 });
    const t1 = performance.now();
    await computeFigures(db, j.id, { from: '2020-03-15', to: '2020-09-20' });
    const partial = Math.round(performance.now() - t1);
    results.push({ name: `figures for 2020-03-15..2020-09-20 (${database.kind}, partial months from rows)`, value: partial, unit: 'ms', ok: true });
  } finally {
    await database.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { postgres: { type: 'string' }, rows: { type: 'string' }, demands: { type: 'string' } } });
  const results = await runEnterpriseBench({
    postgres: values.postgres,
    rows: values.rows ? Number(values.rows) : undefined,
    demands: values.demands ? Number(values.demands) : undefined,
  });
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'MISS'} ${r.name}: ${r.value} ${r.unit}${r.target ? ` (target ≤ ${r.target})` : ''}`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
