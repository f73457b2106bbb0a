// The mediation centre's API as the web uses it (shapes mirror src/server/modules/mediation/mediation.schemas.ts).
import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export const DISPUTE_TYPES = [
  { value: 'wage', label: '劳动争议/欠薪' },
  { value: 'contract', label: '合同纠纷' },
  { value: 'neighbour', label: '邻里纠纷' },
  { value: 'property', label: '物业纠纷' },
  { value: 'construction', label: '工程建设纠纷' },
  { value: 'other', label: '其他' },
] as const;
export const CHANNELS = [
  { value: 'visit', label: '来访' },
  { value: 'phone', label: '来电' },
  { value: 'letter', label: '来信' },
  { value: 'online', label: '网上' },
  { value: 'transferred', label: '转办' },
  { value: 'grid_event', label: '网格事件' },
] as const;
export const TRACKS = [
  { value: 'consultation', label: '当场解答' },
  { value: 'dispute', label: '纠纷调解' },
  { value: 'petition', label: '信访办理' },
  { value: 'legal_aid', label: '法律援助' },
  { value: 'litigation', label: '诉讼/仲裁引导' },
  { value: 'department', label: '转职能部门' },
] as const;
export const LITIGATION_ROUTES = [
  { value: 'court', label: '人民法院（诉讼）' },
  { value: 'arbitration', label: '劳动人事争议仲裁' },
  { value: 'administrative_review', label: '行政复议' },
] as const;
export const OTHER_ROUTES = [
  { value: 'arbitration', label: '申请劳动（人事）争议仲裁' },
  { value: 'litigation', label: '向人民法院提起诉讼' },
  { value: 'labour_inspection', label: '向劳动保障监察机构投诉' },
  { value: 'administrative', label: '向有关行政机关申请处理' },
  { value: 'legal_aid', label: '申请法律援助' },
  { value: 'petition', label: '依法提出信访事项' },
] as const;
export const PROCEDURES = [
  { value: 'petition_handling', label: '信访事项办理程序' },
  { value: 'mediation', label: '转入调解程序' },
  { value: 'statutory_duty', label: '依法履行职责程序' },
] as const;
export const DISPUTE_ACTION_LABELS: Record<string, string> = {
  accept: '受理', decline: '不予受理', start: '开始调解', transfer: '移交联动部门牵头', resume: '收回调解', agree: '达成协议', fail: '调解不成', close: '结案', reopen: '再次启动',
};
export const PETITION_ACTION_LABELS: Record<string, string> = {
  forward: '转送', accept: '受理', not_accept: '不予受理', object: '提出异议（退回）', extend: '延期', decide: '出具处理意见书',
  request_review: '登记复查申请', answer_review: '出具复查意见', request_rereview: '登记复核申请', answer_rereview: '出具复核意见',
};
export const TIMELINE_LABELS: Record<string, string> = {
  register: '登记', route: '分流', accept: '受理', decline: '不予受理', start: '开始调解', transfer: '移交联动', resume: '收回', agree: '达成协议', fail: '调解不成',
  close: '结案/关闭', reopen: '再次启动', consent: '当事人同意调解', consent_withdrawn: '撤回同意', party: '增加当事人', link: '联动部门', unlink: '解除联动',
  session: '调解会', note: '工作记录', payment: '履行支付', court_request: '申请司法确认', court_decision: '司法确认结果', followup: '回访', overdue: '超期',
  forward: '转送', not_accept: '不予受理', object: '异议退回', extend: '延期', decide: '处理意见', request_review: '复查申请', answer_review: '复查意见',
  request_rereview: '复核申请', answer_rereview: '复核意见', rate: '信访人评价', record: '登记线索', share: '共享', follow: '跟进', convert: '转化', raise: '预警',
};
export const label = (list: readonly { value: string; label: string }[], v: string | null | undefined) => list.find((x) => x.value === v)?.label ?? v ?? '—';

