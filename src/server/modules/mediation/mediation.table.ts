import type { Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp, Timestamp } from '../../db/schema.ts';
import type { TimeUnit } from '../../platform/deadlines/index.ts';
import type {
  ClueKind,
  DisputeOutcome,
  DisputeStatus,
  DisputeType,
  IntakeChannel,
  PetitionForm,
  PetitionStatus,
  PersonRole,
  Track,
  WarningRule,
} from './mediation.workflow.ts';

export interface MediationCountersTable {
  jurisdictionId: number;
  kind: string;
  year: number;
  last: number;
}

export interface MediationIntakesTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  receivedAt: Timestamp;
  channel: IntakeChannel;
  peopleCount: number;
  collective: boolean;
  matter: string;
  matterType: Generated<DisputeType>;
  projectName: string | null;
  contractorName: string | null;
  track: Track | null;
  trackNote: Generated<string>;
  referredOrgUnitId: number | null;
  referredTo: string | null;
  routedAt: NullableTimestamp;
  routedBy: number | null;
  eventId: number | null;
  receiverId: number;
  receiverOrgUnitId: number | null;
  disputeId: number | null;
  petitionId: number | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MediationPeopleTable {
  id: Generated<number>;
  jurisdictionId: number;
  intakeId: number | null;
  disputeId: number | null;
  petitionId: number | null;
  role: PersonRole;
  representative: Generated<boolean>;
  partyKind: Generated<'person' | 'enterprise'>;
  enterpriseId: number | null;
  enterpriseName: string | null;
  nameEnc: string | null;
  nameMasked: Generated<string>;
  idCardEnc: string | null;
  idCardMasked: string | null;
  idCardIndex: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  phoneIndex: string | null;
  consentAt: NullableTimestamp;
  consentNote: string | null;
  sort: Generated<number>;
  createdAt: CreatedAt;
}

export interface MediationDisputesTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  intakeId: number | null;
  clueId: number | null;
  type: DisputeType;
  title: string;
  summary: Generated<string>;
  status: Generated<DisputeStatus>;
  outcome: DisputeOutcome | null;
  amountClaimed: Generated<number>;
  workersInvolved: Generated<number>;
  projectName: string | null;
  contractorName: string | null;
  contractorEnterpriseId: number | null;
  projectKey: string | null;
  contractorKey: string | null;
  mediatorId: number | null;
  receivedAt: Timestamp;
  acceptedAt: NullableTimestamp;
  mediationStartedAt: NullableTimestamp;
  concludedAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  timeLimitAmount: number | null;
  timeLimitUnit: TimeUnit | null;
  dueAt: NullableTimestamp;
  declineReason: string | null;
  failureReason: string | null;
  routesTold: Json<string[]>;
  routesNote: string | null;
  closeNote: string | null;
  reopenedCount: Generated<number>;
  lastReopenedAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MediationDisputeLinksTable {
  id: Generated<number>;
  jurisdictionId: number;
  disputeId: number;
  orgUnitId: number;
  lead: Generated<boolean>;
  note: Generated<string>;
  active: Generated<boolean>;
  linkedAt: CreatedAt;
  linkedBy: number | null;
  unlinkedAt: NullableTimestamp;
}

export interface MediationSessionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  disputeId: number;
  heldAt: Timestamp;
  place: Generated<string>;
  mediatorName: string;
  attendees: Generated<string>;
  record: string;
  result: Generated<'continued' | 'agreement' | 'no_agreement'>;
  orgUnitId: number | null;
  createdBy: number | null;
  createdAt: CreatedAt;
}

export interface MediationAgreementsTable {
  id: Generated<number>;
  jurisdictionId: number;
  disputeId: number;
  form: 'written' | 'oral';
  signedOn: string;
  content: string;
  amountAgreed: Generated<number>;
  workersCovered: Generated<number>;
  paymentDueOn: string | null;
  current: Generated<boolean>;
  courtStatus: Generated<'none' | 'requested' | 'confirmed' | 'rejected'>;
  courtName: string | null;
  courtRequestedOn: string | null;
  courtDecidedOn: string | null;
  createdBy: number | null;
  createdAt: CreatedAt;
  version: Generated<number>;
}

export interface MediationPaymentsTable {
  id: Generated<number>;
  jurisdictionId: number;
  disputeId: number;
  agreementId: number;
  paidOn: string;
  amount: number;
  workersPaid: Generated<number>;
  note: Generated<string>;
  orgUnitId: number | null;
  createdBy: number | null;
  createdAt: CreatedAt;
}

export interface MediationFollowupsTable {
  id: Generated<number>;
  jurisdictionId: number;
  disputeId: number;
  calledAt: Timestamp;
  fulfilment: 'fulfilled' | 'partly' | 'not_fulfilled';
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied';
  note: Generated<string>;
  userId: number | null;
  createdAt: CreatedAt;
}

