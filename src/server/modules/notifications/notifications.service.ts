// In-app notifications (通知中心). Other modules call notify() inside their own transaction, so a notice
// exists exactly when the change it announces was committed.
import type { Executor } from '../../db/database.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { notificationActions } from './notifications.policy.ts';
import * as repo from './notifications.repository.ts';

export interface NotifyInput {
  jurisdictionId: number;
  userIds: readonly number[];
  kind: string;
  title: string;
  body?: string;
  entity?: string | null;
  entityId?: string | number | null;
  link?: string | null;
  /** Usually the person who caused the notice: they need not be told. */
  exceptUserId?: number | null;
}

const notice = (n: Omit<NotifyInput, 'userIds'>) => ({
  jurisdictionId: n.jurisdictionId,
  kind: n.kind,
  title: n.title.slice(0, 200),
  body: (n.body ?? '').slice(0, 2000),
  entity: n.entity ?? null,
  entityId: n.entityId === undefined || n.entityId === null ? null : String(n.entityId),
  link: n.link ?? null,
});

/** Sends one notice to each distinct user (in the caller's transaction). Returns how many were sent. */
export async function notify(tx: Executor, n: NotifyInput): Promise<number> {
  const ids = [...new Set(n.userIds)].filter((id) => id !== n.exceptUserId);
  const base = notice(n);
  await repo.insertNotifications(
    tx,
    ids.map((userId) => ({ ...base, userId })),
  );
  return ids.length;
}

type RolesInput = Omit<NotifyInput, 'userIds'> & { roles: readonly string[] };
const roleNotice = (n: RolesInput) => ({ ...notice(n), roles: n.roles, exceptUserId: n.exceptUserId ?? null });

/** Sends one notice to every active user with one of the roles, in one statement (the recipients are not read first). */
export function notifyRoles(tx: Executor, n: RolesInput): Promise<number> {
  return repo.insertNotificationsForRoles(tx, roleNotice(n));
}

/** notifyRoles as a statement not yet executed, for a caller that sends it with its other writes in one statement. */
export function notifyRolesQuery(n: RolesInput) {
  return repo.notificationsForRolesQuery(roleNotice(n));
}

/** Active users with one of the roles (optionally in one org unit): whom to notify about a piece of work. */
export function usersWithRoles(db: Executor, jurisdictionId: number, roles: readonly string[], orgUnitId?: number | null): Promise<number[]> {
  return repo.activeUserIds(db, jurisdictionId, roles, orgUnitId);
}

function me(ctx: RequestContext) {
  const actor = ctx.actor;
  if (!actor) throw errors.unauthenticated();
  authorize(actor, notificationActions['notifications.self']);
  return actor;
}

export async function listMine(db: Executor, ctx: RequestContext, q: { page?: number; pageSize?: number; unread?: boolean }) {
  const actor = me(ctx);
  const { page, pageSize, offset } = pageBounds(q);
  const unreadOnly = q.unread === true;
  const [items, total, unreadCount] = await Promise.all([
    repo.listForUser(db, actor.userId, { unreadOnly, limit: pageSize, offset }),
    repo.countForUser(db, actor.userId, unreadOnly),
    repo.countForUser(db, actor.userId, true),
  ]);
  return {
    items: items.map((n) => ({ ...n, id: Number(n.id), createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
    total,
    page,
    pageSize,
    unreadCount,
  };
}

export async function unreadCount(db: Executor, ctx: RequestContext): Promise<number> {
  return repo.countForUser(db, me(ctx).userId, true);
}

export async function markRead(db: Executor, ctx: RequestContext, id: number): Promise<void> {
  const actor = me(ctx);
  if (!(await repo.markRead(db, actor.userId, id, new Date()))) throw errors.notFound('notification', '通知');
}

export async function markAllRead(db: Executor, ctx: RequestContext): Promise<number> {
  return repo.markAllRead(db, me(ctx).userId, new Date());
}
