// The database as Kysely sees it (camelCase; CamelCasePlugin maps to snake_case). Each module adds its tables
// in its own `<module>.table.ts`, joined here.
import type { ColumnType, Generated } from 'kysely';
import type { GridsTables } from '../modules/grids/grids.table.ts';
import type { EnterpriseTables } from '../modules/enterprise/enterprise.table.ts';
import type { SafetyTables } from '../modules/safety/safety.table.ts';
import type { EducationTables } from '../modules/education/education.table.ts';
import type { LegalServicesTables } from '../modules/legal-services/legal-services.table.ts';
import type { PlansTables } from '../modules/plans/plans.table.ts';
import type { AssessmentTables } from '../modules/assessment/assessment.table.ts';
import type { ReportTables } from '../modules/report/report.table.ts';
import type { EventsTables } from '../modules/events/events.table.ts';
import type { NotificationsTables } from '../modules/notifications/notifications.table.ts';
import type { DeadlineTables } from '../platform/deadlines/deadlines.table.ts';
import type { MediationTables } from '../modules/mediation/mediation.table.ts';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (default now()). */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface JurisdictionsTable {
  id: Generated<number>;
  jurisdictionId: Generated<number>;
  code: string;
  name: string;
  shortName: string;
  region: Generated<string>;
  timezone: Generated<string>;
  /** Bumped by triggers on any change to the jurisdiction's reference data (see migration 0010). */
  refVersion: Generated<number | string>;
  createdAt: CreatedAt;
}

export interface OrgUnitsTable {
  id: Generated<number>;
  jurisdictionId: number;
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  sort: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  jurisdictionId: number;
  username: string;
  displayName: string;
  role: string;
  orgUnitId: number | null;
  enterpriseId: number | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  passwordHash: string;
  passwordChangedAt: CreatedAt;
  mustChangePassword: Generated<boolean>;
  totpSecretEnc: string | null;
  totpEnabled: Generated<boolean>;
  totpLastStep: number | null;
  failedLogins: Generated<number>;
  lockedUntil: NullableTimestamp;
  disabled: Generated<boolean>;
  lastLoginAt: NullableTimestamp;
  locale: Generated<string>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface SessionsTable {
  id: string;
  jurisdictionId: number;
  userId: number;
  csrfToken: string;
  mfaPending: Generated<boolean>;
  createdAt: CreatedAt;
  lastSeenAt: CreatedAt;
  expiresAt: Timestamp;
  revokedAt: NullableTimestamp;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  jurisdictionId: number | null;
  seq: number;
  at: Timestamp;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  success: boolean;
  requestId: string | null;
  ip: string | null;
  details: Json<Record<string, unknown>>;
  prevHash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  jurisdictionId: number | null;
  seq: number;
  hash: string;
}

export interface JobsTable {
  id: Generated<number>;
  jurisdictionId: number | null;
  kind: string;
  payload: Json<Record<string, unknown>>;
  runAt: CreatedAt;
  status: Generated<string>;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  uniqueKey: string | null;
  lockedBy: string | null;
  lockedUntil: NullableTimestamp;
  lastError: string | null;
  createdAt: CreatedAt;
  finishedAt: NullableTimestamp;
  /** 0003: a recurring job re-schedules itself this long after each run; when it last started. */
  repeatMs: number | null;
  startedAt: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  jurisdictionId: number | null;
  method: string;
  path: string;
  bodyHash: string;
  state: Generated<string>;
  responseStatus: number | null;
  responseBody: string | null;
  createdAt: CreatedAt;
}

export interface SettingsTable {
  jurisdictionId: number;
  key: string;
  value: Json;
  updatedAt: CreatedAt;
}

export interface PlatformTables {
  jurisdictions: JurisdictionsTable;
  orgUnits: OrgUnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auditLog: AuditLogTable;
  auditHead: AuditHeadTable;
  jobs: JobsTable;
  idempotencyKeys: IdempotencyKeysTable;
  settings: SettingsTable;
}

export interface DB extends PlatformTables, GridsTables, EnterpriseTables, SafetyTables, EducationTables, LegalServicesTables, PlansTables, EventsTables, NotificationsTables, DeadlineTables, MediationTables, AssessmentTables, ReportTables {}
