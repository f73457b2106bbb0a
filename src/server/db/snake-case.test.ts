import { CamelCasePlugin, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Compilable } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findSessionWithUserQuery } from '../modules/identity/identity.repository.ts';
import { scheduleJobQuery } from '../platform/jobs/jobs.ts';
import type { DB } from './database.ts';
import { CamelCaseRows, SnakeCaseQueryCompiler } from './snake-case.ts';

function compileOnly(compiler: () => PostgresQueryCompiler, plugin: CamelCasePlugin) {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: compiler,
    },
    plugins: [plugin],
  });
}

const before = compileOnly(() => new PostgresQueryCompiler(), new CamelCasePlugin());
const now = compileOnly(() => new SnakeCaseQueryCompiler(), new CamelCaseRows());

const queries: [string, (db: Kysely<DB>) => Compilable<unknown>][] = [
  ['the session look-up (joins, aliases, a raw array with a reference)', (db) => findSessionWithUserQuery(db, 'x', sql<number[]>`array(select 1 from ${sql.ref('users.orgUnitId')})`)],
  ['a multi-row insert with on conflict … do update', (db) => scheduleJobQuery(db, [{ kind: 'events.overdue', runAt: new Date(0), payload: { eventId: 1 }, uniqueKey: 'k', jurisdictionId: 1 }])],
  ['an insert … returning', (db) => db.insertInto('eventTimeline').values({ jurisdictionId: 1, eventId: 2, action: 'report', actorName: 'a', actorRole: 'r' }).returning(['id', 'eventId'])],
  [
    'an update with a subquery, order and limit',
    (db) =>
      db
        .updateTable('events')
        .set({ overdueCount: sql`overdue_count + 1`, stageStartedAt: new Date(0) })
        .where('id', 'in', db.selectFrom('events as e').select('e.id').where('e.jurisdictionId', '=', 1).orderBy('e.reportedAt', 'desc').limit(5)),
  ],
  ['a grouped select with aggregate aliases', (db) => db.selectFrom('eventStats').select(['categoryId', 'jurisdictionId', (eb) => eb.fn.sum<number>('durationHist').as('histTotal'), (eb) => eb.fn.max('stageStartedAt' as never).as('lastStarted')]).groupBy('categoryId')],
];

describe('snake_case names written by the compiler', () => {
  it.each(queries)('give the SQL CamelCasePlugin gave: %s', (_name, build) => {
    const a = build(before).compile();
    const b = build(now).compile();
    expect(b.sql).toBe(a.sql);
    expect(b.parameters).toEqual(a.parameters);
    expect(b.sql).not.toMatch(/"[a-z]+[A-Z]/);
  });

  it('leave the rows mapped back to camelCase', async () => {
    const rows = await new CamelCaseRows().transformResult({ queryId: { queryId: 'q' }, result: { rows: [{ event_id: 1, stage_started_at: null }] } });
    expect(rows.rows).toEqual([{ eventId: 1, stageStartedAt: null }]);
  });
});
