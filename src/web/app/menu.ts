// The side menu: one row per module of DESIGN.md, with the roles that may use it. The server decides
// every request; this table only hides what a role could not use anyway, and menu.test.ts checks it
// against the server's policies (`policies`: a role sees the item when any of them grants it a scope).
// A module appears only once it is `ready` (its builder sets the flag and adds its pages to routes.tsx).
import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GlobalOutlined,
  HomeOutlined,
  ReadOutlined,
  SafetyOutlined,
  SettingOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  ApartmentOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import { ROLES, type Role } from '../../server/platform/auth/roles.ts';
import type { Msg } from './i18n.tsx';

export type MenuKey =
  | 'home'
  | 'events'
  | 'enterprise'
  | 'mediation'
  | 'safety'
  | 'education'
  | 'legal-services'
  | 'plans'
  | 'assessment'
  | 'report'
  | 'grid-map'
  | 'admin'
  | 'admin.users'
  | 'admin.org-units'
  | 'admin.grids'
  | 'admin.event-categories'
  | 'audit'
  | 'notifications';

export interface MenuItemDef {
  key: MenuKey;
  label: Msg;
  icon: ComponentType;
  /** Where the item links to (absent for a group). */
  path?: string;
  /** Roles that see the item. A group is shown when one of its children is. */
  roles: readonly Role[];
  /** Server policy actions behind the page; the menu test checks `roles` against them. */
  policies?: readonly string[];
  /** Only ready modules are shown; unbuilt ones never appear as placeholder pages. */
  ready: boolean;
  children?: readonly MenuItemDef[];
}

const ALL: readonly Role[] = ROLES;