export interface MediationPetitionsTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  trackCode: string;
  intakeId: number | null;
  disputeId: number | null;
  clueId: number | null;
  form: PetitionForm;
  type: DisputeType;
  title: string;
  matter: string;
  peopleCount: Generated<number>;
  collective: Generated<boolean>;
  projectName: string | null;
  contractorName: string | null;
  projectKey: string | null;
  contractorKey: string | null;
  status: Generated<PetitionStatus>;
  registeredAt: Timestamp;
  acceptDueAt: Timestamp;
  acceptDecidedAt: NullableTimestamp;
  acceptDecision: 'forwarded' | 'accepted' | 'not_accepted' | null;
  acceptReason: string | null;
  acceptOnTime: boolean | null;
  forwardedTo: string | null;
  forwardedOrgUnitId: number | null;
  objectionDueAt: NullableTimestamp;
  procedure: string | null;
  handlingOrgUnitId: number | null;
  handleDueAt: NullableTimestamp;
  extended: Generated<boolean>;
  extensionDays: number | null;
  extensionReason: string | null;
  extensionToldAt: NullableTimestamp;
  decidedAt: NullableTimestamp;
  decisionOutcome: 'supported' | 'partly_supported' | 'not_supported' | null;
  decisionDocNo: string | null;
  decisionText: string | null;
  handleOnTime: boolean | null;
  reviewRequestUntil: NullableTimestamp;
  reviewRequestedAt: NullableTimestamp;
  reviewDueAt: NullableTimestamp;
  reviewedAt: NullableTimestamp;
  reviewOutcome: 'upheld' | 'changed' | 'revoked' | null;
  reviewText: string | null;
  reviewOnTime: boolean | null;
  rereviewRequestUntil: NullableTimestamp;
  rereviewRequestedAt: NullableTimestamp;
  rereviewDueAt: NullableTimestamp;
  rereviewedAt: NullableTimestamp;
  rereviewOutcome: 'upheld' | 'changed' | 'revoked' | null;
  rereviewText: string | null;
  rereviewOnTime: boolean | null;
  rating: 'satisfied' | 'basic' | 'unsatisfied' | null;
  ratingComment: string | null;
  ratedAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MediationCluesTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  sourceOrgUnitId: number | null;
  recordedBy: number;
  reportedAt: Timestamp;
  kind: ClueKind;
  riskLevel: Generated<'low' | 'medium' | 'high'>;
  title: string;
  content: Generated<string>;
  location: string | null;
  projectName: string | null;
  contractorName: string | null;
  projectKey: string | null;
  contractorKey: string | null;
  workersInvolved: Generated<number>;
  status: Generated<'open' | 'following' | 'converted' | 'closed'>;
  convertedTo: 'dispute' | 'petition' | 'event' | null;
  disputeId: number | null;
  petitionId: number | null;
  eventId: number | null;
  closeNote: string | null;
  closedAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MediationClueSharesTable {
  clueId: number;
  orgUnitId: number;
  jurisdictionId: number;
  sharedAt: CreatedAt;
  sharedBy: number | null;
}

export interface MediationClueFollowupsTable {
  id: Generated<number>;
  jurisdictionId: number;
  clueId: number;
  at: CreatedAt;
  userId: number | null;
  orgUnitId: number | null;
  note: string;
}

export interface MediationWarningRulesTable {
  jurisdictionId: number;
  rule: WarningRule;
  enabled: Generated<boolean>;
  params: Json<Record<string, number>>;
  version: Generated<number>;
  updatedBy: number | null;
  updatedAt: CreatedAt;
}

export interface MediationWarningsTable {
  id: Generated<number>;
  jurisdictionId: number;
  rule: WarningRule;
  level: Generated<'yellow' | 'orange' | 'red'>;
  subjectKey: string;
  title: string;
  detail: Generated<string>;
  facts: Json<Record<string, unknown>>;
  intakeId: number | null;
  disputeId: number | null;
  petitionId: number | null;
  clueId: number | null;
  raisedAt: Timestamp;
  status: Generated<'open' | 'closed'>;
  closedAt: NullableTimestamp;
  closedBy: number | null;
  closeNote: string | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface MediationLitigationFiguresTable {
  id: Generated<number>;
  jurisdictionId: number;
  kind: 'lawsuit' | 'arbitration';
  periodFrom: string;
  periodTo: string;
  category: Generated<string>;
  count: number;
  source: string;
  note: Generated<string>;
  enteredBy: number | null;
  enteredAt: CreatedAt;
}

export interface MediationTimelineTable {
  id: Generated<number>;
  jurisdictionId: number;
  entity: 'intake' | 'dispute' | 'petition' | 'clue' | 'warning';
  entityId: number;
  at: CreatedAt;
  actorId: number | null;
  actorName: Generated<string>;
  orgUnitId: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: Generated<string>;
  details: Json<Record<string, unknown>>;
}

export interface MediationTables {
  mediationCounters: MediationCountersTable;
  mediationIntakes: MediationIntakesTable;
  mediationPeople: MediationPeopleTable;
  mediationDisputes: MediationDisputesTable;
  mediationDisputeLinks: MediationDisputeLinksTable;
  mediationSessions: MediationSessionsTable;
  mediationAgreements: MediationAgreementsTable;
  mediationPayments: MediationPaymentsTable;
  mediationFollowups: MediationFollowupsTable;
  mediationPetitions: MediationPetitionsTable;
  mediationClues: MediationCluesTable;
  mediationClueShares: MediationClueSharesTable;
  mediationClueFollowups: MediationClueFollowupsTable;
  mediationWarningRules: MediationWarningRulesTable;
  mediationWarnings: MediationWarningsTable;
  mediationLitigationFigures: MediationLitigationFiguresTable;
  mediationTimeline: MediationTimelineTable;
}
