// The demand (诉求) workflow as a table of allowed moves: collected → assigned → answered → resolved → confirmed,
// with returned (退回: the unit says it is not theirs), rejection of an answer by the enterprise (back to the
// unit), and closed_unresolved (办结未解决, with a reason). Pure: the service applies the effects.
import type { Role } from '../../platform/auth/roles.ts';

export const DEMAND_STATUSES = ['collected', 'assigned', 'answered', 'resolved', 'confirmed', 'returned', 'closed_unresolved'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const DEMAND_ACTIONS = ['assign', 'return', 'answer', 'resolve', 'confirm', 'reject', 'close_unresolved'] as const;
export type DemandAction = (typeof DEMAND_ACTIONS)[number];

export const TERMINAL_STATUSES: readonly DemandStatus[] = ['confirmed', 'closed_unresolved'];

export const DEMAND_STATUS_LABELS: Record<DemandStatus, string> = {
  collected: '已收集',
  assigned: '已交办',
  answered: '已答复',
  resolved: '已解决',
  confirmed: '企业已确认',
  returned: '已退回',
  closed_unresolved: '办结未解决',
};

export const DEMAND_ACTION_LABELS: Record<DemandAction, string> = {
  assign: '交办',
  return: '退回',
  answer: '答复',
  resolve: '标记解决',
  confirm: '确认',
  reject: '不认可答复',
  close_unresolved: '办结（未解决）',
};

/** What the guard may look at. */
export interface DemandFacts {
  /** A unit has been assigned (so a rejected answer goes back to it). */
  hasUnit: boolean;
}

export interface Transition {
  from: DemandStatus;
  action: DemandAction;
  to: DemandStatus;
  roles: readonly Role[];
  guard?: (f: DemandFacts) => boolean;
  /** Inputs the action cannot do without. */
  requires: readonly ('unitId' | 'reason' | 'answer')[];
}

const OFFICER: Role[] = ['enterprise_officer'];
const OPEN: DemandStatus[] = ['collected', 'assigned', 'returned', 'answered', 'resolved'];

export const DEMAND_TRANSITIONS: readonly Transition[] = [
  { from: 'collected', action: 'assign', to: 'assigned', roles: OFFICER, requires: ['unitId'] },
  { from: 'returned', action: 'assign', to: 'assigned', roles: OFFICER, requires: ['unitId'] },
  // Re-assignment to another unit while the first has not answered.
  { from: 'assigned', action: 'assign', to: 'assigned', roles: OFFICER, requires: ['unitId'] },
  { from: 'assigned', action: 'return', to: 'returned', roles: ['handler'], requires: ['reason'] },
  // Officers answer simple questions (policy enquiries) themselves, without a unit.
  { from: 'collected', action: 'answer', to: 'answered', roles: OFFICER, requires: ['answer'] },
  { from: 'assigned', action: 'answer', to: 'answered', roles: ['handler', 'enterprise_officer'], requires: ['answer'] },
  { from: 'answered', action: 'resolve', to: 'resolved', roles: ['handler', 'enterprise_officer'], requires: [] },
  // The enterprise confirms (an officer may record a confirmation given by phone or on a visit).
  { from: 'answered', action: 'confirm', to: 'confirmed', roles: ['enterprise', 'enterprise_officer'], requires: [] },
  { from: 'resolved', action: 'confirm', to: 'confirmed', roles: ['enterprise', 'enterprise_officer'], requires: [] },
  ...(['answered', 'resolved'] as const).flatMap((from): Transition[] => [
    { from, action: 'reject', to: 'assigned', roles: ['enterprise', 'enterprise_officer'], guard: (f) => f.hasUnit, requires: ['reason'] },
    { from, action: 'reject', to: 'collected', roles: ['enterprise', 'enterprise_officer'], guard: (f) => !f.hasUnit, requires: ['reason'] },
  ]),
  ...OPEN.map((from): Transition => ({ from, action: 'close_unresolved', to: 'closed_unresolved', roles: OFFICER, requires: ['reason'] })),
];

export type MoveResult =
  | { ok: true; to: DemandStatus; transition: Transition }
  | { ok: false; reason: 'invalid_transition' | 'role_not_allowed' };

/** Where the action leads from the status for this role, or why it may not happen. */
export function nextStatus(from: DemandStatus, action: DemandAction, role: Role, facts: DemandFacts): MoveResult {
  const candidates = DEMAND_TRANSITIONS.filter((t) => t.from === from && t.action === action && (!t.guard || t.guard(facts)));
  if (candidates.length === 0) return { ok: false, reason: 'invalid_transition' };
  const t = candidates.find((c) => c.roles.includes(role));
  if (!t) return { ok: false, reason: 'role_not_allowed' };
  return { ok: true, to: t.to, transition: t };
}

/** The actions a role may take on a demand in this status (for buttons). */
export function availableActions(from: DemandStatus, role: Role, facts: DemandFacts): DemandAction[] {
  const out: DemandAction[] = [];
  for (const a of DEMAND_ACTIONS) if (nextStatus(from, a, role, facts).ok) out.push(a);
  return out;
}

export const isTerminal = (s: DemandStatus): boolean => TERMINAL_STATUSES.includes(s);

export const isDemandStatus = (v: string): v is DemandStatus => (DEMAND_STATUSES as readonly string[]).includes(v);
