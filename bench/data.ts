// Bench data sets: a jurisdiction with 7 base grids, 9 departments, 24 categories and one user per working role,
// then N events (one year, 2020, in a realistic mix of statuses and channels, ~2% about 讨薪), a pool of just
// reported events for the workflow-move measurement, N/20 enterprises and N/2 demands — all generated with
// set-based SQL (insert … select … generate_series), never row by row. The figures rollups are then built as
// the application keeps them (events: contribution of each event, streamed in batches; demands: rebuildRollup).
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.ts';
import { rebuildRollup } from '../src/server/modules/enterprise/demands.repository.ts';
import { applyRollup } from '../src/server/modules/events/events.repository.ts';
import { contribution, rollupDelta, type StatEvent } from '../src/server/modules/events/events.stats.ts';
import type { Contribution } from '../src/server/modules/events/events.stats.ts';
import { buildCategory } from '../test/support/events.factories.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../test/support/factories.ts';
import { assignGridWorker, buildGrid, rectBoundary } from '../test/support/grids.factories.ts';

export interface BenchWorld {
  jurisdictionId: number;
  categoryIds: number[];
  departmentIds: number[];
  gridIds: number[];
  users: Record<'dispatcher' | 'gridWorker' | 'handler' | 'officer' | 'leader' | 'lawOffice', string>;
  /** A point in grid 1 (the grid worker's). */
  point: [number, number];
  /** Reported events (version 1) for the move measurements: one half for the API, the other for the ceiling. */
  poolApi: number[];
  poolCeiling: number[];
}

const GRID_W = 0.02;
const TITLES = ['占道经营', '垃圾堆放', '井盖破损', '道路积水', '违章停车', '噪音扰民', '消防通道堵塞', '绿化损毁', '路灯不亮', '广告牌松动', '污水外溢', '私搭乱建'];

