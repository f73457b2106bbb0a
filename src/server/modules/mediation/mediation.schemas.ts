// TypeBox schemas of the mediation API: what comes in (bodies and queries, closed to unknown fields) and what goes
// out (views; personal fields only masked, except the reveal answer).
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { StringEnum } from '../../platform/http/schemas.ts';
import {
  CLUE_KINDS,
  DISPUTE_ACTIONS,
  DISPUTE_STATUSES,
  DISPUTE_TYPES,
  INTAKE_CHANNELS,
  OTHER_ROUTES,
  PETITION_ACTIONS,
  PETITION_FORMS,
  PETITION_PROCEDURES,
  PETITION_STATUSES,
  PERSON_ROLES,
  TRACKS,
  WARNING_RULES,
} from './mediation.workflow.ts';

export const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** A timestamp: a Date inside the server, ISO 8601 on the wire. */
export const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
export const InstantIn = Type.String({ format: 'date-time', description: 'ISO 8601' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Money = Type.Number({ minimum: 0, maximum: 1e11, description: '元，最多两位小数' });
const Obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
const Json = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const Version = Type.Integer({ minimum: 1 });

// ---------------------------------------------------------------- people

export const PersonIn = Obj({
  name: Text(50, 1),
  idCard: Type.Optional(Type.String({ maxLength: 30, description: '居民身份证号码（GB 11643，校验位检查）' })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  representative: Type.Optional(Type.Boolean({ description: '集体访推选的代表（不超过5人）' })),
});

export const PartyIn = Obj({
  role: StringEnum(['applicant', 'respondent', 'third_party'] as const),
  kind: Type.Optional(StringEnum(['person', 'enterprise'] as const)),
  name: Text(100, 1),
  idCard: Type.Optional(Type.String({ maxLength: 30 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  representative: Type.Optional(Type.Boolean()),
  enterpriseId: Type.Optional(Id),
});

const RespondentIn = Obj({
  kind: Type.Optional(StringEnum(['person', 'enterprise'] as const)),
  name: Text(100, 1),
  idCard: Type.Optional(Type.String({ maxLength: 30 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  enterpriseId: Type.Optional(Id),
});

export const Person = Type.Object({
  id: Type.Integer(),
  role: StringEnum(PERSON_ROLES),
  representative: Type.Boolean(),
  kind: StringEnum(['person', 'enterprise'] as const),
  name: Type.String({ description: '个人为脱敏姓名' }),
  idCard: Nullable(Type.String({ description: '脱敏' })),
  phone: Nullable(Type.String({ description: '脱敏' })),
  enterpriseId: Nullable(Type.Integer()),
  consentAt: Nullable(DateTime),
  consentNote: Nullable(Type.String()),
});

export const RevealBody = Obj({ reason: Text(200, 2) });
export const Revealed = Type.Object({ id: Type.Integer(), name: Type.String(), idCard: Nullable(Type.String()), phone: Nullable(Type.String()) });

const Timeline = Type.Array(
  Type.Object({
    id: Type.Integer(),
    at: DateTime,
    actorName: Type.String(),
    orgUnitId: Nullable(Type.Integer()),
    orgUnitName: Nullable(Type.String()),
    action: Type.String(),
    fromStatus: Nullable(Type.String()),
    toStatus: Nullable(Type.String()),
    note: Type.String(),
    details: Json,
  }),
);

// ---------------------------------------------------------------- disputes

const DisputeDraftFields = {
  title: Type.Optional(Text(200)),
  summary: Type.Optional(Text(5000)),
  amountClaimed: Type.Optional(Money),
  workersInvolved: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  projectName: Type.Optional(Text(200)),
  contractorName: Type.Optional(Text(200)),
  contractorEnterpriseId: Type.Optional(Id),
};

export const DisputeCreate = Obj({
  type: StringEnum(DISPUTE_TYPES),
  ...DisputeDraftFields,
  title: Text(200, 1),
  receivedAt: Type.Optional(InstantIn),
  parties: Type.Array(PartyIn, { maxItems: 200 }),
});

const TimeLimitSchema = Obj({ amount: Type.Integer({ minimum: 1, maximum: 365 }), unit: StringEnum(['calendar_days', 'working_days'] as const) });

export const DisputeView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  intakeId: Nullable(Type.Integer()),
  clueId: Nullable(Type.Integer()),
  type: StringEnum(DISPUTE_TYPES),
  typeLabel: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  status: StringEnum(DISPUTE_STATUSES),
  statusLabel: Type.String(),
  outcome: Nullable(Type.String()),
  amountClaimed: Type.Number(),
  workersInvolved: Type.Integer(),
  projectName: Nullable(Type.String()),
  contractorName: Nullable(Type.String()),
  contractorEnterpriseId: Nullable(Type.Integer()),
  mediatorId: Nullable(Type.Integer()),
  receivedAt: DateTime,
  acceptedAt: Nullable(DateTime),
  mediationStartedAt: Nullable(DateTime),
  concludedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  timeLimit: Nullable(Type.Object({ amount: Type.Integer(), unit: Type.String() })),
  dueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  declineReason: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  routesTold: Type.Array(Type.String()),
  routesNote: Nullable(Type.String()),
  closeNote: Nullable(Type.String()),
  reopenedCount: Type.Integer(),
  version: Type.Integer(),
});

export const DisputeDetail = Type.Object({
  ...DisputeView.properties,
  ...{
    parties: Type.Array(Person),
    consentComplete: Type.Boolean(),
    links: Type.Array(Type.Object({ orgUnitId: Type.Integer(), orgUnitName: Type.String(), lead: Type.Boolean(), active: Type.Boolean(), note: Type.String(), linkedAt: DateTime })),
    sessions: Type.Array(
      Type.Object({
        id: Type.Integer(), heldAt: DateTime, place: Type.String(), mediatorName: Type.String(), attendees: Type.String(), record: Type.String(), result: Type.String(),
        orgUnitName: Nullable(Type.String()),
      }),
    ),
    agreements: Type.Array(
      Type.Object({
        id: Type.Integer(), form: Type.String(), signedOn: Type.String(), content: Type.String(), amountAgreed: Type.Number(), workersCovered: Type.Integer(),
        paymentDueOn: Nullable(Type.String()), current: Type.Boolean(), courtStatus: Type.String(), courtName: Nullable(Type.String()),
        courtRequestedOn: Nullable(Type.String()), courtDecidedOn: Nullable(Type.String()), courtConfirmationUntil: Nullable(DateTime), version: Type.Integer(),
      }),
    ),
    payments: Type.Array(Type.Object({ id: Type.Integer(), agreementId: Type.Integer(), paidOn: Type.String(), amount: Type.Number(), workersPaid: Type.Integer(), note: Type.String() })),
    amountAgreed: Type.Number(),
    amountPaid: Type.Number(),
    followups: Type.Array(
      Type.Object({ id: Type.Integer(), calledAt: DateTime, fulfilment: Type.String(), satisfaction: Type.String(), note: Type.String(), userName: Nullable(Type.String()) }),
    ),
    timeline: Timeline,
    actions: Type.Array(StringEnum(DISPUTE_ACTIONS)),
    mediatorName: Nullable(Type.String()),
  },
});

export const DisputeTransitionBody = Obj({
  action: StringEnum(DISPUTE_ACTIONS),
  version: Version,
  note: Type.Optional(Text(2000)),
  reason: Type.Optional(Text(2000)),
  orgUnitId: Type.Optional(Id),
  routesTold: Type.Optional(Type.Array(StringEnum(OTHER_ROUTES), { maxItems: 6, uniqueItems: true })),
  routesNote: Type.Optional(Text(1000)),
  agreement: Type.Optional(
    Obj({
      form: StringEnum(['written', 'oral'] as const),
      signedOn: DateStr,
      content: Text(5000, 1),
      amountAgreed: Type.Optional(Money),
      workersCovered: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
      paymentDueOn: Type.Optional(DateStr),
    }),
  ),
});

export const DisputeListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  sort: Type.Optional(StringEnum(['receivedAt', 'amountClaimed', 'dueAt'] as const)),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  status: Type.Optional(StringEnum(DISPUTE_STATUSES)),
  type: Type.Optional(StringEnum(DISPUTE_TYPES)),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  q: Type.Optional(Text(100)),
  project: Type.Optional(Text(200)),
  contractor: Type.Optional(Text(200)),
  overdue: Type.Optional(Type.Boolean()),
});

export const ConsentBody = Obj({ consent: Type.Boolean(), note: Type.Optional(Text(500)) });
export const LinkBody = Obj({ orgUnitId: Id, note: Type.Optional(Text(500)) });
export const SessionBody = Obj({
  heldAt: InstantIn,
  place: Type.Optional(Text(200)),
  mediatorName: Text(100, 1),
  attendees: Type.Optional(Text(1000)),
  record: Text(10000, 1),
  result: Type.Optional(StringEnum(['continued', 'agreement', 'no_agreement'] as const)),
});
export const NoteBody = Obj({ note: Text(2000, 1) });
export const PaymentBody = Obj({ paidOn: DateStr, amount: Money, workersPaid: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })), note: Type.Optional(Text(500)) });
export const CourtBody = Obj({
  step: StringEnum(['request', 'decide'] as const),
  on: DateStr,
  courtName: Type.Optional(Text(100)),
  result: Type.Optional(StringEnum(['confirmed', 'rejected'] as const)),
  version: Version,
});
export const FollowupBody = Obj({
  calledAt: InstantIn,
  fulfilment: StringEnum(['fulfilled', 'partly', 'not_fulfilled'] as const),
  satisfaction: StringEnum(['satisfied', 'basic', 'unsatisfied'] as const),
  note: Type.Optional(Text(1000)),
});
export const SettingsBody = Obj({ disputeTimeLimit: TimeLimitSchema });
export const Settings = Type.Object({ disputeTimeLimit: Type.Object({ amount: Type.Integer(), unit: Type.String() }) });

// ---------------------------------------------------------------- intakes

export const RouteFields = {
  track: StringEnum(TRACKS, { description: 'consultation 当场解答 · dispute 纠纷调解 · petition 信访 · legal_aid 法律援助 · litigation 诉讼/仲裁引导 · department 转职能部门' }),
  note: Type.Optional(Text(2000)),
  referredTo: Type.Optional(Text(200, 1)),
  referredOrgUnitId: Type.Optional(Id),
  dispute: Type.Optional(
    Obj({ type: StringEnum(DISPUTE_TYPES), ...DisputeDraftFields, respondents: Type.Optional(Type.Array(RespondentIn, { maxItems: 100 })) }),
  ),
  petition: Type.Optional(Obj({ type: Type.Optional(StringEnum(DISPUTE_TYPES)), title: Type.Optional(Text(200)) })),
};
export const RouteBody = Obj({ ...RouteFields, version: Version });

export const IntakeCreate = Obj({
  receivedAt: Type.Optional(InstantIn),
  channel: StringEnum(INTAKE_CHANNELS),
  peopleCount: Type.Integer({ minimum: 1, maximum: 10000 }),
  matter: Text(5000, 1),
  matterType: Type.Optional(StringEnum(DISPUTE_TYPES)),
  projectName: Type.Optional(Text(200)),
  contractorName: Type.Optional(Text(200)),
  eventId: Type.Optional(Id),
  visitors: Type.Array(PersonIn, { minItems: 1, maxItems: 50 }),
  route: Type.Optional(Obj(RouteFields)),
});

export const IntakeView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  receivedAt: DateTime,
  channel: StringEnum(INTAKE_CHANNELS),
  channelLabel: Type.String(),
  peopleCount: Type.Integer(),
  collective: Type.Boolean(),
  matter: Type.String(),
  matterType: StringEnum(DISPUTE_TYPES),
  matterTypeLabel: Type.String(),
  projectName: Nullable(Type.String()),
  contractorName: Nullable(Type.String()),
  track: Nullable(StringEnum(TRACKS)),
  trackLabel: Nullable(Type.String()),
  trackNote: Type.String(),
  referredTo: Nullable(Type.String()),
  referredOrgUnitId: Nullable(Type.Integer()),
  routedAt: Nullable(DateTime),
  eventId: Nullable(Type.Integer()),
  receiverId: Type.Integer(),
  receiverName: Nullable(Type.String()),
  disputeId: Nullable(Type.Integer()),
  petitionId: Nullable(Type.Integer()),
  version: Type.Integer(),
});

