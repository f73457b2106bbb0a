import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import {
  availableActions,
  DEMAND_ACTIONS,
  DEMAND_STATUSES,
  DEMAND_TRANSITIONS,
  isTerminal,
  nextStatus,
  type DemandAction,
  type DemandStatus,
} from './enterprise.workflow.ts';

// The expected moves, written out by hand: "from action [unit?] → to : roles".
const EXPECTED = `
collected assign * assigned : enterprise_officer
returned assign * assigned : enterprise_officer
assigned assign * assigned : enterprise_officer
assigned return * returned : handler
collected answer * answered : enterprise_officer
assigned answer * answered : handler enterprise_officer
answered resolve * resolved : handler enterprise_officer
answered confirm * confirmed : enterprise enterprise_officer
resolved confirm * confirmed : enterprise enterprise_officer
answered reject unit assigned : enterprise enterprise_officer
answered reject none collected : enterprise enterprise_officer
resolved reject unit assigned : enterprise enterprise_officer
resolved reject none collected : enterprise enterprise_officer
collected close_unresolved * closed_unresolved : enterprise_officer
assigned close_unresolved * closed_unresolved : enterprise_officer
returned close_unresolved * closed_unresolved : enterprise_officer
answered close_unresolved * closed_unresolved : enterprise_officer
resolved close_unresolved * closed_unresolved : enterprise_officer
`;

interface Expect {
  to: DemandStatus;
  roles: Role[];
}
function expected(from: DemandStatus, action: DemandAction, hasUnit: boolean): Expect | null {
  for (const line of EXPECTED.trim().split('\n')) {
    const [lhs, rhs] = line.split(' : ');
    const [f, a, u, to] = lhs.split(' ');
    if (f !== from || a !== action) continue;
    if (u === 'unit' && !hasUnit) continue;
    if (u === 'none' && hasUnit) continue;
    return { to: to as DemandStatus, roles: rhs.split(' ') as Role[] };
  }
  return null;
}

describe('demand workflow', () => {
  it('allows exactly the listed moves, for exactly the listed roles (every status × action × role × fact)', () => {
    let checked = 0;
    for (const from of DEMAND_STATUSES) {
      for (const action of DEMAND_ACTIONS) {
        for (const hasUnit of [true, false]) {
          const exp = expected(from, action, hasUnit);
          for (const role of ROLES) {
            const r = nextStatus(from, action, role, { hasUnit });
            checked++;
            if (!exp) {
              expect(r, `${from} ${action} ${role} unit=${hasUnit}`).toEqual({ ok: false, reason: 'invalid_transition' });
            } else if (exp.roles.includes(role)) {
              expect(r.ok && r.to, `${from} ${action} ${role} unit=${hasUnit}`).toBe(exp.to);
            } else {
              expect(r, `${from} ${action} ${role}`).toEqual({ ok: false, reason: 'role_not_allowed' });
            }
          }
        }
      }
    }
    expect(checked).toBe(DEMAND_STATUSES.length * DEMAND_ACTIONS.length * 2 * ROLES.length);
  });

  it('has no duplicate rows and every row is reachable', () => {
    const keys = DEMAND_TRANSITIONS.map((t) => `${t.from}|${t.action}|${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    const reachable = new Set<DemandStatus>(['collected']);
    for (let i = 0; i < 5; i++) for (const t of DEMAND_TRANSITIONS) if (reachable.has(t.from)) reachable.add(t.to);
    expect([...reachable].sort()).toEqual([...DEMAND_STATUSES].sort());
  });

  it('ends in confirmed or closed_unresolved, from which nothing moves', () => {
    expect(isTerminal('confirmed')).toBe(true);
    expect(isTerminal('closed_unresolved')).toBe(true);
    for (const role of ROLES) {
      expect(availableActions('confirmed', role, { hasUnit: true })).toEqual([]);
      expect(availableActions('closed_unresolved', role, { hasUnit: true })).toEqual([]);
    }
  });

  it('offers each role its buttons', () => {
    expect(availableActions('collected', 'enterprise_officer', { hasUnit: false })).toEqual(['assign', 'answer', 'close_unresolved']);
    expect(availableActions('assigned', 'handler', { hasUnit: true })).toEqual(['return', 'answer']);
    expect(availableActions('answered', 'enterprise', { hasUnit: true })).toEqual(['confirm', 'reject']);
    expect(availableActions('assigned', 'enterprise', { hasUnit: true })).toEqual([]);
    expect(availableActions('answered', 'leader', { hasUnit: true })).toEqual([]);
  });

  it('names the inputs each move needs', () => {
    const req = (from: DemandStatus, action: DemandAction) => DEMAND_TRANSITIONS.find((t) => t.from === from && t.action === action)?.requires;
    expect(req('collected', 'assign')).toEqual(['unitId']);
    expect(req('assigned', 'return')).toEqual(['reason']);
    expect(req('assigned', 'answer')).toEqual(['answer']);
    expect(req('answered', 'reject')).toEqual(['reason']);
    expect(req('resolved', 'close_unresolved')).toEqual(['reason']);
  });
});
