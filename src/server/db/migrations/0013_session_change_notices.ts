// A notice on channel zhili_auth whenever what a session stands on changes: the session row (revoked, second factor
// passed, expiry), its user (role, unit, enterprise, grids, disabled, forced password change) or the jurisdiction
// (whose ref_version the reference-data triggers of 0010 bump). Every application connection listens, so a server
// may keep sessions it has looked up in memory and drop them when any notice comes (see db/change-notices.ts):
// the connection that commits such a change gets its own notice before the commit's answer, and other servers'
// connections get it a moment later. Statement triggers, one notice per statement; the payload is empty (the
// changes are rare, and every server forgets every session it kept).
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create function notify_auth_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('zhili_auth', '');
        return null;
      end $$`,
    sql`create trigger sessions_auth_change after update of user_id, csrf_token, mfa_pending, expires_at, revoked_at or delete on sessions
      for each statement execute function notify_auth_change()`,
    sql`create trigger sessions_auth_truncate after truncate on sessions for each statement execute function notify_auth_change()`,
    sql`create trigger users_auth_change after update of jurisdiction_id, username, display_name, role, org_unit_id, enterprise_id, must_change_password, disabled
      or delete on users for each statement execute function notify_auth_change()`,
    sql`create trigger users_auth_truncate after truncate on users for each statement execute function notify_auth_change()`,
    sql`create trigger grid_workers_auth_change after insert or update or delete on grid_workers
      for each statement execute function notify_auth_change()`,
    sql`create trigger grid_workers_auth_truncate after truncate on grid_workers for each statement execute function notify_auth_change()`,
    sql`create trigger jurisdictions_auth_change after update or delete on jurisdictions
      for each statement execute function notify_auth_change()`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