export const IntakeDetail = Type.Object({
  ...IntakeView.properties,
  ...{
    visitors: Type.Array(Person),
    where: Type.Object({
      track: Nullable(Type.String()),
      label: Type.String(),
      entity: Nullable(Type.String()),
      entityId: Nullable(Type.Integer()),
      code: Nullable(Type.String()),
      status: Nullable(Type.String()),
      department: Nullable(Type.String()),
    }),
    timeline: Timeline,
  },
});

export const IntakeListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  sort: Type.Optional(StringEnum(['receivedAt', 'peopleCount'] as const)),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  channel: Type.Optional(StringEnum(INTAKE_CHANNELS)),
  track: Type.Optional(StringEnum([...TRACKS, 'unrouted'] as const)),
  collective: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(100)),
});

// ---------------------------------------------------------------- petitions

export const PetitionCreate = Obj({
  form: StringEnum(PETITION_FORMS),
  type: StringEnum(DISPUTE_TYPES),
  title: Type.Optional(Text(200)),
  matter: Text(5000, 1),
  registeredAt: Type.Optional(InstantIn),
  peopleCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  projectName: Type.Optional(Text(200)),
  contractorName: Type.Optional(Text(200)),
  petitioners: Type.Array(PersonIn, { minItems: 1, maxItems: 50 }),
  previousPetitionId: Type.Optional(Id),
});

