// The one access policy: role × action → data scope. Modules declare their actions with definePolicy();
// routes name the action they perform; services check every row against the scope they were granted.
import { errors } from '../errors.ts';
import type { Role } from './roles.ts';

/** How much of the jurisdiction's data an action may touch. */
export type Scope = 'jurisdiction' | 'department' | 'grid' | 'enterprise' | 'own';

export interface Actor {
  userId: number;
  jurisdictionId: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  enterpriseId: number | null;
  gridIds: number[];
  sessionId: string;
}

export type PolicyRules = Partial<Record<Role, Scope>>;
export type PolicyTable = Record<string, PolicyRules>;

const registry = new Map<string, PolicyRules>();

/** Registers a module's actions. An action may be declared once. */
export function definePolicy<T extends PolicyTable>(table: T): { [K in keyof T]: K } {
  const names = {} as { [K in keyof T]: K };
  for (const [action, rules] of Object.entries(table)) {
    const existing = registry.get(action);
    if (existing && JSON.stringify(existing) !== JSON.stringify(rules)) {
      throw new Error(`policy action ${action} declared twice`);
    }
    registry.set(action, rules);
    (names as Record<string, string>)[action] = action;
  }
  return names;
}

export function policyActions(): ReadonlyMap<string, PolicyRules> {
  return registry;
}

export function scopeFor(role: Role, action: string): Scope | null {
  const rules = registry.get(action);
  if (!rules) throw new Error(`unknown policy action ${action}`);
  return rules[role] ?? null;
}

/** The scope granted to the actor for the action; 401 without an actor, 403 when the role lacks it. */
export function authorize(actor: Actor | null, action: string): Scope {
  if (!actor) throw errors.unauthenticated();
  const scope = scopeFor(actor.role, action);
  if (!scope) throw errors.forbidden({ action });
  return scope;
}

/** What a row must carry for a scope check. Absent owner fields mean the row has no such owner. */
export interface ScopedRow {
  jurisdictionId: number;
  departmentIds?: readonly (number | null)[];
  gridId?: number | null;
  enterpriseId?: number | null;
  ownerId?: number | null;
}

export function rowInScope(actor: Actor, scope: Scope, row: ScopedRow): boolean {
  if (row.jurisdictionId !== actor.jurisdictionId) return false;
  switch (scope) {
    case 'jurisdiction':
      return true;
    case 'department':
      return actor.orgUnitId !== null && (row.departmentIds ?? []).includes(actor.orgUnitId);
    case 'grid':
      return row.gridId != null && actor.gridIds.includes(row.gridId);
    case 'enterprise':
      return actor.enterpriseId !== null && row.enterpriseId === actor.enterpriseId;
    case 'own':
      return row.ownerId === actor.userId;
    default: {
      const never: never = scope;
      throw new Error(`unhandled scope ${String(never)}`);
    }
  }
}

/**
 * Throws "not found" (not "forbidden") for a row outside the actor's scope, so that a caller cannot learn
 * whether another grid's or department's record exists.
 */
export function assertRowAccess(actor: Actor, scope: Scope, row: ScopedRow | undefined, entity: string, zhName?: string): void {
  if (!row || !rowInScope(actor, scope, row)) throw errors.notFound(entity, zhName);
}
