// Pure rules of the mediation centre: the vocabularies, the dispute and petition transition tables with their
// guards (人民调解法 Art. 17 consent, Art. 26 routes told; 信访工作条例 Art. 22–36 decisions, one extension,
// review and re-review then no further acceptance), and where an intake's matter is now. No I/O here.
import type { Role } from '../../platform/auth/roles.ts';

export const INTAKE_CHANNELS = ['visit', 'phone', 'letter', 'online', 'transferred', 'grid_event'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];
export const CHANNEL_LABELS: Record<IntakeChannel, string> = {
  visit: '来访', phone: '来电', letter: '来信', online: '网上', transferred: '转办', grid_event: '网格事件',
};

export const TRACKS = ['consultation', 'dispute', 'petition', 'legal_aid', 'litigation', 'department'] as const;
export type Track = (typeof TRACKS)[number];
export const TRACK_LABELS: Record<Track, string> = {
  consultation: '当场解答咨询',
  dispute: '矛盾纠纷调解',
  petition: '信访事项办理',
  legal_aid: '转介法律援助',
  litigation: '引导诉讼/仲裁（诉访分离）',
  department: '转交职能部门',
};

export const DISPUTE_TYPES = ['wage', 'contract', 'neighbour', 'property', 'construction', 'other'] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];
export const DISPUTE_TYPE_LABELS: Record<DisputeType, string> = {
  wage: '劳动争议/欠薪', contract: '合同纠纷', neighbour: '邻里纠纷', property: '物业纠纷', construction: '工程建设纠纷', other: '其他',
};

