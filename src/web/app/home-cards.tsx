// Cards on the 工作台 home page. A module adds its card with one entry: the roles that see it, its
// order (small first) and a lazily loaded component. A card renders its own loading and empty states.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { STAFF_ROLES, type Role } from '../../server/platform/auth/roles.ts';

export interface HomeCard {
  key: string;
  roles: readonly Role[];
  order: number;
  /** Takes the full row width instead of half of it on wide screens. */
  wide?: boolean;
  card: LazyExoticComponent<ComponentType>;
}

export const homeCards: readonly HomeCard[] = [
  {
    key: 'event-todo',
    roles: ['dispatcher', 'grid_worker', 'handler', 'mediator', 'enterprise_officer', 'safety'],
    order: 5,
    card: lazy(() => import('../features/events/todo.card.tsx')),
  },
  { key: 'my-grids', roles: ['grid_worker'], order: 10, card: lazy(() => import('../features/grids/my-grids.card.tsx')) },
  {
    key: 'grid-overview',
    roles: ['admin', 'leader', 'law_office', 'dispatcher'],
    order: 20,
    card: lazy(() => import('../features/grids/grid-overview.card.tsx')),
  },
  { key: 'account-security', roles: STAFF_ROLES, order: 90, card: lazy(() => import('../features/auth/account-security.card.tsx')) },
];

export function cardsFor(role: Role): HomeCard[] {
  return homeCards.filter((c) => c.roles.includes(role)).sort((a, b) => a.order - b.order);
}
