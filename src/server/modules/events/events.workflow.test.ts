import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/auth/roles.ts';
import {
  actionsFor,
  decide,
  EVENT_ACTIONS,
  EVENT_STATUSES,
  findTransition,
  isTerminal,
  OPEN_STATUSES,
  REOPEN_WINDOW_DAYS,
  stageOf,
  STATUS_LABELS,
  todoStatuses,
  TRANSITIONS,
  type GuardContext,
  type WorkflowActor,
} from './events.workflow.ts';

const ACTORS: WorkflowActor[] = [...ROLES, 'public'];
const DEPT = ['handler', 'mediator', 'enterprise_officer', 'safety'];

// Written out by hand from the design, independently of the table: "from:action → to" and who may do it.
const EXPECTED: Record<string, { to: string; roles: string[] }> = {
  'reported:accept': { to: 'accepted', roles: ['dispatcher'] },
  'reported:reject': { to: 'rejected', roles: ['dispatcher'] },
  'reported:merge': { to: 'merged', roles: ['dispatcher'] },
  'accepted:dispatch': { to: 'dispatched', roles: ['dispatcher'] },
  'accepted:reject': { to: 'rejected', roles: ['dispatcher'] },
  'accepted:merge': { to: 'merged', roles: ['dispatcher'] },
  'dispatched:start': { to: 'in_progress', roles: DEPT },
  'dispatched:return': { to: 'returned', roles: DEPT },
  'in_progress:handle': { to: 'handled', roles: DEPT },
  'in_progress:return': { to: 'returned', roles: DEPT },
  'returned:dispatch': { to: 'dispatched', roles: ['dispatcher'] },
  'returned:reject': { to: 'rejected', roles: ['dispatcher'] },
  'returned:merge': { to: 'merged', roles: ['dispatcher'] },
  'handled:verify': { to: 'verified', roles: ['grid_worker', 'dispatcher'] },
  'handled:reopen': { to: 'reopened', roles: ['grid_worker', 'dispatcher'] },
  'verified:close': { to: 'closed', roles: ['grid_worker', 'dispatcher'] },
  'closed:reopen': { to: 'reopened', roles: ['dispatcher', 'grid_worker', 'enterprise', 'public'] },
  'reopened:dispatch': { to: 'dispatched', roles: ['dispatcher'] },
};

const now = new Date('2020-06-10T10:00:00+08:00');
/** Input that passes every guard, so that only the table decides. */
const goodCtx = (): GuardContext => ({
  event: { id: 1, departmentId: 5, closedAt: new Date('2020-06-09T10:00:00+08:00') },
  input: { note: '已清理完毕', reason: '不属于本部门职责', departmentId: 7, targetId: 2 },
  now,
});

describe('event workflow table', () => {
  it('has no duplicate (from, action) rows and only known statuses', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}:${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of TRANSITIONS) {
      expect(EVENT_STATUSES).toContain(t.from);
      expect(EVENT_STATUSES).toContain(t.to);
    }
  });

  it('is exactly the designed set of moves', () => {
    const actual = Object.fromEntries(TRANSITIONS.map((t) => [`${t.from}:${t.action}`, { to: t.to, roles: [...t.roles].sort() }]));
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, { to: v.to, roles: [...v.roles].sort() }]));
    expect(actual).toEqual(expected);
  });

  // Every status × action × actor: allowed exactly when the design says so; otherwise the precise refusal.
  const cases = EVENT_STATUSES.flatMap((s) => EVENT_ACTIONS.flatMap((a) => ACTORS.map((r) => [s, a, r] as const)));
  it.each(cases)('%s --%s--> as %s', (status, action, actor) => {
    const d = decide(status, action, actor, goodCtx());
    const exp = EXPECTED[`${status}:${action}`];
    if (!exp) {
      expect(d).toEqual({ ok: false, reason: 'invalid_transition' });
    } else if (!exp.roles.includes(actor)) {
      expect(d).toEqual({ ok: false, reason: 'role_not_allowed' });
    } else {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.transition.to).toBe(exp.to);
    }
  });

  it('nothing leaves rejected or merged; closed only reopens', () => {
    for (const a of EVENT_ACTIONS) {
      expect(findTransition('rejected', a)).toBeUndefined();
      expect(findTransition('merged', a)).toBeUndefined();
      if (a !== 'reopen') expect(findTransition('closed', a)).toBeUndefined();
    }
  });

  it('closes only from verified: "closed" always means closed after verification', () => {
    expect(TRANSITIONS.filter((t) => t.to === 'closed').map((t) => t.from)).toEqual(['verified']);
    expect(TRANSITIONS.filter((t) => t.to === 'verified').map((t) => t.from)).toEqual(['handled']);
  });

  it('every open status can be left by someone, and every status is reachable from reported', () => {
    for (const s of OPEN_STATUSES) expect(TRANSITIONS.some((t) => t.from === s), s).toBe(true);
    const seen = new Set<string>(['reported']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of TRANSITIONS) if (seen.has(t.from) && !seen.has(t.to)) seen.add(t.to), (grew = true);
    }
    expect([...seen].sort()).toEqual([...EVENT_STATUSES].sort());
  });

  it('labels every status, and stages follow the statuses', () => {
    for (const s of EVENT_STATUSES) expect(STATUS_LABELS[s].zh).not.toBe('');
    expect(EVENT_STATUSES.map((s) => [s, stageOf(s)])).toEqual([
      ['reported', 'accept'],
      ['accepted', 'dispatch'],
      ['dispatched', 'handle'],
      ['in_progress', 'handle'],
      ['handled', 'verify'],
      ['verified', null],
      ['closed', null],
      ['returned', 'dispatch'],
      ['rejected', null],
      ['reopened', 'dispatch'],
      ['merged', null],
    ]);
    for (const s of EVENT_STATUSES) expect(isTerminal(s)).toBe(['closed', 'rejected', 'merged'].includes(s));
  });

  it('records on-time results for the stage a move completes', () => {
    const completes = Object.fromEntries(TRANSITIONS.filter((t) => t.completes).map((t) => [`${t.from}:${t.action}`, t.completes]));
    expect(completes).toEqual({
      'reported:accept': 'accept',
      'reported:reject': 'accept',
      'accepted:dispatch': 'dispatch',
      'returned:dispatch': 'dispatch',
      'reopened:dispatch': 'dispatch',
      'in_progress:handle': 'handle',
      'handled:verify': 'verify',
      'handled:reopen': 'verify',
    });
  });
});

