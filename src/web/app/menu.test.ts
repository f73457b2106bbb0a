// The menu hides what a role may not use; these tests keep it in step with the server's policy table and
// with the route registry.
import { describe, expect, it } from 'vitest';
import { policyActions } from '../../server/platform/auth/policy.ts';
import { ROLES } from '../../server/platform/auth/roles.ts';
import { cardsFor, homeCards } from './home-cards.tsx';
import { canUse, flatMenu, MENU, visibleMenu } from './menu.ts';
import { featureRoutes } from './routes.tsx';
import { SEPARATE_DUTY_ROLES as SERVER_DUTY_ROLES } from '../../server/modules/identity/identity.users.service.ts';
import { SEPARATE_DUTY_ROLES } from '../shared/roles.ts';

// Every module's policy table, without loading its routes or services.
import.meta.glob('../../server/modules/*/*.policy.ts', { eager: true });
const registry = policyActions();
const granted = (policies: readonly string[]) =>
  ROLES.filter((role) => policies.some((p) => registry.get(p)?.[role] !== undefined)).sort();

describe('menu', () => {
  const leaves = flatMenu().filter((i) => !i.children);

  it('gives every ready page exactly the roles the server policies grant', () => {
    for (const item of leaves.filter((i) => i.ready && i.policies)) {
      for (const p of item.policies!) expect(registry.has(p), `${item.key}: policy ${p} is not declared on the server`).toBe(true);
      expect([...item.roles].sort(), `${item.key} roles`).toEqual(granted(item.policies!));
    }
  });

  it('matches the server for modules not turned on yet whose policies already exist', () => {
    for (const item of leaves.filter((i) => !i.ready && i.policies?.every((p) => registry.has(p)))) {
      expect([...item.roles].sort(), `${item.key} roles`).toEqual(granted(item.policies!));
    }
  });

  it('has a page for every ready item and a ready menu item behind every page', () => {
    const routed = new Set(featureRoutes.map((r) => r.menuKey));
    for (const item of leaves.filter((i) => i.ready)) expect(routed.has(item.key), `${item.key} has no route`).toBe(true);
    for (const r of featureRoutes) {
      const item = leaves.find((i) => i.key === r.menuKey);
      expect(item?.ready, `route ${r.path} belongs to a menu item that is not ready`).toBe(true);
      expect(item?.path === '/' ? '' : item?.path?.slice(1)).toBe(r.path.replace(/\/\*$/, ''));
    }
    expect(new Set(featureRoutes.map((r) => r.path)).size).toBe(featureRoutes.length);
  });

  it('never shows an unbuilt module, and shows each role only its own pages', () => {
    const keys = (role: (typeof ROLES)[number]) => flatMenu(visibleMenu(role)).map((i) => i.key);
    for (const role of ROLES) for (const k of keys(role)) expect(flatMenu().find((i) => i.key === k)?.ready).toBe(true);
    expect(keys('admin')).toEqual(['home', 'grid-map', 'admin', 'admin.users', 'admin.org-units', 'admin.grids', 'admin.event-categories', 'notifications']);
    expect(keys('security_admin')).toEqual(['home', 'grid-map', 'admin', 'admin.users', 'notifications']);
    expect(keys('audit_admin')).toEqual(['home', 'grid-map', 'audit', 'notifications']);
    expect(keys('grid_worker')).toEqual(['home', 'events', 'safety', 'education', 'grid-map', 'notifications']);
    expect(keys('enterprise')).toEqual(['home', 'events', 'enterprise', 'notifications']);
    expect(canUse('grid_worker', 'admin.users')).toBe(false);
    expect(canUse('admin', 'audit')).toBe(false);
  });

  it('keys are unique', () => {
    const all = flatMenu(MENU).map((i) => i.key);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('home cards', () => {
  it('have unique keys and are ordered', () => {
    expect(new Set(homeCards.map((c) => c.key)).size).toBe(homeCards.length);
    const orders = cardsFor('admin').map((c) => c.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(cardsFor('enterprise').map((c) => c.key)).toEqual([]);
  });
});

describe('separation of duties', () => {
  it('the user form withholds the same roles from the administrator as the server', () => {
    expect([...SEPARATE_DUTY_ROLES].sort()).toEqual([...SERVER_DUTY_ROLES].sort());
  });
});