const PetitionFields = {
  id: Type.Integer(),
  code: Type.String(),
  trackCode: Type.String({ description: '信访人查询码' }),
  intakeId: Nullable(Type.Integer()),
  disputeId: Nullable(Type.Integer()),
  clueId: Nullable(Type.Integer()),
  form: StringEnum(PETITION_FORMS),
  type: StringEnum(DISPUTE_TYPES),
  typeLabel: Type.String(),
  title: Type.String(),
  matter: Type.String(),
  peopleCount: Type.Integer(),
  collective: Type.Boolean(),
  projectName: Nullable(Type.String()),
  contractorName: Nullable(Type.String()),
  status: StringEnum(PETITION_STATUSES),
  statusLabel: Type.String(),
  registeredAt: DateTime,
  acceptDueAt: DateTime,
  acceptDecidedAt: Nullable(DateTime),
  acceptDecision: Nullable(Type.String()),
  acceptReason: Nullable(Type.String()),
  acceptOnTime: Nullable(Type.Boolean()),
  forwardedTo: Nullable(Type.String()),
  forwardedOrgUnitId: Nullable(Type.Integer()),
  objectionDueAt: Nullable(DateTime),
  procedure: Nullable(Type.String()),
  procedureLabel: Nullable(Type.String()),
  handlingOrgUnitId: Nullable(Type.Integer()),
  handleDueAt: Nullable(DateTime),
  extended: Type.Boolean(),
  extensionDays: Nullable(Type.Integer()),
  extensionReason: Nullable(Type.String()),
  extensionToldAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  decisionOutcome: Nullable(Type.String()),
  decisionDocNo: Nullable(Type.String()),
  decisionText: Nullable(Type.String()),
  handleOnTime: Nullable(Type.Boolean()),
  reviewRequestUntil: Nullable(DateTime),
  reviewRequestedAt: Nullable(DateTime),
  reviewDueAt: Nullable(DateTime),
  reviewedAt: Nullable(DateTime),
  reviewOutcome: Nullable(Type.String()),
  reviewText: Nullable(Type.String()),
  rereviewRequestUntil: Nullable(DateTime),
  rereviewRequestedAt: Nullable(DateTime),
  rereviewDueAt: Nullable(DateTime),
  rereviewedAt: Nullable(DateTime),
  rereviewOutcome: Nullable(Type.String()),
  rereviewText: Nullable(Type.String()),
  final: Type.Boolean(),
  currentStage: Nullable(Type.String()),
  currentDueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  rating: Nullable(Type.String()),
  ratingComment: Nullable(Type.String()),
  ratedAt: Nullable(DateTime),
  version: Type.Integer(),
};
export const PetitionView = Type.Object(PetitionFields);
export const PetitionDetail = Type.Object({
  ...PetitionFields,
  petitioners: Type.Array(Person),
  timeline: Timeline,
  actions: Type.Array(StringEnum(PETITION_ACTIONS)),
  handlingOrgUnitName: Nullable(Type.String()),
  forwardedOrgUnitName: Nullable(Type.String()),
});

