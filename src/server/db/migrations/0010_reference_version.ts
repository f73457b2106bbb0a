// A version counter per jurisdiction for its reference data — event categories, holidays, grids, org units and
// the jurisdiction's own settings. Triggers bump it in the same transaction as any change, and the session lookup
// reads it, so the application can cache that data per version and still never serve a request older data than
// existed when the request began.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`alter table jurisdictions add column ref_version bigint not null default 0`,
    sql`create function bump_reference_version() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update jurisdictions set ref_version = ref_version + 1 where id = old.jurisdiction_id;
        end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.jurisdiction_id is distinct from old.jurisdiction_id) then
          update jurisdictions set ref_version = ref_version + 1 where id = new.jurisdiction_id;
        end if;
        return null;
      end $$`,
    sql`create trigger event_categories_reference_version after insert or update or delete on event_categories
      for each row execute function bump_reference_version()`,
    sql`create trigger holidays_reference_version after insert or update or delete on holidays
      for each row execute function bump_reference_version()`,
    sql`create trigger grids_reference_version after insert or update or delete on grids
      for each row execute function bump_reference_version()`,
    sql`create trigger org_units_reference_version after insert or update or delete on org_units
      for each row execute function bump_reference_version()`,
    sql`create function bump_own_reference_version() returns trigger language plpgsql as $$
      begin
        if new.ref_version = old.ref_version and row(new.*) is distinct from row(old.*) then
          new.ref_version := old.ref_version + 1;
        end if;
        return new;
      end $$`,
    sql`create trigger jurisdictions_reference_version before update on jurisdictions
      for each row execute function bump_own_reference_version()`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
