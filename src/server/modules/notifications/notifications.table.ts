import type { Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from '../../db/schema.ts';

export interface NotificationsTable {
  id: Generated<number>;
  jurisdictionId: number;
  userId: number;
  kind: string;
  title: string;
  body: Generated<string>;
  entity: string | null;
  entityId: string | null;
  link: string | null;
  readAt: NullableTimestamp;
  createdAt: CreatedAt;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
}