export const PERSON_ROLES = ['visitor', 'applicant', 'respondent', 'third_party', 'petitioner'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** 信访工作条例 Art. 20: a group visit of five or more chooses at most five representatives. */
export const COLLECTIVE_THRESHOLD = 5;
export const MAX_REPRESENTATIVES = 5;
export const isCollective = (peopleCount: number): boolean => peopleCount >= COLLECTIVE_THRESHOLD;

/** Other routes a party is told of when mediation fails (人民调解法 Art. 26). */
export const OTHER_ROUTES = ['arbitration', 'litigation', 'labour_inspection', 'administrative', 'legal_aid', 'petition'] as const;
export type OtherRoute = (typeof OTHER_ROUTES)[number];
export const OTHER_ROUTE_LABELS: Record<OtherRoute, string> = {
  arbitration: '申请劳动（人事）争议仲裁',
  litigation: '向人民法院提起诉讼',
  labour_inspection: '向劳动保障监察机构投诉',
  administrative: '向有关行政机关申请处理',
  legal_aid: '申请法律援助',
  petition: '依法提出信访事项',
};

export const LITIGATION_ROUTES = ['court', 'arbitration', 'administrative_review'] as const;

// ---------------------------------------------------------------- disputes

export const DISPUTE_STATUSES = ['registered', 'accepted', 'mediating', 'transferred', 'agreement', 'failed', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  registered: '已登记', accepted: '已受理', mediating: '调解中', transferred: '联动调处中',
  agreement: '达成协议', failed: '调解不成', closed: '已结案',
};
export type DisputeOutcome = 'agreement' | 'failed' | 'declined';

export const DISPUTE_ACTIONS = ['accept', 'decline', 'start', 'transfer', 'resume', 'agree', 'fail', 'close', 'reopen'] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

export type DisputeGuard = 'consent' | 'routes_told' | 'followup' | 'agreement_outcome' | 'reason';

export interface Transition<S extends string, A extends string, G extends string> {
  from: readonly S[];
  action: A;
  to: S;
  roles: readonly Role[];
  guards: readonly G[];
  /** A department handler may take this step only on a case whose lead department is theirs. */
  handlerNeedsLead?: boolean;
}

export const DISPUTE_TRANSITIONS: readonly Transition<DisputeStatus, DisputeAction, DisputeGuard>[] = [
  { from: ['registered'], action: 'accept', to: 'accepted', roles: ['mediator'], guards: [] },
  { from: ['registered'], action: 'decline', to: 'closed', roles: ['mediator'], guards: ['reason'] },
  { from: ['accepted'], action: 'start', to: 'mediating', roles: ['mediator'], guards: ['consent'] },
  { from: ['accepted', 'mediating'], action: 'transfer', to: 'transferred', roles: ['mediator'], guards: [] },
  { from: ['transferred'], action: 'resume', to: 'mediating', roles: ['mediator', 'handler'], guards: ['consent'], handlerNeedsLead: true },
  { from: ['mediating', 'transferred'], action: 'agree', to: 'agreement', roles: ['mediator', 'handler'], guards: ['consent'], handlerNeedsLead: true },
  {
    from: ['accepted', 'mediating', 'transferred'], action: 'fail', to: 'failed', roles: ['mediator', 'handler'],
    guards: ['reason', 'routes_told'], handlerNeedsLead: true,
  },
  { from: ['agreement'], action: 'close', to: 'closed', roles: ['mediator'], guards: ['followup'] },
  { from: ['failed'], action: 'close', to: 'closed', roles: ['mediator'], guards: [] },
  { from: ['agreement', 'closed'], action: 'reopen', to: 'mediating', roles: ['mediator'], guards: ['agreement_outcome', 'reason'] },
];

export interface DisputeFacts {
  status: DisputeStatus;
  outcome: DisputeOutcome | null;
  /** Every party on both sides has consented, and there is at least one applicant and one respondent. */
  consentComplete: boolean;
  followups: number;
  /** The acting handler's department leads the case (a transfer to it). */
  actorIsLead: boolean;
  reason: string;
  routesTold: number;
}

export type GuardFailure = { ok: false; code: string; zh: string; en: string };
export type StepResult<S> = { ok: true; to: S } | GuardFailure;

const DISPUTE_GUARD_MESSAGES: Record<DisputeGuard, Omit<GuardFailure, 'ok'>> = {
  consent: {
    code: 'mediation.consent_required',
    zh: '调解须经双方当事人同意（人民调解法第十七条）：请先登记各方当事人的同意',
    en: 'Mediation needs the consent of both parties (People’s Mediation Law Art. 17)',
  },
  routes_told: {
    code: 'mediation.routes_required',
    zh: '调解不成的，应告知当事人可依法通过仲裁、行政、司法等途径维护权利（人民调解法第二十六条）',
    en: 'A failed mediation must record the other routes the parties were told of (Art. 26)',
  },
  followup: { code: 'mediation.followup_required', zh: '达成协议的纠纷须先回访再结案', en: 'Record a follow-up call before closing' },
  agreement_outcome: { code: 'mediation.not_reopenable', zh: '只有达成协议的纠纷才能因协议未履行而重新启动', en: 'Only an agreed case can be reopened' },
  reason: { code: 'mediation.reason_required', zh: '请填写理由', en: 'A reason is required' },
};

function disputeGuardHolds(g: DisputeGuard, f: DisputeFacts): boolean {
  switch (g) {
    case 'consent':
      return f.consentComplete;
    case 'routes_told':
      return f.routesTold > 0;
    case 'followup':
      return f.followups > 0;
    case 'agreement_outcome':
      return f.outcome === 'agreement';
    case 'reason':
      return f.reason.trim().length > 0;
    default: {
      const never: never = g;
      throw new Error(`unhandled guard ${String(never)}`);
    }
  }
}

function invalid(action: string, status: string, label: string): GuardFailure {
  return {
    ok: false,
    code: 'mediation.invalid_transition',
    zh: `当前状态（${label}）不能执行该操作`,
    en: `Action ${action} is not allowed in status ${status}`,
  };
}

const forbiddenStep: GuardFailure = { ok: false, code: 'auth.forbidden', zh: '无权执行此操作', en: 'You are not allowed to do this' };

export function disputeStep(action: DisputeAction, role: Role, f: DisputeFacts): StepResult<DisputeStatus> {
  const t = DISPUTE_TRANSITIONS.find((x) => x.action === action && x.from.includes(f.status));
  if (!t) return invalid(action, f.status, DISPUTE_STATUS_LABELS[f.status]);
  if (!t.roles.includes(role)) return forbiddenStep;
  if (role === 'handler' && t.handlerNeedsLead && !f.actorIsLead) return forbiddenStep;
  for (const g of t.guards) if (!disputeGuardHolds(g, f)) return { ok: false, ...DISPUTE_GUARD_MESSAGES[g] };
  return { ok: true, to: t.to };
}

/** The actions the given role could take from a status (the guards are checked when the action is taken). */
export function disputeActionsFrom(status: DisputeStatus, role: Role, actorIsLead = false): DisputeAction[] {
  return DISPUTE_TRANSITIONS.filter(
    (t) => t.from.includes(status) && t.roles.includes(role) && !(role === 'handler' && t.handlerNeedsLead && !actorIsLead),
  ).map((t) => t.action);
}

export const isDisputeOpen = (s: DisputeStatus): boolean => s === 'registered' || s === 'accepted' || s === 'mediating' || s === 'transferred';

export interface PartyConsent {
  role: PersonRole;
  consentAt: Date | null;
}

/** Both sides present and every applicant and respondent consented (third parties are not required). */
export function consentComplete(parties: readonly PartyConsent[]): boolean {
  const sides = parties.filter((p) => p.role === 'applicant' || p.role === 'respondent');
  return (
    sides.some((p) => p.role === 'applicant') && sides.some((p) => p.role === 'respondent') && sides.every((p) => p.consentAt !== null)
  );
}

// ---------------------------------------------------------------- petitions

export const PETITION_FORMS = ['visit', 'letter', 'phone', 'online', 'transferred'] as const;
export type PetitionForm = (typeof PETITION_FORMS)[number];

export const PETITION_STATUSES = [
  'registered', 'forwarded', 'accepted', 'not_accepted', 'decided', 'review_requested', 'reviewed', 'rereview_requested', 'rereviewed',
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];
export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  registered: '已登记，待决定是否受理',
  forwarded: '已转送有权处理机关',
  accepted: '已受理，办理中',
  not_accepted: '不予受理（已书面告知）',
  decided: '已出具处理意见书',
  review_requested: '复查中',
  reviewed: '已出具复查意见',
  rereview_requested: '复核中',
  rereviewed: '已出具复核意见（终结）',
};

