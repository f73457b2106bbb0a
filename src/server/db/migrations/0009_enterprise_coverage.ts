// Enterprises served per year (distinct enterprises with a demand collected that year), kept in step with every
// new demand, so that "enterprises served" of a year is a count over at most one row per enterprise instead of
// a distinct count over every demand.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create table enterprise_demand_coverage (
      jurisdiction_id integer not null references jurisdictions(id),
      year integer not null,
      enterprise_id integer not null references enterprises(id),
      demands integer not null default 0,
      primary key (jurisdiction_id, year, enterprise_id)
    )`,
    sql`insert into enterprise_demand_coverage (jurisdiction_id, year, enterprise_id, demands)
      select jurisdiction_id, extract(year from collected_on)::int, enterprise_id, count(*)::int
      from enterprise_demands group by 1, 2, 3`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
