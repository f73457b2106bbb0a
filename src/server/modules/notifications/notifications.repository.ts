// All SQL for in-app notifications, and the recipient lookups (active users by role and org unit).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface NewNotification {
  jurisdictionId: number;
  userId: number;
  kind: string;
  title: string;
  body: string;
  entity: string | null;
  entityId: string | null;
  link: string | null;
}

export async function insertNotifications(db: Executor, rows: NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

export type RoleNotice = Omit<NewNotification, 'userId'> & { roles: readonly string[]; exceptUserId: number | null };

/** The statement writing one notice to each active user with one of the roles (chosen by the statement itself). */
export function notificationsForRolesQuery(n: RoleNotice) {
  const roles = n.roles.length ? sql.join(n.roles) : sql`null`;
  return sql`insert into notifications (jurisdiction_id, user_id, kind, title, body, entity, entity_id, link)
    select ${n.jurisdictionId}::integer, u.id, ${n.kind}::text, ${n.title}::text, ${n.body}::text, ${n.entity}::text, ${n.entityId}::text, ${n.link}::text
    from users u
    where u.jurisdiction_id = ${n.jurisdictionId} and u.role in (${roles}) and not u.disabled
      and u.id is distinct from ${n.exceptUserId}::integer`;
}

/** One notice to each active user with one of the roles, chosen and written by one statement. Returns how many. */
export async function insertNotificationsForRoles(db: Executor, n: RoleNotice): Promise<number> {
  if (n.roles.length === 0) return 0;
  const r = await notificationsForRolesQuery(n).execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export function listForUser(db: Executor, userId: number, f: { unreadOnly: boolean; limit: number; offset: number }) {
  let q = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'entity', 'entityId', 'link', 'readAt', 'createdAt'])
    .where('userId', '=', userId);
  if (f.unreadOnly) q = q.where('readAt', 'is', null);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function countForUser(db: Executor, userId: number, unreadOnly: boolean): Promise<number> {
  let q = db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId);
  if (unreadOnly) q = q.where('readAt', 'is', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function markRead(db: Executor, userId: number, id: number, at: Date): Promise<boolean> {
  const found = await db.selectFrom('notifications').select('id').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  if (!found) return false;
  await db.updateTable('notifications').set({ readAt: at }).where('id', '=', id).where('readAt', 'is', null).execute();
  return true;
}

export async function markAllRead(db: Executor, userId: number, at: Date): Promise<number> {
  const r = await db.updateTable('notifications').set({ readAt: at }).where('userId', '=', userId).where('readAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Active users of a jurisdiction with one of the roles, optionally in one org unit. */
export async function activeUserIds(db: Executor, jurisdictionId: number, roles: readonly string[], orgUnitId?: number | null): Promise<number[]> {
  if (roles.length === 0) return [];
  let q = db
    .selectFrom('users')
    .select('id')
    .where('jurisdictionId', '=', jurisdictionId)
    .where('role', 'in', roles)
    .where('disabled', '=', false);
  if (orgUnitId !== undefined) {
    if (orgUnitId === null) return [];
    q = q.where('orgUnitId', '=', orgUnitId);
  }
  return (await q.orderBy('id').execute()).map((r) => r.id);
}