export interface Person {
  id: number;
  role: string;
  representative: boolean;
  kind: 'person' | 'enterprise';
  name: string;
  idCard: string | null;
  phone: string | null;
  enterpriseId: number | null;
  consentAt: string | null;
  consentNote: string | null;
}
export interface TimelineRow {
  id: number;
  at: string;
  actorName: string;
  orgUnitName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string;
}
export interface Intake {
  id: number;
  code: string;
  receivedAt: string;
  channel: string;
  channelLabel: string;
  peopleCount: number;
  collective: boolean;
  matter: string;
  matterType: string;
  matterTypeLabel: string;
  projectName: string | null;
  contractorName: string | null;
  track: string | null;
  trackLabel: string | null;
  trackNote: string;
  referredTo: string | null;
  receiverName: string | null;
  disputeId: number | null;
  petitionId: number | null;
  version: number;
}
export interface IntakeDetail extends Intake {
  visitors: Person[];
  where: { track: string | null; label: string; entity: 'dispute' | 'petition' | null; entityId: number | null; code: string | null; status: string | null; department: string | null };
  timeline: TimelineRow[];
}
export interface Dispute {
  id: number;
  code: string;
  intakeId: number | null;
  type: string;
  typeLabel: string;
  title: string;
  summary: string;
  status: string;
  statusLabel: string;
  outcome: string | null;
  amountClaimed: number;
  workersInvolved: number;
  projectName: string | null;
  contractorName: string | null;
  receivedAt: string;
  acceptedAt: string | null;
  concludedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  failureReason: string | null;
  routesTold: string[];
  reopenedCount: number;
  version: number;
}
export interface DisputeDetail extends Dispute {
  parties: Person[];
  consentComplete: boolean;
  links: { orgUnitId: number; orgUnitName: string; lead: boolean; active: boolean; note: string; linkedAt: string }[];
  sessions: { id: number; heldAt: string; place: string; mediatorName: string; attendees: string; record: string; result: string; orgUnitName: string | null }[];
  agreements: {
    id: number; form: string; signedOn: string; content: string; amountAgreed: number; workersCovered: number; paymentDueOn: string | null; current: boolean;
    courtStatus: string; courtName: string | null; courtRequestedOn: string | null; courtDecidedOn: string | null; courtConfirmationUntil: string | null; version: number;
  }[];
  payments: { id: number; agreementId: number; paidOn: string; amount: number; workersPaid: number; note: string }[];
  amountAgreed: number;
  amountPaid: number;
  followups: { id: number; calledAt: string; fulfilment: string; satisfaction: string; note: string; userName: string | null }[];
  timeline: TimelineRow[];
  actions: string[];
  mediatorName: string | null;
}
export interface Petition {
  id: number;
  code: string;
  trackCode: string;
  type: string;
  typeLabel: string;
  title: string;
  matter: string;
  peopleCount: number;
  collective: boolean;
  status: string;
  statusLabel: string;
  registeredAt: string;
  acceptDueAt: string;
  acceptDecision: string | null;
  acceptReason: string | null;
  acceptOnTime: boolean | null;
  forwardedTo: string | null;
  objectionDueAt: string | null;
  procedureLabel: string | null;
  handleDueAt: string | null;
  extended: boolean;
  extensionDays: number | null;
  extensionReason: string | null;
  decidedAt: string | null;
  decisionOutcome: string | null;
  decisionText: string | null;
  decisionDocNo: string | null;
  handleOnTime: boolean | null;
  reviewRequestUntil: string | null;
  reviewDueAt: string | null;
  reviewOutcome: string | null;
  rereviewRequestUntil: string | null;
  rereviewDueAt: string | null;
  rereviewOutcome: string | null;
  final: boolean;
  currentStage: string | null;
  currentDueAt: string | null;
  overdue: boolean;
  rating: string | null;
  ratingComment: string | null;
  disputeId: number | null;
  version: number;
}
export interface PetitionDetail extends Petition {
  petitioners: Person[];
  timeline: TimelineRow[];
  actions: string[];
  handlingOrgUnitName: string | null;
  forwardedOrgUnitName: string | null;
}
export interface Clue {
  id: number;
  code: string;
  kind: string;
  kindLabel: string;
  riskLevel: string;
  title: string;
  content: string;
  projectName: string | null;
  contractorName: string | null;
  workersInvolved: number;
  sourceOrgUnitName: string | null;
  reportedAt: string;
  status: string;
  convertedTo: string | null;
  disputeId: number | null;
  petitionId: number | null;
  eventId: number | null;
  closeNote: string | null;
  version: number;
}
export interface ClueDetail extends Clue {
  location: string | null;
  eventCode: string | null;
  sharedWith: { orgUnitId: number; orgUnitName: string; sharedAt: string }[];
  followups: { id: number; at: string; note: string; userName: string | null; orgUnitName: string | null }[];
  timeline: TimelineRow[];
}
export interface Warning {
  id: number;
  rule: string;
  ruleLabel: string;
  level: 'yellow' | 'orange' | 'red';
  title: string;
  detail: string;
  facts: Record<string, unknown>;
  intakeId: number | null;
  disputeId: number | null;
  petitionId: number | null;
  raisedAt: string;
  status: 'open' | 'closed';
  closedAt: string | null;
  closeNote: string | null;
  version: number;
}
export interface Rule {
  rule: string;
  label: string;
  enabled: boolean;
  params: Record<string, number>;
  version: number;
}
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  percent: number | null;
}
export interface Figures {
  period: { from: string; to: string };
  visitors: {
    personTimes: number; visits: number; collectiveVisits: number; collectivePersonTimes: number; unrouted: number;
    byMonth: { month: string; visits: number; personTimes: number; collective: number }[];
    byChannel: { channel: string; label: string; visits: number; personTimes: number }[];
    byTrack: { track: string; label: string; visits: number; personTimes: number }[];
  };
  disputes: {
    received: number; resolved: number; failed: number; open: number; reopened: number; successRate: Rate; averageDays: { total: number; count: number; value: number | null };
    byType: { type: string; label: string; received: number; resolved: number; failed: number; successRate: Rate }[];
    byMonth: { month: string; received: number; resolved: number; failed: number }[];
    byDepartment: { orgUnitId: number; orgUnitName: string; linked: number; lead: number; resolved: number }[];
  };
  wages: { cases: number; claimedWan: number; agreedWan: number; recoveredWan: number; recoveredYuan: number; workersHelped: number; byMonth: { month: string; recoveredWan: number }[] };
  petitions: {
    received: number; collective: number; forwarded: number; accepted: number; notAccepted: number; awaitingDecision: number; decided: number; extended: number;
    reviews: number; rereviews: number; acceptOnTimeRate: Rate; handleOnTimeRate: Rate; satisfactionRate: Rate; byMonth: { month: string; n: number }[];
    byOutcome: { outcome: string; n: number }[];
  };
  litigation: { lawsuits: number; arbitrations: number; entries: number; petitionsPerLawsuit: Rate; petitionsOutnumberLawsuits: boolean | null };
  clues: { recorded: number; shared: number; converted: number; closed: number; open: number };
  warnings: { raised: number; closed: number; open: number; byRule: { rule: string; label: string; raised: number; closed: number }[] };
  definitions: Record<string, string>;
}
export interface OrgUnitOption {
  id: number;
  name: string;
  kind: string;
  active: boolean;
}

