import type { Generated } from 'kysely';
import type { CreatedAt, Json, Timestamp } from '../../db/schema.ts';

export const PATROLLER_TYPES = ['auxiliary_police', 'grid_worker', 'company_guard'] as const;
export type PatrollerType = (typeof PATROLLER_TYPES)[number];

export const SUBJECT_KINDS = ['community_correction', 'resettlement'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const CHECKIN_METHODS = ['in_person', 'phone', 'video', 'home_visit'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

export interface PatrolsTable {
  id: Generated<number>;
  jurisdictionId: number;
  patrollerType: PatrollerType;
  patrollers: Json<string[]>;
  peopleCount: number;
  gridId: number | null;
  route: Generated<string>;
  startedAt: Timestamp;
  endedAt: Timestamp;
  notes: Generated<string>;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PatrolFindingsTable {
  id: Generated<number>;
  jurisdictionId: number;
  patrolId: number;
  description: string;
  location: Generated<string>;
  lng: number | null;
  lat: number | null;
  /** The grid event this finding became (events module), when it did. */
  eventId: number | null;
  createdBy: number;
  createdAt: CreatedAt;
}

export interface PoliceFiguresTable {
  id: Generated<number>;
  jurisdictionId: number;
  /** First day of the month the figures are for. */
  periodMonth: string;
  criminalFiled: number;
  criminalSolved: number;
  publicSecurityAccepted: number;
  publicSecurityClosed: number;
  source: string;
  note: Generated<string>;
  enteredBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface SupervisionSubjectsTable {
  id: Generated<number>;
  jurisdictionId: number;
  kind: SubjectKind;
  nameEnc: string;
  nameMasked: string;
  idNumberEnc: string;
  idNumberMasked: string;
  idNumberIndex: string;
  isMinor: boolean;
  supervisionStart: string;
  supervisionEnd: string | null;
  officerId: number;
  reoffended: Generated<boolean>;
  reoffendedOn: string | null;
  noteEnc: string | null;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface SubjectCheckinsTable {
  id: Generated<number>;
  jurisdictionId: number;
  subjectId: number;
  checkedAt: Timestamp;
  method: CheckinMethod;
  note: Generated<string>;
  recordedBy: number;
  createdAt: CreatedAt;
}

export interface SafetyTables {
  patrols: PatrolsTable;
  patrolFindings: PatrolFindingsTable;
  policeFigures: PoliceFiguresTable;
  supervisionSubjects: SupervisionSubjectsTable;
  subjectCheckins: SubjectCheckinsTable;
}
