import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp, Timestamp } from '../../db/schema.ts';
import type { TimeLimit } from '../../platform/deadlines/index.ts';
import type { EventSource, EventStatus, Stage } from './events.workflow.ts';

export type StageLimits = Partial<Record<Stage, TimeLimit>>;

export interface EventCategoriesTable {
  id: Generated<number>;
  jurisdictionId: number;
  parentId: number | null;
  code: string;
  name: string;
  description: Generated<string>;
  departmentId: number | null;
  timeLimits: Json<StageLimits>;
  publicVisible: Generated<boolean>;
  sort: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EventsTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: ColumnType<string, never, never>;
  trackingCode: string;
  categoryId: number;
  title: string;
  description: string;
  address: Generated<string>;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  source: EventSource;
  externalSystem: string | null;
  externalId: string | null;
  status: EventStatus;
  priority: Generated<'normal' | 'urgent'>;
  departmentId: number | null;
  enterpriseId: number | null;
  reporterId: number | null;
  reporterName: Generated<string>;
  contactEnc: string | null;
  contactMasked: string | null;
  contactIndex: string | null;
  reportedAt: Timestamp;
  acceptedAt: NullableTimestamp;
  dispatchedAt: NullableTimestamp;
  handledAt: NullableTimestamp;
  verifiedAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  endedAt: NullableTimestamp;
  stage: Stage | null;
  stageStartedAt: NullableTimestamp;
  dueAt: NullableTimestamp;
  deadlineRev: Generated<number>;
  overdue: Generated<boolean>;
  overdueCount: Generated<number>;
  acceptOnTime: boolean | null;
  dispatchOnTime: boolean | null;
  handleOnTime: boolean | null;
  verifyOnTime: boolean | null;
  reopenCount: Generated<number>;
  returnCount: Generated<number>;
  extensionCount: Generated<number>;
  mergedIntoId: number | null;
  endReason: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  ratedAt: NullableTimestamp;
  searchText: ColumnType<string, never, never>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EventTimelineTable {
  id: Generated<number>;
  jurisdictionId: number;
  eventId: number;
  at: CreatedAt;
  actorId: number | null;
  actorName: Generated<string>;
  actorRole: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: Generated<string>;
  publicNote: string | null;
  departmentId: number | null;
  details: Json<Record<string, unknown>>;
}

export interface EventPhotosTable {
  id: Generated<number>;
  jurisdictionId: number;
  eventId: number;
  timelineId: number | null;
  phase: PhotoPhase;
  storageKey: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  originalName: Generated<string>;
  uploadedBy: number | null;
  createdAt: CreatedAt;
}

export type PhotoPhase = 'report' | 'handle' | 'verify';

export interface EventSupervisionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  eventId: number;
  kind: 'overdue' | 'manual';
  stage: string | null;
  reason: string;
  raisedBy: number | null;
  raisedByName: Generated<string>;
  raisedAt: CreatedAt;
  status: Generated<'open' | 'resolved'>;
  resolvedAt: NullableTimestamp;
  resolvedBy: number | null;
  resolution: string | null;
  version: Generated<number>;
}

export interface EventExtensionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  eventId: number;
  stage: string;
  amount: number;
  unit: TimeLimit['unit'];
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requestedBy: number | null;
  requestedAt: CreatedAt;
  decidedBy: number | null;
  decidedAt: NullableTimestamp;
  decisionNote: string | null;
  oldDueAt: NullableTimestamp;
  newDueAt: NullableTimestamp;
  version: Generated<number>;
}

export interface EventApiClientsTable {
  id: Generated<number>;
  jurisdictionId: number;
  name: string;
  system: string;
  keyPrefix: string;
  keyHash: string;
  scopes: Json<ApiScope[]>;
  active: Generated<boolean>;
  createdBy: number | null;
  createdAt: CreatedAt;
  lastUsedAt: NullableTimestamp;
}

export type ApiScope = 'open311' | 'transfer';

/** Counters of the figures rollup (see events.stats.ts). */
export interface StatCounters {
  reported: number;
  accepted: number;
  dispatched: number;
  rejected: number;
  merged: number;
  closed: number;
  closedVerified: number;
  closedOnTime: number;
  open: number;
  overdueOpen: number;
  everOverdue: number;
  handled: number;
  reopened: number;
  extended: number;
  acceptDone: number;
  acceptOnTime: number;
  dispatchDone: number;
  dispatchOnTime: number;
  handleDone: number;
  handleOnTime: number;
  verifyDone: number;
  verifyOnTime: number;
  rated: number;
  satisfactionSum: number;
  durationMinutesSum: number;
}

export type EventStatsTable = {
  jurisdictionId: number;
  grain: 'day' | 'month';
  /** The day, or the first day of the month. */
  day: string;
  gridId: number;
  categoryId: number;
  departmentId: number;
  source: string;
  durationHist: ColumnType<number[], number[] | undefined, number[]>;
} & { [K in keyof StatCounters]: Generated<number> };

export interface EventsTables {
  eventCategories: EventCategoriesTable;
  events: EventsTable;
  eventTimeline: EventTimelineTable;
  eventPhotos: EventPhotosTable;
  eventSupervisions: EventSupervisionsTable;
  eventExtensions: EventExtensionsTable;
  eventApiClients: EventApiClientsTable;
  eventStats: EventStatsTable;
}