describe('guards', () => {
  const ctx = (input: GuardContext['input'], event: Partial<GuardContext['event']> = {}, at = now): GuardContext => ({
    event: { id: 1, departmentId: 5, closedAt: null, ...event },
    input,
    now: at,
  });
  const fail = (d: ReturnType<typeof decide>) => (d.ok ? null : d.failure?.code);

  it('rejecting (不予受理), returning and reopening need a reason', () => {
    expect(fail(decide('reported', 'reject', 'dispatcher', ctx({})))).toBe('events.reason_required');
    expect(fail(decide('reported', 'reject', 'dispatcher', ctx({ reason: ' 不 ' })))).toBe('events.reason_required');
    expect(decide('reported', 'reject', 'dispatcher', ctx({ reason: '不属于受理范围' })).ok).toBe(true);
    expect(fail(decide('dispatched', 'return', 'handler', ctx({ note: 'x' })))).toBe('events.reason_required');
    expect(fail(decide('handled', 'reopen', 'grid_worker', ctx({})))).toBe('events.reason_required');
  });

  it('dispatching needs a department; after a return, a different one', () => {
    expect(fail(decide('accepted', 'dispatch', 'dispatcher', ctx({})))).toBe('events.department_required');
    expect(decide('accepted', 'dispatch', 'dispatcher', ctx({ departmentId: 5 })).ok).toBe(true);
    expect(fail(decide('returned', 'dispatch', 'dispatcher', ctx({ departmentId: 5 })))).toBe('events.same_department');
    expect(decide('returned', 'dispatch', 'dispatcher', ctx({ departmentId: 6 })).ok).toBe(true);
    expect(decide('reopened', 'dispatch', 'dispatcher', ctx({ departmentId: 5 })).ok).toBe(true);
  });

  it('handling needs a result', () => {
    expect(fail(decide('in_progress', 'handle', 'handler', ctx({})))).toBe('events.result_required');
    expect(decide('in_progress', 'handle', 'handler', ctx({ note: '已清理' })).ok).toBe(true);
  });

  it('merging needs another event', () => {
    expect(fail(decide('reported', 'merge', 'dispatcher', ctx({})))).toBe('events.merge_target_required');
    expect(fail(decide('reported', 'merge', 'dispatcher', ctx({ targetId: 1 })))).toBe('events.merge_self');
    expect(decide('reported', 'merge', 'dispatcher', ctx({ targetId: 2 })).ok).toBe(true);
  });

  it(`a closed event reopens only within ${REOPEN_WINDOW_DAYS} days`, () => {
    const closedAt = new Date('2020-06-01T00:00:00Z');
    const inside = new Date(closedAt.getTime() + REOPEN_WINDOW_DAYS * 86_400_000);
    const outside = new Date(inside.getTime() + 1);
    expect(decide('closed', 'reopen', 'public', ctx({ reason: '问题仍未解决' }, { closedAt }, inside)).ok).toBe(true);
    expect(fail(decide('closed', 'reopen', 'public', ctx({ reason: '问题仍未解决' }, { closedAt }, outside)))).toBe('events.reopen_window_passed');
  });
});

describe('what each role sees to do', () => {
  it('lists actions per status and the to-do statuses per role', () => {
    expect(actionsFor('reported', 'dispatcher').sort()).toEqual(['accept', 'merge', 'reject']);
    expect(actionsFor('reported', 'handler')).toEqual([]);
    expect(actionsFor('in_progress', 'mediator').sort()).toEqual(['handle', 'return']);
    expect(todoStatuses('handler').sort()).toEqual(['dispatched', 'in_progress']);
    expect(todoStatuses('grid_worker').sort()).toEqual(['handled', 'verified']);
    expect(todoStatuses('dispatcher').sort()).toEqual(['accepted', 'handled', 'reopened', 'reported', 'returned', 'verified']);
    expect(todoStatuses('leader')).toEqual([]);
  });
});
