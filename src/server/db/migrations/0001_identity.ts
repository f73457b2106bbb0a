// Platform and identity tables: jurisdictions, org units, users, sessions, audit log, jobs, idempotency keys, settings.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create extension if not exists pg_trgm`,
    sql`create table jurisdictions (
      id serial primary key,
      jurisdiction_id integer generated always as (id) stored,
      code text not null unique,
      name text not null,
      short_name text not null,
      region text not null default '',
      timezone text not null default 'Asia/Shanghai',
      created_at timestamptz not null default now()
    )`,
    sql`create table org_units (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      parent_id integer references org_units(id),
      code text not null,
      name text not null,
      kind text not null,
      sort integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (jurisdiction_id, code)
    )`,
    sql`create table users (
      id serial primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      username text not null unique,
      display_name text not null,
      role text not null,
      org_unit_id integer references org_units(id),
      enterprise_id integer,
      phone_enc text,
      phone_masked text,
      password_hash text not null,
      password_changed_at timestamptz not null default now(),
      must_change_password boolean not null default false,
      totp_secret_enc text,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled boolean not null default false,
      last_login_at timestamptz,
      locale text not null default 'zh-CN',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create index users_jurisdiction_role on users (jurisdiction_id, role)`,
    sql`create table sessions (
      id text primary key,
      jurisdiction_id integer not null references jurisdictions(id),
      user_id integer not null references users(id),
      csrf_token text not null,
      mfa_pending boolean not null default false,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`,
    sql`create index sessions_user on sessions (user_id) where revoked_at is null`,
    sql`create table audit_log (
      id bigserial primary key,
      jurisdiction_id integer,
      seq bigint not null unique,
      at timestamptz not null,
      actor_id integer,
      actor_name text not null default '',
      action text not null,
      entity text not null,
      entity_id text,
      success boolean not null,
      request_id text,
      ip text,
      details jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null
    )`,
    sql`create index audit_log_jurisdiction_at on audit_log (jurisdiction_id, at desc)`,
    sql`create index audit_log_entity on audit_log (entity, entity_id)`,
    sql`create table audit_head (
      id integer primary key check (id = 1),
      jurisdiction_id integer,
      seq bigint not null,
      hash text not null
    )`,
    sql`insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64))`,
    // The audit log is append-only: no role of the application may change or remove a row.
    sql`create function audit_log_immutable() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`,
    sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_immutable()`,
    sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_immutable()`,
    sql`create table jobs (
      id bigserial primary key,
      jurisdiction_id integer,
      kind text not null,
      payload jsonb not null default '{}'::jsonb,
      run_at timestamptz not null default now(),
      status text not null default 'pending',
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      unique_key text unique,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`,
    sql`create index jobs_due on jobs (run_at) where status = 'pending'`,
    sql`create table idempotency_keys (
      principal text not null,
      key text not null,
      jurisdiction_id integer,
      method text not null,
      path text not null,
      body_hash text not null,
      state text not null default 'pending',
      response_status integer,
      response_body text,
      created_at timestamptz not null default now(),
      primary key (principal, key)
    )`,
    sql`create table settings (
      jurisdiction_id integer not null references jurisdictions(id),
      key text not null,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (jurisdiction_id, key)
    )`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
