import type { Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp } from '../../db/schema.ts';
import type { ReportBody } from './report.body.ts';
import type { PublishedReport } from './report.publish.ts';
import type { ReportStatus } from './report.workflow.ts';

export interface VersionChanges {
  changed: number;
  added: number;
  removed: number;
  labels: string[];
}

export interface AnnualReportsTable {
  id: Generated<number>;
  jurisdictionId: number;
  year: number;
  status: Generated<ReportStatus>;
  currentVersion: Generated<number>;
  reviewedBy: number | null;
  reviewedAt: NullableTimestamp;
  approvedBy: number | null;
  approvedAt: NullableTimestamp;
  publishedAt: NullableTimestamp;
  publishedVersion: number | null;
  published: Json<PublishedReport | null>;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface AnnualReportVersionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  reportId: number;
  number: number;
  body: Json<ReportBody>;
  note: Generated<string>;
  changes: Json<VersionChanges | Record<string, never>>;
  authorId: number | null;
  authorName: string;
  createdAt: CreatedAt;
}

export interface AnnualReportEventsTable {
  id: Generated<number>;
  jurisdictionId: number;
  reportId: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  versionNumber: number;
  actorId: number | null;
  actorName: string;
  note: Generated<string>;
  at: CreatedAt;
}

export interface ReportTables {
  annualReports: AnnualReportsTable;
  annualReportVersions: AnnualReportVersionsTable;
  annualReportEvents: AnnualReportEventsTable;
}