export async function buildBenchWorld(database: Database, events: number, pool: number, log: (s: string) => void): Promise<BenchWorld> {
  const db = database.db;
  const j = await buildJurisdiction(db, { code: 'bench', name: '基准测试开发区' });
  const jid = j.id;
  const depts: number[] = [];
  for (let i = 0; i < 9; i++) depts.push((await buildOrgUnit(db, jid, { name: `职能部门${i + 1}` })).id);
  const centre = await buildOrgUnit(db, jid, { name: '指挥中心', kind: 'command_centre' });
  const zone = await buildGrid(db, jid, { level: 'zone', boundary: rectBoundary(117.09, 39.19, 117.1 + 7 * GRID_W + 0.01, 39.26) });
  const grids: number[] = [];
  for (let i = 0; i < 7; i++) {
    const x = 117.1 + i * GRID_W;
    grids.push((await buildGrid(db, jid, { level: 'base', parentId: zone.id, name: `基础网格${i + 1}`, boundary: rectBoundary(x, 39.2, x + GRID_W, 39.25) })).id);
  }
  const cats: number[] = [];
  for (let t = 0; t < 8; t++) {
    const top = await buildCategory(db, jid, { name: `一级分类${t + 1}`, code: `top${t}` });
    for (let s = 0; s < 3; s++) cats.push((await buildCategory(db, jid, { name: `${TITLES[(t * 3 + s) % TITLES.length]}`, code: `c${t}-${s}`, parentId: top.id, departmentId: depts[(t * 3 + s) % 9] })).id);
  }
  const users = {
    dispatcher: (await buildUser(db, jid, 'dispatcher', { username: 'bench-dispatcher', orgUnitId: centre.id })).username,
    gridWorker: '',
    handler: (await buildUser(db, jid, 'handler', { username: 'bench-handler', orgUnitId: depts[0] })).username,
    officer: (await buildUser(db, jid, 'enterprise_officer', { username: 'bench-officer' })).username,
    leader: (await buildUser(db, jid, 'leader', { username: 'bench-leader' })).username,
    lawOffice: (await buildUser(db, jid, 'law_office', { username: 'bench-law' })).username,
  };
  const gw = await buildUser(db, jid, 'grid_worker', { username: 'bench-gw' });
  await assignGridWorker(db, jid, grids[0], gw.id);
  users.gridWorker = gw.username;

  // ------------------------------------------------------------ events: 2020, in chunks of 200,000
  const t0 = Date.now();
  const titles = sql.val(TITLES);
  for (let start = 0; start < events; start += 200_000) {
    const n = Math.min(200_000, events - start);
    await sql`
      insert into events (jurisdiction_id, tracking_code, category_id, title, description, address, lng, lat, grid_id, source,
        status, department_id, reporter_name, reported_at, accepted_at, dispatched_at, handled_at, verified_at, closed_at,
        ended_at, stage, stage_started_at, due_at, accept_on_time, dispatch_on_time, handle_on_time, verify_on_time, end_reason)
      select ${jid}::int, 'BX' || lpad(g::text, 12, '0'), c.cat,
        case when g % 50 = 0 then '农民工讨薪问题' else (${titles}::text[])[1 + (g * 7) % ${TITLES.length}] end || '（' || (g % 997) || '）',
        case when g % 50 = 0 then '某工地农民工反映被拖欠工资，要求协调讨薪' else '网格员巡查发现' || (${titles}::text[])[1 + (g * 7) % ${TITLES.length}] || '，需处置' end,
        '示例路' || (g % 500) || '号',
        117.1 + (g % 7) * ${sql.lit(GRID_W)} + ((g * 37) % 1000) / 1000.0 * ${sql.lit(GRID_W * 0.9)} + 0.001,
        39.2 + ((g * 91) % 1000) / 1000.0 * 0.045 + 0.002,
        (${sql.val(grids)}::int[])[1 + g % 7],
        (array['grid_worker', 'grid_worker', 'hotline', 'public', 'enterprise', 'transfer'])[1 + g % 6],
        s.status,
        case when s.status in ('rejected', 'merged') then null else (${sql.val(depts)}::int[])[1 + g % 9] end,
        '网格员', r.at,
        case when s.status <> 'rejected' or g % 2 = 0 then r.at + interval '10 minutes' end,
        case when s.status in ('closed', 'in_progress', 'dispatched') then r.at + interval '30 minutes' end,
        case when s.status = 'closed' then r.at + ((g % 96) + 1) * interval '1 hour' end,
        case when s.status = 'closed' then r.at + ((g % 96) + 3) * interval '1 hour' end,
        case when s.status = 'closed' then r.at + ((g % 96) + 4) * interval '1 hour' end,
        case when s.status in ('closed', 'rejected', 'merged') then r.at + ((g % 96) + 4) * interval '1 hour' end,
        case when s.status in ('in_progress', 'dispatched') then 'handle' end,
        case when s.status in ('in_progress', 'dispatched') then r.at + interval '30 minutes' end,
        case when s.status in ('in_progress', 'dispatched') then r.at + interval '3 days' end,
        true,
        case when s.status in ('closed', 'in_progress', 'dispatched') then true end,
        case when s.status = 'closed' then g % 20 <> 0 end,
        case when s.status = 'closed' then true end,
        case when s.status in ('rejected', 'merged') then '不属于受理范围' end
      from generate_series(${start + 1}::int, ${start + n}::int) g,
        lateral (select (${sql.val(cats)}::int[])[1 + (g * 13) % ${cats.length}] as cat) c,
        lateral (select case when g % 100 < 88 then 'closed' when g % 100 < 92 then 'rejected' when g % 100 < 94 then 'merged'
                             when g % 100 < 97 then 'in_progress' else 'dispatched' end as status) s,
        lateral (select timestamptz '2020-01-01 00:00+08' + ((g::bigint * 104729) % (366 * 24 * 60)) * interval '1 minute' as at) r`.execute(db);
    log(`events: ${start + n} / ${events}`);
  }
  // Just-reported events for the workflow moves (version 1, acceptance clock running).
  await sql`
    insert into events (jurisdiction_id, tracking_code, category_id, title, description, grid_id, source, status, department_id,
      reporter_name, reported_at, stage, stage_started_at, due_at)
    select ${jid}::int, 'BP' || lpad(g::text, 12, '0'), (${sql.val(cats)}::int[])[1 + g % ${cats.length}], '待受理事件' || g, '网格员上报，待受理',
      (${sql.val(grids)}::int[])[1 + g % 7], 'grid_worker', 'reported', null, '网格员', now() - interval '1 hour', 'accept',
      now() - interval '1 hour', now() + interval '1 day'
    from generate_series(1, ${pool * 2}::int) g`.execute(db);
  const poolRows = (await sql<{ id: number }>`select id from events where tracking_code like 'BP%' order by id`.execute(db)).rows.map((r) => Number(r.id));
  log(`events generated in ${((Date.now() - t0) / 1000).toFixed(1)} s; building the figures rollup`);

  // ------------------------------------------------------------ the events rollup, as the application keeps it
  const t1 = Date.now();
  let lastId = 0;
  for (;;) {
    const rows = await sql<StatEvent & { id: number }>`
      select id, jurisdiction_id as "jurisdictionId", reported_at as "reportedAt", grid_id as "gridId", category_id as "categoryId",
        department_id as "departmentId", source, status, accepted_at as "acceptedAt", dispatched_at as "dispatchedAt",
        handled_at as "handledAt", verified_at as "verifiedAt", closed_at as "closedAt", overdue, overdue_count as "overdueCount",
        accept_on_time as "acceptOnTime", dispatch_on_time as "dispatchOnTime", handle_on_time as "handleOnTime",
        verify_on_time as "verifyOnTime", reopen_count as "reopenCount", extension_count as "extensionCount", satisfaction
      from events where jurisdiction_id = ${jid} and id > ${lastId} order by id limit 20000`.execute(db);
    if (rows.rows.length === 0) break;
    const deltas: Contribution[] = [];
    for (const e of rows.rows) deltas.push(...rollupDelta(null, contribution({ ...e, reportedAt: new Date(e.reportedAt), acceptedAt: e.acceptedAt && new Date(e.acceptedAt), dispatchedAt: e.dispatchedAt && new Date(e.dispatchedAt), handledAt: e.handledAt && new Date(e.handledAt), verifiedAt: e.verifiedAt && new Date(e.verifiedAt), closedAt: e.closedAt && new Date(e.closedAt) }, 'Asia/Shanghai')));
    await applyRollup(db, deltas);
    lastId = Number(rows.rows[rows.rows.length - 1].id);
  }
  log(`events rollup built in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  // ------------------------------------------------------------ enterprises (N/20) and demands (N/2)
  const enterprises = Math.max(100, Math.round(events / 20));
  const demands = Math.max(1000, Math.round(events / 2));
  await sql`
    insert into enterprises (jurisdiction_id, credit_code, name, industry, size, address, tags)
    select ${jid}::int, '9112' || lpad(g::text, 14, '0'), '基准企业' || g || '有限公司', (array['制造业', '批发零售', '建筑业', '信息技术'])[1 + g % 4],
      (array['small', 'medium', 'large', 'micro'])[1 + g % 4], '示例路' || g || '号', case when g % 10 = 0 then array['重点企业'] else '{}'::text[] end
    from generate_series(1, ${enterprises}::int) g`.execute(db);
  const [{ min, max }] = (await sql<{ min: number; max: number }>`select min(id)::int as min, max(id)::int as max from enterprises where jurisdiction_id = ${jid}`.execute(db)).rows;
  const demandCats = ['talent', 'land', 'funding', 'approval', 'project', 'policy', 'other'];
  for (let start = 0; start < demands; start += 200_000) {
    const n = Math.min(200_000, demands - start);
    await sql`insert into enterprise_demands (jurisdiction_id, enterprise_id, category, title, source, status, assigned_unit_id,
        collected_at, collected_on, answer_due_at, answered_at, resolved_at, satisfaction)
      select ${jid}::int, ${min}::int + ((g::bigint * 7919) % (${max}::int - ${min}::int + 1))::int,
        (${sql.val(demandCats)}::text[])[1 + g % 7], '企业诉求' || g, 'visit',
        case when g % 10 < 7 then 'confirmed' when g % 10 < 9 then 'answered' else 'assigned' end,
        (${sql.val(depts)}::int[])[1 + g % 9],
        c.at, (c.at at time zone 'Asia/Shanghai')::date, c.at + interval '7 days',
        case when g % 10 < 9 then c.at + ((g % 200) || ' hours')::interval end,
        case when g % 10 < 7 then c.at + interval '9 days' end,
        case when g % 10 < 7 then 1 + g % 5 end
      from generate_series(${start + 1}::int, ${start + n}::int) g,
        lateral (select timestamptz '2020-01-01 09:00+08' + ((g::bigint * 104729) % 366)::int * interval '1 day' + (g % 8) * interval '1 hour' as at) c`.execute(db);
  }
  await rebuildRollup(db, jid);
  log(`${enterprises} enterprises and ${demands} demands generated`);
  // As autovacuum leaves a table that grew over years: statistics current and the visibility map set (a bulk load
  // just done has neither, and index-only scans would visit the heap for every row).
  for (const t of ['events', 'event_stats', 'enterprises', 'enterprise_demands', 'enterprise_demand_rollup']) await sql`vacuum analyze ${sql.table(t)}`.execute(db);
  const half = Math.floor(poolRows.length / 2);
  return {
    jurisdictionId: jid,
    categoryIds: cats,
    departmentIds: depts,
    gridIds: grids,
    users,
    point: [117.1 + GRID_W / 2, 39.225],
    poolApi: poolRows.slice(0, half),
    poolCeiling: poolRows.slice(half),
  };
}
