// Who hears about a demand's moves, and the words they get. The rows go through the notifications module in the
// caller's transaction, so a move and its notices commit together.
import type { Executor } from '../../db/database.ts';
import { notify } from '../notifications/index.ts';

export interface DemandNotice {
  jurisdictionId: number;
  userIds: number[];
  kind: string;
  title: string;
  body?: string;
  demandId: number;
  /** Enterprise users land on their portal, staff on the demand board. */
  forEnterprise?: boolean;
}

export async function noticeDemand(tx: Executor, n: DemandNotice): Promise<void> {
  const userIds = [...new Set(n.userIds)];
  if (userIds.length === 0) return;
  await notify(tx, {
    jurisdictionId: n.jurisdictionId,
    userIds,
    kind: n.kind,
    title: n.title,
    body: n.body ?? '',
    entity: 'enterprise_demand',
    entityId: String(n.demandId),
    link: n.forEnterprise ? `/enterprise/portal/demands/${n.demandId}` : `/enterprise/demands/${n.demandId}`,
  });
}