export const PETITION_ACTIONS = [
  'forward', 'accept', 'not_accept', 'object', 'extend', 'decide', 'request_review', 'answer_review', 'request_rereview', 'answer_rereview',
] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

export const PETITION_PROCEDURES = ['petition_handling', 'mediation', 'statutory_duty'] as const;
export type PetitionProcedure = (typeof PETITION_PROCEDURES)[number];
export const PROCEDURE_LABELS: Record<PetitionProcedure, string> = {
  petition_handling: '信访事项办理程序', mediation: '转入调解程序', statutory_duty: '依法履行职责程序',
};

export type PetitionGuard =
  | 'reason'
  | 'not_extended'
  | 'extension_days'
  | 'before_handle_due'
  | 'within_review_window'
  | 'within_rereview_window'
  | 'within_objection_window';

export const PETITION_TRANSITIONS: readonly Transition<PetitionStatus, PetitionAction, PetitionGuard>[] = [
  { from: ['registered'], action: 'forward', to: 'forwarded', roles: ['mediator'], guards: ['reason'] },
  { from: ['registered'], action: 'accept', to: 'accepted', roles: ['mediator'], guards: [] },
  { from: ['registered'], action: 'not_accept', to: 'not_accepted', roles: ['mediator'], guards: ['reason'] },
  // A body that thinks a forwarded matter is not its own says so within five working days (Art. 23).
  { from: ['forwarded'], action: 'object', to: 'registered', roles: ['mediator', 'handler'], guards: ['reason', 'within_objection_window'], handlerNeedsLead: true },
  {
    from: ['accepted'], action: 'extend', to: 'accepted', roles: ['mediator', 'handler'],
    guards: ['reason', 'not_extended', 'extension_days', 'before_handle_due'], handlerNeedsLead: true,
  },
  { from: ['accepted'], action: 'decide', to: 'decided', roles: ['mediator', 'handler'], guards: ['reason'], handlerNeedsLead: true },
  { from: ['decided'], action: 'request_review', to: 'review_requested', roles: ['mediator'], guards: ['within_review_window'] },
  { from: ['review_requested'], action: 'answer_review', to: 'reviewed', roles: ['mediator'], guards: ['reason'] },
  { from: ['reviewed'], action: 'request_rereview', to: 'rereview_requested', roles: ['mediator'], guards: ['within_rereview_window'] },
  { from: ['rereview_requested'], action: 'answer_rereview', to: 'rereviewed', roles: ['mediator'], guards: ['reason'] },
];

