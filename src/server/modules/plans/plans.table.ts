import type { Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp } from '../../db/schema.ts';

export const MEMBER_ROLES = ['chair', 'deputy', 'member', 'office_director'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  chair: '组长',
  deputy: '副组长',
  member: '成员',
  office_director: '办公室主任',
};

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const EVALUATIONS = ['excellent', 'good', 'fair', 'poor'] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

export const NOTE_KINDS = ['progress', 'supervision', 'status', 'evaluation'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface FileRef {
  name: string;
  ref: string;
}

export interface Attendee {
  userId: number | null;
  name: string;
}

export interface LeadingGroupsTable {
  id: Generated<number>;
  jurisdictionId: number;
  name: string;
  documentNo: Generated<string>;
  periodStart: string;
  periodEnd: string | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface LeadingGroupMembersTable {
  id: Generated<number>;
  jurisdictionId: number;
  groupId: number;
  userId: number | null;
  name: string;
  title: Generated<string>;
  role: MemberRole;
  orgUnitId: number | null;
  sort: Generated<number>;
}

export interface WorkPlansTable {
  id: Generated<number>;
  jurisdictionId: number;
  year: number;
  title: string;
  goals: Json<string[]>;
  status: Generated<'draft' | 'issued'>;
  issuedOn: string | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PlanTasksTable {
  id: Generated<number>;
  jurisdictionId: number;
  planId: number;
  area: Generated<string>;
  title: string;
  description: Generated<string>;
  ownerOrgUnitId: number;
  responsibleUserId: number | null;
  responsibleName: Generated<string>;
  deadline: string;
  status: Generated<TaskStatus>;
  completedOn: string | null;
  sourceMeetingId: number | null;
  overdueSince: string | null;
  supervisionCount: Generated<number>;
  lastSupervisedAt: NullableTimestamp;
  evaluation: Evaluation | null;
  evaluationScore: number | null;
  evaluationNote: Generated<string>;
  evaluatedBy: number | null;
  evaluatedAt: NullableTimestamp;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface PlanTaskNotesTable {
  id: Generated<number>;
  jurisdictionId: number;
  taskId: number;
  kind: NoteKind;
  note: Generated<string>;
  files: Json<FileRef[]>;
  authorId: number | null;
  authorName: Generated<string>;
  at: CreatedAt;
}

export interface TopicMeetingsTable {
  id: Generated<number>;
  jurisdictionId: number;
  planId: number | null;
  heldOn: string;
  title: string;
  place: Generated<string>;
  attendees: Json<Attendee[]>;
  summary: Generated<string>;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MeetingDecisionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  meetingId: number;
  text: string;
  taskId: number | null;
  sort: Generated<number>;
}

export interface PlansTables {
  leadingGroups: LeadingGroupsTable;
  leadingGroupMembers: LeadingGroupMembersTable;
  workPlans: WorkPlansTable;
  planTasks: PlanTasksTable;
  planTaskNotes: PlanTaskNotesTable;
  topicMeetings: TopicMeetingsTable;
  meetingDecisions: MeetingDecisionsTable;
}
