// The server side of `zhili bench`, run as a process of its own, as the platform runs in production (not inside
// the process that generated the data set, whose heap would tax every request with its garbage collection): the
// real application and, beside it, the ceiling routes — for each operation a bare Fastify route doing its single
// query on the same database. Input: a JSON file naming the database and the bench world; output: one JSON line
// with both ports. GET /c/rss on the ceiling server answers this process's resident memory. Stops on SIGTERM.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openPGlite, openPostgres, type Database } from '../src/server/db/database.ts';
import { computeFigures as assessmentFigures } from '../src/server/modules/assessment/assessment.figures.ts';
import { yearPeriod } from '../src/server/modules/assessment/assessment.period.ts';
import { listColumns, statsSums, weeksWithEvents } from '../src/server/modules/events/events.repository.ts';
import { STAT_COUNTERS } from '../src/server/modules/events/events.stats.ts';
import type { BenchWorld } from './data.ts';

export interface BenchServerInput {
  dataDir: string;
  /** PostgreSQL connection string, or null for PGlite in `pgdata`. */
  url: string | null;
  pgdata: string | null;
  world: BenchWorld;
}

export interface BenchServerPorts {
  app: number;
  ceiling: number;
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
  // The newest 20 matches, week by week through the week-keyed bigram index, as the application looks them up.
  app.get('/c/search', async (req) => {
    const q = (req.query as { q: string }).q;
    return (
      await sql`select ${sql.join(listColumns.map((c) => sql.ref(c)))}
        from (select array(select b || '#' || wks.w from unnest(text_bigrams(${q}::text)) b) as keys from ${weeksWithEvents({ jurisdictionId: jid }, 'desc')} wks) wk
        cross join lateral (select * from (select * from events where events.jurisdiction_id = ${jid} and text_bigram_weeks(events.search_text, events.reported_at) @> wk.keys
          and strpos(events.search_text, ${q}) > 0 offset 0) events order by events.reported_at desc, events.id desc limit 20) events
        limit 20`.execute(db)
    ).rows;
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
  app.get('/c/rss', async () => ({ rss: process.memoryUsage().rss }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

const port = (app: FastifyInstance) => (app.server.address() as net.AddressInfo).port;

async function main(file: string): Promise<void> {
  const input = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchServerInput;
  const database = input.url ? openPostgres(input.url, 10) : await openPGlite(input.pgdata);
  const config = loadConfig({ ZHILI_DATA_DIR: input.dataDir, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database, secretKey: randomBytes(32), logger: false, rateLimits: { login: 1e9, public: 1e9 }, webDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const ceiling = await ceilingServer(database, input.world);
  process.once('SIGTERM', () => {
    void (async () => {
      await ceiling.close();
      await app.close();
      await database.close();
      process.exit(0);
    })();
  });
  const ports: BenchServerPorts = { app: port(app), ceiling: port(ceiling) };
  console.log(JSON.stringify(ports));
}

await main(process.argv[2]);