export interface PetitionFacts {
  status: PetitionStatus;
  now: Date;
  reason: string;
  extended: boolean;
  extensionDays: number;
  handleDueAt: Date | null;
  reviewRequestUntil: Date | null;
  rereviewRequestUntil: Date | null;
  objectionDueAt: Date | null;
  /** The acting handler's department is the one the petition was forwarded or assigned to. */
  actorIsLead: boolean;
}

/** 信访工作条例 Art. 34: one extension of at most 30 days. */
export const MAX_EXTENSION_DAYS = 30;

const PETITION_GUARD_MESSAGES: Record<PetitionGuard, Omit<GuardFailure, 'ok'>> = {
  reason: { code: 'mediation.reason_required', zh: '请填写书面理由或意见', en: 'A written reason or opinion is required' },
  not_extended: { code: 'mediation.petition.already_extended', zh: '办理期限只能延长一次（信访工作条例第三十四条）', en: 'The time limit can be extended only once (Art. 34)' },
  extension_days: { code: 'mediation.petition.extension_too_long', zh: '延长期限不得超过30日', en: 'An extension is at most 30 days' },
  before_handle_due: { code: 'mediation.petition.extension_late', zh: '办理期限已届满，不能再延长', en: 'The time limit has already expired' },
  within_review_window: {
    code: 'mediation.petition.review_window_closed',
    zh: '复查请求应自收到处理意见之日起30日内提出（信访工作条例第三十五条）',
    en: 'A review must be requested within 30 days of the decision (Art. 35)',
  },
  within_rereview_window: {
    code: 'mediation.petition.rereview_window_closed',
    zh: '复核请求应自收到复查意见之日起30日内提出（信访工作条例第三十六条）',
    en: 'A re-review must be requested within 30 days of the review (Art. 36)',
  },
  within_objection_window: {
    code: 'mediation.petition.objection_window_closed',
    zh: '对转送事项有异议的，应自收到之日起5个工作日内提出',
    en: 'An objection to a forwarded matter is due within 5 working days',
  },
};

function petitionGuardHolds(g: PetitionGuard, f: PetitionFacts): boolean {
  switch (g) {
    case 'reason':
      return f.reason.trim().length > 0;
    case 'not_extended':
      return !f.extended;
    case 'extension_days':
      return Number.isInteger(f.extensionDays) && f.extensionDays >= 1 && f.extensionDays <= MAX_EXTENSION_DAYS;
    case 'before_handle_due':
      return f.handleDueAt !== null && f.now.getTime() <= f.handleDueAt.getTime();
    case 'within_review_window':
      return f.reviewRequestUntil !== null && f.now.getTime() <= f.reviewRequestUntil.getTime();
    case 'within_rereview_window':
      return f.rereviewRequestUntil !== null && f.now.getTime() <= f.rereviewRequestUntil.getTime();
    case 'within_objection_window':
      return f.objectionDueAt !== null && f.now.getTime() <= f.objectionDueAt.getTime();
    default: {
      const never: never = g;
      throw new Error(`unhandled guard ${String(never)}`);
    }
  }
}

const finalPetition: GuardFailure = {
  ok: false,
  code: 'mediation.petition.final',
  zh: '复核意见为终结意见，对同一事实和理由不再受理（信访工作条例第三十六条）',
  en: 'The re-review is final; the same matter is not accepted again (Art. 36)',
};

export function petitionStep(action: PetitionAction, role: Role, f: PetitionFacts): StepResult<PetitionStatus> {
  if (f.status === 'rereviewed') return finalPetition;
  const t = PETITION_TRANSITIONS.find((x) => x.action === action && x.from.includes(f.status));
  if (!t) return invalid(action, f.status, PETITION_STATUS_LABELS[f.status]);
  if (!t.roles.includes(role)) return forbiddenStep;
  if (role === 'handler' && t.handlerNeedsLead && !f.actorIsLead) return forbiddenStep;
  for (const g of t.guards) if (!petitionGuardHolds(g, f)) return { ok: false, ...PETITION_GUARD_MESSAGES[g] };
  return { ok: true, to: t.to };
}

export function petitionActionsFrom(status: PetitionStatus, role: Role, actorIsLead = false): PetitionAction[] {
  if (status === 'rereviewed') return [];
  return PETITION_TRANSITIONS.filter(
    (t) => t.from.includes(status) && t.roles.includes(role) && !(role === 'handler' && t.handlerNeedsLead && !actorIsLead),
  ).map((t) => t.action);
}

