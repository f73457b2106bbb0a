// Who hears about mediation matters: warnings go to the mediation centre's staff and the leaders; a move on a
// linked case goes to the linked departments. Rows go through the notifications module in the caller's
// transaction, so a warning and its notices commit together.
import type { Executor } from '../../db/database.ts';
import { notify, usersWithRoles } from '../notifications/index.ts';
import type * as repo from './mediation.repository.ts';

export async function notifyWarning(tx: Executor, w: repo.WarningRow): Promise<void> {
  const userIds = await usersWithRoles(tx, w.jurisdictionId, ['mediator', 'leader']);
  if (userIds.length === 0) return;
  await notify(tx, {
    jurisdictionId: w.jurisdictionId,
    userIds,
    kind: 'mediation.warning',
    title: `预警：${w.title}`,
    body: w.detail,
    entity: 'mediation_warning',
    entityId: String(w.id),
    link: `/mediation/warnings?id=${w.id}`,
  });
}

/** A department newly linked to a dispute, or a petition forwarded/assigned to one. */
export async function notifyDepartment(
  tx: Executor,
  v: { jurisdictionId: number; orgUnitId: number; title: string; body?: string; entity: 'mediation_dispute' | 'mediation_petition' | 'mediation_clue' | 'mediation_intake'; entityId: number },
): Promise<void> {
  const users = await usersWithRoles(tx, v.jurisdictionId, ['handler', 'safety', 'enterprise_officer', 'dispatcher', 'mediator', 'leader', 'law_office'], v.orgUnitId);
  if (users.length === 0) return;
  const path = { mediation_dispute: 'disputes', mediation_petition: 'petitions', mediation_clue: 'clues', mediation_intake: null }[v.entity];
  await notify(tx, {
    jurisdictionId: v.jurisdictionId,
    userIds: users,
    kind: `${v.entity.replace('_', '.')}.assigned`,
    title: v.title,
    body: v.body ?? '',
    entity: v.entity,
    entityId: String(v.entityId),
    // A referred intake is told in the notice itself: the department has no access to the intake desk.
    link: path ? `/mediation/${path}/${v.entityId}` : null,
  });
}
