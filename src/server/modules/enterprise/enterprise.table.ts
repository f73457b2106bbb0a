// Kysely types of the enterprise tables (migration 0005_enterprise).
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp, Timestamp } from '../../db/schema.ts';

/** A 'YYYY-MM-DD' date column. */
type DateString = string;
type NullableDate = string | null;

export interface EnterprisesTable {
  id: Generated<number>;
  jurisdictionId: number;
  creditCode: string;
  name: string;
  industry: Generated<string>;
  size: Generated<string>;
  address: Generated<string>;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  legalRepresentative: Generated<string>;
  contactName: Generated<string>;
  contactPhoneEnc: string | null;
  contactPhoneMasked: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  importId: number | null;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseOfficersTable {
  jurisdictionId: number;
  enterpriseId: number;
  userId: number;
  isPrimary: Generated<boolean>;
  assignedAt: CreatedAt;
}

export interface EnterpriseCampaignsTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  name: string;
  year: number;
  startsOn: NullableDate;
  endsOn: NullableDate;
  description: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseProjectsTable {
  id: Generated<number>;
  jurisdictionId: number;
  enterpriseId: number;
  name: string;
  investmentWan: Generated<number>;
  stage: string;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseVisitsTable {
  id: Generated<number>;
  jurisdictionId: number;
  enterpriseId: number;
  mode: string;
  visitDate: DateString;
  officerId: number;
  participants: Generated<string>;
  notes: Generated<string>;
  campaignId: number | null;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface DemandAttachment {
  name: string;
  ref: string;
}

export interface EnterpriseDemandsTable {
  id: Generated<number>;
  jurisdictionId: number;
  enterpriseId: number;
  category: string;
  title: string;
  description: Generated<string>;
  source: string;
  sourceRef: string | null;
  visitId: number | null;
  projectId: number | null;
  campaignId: number | null;
  status: string;
  officerId: number | null;
  assignedUnitId: number | null;
  collectedAt: Timestamp;
  collectedOn: DateString;
  answerDueAt: NullableTimestamp;
  assignedAt: NullableTimestamp;
  answeredAt: NullableTimestamp;
  answeredBy: number | null;
  answer: string | null;
  answerAttachments: Json<DemandAttachment[]>;
  resolvedAt: NullableTimestamp;
  confirmedAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  closeReason: string | null;
  rejectCount: Generated<number>;
  satisfaction: number | null;
  satisfactionComment: string | null;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseDemandTimelineTable {
  id: Generated<number>;
  jurisdictionId: number;
  demandId: number;
  at: CreatedAt;
  actorId: number | null;
  actorName: Generated<string>;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: Generated<string>;
  details: Json<Record<string, unknown>>;
}

export interface EnterpriseDemandRollupTable {
  jurisdictionId: number;
  /** The first day of the collection month. */
  month: DateString;
  category: string;
  officerId: number;
  unitId: number;
  campaignId: number;
  collected: Generated<number>;
  answered: Generated<number>;
  answeredOnTime: Generated<number>;
  answerHours: Generated<number>;
  resolved: Generated<number>;
  confirmed: Generated<number>;
  closedUnresolved: Generated<number>;
  rated: Generated<number>;
  ratingSum: Generated<number>;
  satisfied: Generated<number>;
}

/** Distinct enterprises served per year (migration 0009). */
export interface EnterpriseDemandCoverageTable {
  jurisdictionId: number;
  year: number;
  enterpriseId: number;
  demands: number;
}

export interface EnterpriseTargetsTable {
  jurisdictionId: number;
  year: number;
  collectionTarget: number;
  note: Generated<string>;
  updatedBy: number | null;
  version: Generated<number>;
  updatedAt: CreatedAt;
}

export interface EnterpriseJobPostsTable {
  id: Generated<number>;
  jurisdictionId: number;
  enterpriseId: number;
  postedOn: DateString;
  channel: string;
  positionsCount: number;
  positionTitles: ColumnType<string[], string[] | undefined, string[]>;
  hiredCount: number | null;
  officerId: number | null;
  campaignId: number | null;
  notes: Generated<string>;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseBankEventsTable {
  id: Generated<number>;
  jurisdictionId: number;
  heldOn: DateString;
  name: string;
  place: Generated<string>;
  banks: ColumnType<string[], string[] | undefined, string[]>;
  campaignId: number | null;
  notes: Generated<string>;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
}

export interface EnterpriseBankApplicationsTable {
  id: Generated<number>;
  jurisdictionId: number;
  enterpriseId: number;
  eventId: number | null;
  bank: string;
  requestedWan: number;
  purpose: Generated<string>;
  appliedOn: DateString;
  status: Generated<string>;
  grantedWan: number | null;
  grantedOn: NullableDate;
  declinedReason: string | null;
  officerId: number | null;
  campaignId: number | null;
  createdBy: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface EnterpriseImportsTable {
  id: Generated<number>;
  jurisdictionId: number;
  createdBy: number | null;
  fileName: string;
  format: string;
  dryRun: boolean;
  goodRowsOnly: Generated<boolean>;
  status: Generated<string>;
  phase: Generated<string>;
  totalRows: Generated<number>;
  processedRows: Generated<number>;
  validRows: Generated<number>;
  errorRows: Generated<number>;
  importedRows: Generated<number>;
  message: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
  finishedAt: NullableTimestamp;
}

export interface EnterpriseImportErrorsTable {
  id: Generated<number>;
  importId: number;
  jurisdictionId: number;
  rowNo: number;
  columnName: Generated<string>;
  reason: string;
}

export interface EnterpriseTables {
  enterprises: EnterprisesTable;
  enterpriseOfficers: EnterpriseOfficersTable;
  enterpriseCampaigns: EnterpriseCampaignsTable;
  enterpriseProjects: EnterpriseProjectsTable;
  enterpriseVisits: EnterpriseVisitsTable;
  enterpriseDemands: EnterpriseDemandsTable;
  enterpriseDemandTimeline: EnterpriseDemandTimelineTable;
  enterpriseDemandRollup: EnterpriseDemandRollupTable;
  enterpriseDemandCoverage: EnterpriseDemandCoverageTable;
  enterpriseTargets: EnterpriseTargetsTable;
  enterpriseJobPosts: EnterpriseJobPostsTable;
  enterpriseBankEvents: EnterpriseBankEventsTable;
  enterpriseBankApplications: EnterpriseBankApplicationsTable;
  enterpriseImports: EnterpriseImportsTable;
  enterpriseImportErrors: EnterpriseImportErrorsTable;
}
