// The closed loop (闭环) as a table of allowed moves. Pure: no database, no clock of its own.
//   reported → accepted → dispatched → in_progress → handled → verified → closed
// plus returned (退回: the department says it is not theirs, back to dispatch), rejected (不予受理, with a reason),
// reopened (复核不通过 / 群众反映未解决: back to dispatch) and merged (重复事件合并).
// Each status belongs to a stage with its own time limit; a move that leaves a stage records whether it was on time.
import type { Role } from '../../platform/auth/roles.ts';

export const EVENT_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'handled',
  'verified',
  'closed',
  'returned',
  'rejected',
  'reopened',
  'merged',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const TERMINAL_STATUSES: readonly EventStatus[] = ['closed', 'rejected', 'merged'];
export const OPEN_STATUSES: readonly EventStatus[] = EVENT_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
export const isTerminal = (s: EventStatus): boolean => TERMINAL_STATUSES.includes(s);

export const STATUS_LABELS: Record<EventStatus, { zh: string; en: string }> = {
  reported: { zh: '已上报', en: 'Reported' },
  accepted: { zh: '已受理', en: 'Accepted' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  in_progress: { zh: '处置中', en: 'In progress' },
  handled: { zh: '已处置', en: 'Handled' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已结案', en: 'Closed' },
  returned: { zh: '已退回', en: 'Returned' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  reopened: { zh: '已重办', en: 'Reopened' },
  merged: { zh: '已合并', en: 'Merged' },
};

export const EVENT_SOURCES = ['grid_worker', 'public', 'hotline', 'enterprise', 'transfer', 'open311', 'patrol', 'clue'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
/** Sources through which another module turns one of its records into an event (createEventFromSource). */
export const LINKED_SOURCES = ['patrol', 'clue'] as const satisfies readonly EventSource[];
export type LinkedSource = (typeof LINKED_SOURCES)[number];
export const SOURCE_LABELS: Record<EventSource, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员巡查', en: 'Grid worker patrol' },
  public: { zh: '群众上报', en: 'Public' },
  hotline: { zh: '12345热线', en: '12345 hotline' },
  enterprise: { zh: '企业反映', en: 'Enterprise' },
  transfer: { zh: '一体化治理平台转办', en: 'Transfer from the integrated platform' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
  patrol: { zh: '平安巡逻发现', en: 'Safety patrol finding' },
  clue: { zh: '矛调风险线索', en: 'Mediation risk clue' },
};

/** Stages with their own time limit (GB/T 30428: file → dispatch → handle → verify and close). */
export const STAGES = ['accept', 'dispatch', 'handle', 'verify'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, { zh: string; en: string }> = {
  accept: { zh: '受理', en: 'Acceptance' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  handle: { zh: '处置', en: 'Handling' },
  verify: { zh: '核查', en: 'Verification' },
};

/** The stage whose clock runs while the event is in a status (null: no clock). */
export function stageOf(status: EventStatus): Stage | null {
  switch (status) {
    case 'reported':
      return 'accept';
    case 'accepted':
    case 'returned':
    case 'reopened':
      return 'dispatch';
    case 'dispatched':
    case 'in_progress':
      return 'handle';
    case 'handled':
      return 'verify';
    case 'verified':
    case 'closed':
    case 'rejected':
    case 'merged':
      return null;
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export const EVENT_ACTIONS = ['accept', 'reject', 'dispatch', 'return', 'start', 'handle', 'verify', 'reopen', 'close', 'merge'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export const ACTION_LABELS: Record<EventAction, { zh: string; en: string }> = {
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  return: { zh: '退回', en: 'Return' },
  start: { zh: '签收处置', en: 'Start' },
  handle: { zh: '处置反馈', en: 'Report handled' },
  verify: { zh: '核查通过', en: 'Verify' },
  reopen: { zh: '重新办理', en: 'Reopen' },
  close: { zh: '结案', en: 'Close' },
  merge: { zh: '合并', en: 'Merge' },
};

/** Who may move: a platform role, or the reporting member of the public (by tracking code). */
export type WorkflowActor = Role | 'public';

/** Roles that act for the department an event is dispatched to (their scope is their own department). */
export const DEPARTMENT_ROLES: readonly Role[] = ['handler', 'mediator', 'enterprise_officer', 'safety'];

export interface MoveInput {
  note?: string | null;
  reason?: string | null;
  departmentId?: number | null;
  targetId?: number | null;
}

/** What a guard may look at: the event as it is, the input, and the time of the move. */
export interface GuardContext {
  event: { id: number; departmentId: number | null; closedAt: Date | null };
  input: MoveInput;
  now: Date;
}

export interface GuardFailure {
  code: string;
  zh: string;
  en: string;
}

export type Guard = (c: GuardContext) => GuardFailure | null;

export interface Transition {
  from: EventStatus;
  action: EventAction;
  to: EventStatus;
  roles: readonly WorkflowActor[];
  /** The stage this move completes (its on-time result is recorded), if any. */
  completes: Stage | null;
  guard?: Guard;
}

/** A reporter may ask to reopen a closed event for this long after it was closed. */
export const REOPEN_WINDOW_DAYS = 30;

const hasText = (s: string | null | undefined, min = 2) => typeof s === 'string' && s.trim().length >= min;

const needReason: Guard = ({ input }) =>
  hasText(input.reason) ? null : { code: 'events.reason_required', zh: '请填写理由（至少 2 个字）', en: 'A reason is required' };

const needResult: Guard = ({ input }) =>
  hasText(input.note) ? null : { code: 'events.result_required', zh: '请填写处置结果', en: 'Describe what was done' };

const needDepartment: Guard = ({ input }) =>
  input.departmentId ? null : { code: 'events.department_required', zh: '请选择承办部门', en: 'Choose a department' };

const needOtherDepartment: Guard = (c) =>
  needDepartment(c) ??
  (c.input.departmentId === c.event.departmentId
    ? { code: 'events.same_department', zh: '该部门已退回此事件，请改派其他部门', en: 'That department returned the event; choose another' }
    : null);

const needTarget: Guard = ({ input, event }) => {
  if (!input.targetId) return { code: 'events.merge_target_required', zh: '请选择合并到的事件', en: 'Choose the event to merge into' };
  if (input.targetId === event.id) return { code: 'events.merge_self', zh: '不能与自身合并', en: 'An event cannot be merged into itself' };
  return null;
};

const withinReopenWindow: Guard = (c) =>
  needReason(c) ??
  (c.event.closedAt && c.now.getTime() - c.event.closedAt.getTime() > REOPEN_WINDOW_DAYS * 86_400_000
    ? { code: 'events.reopen_window_passed', zh: `结案已超过 ${REOPEN_WINDOW_DAYS} 天，不能重新办理`, en: `Closed more than ${REOPEN_WINDOW_DAYS} days ago` }
    : null);

const DISPATCHER: readonly WorkflowActor[] = ['dispatcher'];
const VERIFIERS: readonly WorkflowActor[] = ['grid_worker', 'dispatcher'];

export const TRANSITIONS: readonly Transition[] = [
  { from: 'reported', action: 'accept', to: 'accepted', roles: DISPATCHER, completes: 'accept' },
  { from: 'reported', action: 'reject', to: 'rejected', roles: DISPATCHER, completes: 'accept', guard: needReason },
  { from: 'reported', action: 'merge', to: 'merged', roles: DISPATCHER, completes: null, guard: needTarget },
  { from: 'accepted', action: 'dispatch', to: 'dispatched', roles: DISPATCHER, completes: 'dispatch', guard: needDepartment },
  { from: 'accepted', action: 'reject', to: 'rejected', roles: DISPATCHER, completes: null, guard: needReason },
  { from: 'accepted', action: 'merge', to: 'merged', roles: DISPATCHER, completes: null, guard: needTarget },
  { from: 'dispatched', action: 'start', to: 'in_progress', roles: DEPARTMENT_ROLES, completes: null },
  { from: 'dispatched', action: 'return', to: 'returned', roles: DEPARTMENT_ROLES, completes: null, guard: needReason },
  { from: 'in_progress', action: 'handle', to: 'handled', roles: DEPARTMENT_ROLES, completes: 'handle', guard: needResult },
  { from: 'in_progress', action: 'return', to: 'returned', roles: DEPARTMENT_ROLES, completes: null, guard: needReason },
  { from: 'returned', action: 'dispatch', to: 'dispatched', roles: DISPATCHER, completes: 'dispatch', guard: needOtherDepartment },
  { from: 'returned', action: 'reject', to: 'rejected', roles: DISPATCHER, completes: null, guard: needReason },
  { from: 'returned', action: 'merge', to: 'merged', roles: DISPATCHER, completes: null, guard: needTarget },
  { from: 'handled', action: 'verify', to: 'verified', roles: VERIFIERS, completes: 'verify' },
  { from: 'handled', action: 'reopen', to: 'reopened', roles: VERIFIERS, completes: 'verify', guard: needReason },
  { from: 'verified', action: 'close', to: 'closed', roles: VERIFIERS, completes: null },
  { from: 'closed', action: 'reopen', to: 'reopened', roles: ['dispatcher', 'grid_worker', 'enterprise', 'public'], completes: null, guard: withinReopenWindow },
  { from: 'reopened', action: 'dispatch', to: 'dispatched', roles: DISPATCHER, completes: 'dispatch', guard: needDepartment },
];

export function findTransition(from: EventStatus, action: EventAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

export type Decision =
  | { ok: true; transition: Transition }
  | { ok: false; reason: 'invalid_transition' | 'role_not_allowed' | 'guard'; failure?: GuardFailure };

/** Whether `actor` may do `action` on an event in status `from` with this input. */
export function decide(from: EventStatus, action: EventAction, actor: WorkflowActor, guardCtx: GuardContext): Decision {
  const t = findTransition(from, action);
  if (!t) return { ok: false, reason: 'invalid_transition' };
  if (!t.roles.includes(actor)) return { ok: false, reason: 'role_not_allowed' };
  const failure = t.guard?.(guardCtx) ?? null;
  if (failure) return { ok: false, reason: 'guard', failure };
  return { ok: true, transition: t };
}

/** The actions the role could take from this status (guards aside: they depend on input). */
export function actionsFor(from: EventStatus, actor: WorkflowActor): EventAction[] {
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(actor)).map((t) => t.action);
}

/** Statuses in which the role has something to do (the to-do list). */
export function todoStatuses(actor: WorkflowActor): EventStatus[] {
  return [...new Set(TRANSITIONS.filter((t) => t.roles.includes(actor)).map((t) => t.from))].filter((s) => s !== 'closed');
}
