// The pages of the signed-in app. A feature adds its pages with ONE entry here (and sets `ready` on its
// menu item in menu.ts); a feature with several pages points at a component holding its own <Routes>
// and uses a path ending in '/*'. Pages load lazily, each in a chunk of its own.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MenuKey } from './menu.ts';

export interface FeatureRoute {
  /** Path below '/', without the leading slash; '' is the home page; 'events/*' hands sub-paths to the page. */
  path: string;
  /** The menu item whose roles may open the page. */
  menuKey: MenuKey;
  page: LazyExoticComponent<ComponentType>;
}

export const featureRoutes: readonly FeatureRoute[] = [
  { path: '', menuKey: 'home', page: lazy(() => import('../features/home/home.page.tsx')) },
  { path: 'grid-map', menuKey: 'grid-map', page: lazy(() => import('../features/grids/grid-map.page.tsx')) },
  { path: 'admin/users', menuKey: 'admin.users', page: lazy(() => import('../features/users/users.page.tsx')) },
  { path: 'admin/org-units', menuKey: 'admin.org-units', page: lazy(() => import('../features/org-units/org-units.page.tsx')) },
  { path: 'admin/grids', menuKey: 'admin.grids', page: lazy(() => import('../features/grids/grids.page.tsx')) },
  { path: 'audit', menuKey: 'audit', page: lazy(() => import('../features/audit/audit.page.tsx')) },
  { path: 'safety', menuKey: 'safety', page: lazy(() => import('../features/safety/safety.page.tsx')) },
  { path: 'education', menuKey: 'education', page: lazy(() => import('../features/education/education.page.tsx')) },
  { path: 'legal-services', menuKey: 'legal-services', page: lazy(() => import('../features/legal-services/legal-services.page.tsx')) },
  { path: 'plans', menuKey: 'plans', page: lazy(() => import('../features/plans/plans.page.tsx')) },
  { path: 'enterprise/*', menuKey: 'enterprise', page: lazy(() => import('../features/enterprise/enterprise.page.tsx')) },
  { path: 'mediation/*', menuKey: 'mediation', page: lazy(() => import('../features/mediation/mediation.page.tsx')) },
  { path: 'events/*', menuKey: 'events', page: lazy(() => import('../features/events/events.page.tsx')) },
  { path: 'admin/event-categories', menuKey: 'admin.event-categories', page: lazy(() => import('../features/events/categories.page.tsx')) },
  { path: 'notifications', menuKey: 'notifications', page: lazy(() => import('../features/notifications/notifications.page.tsx')) },
  { path: 'assessment/*', menuKey: 'assessment', page: lazy(() => import('../features/assessment/assessment.page.tsx')) },
  { path: 'report/*', menuKey: 'report', page: lazy(() => import('../features/report/report.page.tsx')) },
];