const s = (signal?: AbortSignal) => ({ signal });
const k = (idempotencyKey?: string) => ({ idempotencyKey });

export const mediationApi = {
  orgUnits: async (signal?: AbortSignal) => (await api.get<Page<OrgUnitOption>>('/api/org-units', { pageSize: 200 }, s(signal))).items.filter((u) => u.active),
  intakes: (q: Query, signal?: AbortSignal) => api.get<Page<Intake>>('/api/mediation/intakes', q, s(signal)),
  intake: (id: number, signal?: AbortSignal) => api.get<IntakeDetail>(`/api/mediation/intakes/${id}`, undefined, s(signal)),
  register: (body: unknown, key?: string) => api.post<IntakeDetail>('/api/mediation/intakes', body, k(key)),
  route: (id: number, body: unknown, key?: string) => api.post<IntakeDetail>(`/api/mediation/intakes/${id}/route`, body, k(key)),
  reveal: (personId: number, reason: string) => api.post<{ id: number; name: string; idCard: string | null; phone: string | null }>(`/api/mediation/people/${personId}/reveal`, { reason }),
  disputes: (q: Query, signal?: AbortSignal) => api.get<Page<Dispute>>('/api/mediation/disputes', q, s(signal)),
  dispute: (id: number, signal?: AbortSignal) => api.get<DisputeDetail>(`/api/mediation/disputes/${id}`, undefined, s(signal)),
  disputeMove: (id: number, body: unknown, key?: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/transitions`, body, k(key)),
  consent: (id: number, personId: number, consent: boolean) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/parties/${personId}/consent`, { consent }),
  addParty: (id: number, body: unknown) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/parties`, body),
  link: (id: number, orgUnitId: number, note: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/links`, { orgUnitId, note }),
  unlink: (id: number, orgUnitId: number) => api.delete<DisputeDetail>(`/api/mediation/disputes/${id}/links/${orgUnitId}`),
  session: (id: number, body: unknown, key?: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/sessions`, body, k(key)),
  note: (id: number, note: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/notes`, { note }),
  payment: (id: number, body: unknown, key?: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/payments`, body, k(key)),
  court: (id: number, body: unknown) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/court-confirmation`, body),
  followup: (id: number, body: unknown, key?: string) => api.post<DisputeDetail>(`/api/mediation/disputes/${id}/followups`, body, k(key)),
  petitions: (q: Query, signal?: AbortSignal) => api.get<Page<Petition>>('/api/mediation/petitions', q, s(signal)),
  petition: (id: number, signal?: AbortSignal) => api.get<PetitionDetail>(`/api/mediation/petitions/${id}`, undefined, s(signal)),
  petitionMove: (id: number, body: unknown, key?: string) => api.post<PetitionDetail>(`/api/mediation/petitions/${id}/transitions`, body, k(key)),
  clues: (q: Query, signal?: AbortSignal) => api.get<Page<Clue>>('/api/mediation/clues', q, s(signal)),
  clue: (id: number, signal?: AbortSignal) => api.get<ClueDetail>(`/api/mediation/clues/${id}`, undefined, s(signal)),
  createClue: (body: unknown, key?: string) => api.post<ClueDetail>('/api/mediation/clues', body, k(key)),
  followClue: (id: number, note: string) => api.post<ClueDetail>(`/api/mediation/clues/${id}/followups`, { note }),
  shareClue: (id: number, orgUnitIds: number[]) => api.post<ClueDetail>(`/api/mediation/clues/${id}/shares`, { orgUnitIds }),
  convertClue: (id: number, body: unknown) => api.post<ClueDetail>(`/api/mediation/clues/${id}/convert`, body),
  closeClue: (id: number, note: string, version: number) => api.post<ClueDetail>(`/api/mediation/clues/${id}/close`, { note, version }),
  warnings: (q: Query, signal?: AbortSignal) => api.get<Page<Warning>>('/api/mediation/warnings', q, s(signal)),
  closeWarning: (id: number, note: string, version: number) => api.post<Warning>(`/api/mediation/warnings/${id}/close`, { note, version }),
  scan: () => api.post<{ raised: number }>('/api/mediation/warnings/scan', {}),
  rules: (signal?: AbortSignal) => api.get<Rule[]>('/api/mediation/warning-rules', undefined, s(signal)),
  updateRule: (rule: string, body: unknown) => api.put<Rule>(`/api/mediation/warning-rules/${rule}`, body),
  figures: (q: { from: string; to: string }, signal?: AbortSignal) => api.get<Figures>('/api/mediation/figures', q, s(signal)),
};