/** The petitioner may rate the handling once an answer exists (Art. 21). */
export const RATABLE_PETITION_STATUSES: readonly PetitionStatus[] = [
  'forwarded', 'not_accepted', 'decided', 'review_requested', 'reviewed', 'rereview_requested', 'rereviewed',
];

// ---------------------------------------------------------------- clues and warnings

export const CLUE_KINDS = ['wage_arrears', 'gathering', 'dispute', 'petition_risk', 'other'] as const;
export type ClueKind = (typeof CLUE_KINDS)[number];
export const CLUE_KIND_LABELS: Record<ClueKind, string> = {
  wage_arrears: '欠薪线索', gathering: '人员聚集', dispute: '矛盾纠纷苗头', petition_risk: '信访风险', other: '其他',
};

export const WARNING_RULES = ['wage_repeated', 'collective_visit', 'dispute_reopened', 'petition_near_limit'] as const;
export type WarningRule = (typeof WARNING_RULES)[number];
export const WARNING_RULE_LABELS: Record<WarningRule, string> = {
  wage_repeated: '同一项目或施工单位反复欠薪投诉',
  collective_visit: '集体访',
  dispute_reopened: '协议达成后纠纷再起',
  petition_near_limit: '信访事项临近办理时限',
};

export interface RuleParams {
  wage_repeated: { threshold: number; days: number };
  collective_visit: { minPeople: number };
  dispute_reopened: Record<string, never>;
  petition_near_limit: { daysBefore: number };
}

export const DEFAULT_RULE_PARAMS: { [R in WarningRule]: RuleParams[R] } = {
  wage_repeated: { threshold: 3, days: 90 },
  collective_visit: { minPeople: COLLECTIVE_THRESHOLD },
  dispute_reopened: {},
  petition_near_limit: { daysBefore: 3 },
};

export const RULE_PARAM_BOUNDS: { [R in WarningRule]: Record<keyof RuleParams[R], [number, number]> } = {
  wage_repeated: { threshold: [2, 100], days: [1, 366] },
  collective_visit: { minPeople: [COLLECTIVE_THRESHOLD, 1000] },
  dispute_reopened: {},
  petition_near_limit: { daysBefore: [1, 15] },
};

/** The grouping key of a project or contractor name: case, spaces and brackets do not make a new site. */
export function subjectKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const k = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）【】[\]·•.,，。、"'“”‘’-]/g, '');
  return k.length > 0 ? k : null;
}

export interface WageComplaint {
  kind: 'dispute' | 'petition';
  id: number;
  at: Date;
  projectKey: string | null;
  projectName: string | null;
  contractorKey: string | null;
  contractorName: string | null;
}

export interface WageCluster {
  subjectKey: string;
  by: 'project' | 'contractor';
  name: string;
  complaints: WageComplaint[];
  latestAt: Date;
}

/**
 * Wage complaints clustered by project and by contractor, where at least `threshold` fall within `days` days
 * ending at the newest one (within the window ending at `now`).
 */
export function repeatedWageClusters(complaints: readonly WageComplaint[], p: { threshold: number; days: number }, now: Date): WageCluster[] {
  const windowStart = now.getTime() - p.days * 86_400_000;
  const inWindow = complaints.filter((c) => c.at.getTime() > windowStart && c.at.getTime() <= now.getTime());
  const out: WageCluster[] = [];
  for (const by of ['project', 'contractor'] as const) {
    const groups = new Map<string, WageComplaint[]>();
    for (const c of inWindow) {
      const key = by === 'project' ? c.projectKey : c.contractorKey;
      if (!key) continue;
      const list = groups.get(key) ?? [];
      list.push(c);
      groups.set(key, list);
    }
    for (const [key, list] of groups) {
      if (list.length < p.threshold) continue;
      list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
      const latest = list[list.length - 1];
      out.push({
        subjectKey: `wage:${by}:${key}`,
        by,
        name: (by === 'project' ? latest.projectName : latest.contractorName) ?? key,
        complaints: list,
        latestAt: latest.at,
      });
    }
  }
  return out.sort((a, b) => a.subjectKey.localeCompare(b.subjectKey));
}
