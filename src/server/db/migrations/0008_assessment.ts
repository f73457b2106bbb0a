// Assessment and the annual report: the indicator catalogue (formulas over the modules' figures), and the
// annual reports with their immutable body versions and their workflow timeline. A published report keeps the
// text and figures as published, so the portal shows what was approved even after the records move on.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create table assessment_indicators (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      code text not null check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
      name text not null,
      area text not null check (area in ('functions','institutions','decisions','enforcement','disputes','supervision','publicity','leadership')),
      formula text not null,
      unit text not null default '',
      target numeric,
      direction text not null check (direction in ('higher','lower')),
      weight numeric not null default 1 check (weight >= 0),
      tolerance numeric not null default 0 check (tolerance >= 0),
      prorate boolean not null default false,
      description text not null default '',
      active boolean not null default true,
      sort integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (jurisdiction_id, code)
    )`,
    sql`create table annual_reports (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      year integer not null check (year between 2000 and 2100),
      status text not null default 'draft' check (status in ('draft','reviewed','approved','published')),
      current_version integer not null default 1,
      reviewed_by integer references users(id),
      reviewed_at timestamptz,
      approved_by integer references users(id),
      approved_at timestamptz,
      published_at timestamptz,
      published_version integer,
      published jsonb,
      created_by integer references users(id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (jurisdiction_id, year)
    )`,
    sql`create index annual_reports_published on annual_reports (published_at desc) where status = 'published'`,
    sql`create table annual_report_versions (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      report_id integer not null references annual_reports(id),
      number integer not null check (number >= 1),
      body jsonb not null,
      note text not null default '',
      changes jsonb not null default '{}'::jsonb,
      author_id integer references users(id),
      author_name text not null,
      created_at timestamptz not null default now(),
      unique (report_id, number)
    )`,
    sql`create table annual_report_events (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      report_id integer not null references annual_reports(id),
      action text not null,
      from_status text,
      to_status text not null,
      version_number integer not null,
      actor_id integer references users(id),
      actor_name text not null,
      note text not null default '',
      at timestamptz not null default now()
    )`,
    sql`create index annual_report_events_report on annual_report_events (report_id, id)`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
