// Grids: multi-level (zone → base grid → micro grid) with GeoJSON boundaries and their bounding boxes,
// and the grid workers assigned to each.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create table grids (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      parent_id integer references grids(id),
      level text not null check (level in ('zone', 'base', 'micro')),
      code text not null,
      name text not null,
      boundary jsonb,
      min_lng double precision,
      min_lat double precision,
      max_lng double precision,
      max_lat double precision,
      area_km2 double precision,
      description text not null default '',
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (jurisdiction_id, code)
    )`,
    sql`create index grids_parent on grids (parent_id)`,
    sql`create index grids_bbox on grids (jurisdiction_id, min_lng, max_lng, min_lat, max_lat) where active`,
    sql`create table grid_workers (
      jurisdiction_id integer not null references jurisdictions(id),
      grid_id integer not null references grids(id),
      user_id integer not null references users(id),
      assigned_at timestamptz not null default now(),
      primary key (grid_id, user_id)
    )`,
    sql`create index grid_workers_user on grid_workers (user_id)`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
