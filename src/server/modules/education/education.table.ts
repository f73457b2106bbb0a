import type { Generated } from 'kysely';
import type { CreatedAt, Json } from '../../db/schema.ts';

export const STUDY_FORMS = ['central_group', 'lecture', 'training', 'online', 'self_study', 'other'] as const;
export type StudyForm = (typeof STUDY_FORMS)[number];

export const STUDY_FORM_LABELS: Record<StudyForm, string> = {
  central_group: '中心组学习',
  lecture: '法治讲座',
  training: '法治培训',
  online: '网上学法',
  self_study: '自学',
  other: '其他',
};

export interface PlannedActivity {
  title: string;
  /** 'YYYY-MM' */
  month: string;
}

export interface FileRef {
  name: string;
  /** Where the file is stored (an upload id or a URL path). */
  ref: string;
}

export interface StudyRecordsTable {
  id: Generated<number>;
  jurisdictionId: number;
  userId: number;
  course: string;
  hours: number;
  studiedOn: string;
  form: StudyForm;
  source: Generated<'manual' | 'import'>;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface LawExamResultsTable {
  id: Generated<number>;
  jurisdictionId: number;
  userId: number;
  year: number;
  score: number | null;
  passed: boolean;
  takenOn: string | null;
  recordedBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PublicityDutiesTable {
  id: Generated<number>;
  jurisdictionId: number;
  orgUnitId: number;
  year: number;
  law: string;
  plannedActivities: Json<PlannedActivity[]>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PublicityEventsTable {
  id: Generated<number>;
  jurisdictionId: number;
  title: string;
  theme: string;
  heldOn: string;
  enterpriseId: number | null;
  place: Generated<string>;
  organiserOrgUnitId: number | null;
  organiser: Generated<string>;
  participants: Generated<number>;
  photos: Json<FileRef[]>;
  dutyId: number | null;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PublicityMaterialsTable {
  id: Generated<number>;
  jurisdictionId: number;
  eventId: number;
  kind: string;
  count: number;
}

export interface EducationTables {
  studyRecords: StudyRecordsTable;
  lawExamResults: LawExamResultsTable;
  publicityDuties: PublicityDutiesTable;
  publicityEvents: PublicityEventsTable;
  publicityMaterials: PublicityMaterialsTable;
}