export const PetitionTransitionBody = Obj({
  action: StringEnum(PETITION_ACTIONS),
  version: Version,
  reason: Type.Optional(Text(5000)),
  forwardedTo: Type.Optional(Text(200)),
  forwardedOrgUnitId: Type.Optional(Id),
  procedure: Type.Optional(StringEnum(PETITION_PROCEDURES)),
  handlingOrgUnitId: Type.Optional(Id),
  extensionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  outcome: Type.Optional(StringEnum(['supported', 'partly_supported', 'not_supported', 'upheld', 'changed', 'revoked'] as const)),
  docNo: Type.Optional(Text(100)),
  dispute: Type.Optional(Obj({ ...DisputeDraftFields, parties: Type.Optional(Type.Array(PartyIn, { maxItems: 100 })) })),
});

export const PetitionListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  sort: Type.Optional(StringEnum(['registeredAt', 'acceptDueAt', 'handleDueAt'] as const)),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  status: Type.Optional(StringEnum(PETITION_STATUSES)),
  type: Type.Optional(StringEnum(DISPUTE_TYPES)),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  q: Type.Optional(Text(100)),
});

export const TrackCodeParams = Obj({ code: Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9 -]+$' }) });
export const PublicPetition = Type.Object({
  trackCode: Type.String(),
  typeLabel: Type.String(),
  status: StringEnum(PETITION_STATUSES),
  statusLabel: Type.String(),
  registeredOn: Type.String(),
  acceptDueAt: DateTime,
  acceptDecision: Nullable(Type.String()),
  handleDueAt: Nullable(DateTime),
  extended: Type.Boolean(),
  extensionDays: Nullable(Type.Integer()),
  decidedAt: Nullable(DateTime),
  decisionOutcome: Nullable(Type.String()),
  reviewRequestUntil: Nullable(DateTime),
  reviewDueAt: Nullable(DateTime),
  rereviewRequestUntil: Nullable(DateTime),
  rereviewDueAt: Nullable(DateTime),
  final: Type.Boolean(),
  steps: Type.Array(Type.Object({ at: DateTime, label: Type.String() })),
  rating: Nullable(Type.String()),
  canRate: Type.Boolean(),
});
export const RatingBody = Obj({ rating: StringEnum(['satisfied', 'basic', 'unsatisfied'] as const), comment: Type.Optional(Text(500)) });

// ---------------------------------------------------------------- clues

export const ClueCreate = Obj({
  reportedAt: Type.Optional(InstantIn),
  kind: StringEnum(CLUE_KINDS),
  riskLevel: Type.Optional(StringEnum(['low', 'medium', 'high'] as const)),
  title: Text(200, 1),
  content: Type.Optional(Text(5000)),
  location: Type.Optional(Text(200)),
  projectName: Type.Optional(Text(200)),
  contractorName: Type.Optional(Text(200)),
  workersInvolved: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  shareWith: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
});

const ClueFields = {
  id: Type.Integer(),
  code: Type.String(),
  kind: StringEnum(CLUE_KINDS),
  kindLabel: Type.String(),
  riskLevel: Type.String(),
  title: Type.String(),
  content: Type.String(),
  location: Nullable(Type.String()),
  projectName: Nullable(Type.String()),
  contractorName: Nullable(Type.String()),
  workersInvolved: Type.Integer(),
  sourceOrgUnitId: Nullable(Type.Integer()),
  sourceOrgUnitName: Nullable(Type.String()),
  reportedAt: DateTime,
  status: Type.String(),
  convertedTo: Nullable(Type.String()),
  disputeId: Nullable(Type.Integer()),
  petitionId: Nullable(Type.Integer()),
  eventId: Nullable(Type.Integer()),
  closeNote: Nullable(Type.String()),
  closedAt: Nullable(DateTime),
  version: Type.Integer(),
};
export const ClueView = Type.Object(ClueFields);
export const ClueDetail = Type.Object({
  ...ClueFields,
  eventCode: Nullable(Type.String()),
  sharedWith: Type.Array(Type.Object({ orgUnitId: Type.Integer(), orgUnitName: Type.String(), sharedAt: DateTime })),
  followups: Type.Array(Type.Object({ id: Type.Integer(), at: DateTime, note: Type.String(), userName: Nullable(Type.String()), orgUnitName: Nullable(Type.String()) })),
  timeline: Timeline,
});
export const ClueListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  status: Type.Optional(StringEnum(['open', 'following', 'converted', 'closed'] as const)),
  kind: Type.Optional(StringEnum(CLUE_KINDS)),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
});
export const ShareBody = Obj({ orgUnitIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }) });
export const ConvertBody = Obj({
  to: StringEnum(['dispute', 'petition', 'event'] as const),
  version: Version,
  note: Type.Optional(Text(1000)),
  event: Type.Optional(
    Obj({
      categoryId: Id,
      title: Type.Optional(Text(200)),
      description: Type.Optional(Text(2000)),
      address: Type.Optional(Text(200)),
      lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
      lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
      priority: Type.Optional(StringEnum(['normal', 'urgent'] as const)),
    }),
  ),
  eventId: Type.Optional({ ...Id, description: '已在事件页上报的网格事件（只关联，不新建）' }),
  dispute: Type.Optional(Obj({ type: StringEnum(DISPUTE_TYPES), ...DisputeDraftFields, parties: Type.Optional(Type.Array(PartyIn, { maxItems: 100 })) })),
  petition: Type.Optional(
    Obj({
      form: StringEnum(PETITION_FORMS),
      type: StringEnum(DISPUTE_TYPES),
      title: Type.Optional(Text(200)),
      matter: Text(5000, 1),
      peopleCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
      projectName: Type.Optional(Text(200)),
      contractorName: Type.Optional(Text(200)),
      petitioners: Type.Optional(Type.Array(PersonIn, { maxItems: 50 })),
    }),
  ),
});
export const CloseBody = Obj({ note: Text(2000, 1), version: Version });

