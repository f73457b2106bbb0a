import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { assertRowAccess, authorize, definePolicy, rowInScope, scopeFor, type Actor, type Scope } from './policy.ts';
import { ROLES } from './roles.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 7,
  jurisdictionId: 1,
  username: 'u7',
  displayName: '测试',
  role: 'handler',
  orgUnitId: 30,
  enterpriseId: 500,
  gridIds: [11, 12],
  sessionId: 's',
  ...over,
});

const actions = definePolicy({
  'policytest.read': { leader: 'jurisdiction', handler: 'department', grid_worker: 'grid', enterprise: 'enterprise', lawyer: 'own' },
  'policytest.none': {},
});

describe('policy decisions', () => {
  it('gives each role the scope its table names, and nothing to roles it omits', () => {
    expect(scopeFor('leader', actions['policytest.read'])).toBe('jurisdiction');
    expect(scopeFor('handler', actions['policytest.read'])).toBe('department');
    expect(scopeFor('grid_worker', actions['policytest.read'])).toBe('grid');
    expect(scopeFor('enterprise', actions['policytest.read'])).toBe('enterprise');
    expect(scopeFor('lawyer', actions['policytest.read'])).toBe('own');
    for (const r of ROLES.filter((x) => !['leader', 'handler', 'grid_worker', 'enterprise', 'lawyer'].includes(x))) {
      expect(scopeFor(r, actions['policytest.read']), r).toBeNull();
    }
  });

  it('refuses an unknown action loudly rather than allowing it', () => {
    expect(() => scopeFor('admin', 'no.such.action')).toThrow(/unknown policy action/);
  });

  it('refuses to redeclare an action with different rules', () => {
    expect(() => definePolicy({ 'policytest.read': { admin: 'jurisdiction' } })).toThrow(/declared twice/);
  });

  it('authorize: 401 without an actor, 403 for a role without a scope, the scope otherwise', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as AppError;
      }
      throw new Error('did not throw');
    };
    expect(err(() => authorize(null, actions['policytest.read'])).status).toBe(401);
    expect(err(() => authorize(actor({ role: 'admin' }), actions['policytest.read'])).status).toBe(403);
    expect(err(() => authorize(actor({ role: 'leader' }), actions['policytest.none'])).status).toBe(403);
    expect(authorize(actor({ role: 'handler' }), actions['policytest.read'])).toBe('department');
  });
});

describe('rowInScope', () => {
  const a = actor();
  const cases: { scope: Scope; inside: object; outside: object[] }[] = [
    { scope: 'jurisdiction', inside: {}, outside: [] },
    { scope: 'department', inside: { departmentIds: [99, 30] }, outside: [{ departmentIds: [31] }, { departmentIds: [] }, {}, { departmentIds: [null] }] },
    { scope: 'grid', inside: { gridId: 12 }, outside: [{ gridId: 13 }, { gridId: null }, {}] },
    { scope: 'enterprise', inside: { enterpriseId: 500 }, outside: [{ enterpriseId: 501 }, { enterpriseId: null }, {}] },
    { scope: 'own', inside: { ownerId: 7 }, outside: [{ ownerId: 8 }, { ownerId: null }, {}] },
  ];

  for (const c of cases) {
    it(`${c.scope}: admits its own rows and refuses others`, () => {
      expect(rowInScope(a, c.scope, { jurisdictionId: 1, ...c.inside })).toBe(true);
      for (const o of c.outside) expect(rowInScope(a, c.scope, { jurisdictionId: 1, ...o }), JSON.stringify(o)).toBe(false);
      // Never across jurisdictions, whatever the scope.
      expect(rowInScope(a, c.scope, { jurisdictionId: 2, ...c.inside })).toBe(false);
    });
  }

  it('department scope admits nothing to an actor without a department', () => {
    expect(rowInScope(actor({ orgUnitId: null }), 'department', { jurisdictionId: 1, departmentIds: [null] })).toBe(false);
  });

  it('enterprise scope admits nothing to an actor without an enterprise', () => {
    expect(rowInScope(actor({ enterpriseId: null }), 'enterprise', { jurisdictionId: 1, enterpriseId: null })).toBe(false);
  });

  it('grid scope admits nothing to an actor without grids', () => {
    expect(rowInScope(actor({ gridIds: [] }), 'grid', { jurisdictionId: 1, gridId: 11 })).toBe(false);
  });

  it('assertRowAccess answers 404, not 403, for rows out of scope and for missing rows', () => {
    expect(() => assertRowAccess(a, 'own', { jurisdictionId: 1, ownerId: 7 }, 'thing')).not.toThrow();
    for (const row of [undefined, { jurisdictionId: 1, ownerId: 8 }]) {
      try {
        assertRowAccess(a, 'own', row, 'thing', '事项');
        throw new Error('did not throw');
      } catch (e) {
        expect((e as AppError).status).toBe(404);
        expect((e as AppError).code).toBe('thing.not_found');
      }
    }
  });
});