export const MENU: readonly MenuItemDef[] = [
  { key: 'home', label: { zh: '工作台', en: 'Workbench' }, icon: HomeOutlined, path: '/', roles: ALL, ready: true },
  {
    key: 'events',
    label: { zh: '网格事件', en: 'Grid events' },
    icon: AlertOutlined,
    path: '/events',
    roles: ['leader', 'law_office', 'dispatcher', 'grid_worker', 'handler', 'enterprise_officer', 'mediator', 'safety', 'enterprise'],
    policies: ['events.read'],
    ready: true,
  },
  {
    key: 'enterprise',
    label: { zh: '企业服务', en: 'Enterprise services' },
    icon: BankOutlined,
    path: '/enterprise',
    roles: ['leader', 'law_office', 'dispatcher', 'handler', 'enterprise_officer', 'enterprise'],
    policies: ['enterprise.read'],
    ready: true,
  },
  {
    key: 'mediation',
    label: { zh: '矛盾调处', en: 'Mediation' },
    icon: SolutionOutlined,
    path: '/mediation',
    roles: ['leader', 'handler', 'mediator'],
    policies: ['mediation.intakes.read', 'mediation.disputes.read', 'mediation.petitions.read'],
    ready: true,
  },
  {
    key: 'safety',
    label: { zh: '平安建设', en: 'Public safety' },
    icon: SafetyOutlined,
    path: '/safety',
    roles: ['leader', 'law_office', 'dispatcher', 'grid_worker', 'safety'],
    policies: ['safety.patrols.read', 'safety.police.read', 'safety.subjects.read'],
    ready: true,
  },
  {
    key: 'education',
    label: { zh: '学法普法', en: 'Law education' },
    icon: ReadOutlined,
    path: '/education',
    // Every official records their own study hours; the office sees everyone's.
    roles: ['leader', 'law_office', 'dispatcher', 'grid_worker', 'handler', 'enterprise_officer', 'mediator', 'safety', 'lawyer'],
    policies: ['education.study.read', 'education.publicity.read'],
    ready: true,
  },
  {
    key: 'legal-services',
    label: { zh: '法律服务', en: 'Legal services' },
    icon: BookOutlined,
    path: '/legal-services',
    roles: ['leader', 'law_office', 'lawyer'],
    policies: ['legal.services.read'],
    ready: true,
  },
  {
    key: 'plans',
    label: { zh: '法治建设计划', en: 'Rule-of-law plans' },
    icon: CalendarOutlined,
    path: '/plans',
    roles: ['leader', 'law_office', 'dispatcher', 'handler'],
    policies: ['plans.read', 'plans.tasks.read'],
    ready: true,
  },
  {
    key: 'assessment',
    label: { zh: '自我测评', en: 'Self-assessment' },
    icon: DashboardOutlined,
    path: '/assessment',
    roles: ['leader', 'law_office'],
    policies: ['assessment.self.read'],
    ready: true,
  },
  {
    key: 'report',
    label: { zh: '年度报告', en: 'Annual report' },
    icon: FileTextOutlined,
    path: '/report',
    roles: ['leader', 'law_office'],
    policies: ['report.read'],
    ready: true,
  },
  {
    key: 'grid-map',
    label: { zh: '网格地图', en: 'Grid map' },
    icon: GlobalOutlined,
    path: '/grid-map',
    // Every staff role: a grid worker needs every outline to find their way; enterprise contacts do not.
    roles: [
      'admin', 'security_admin', 'audit_admin', 'leader', 'law_office', 'dispatcher', 'grid_worker', 'handler',
      'enterprise_officer', 'mediator', 'safety', 'lawyer',
    ],
    policies: ['grids.read'],
    ready: true,
  },
  {
    key: 'admin',
    label: { zh: '系统管理', en: 'Administration' },
    icon: SettingOutlined,
    roles: [],
    ready: true,
    children: [
      {
        key: 'admin.users',
        label: { zh: '用户管理', en: 'Users' },
        icon: TeamOutlined,
        path: '/admin/users',
        roles: ['admin', 'security_admin'],
        policies: ['users.manage', 'users.security', 'users.reset_password', 'users.reset_totp'],
        ready: true,
      },
      {
        key: 'admin.org-units',
        label: { zh: '组织机构', en: 'Organisation' },
        icon: ApartmentOutlined,
        path: '/admin/org-units',
        roles: ['admin'],
        policies: ['org_units.manage'],
        ready: true,
      },
      {
        key: 'admin.grids',
        label: { zh: '网格管理', en: 'Grids' },
        icon: ClusterOutlined,
        path: '/admin/grids',
        roles: ['admin'],
        policies: ['grids.manage'],
        ready: true,
      },
      {
        key: 'admin.event-categories',
        label: { zh: '事件分类', en: 'Event categories' },
        icon: TagsOutlined,
        path: '/admin/event-categories',
        roles: ['admin'],
        policies: ['event_categories.manage'],
        ready: true,
      },
    ],
  },
  {
    key: 'audit',
    label: { zh: '审计日志', en: 'Audit log' },
    icon: AuditOutlined,
    path: '/audit',
    roles: ['audit_admin'],
    policies: ['audit.read'],
    ready: true,
  },
  {
    key: 'notifications',
    label: { zh: '通知中心', en: 'Notifications' },
    icon: BellOutlined,
    path: '/notifications',
    roles: ALL,
    policies: ['notifications.self'],
    ready: true,
  },
];

/** Every item, groups and children, in menu order. */
export function flatMenu(items: readonly MenuItemDef[] = MENU): MenuItemDef[] {
  return items.flatMap((i) => [i, ...flatMenu(i.children ?? [])]);
}

export function menuItem(key: MenuKey): MenuItemDef {
  const item = flatMenu().find((i) => i.key === key);
  if (!item) throw new Error(`unknown menu key ${key}`);
  return item;
}

/** Whether the role may open the item's page (ready and granted). */
export function canUse(role: Role, key: MenuKey): boolean {
  const item = menuItem(key);
  return item.ready && item.roles.includes(role);
}

/** The menu a role sees: ready items it may use; groups with at least one such child. */
export function visibleMenu(role: Role, items: readonly MenuItemDef[] = MENU): MenuItemDef[] {
  const out: MenuItemDef[] = [];
  for (const item of items) {
    if (!item.ready) continue;
    if (item.children) {
      const children = visibleMenu(role, item.children);
      if (children.length > 0) out.push({ ...item, children });
    } else if (item.roles.includes(role)) {
      out.push(item);
    }
  }
  return out;
}