// ---------------------------------------------------------------- warnings, rules, figures, lawsuits

export const WarningView = Type.Object({
  id: Type.Integer(),
  rule: StringEnum(WARNING_RULES),
  ruleLabel: Type.String(),
  level: Type.String(),
  title: Type.String(),
  detail: Type.String(),
  facts: Json,
  intakeId: Nullable(Type.Integer()),
  disputeId: Nullable(Type.Integer()),
  petitionId: Nullable(Type.Integer()),
  clueId: Nullable(Type.Integer()),
  raisedAt: DateTime,
  status: Type.String(),
  closedAt: Nullable(DateTime),
  closeNote: Nullable(Type.String()),
  version: Type.Integer(),
});
export const WarningListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  status: Type.Optional(StringEnum(['open', 'closed'] as const)),
  rule: Type.Optional(StringEnum(WARNING_RULES)),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
});
export const RuleView = Type.Object({ rule: StringEnum(WARNING_RULES), label: Type.String(), enabled: Type.Boolean(), params: Type.Record(Type.String(), Type.Number()), version: Type.Integer() });
export const RuleParams = Obj({ rule: StringEnum(WARNING_RULES) });
export const RuleBody = Obj({
  enabled: Type.Boolean(),
  params: Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,30}$' }), Type.Integer({ minimum: 0, maximum: 100000 })),
  version: Type.Integer({ minimum: 0 }),
});

export const PeriodQuery = Obj({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) });

const RateS = Type.Object({ numerator: Type.Number(), denominator: Type.Number(), value: Nullable(Type.Number()), percent: Nullable(Type.Number()) });
const AverageS = Type.Object({ total: Type.Number(), count: Type.Integer(), value: Nullable(Type.Number()) });
export const FiguresSchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  visitors: Type.Object({
    personTimes: Type.Integer(),
    visits: Type.Integer(),
    collectiveVisits: Type.Integer(),
    collectivePersonTimes: Type.Integer(),
    unrouted: Type.Integer(),
    byMonth: Type.Array(Type.Object({ month: Type.String(), visits: Type.Integer(), personTimes: Type.Integer(), collective: Type.Integer() })),
    byChannel: Type.Array(Type.Object({ channel: Type.String(), label: Type.String(), visits: Type.Integer(), personTimes: Type.Integer() })),
    byTrack: Type.Array(Type.Object({ track: Type.String(), label: Type.String(), visits: Type.Integer(), personTimes: Type.Integer() })),
  }),
  disputes: Type.Object({
    received: Type.Integer(),
    resolved: Type.Integer(),
    failed: Type.Integer(),
    open: Type.Integer(),
    reopened: Type.Integer(),
    successRate: RateS,
    averageDays: AverageS,
    byType: Type.Array(
      Type.Object({ type: Type.String(), label: Type.String(), received: Type.Integer(), resolved: Type.Integer(), failed: Type.Integer(), successRate: RateS, averageDays: AverageS }),
    ),
    byMonth: Type.Array(Type.Object({ month: Type.String(), received: Type.Integer(), resolved: Type.Integer(), failed: Type.Integer() })),
    byDepartment: Type.Array(Type.Object({ orgUnitId: Type.Integer(), orgUnitName: Type.String(), linked: Type.Integer(), lead: Type.Integer(), resolved: Type.Integer() })),
  }),
  wages: Type.Object({
    cases: Type.Integer(),
    claimedYuan: Type.Number(),
    claimedWan: Type.Number(),
    agreedWan: Type.Number(),
    recoveredYuan: Type.Number(),
    recoveredWan: Type.Number(),
    recoveredCases: Type.Integer(),
    payments: Type.Integer(),
    workersInvolved: Type.Integer(),
    workersHelped: Type.Integer(),
    resolvedCases: Type.Integer(),
    byMonth: Type.Array(Type.Object({ month: Type.String(), recoveredWan: Type.Number() })),
  }),
  petitions: Type.Object({
    received: Type.Integer(),
    collective: Type.Integer(),
    forwarded: Type.Integer(),
    accepted: Type.Integer(),
    notAccepted: Type.Integer(),
    awaitingDecision: Type.Integer(),
    decided: Type.Integer(),
    extended: Type.Integer(),
    reviews: Type.Integer(),
    rereviews: Type.Integer(),
    byOutcome: Type.Array(Type.Object({ outcome: Type.String(), n: Type.Integer() })),
    byStatus: Type.Array(Type.Object({ status: Type.String(), n: Type.Integer() })),
    byType: Type.Array(Type.Object({ type: Type.String(), label: Type.String(), n: Type.Integer() })),
    byMonth: Type.Array(Type.Object({ month: Type.String(), n: Type.Integer() })),
    byDepartment: Type.Array(Type.Object({ orgUnitId: Type.Integer(), orgUnitName: Type.String(), assigned: Type.Integer(), handled: Type.Integer(), handleOnTimeRate: RateS })),
    acceptOnTimeRate: RateS,
    handleOnTimeRate: RateS,
    satisfactionRate: RateS,
  }),
  litigation: Type.Object({
    lawsuits: Type.Integer(),
    arbitrations: Type.Integer(),
    entries: Type.Integer(),
    petitionsPerLawsuit: RateS,
    petitionsPerLegalRoute: RateS,
    petitionsOutnumberLawsuits: Nullable(Type.Boolean()),
  }),
  clues: Type.Object({
    recorded: Type.Integer(),
    shared: Type.Integer(),
    converted: Type.Integer(),
    closed: Type.Integer(),
    open: Type.Integer(),
    byKind: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), n: Type.Integer() })),
  }),
  warnings: Type.Object({
    raised: Type.Integer(),
    closed: Type.Integer(),
    open: Type.Integer(),
    byRule: Type.Array(Type.Object({ rule: Type.String(), label: Type.String(), raised: Type.Integer(), closed: Type.Integer() })),
  }),
  definitions: Type.Record(Type.String(), Type.String()),
});

export const LitigationBody = Obj({
  kind: StringEnum(['lawsuit', 'arbitration'] as const),
  periodFrom: DateStr,
  periodTo: DateStr,
  category: Type.Optional(Text(50)),
  count: Type.Integer({ minimum: 0, maximum: 1000000 }),
  source: Text(200, 1),
  note: Type.Optional(Text(500)),
});
export const LitigationView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  category: Type.String(),
  count: Type.Integer(),
  source: Type.String(),
  note: Type.String(),
  enteredAt: DateTime,
});

export const PersonIdParams = Obj({ id: Id, personId: Id });
export const OrgUnitParams = Obj({ id: Id, orgUnitId: Id });
