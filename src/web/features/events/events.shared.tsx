// Pieces the event pages share: status and due-time tags, the category / department / grid look-ups behind
// pickers, the grid outlines for maps, and which role may do what (mirroring events.policy.ts).
import { ClockCircleOutlined, FireOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { Role } from '../../api/types.ts';
import { defineMessages, useI18n, type Lang, type Translate } from '../../app/i18n.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useApi } from '../../shared/use-api.ts';
import { gridsApi } from '../grids/grids.api.ts';
import { orgUnitsApi } from '../org-units/org-units.api.ts';
import {
  eventsApi,
  SOURCE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  type CategoryNode,
  type EventSource,
  type EventStatus,
} from './events.api.ts';
import type { Outline } from './geo-map.tsx';

export const em = defineMessages({
  module: { zh: '网格事件', en: 'Grid events' },
  todo: { zh: '我的待办', en: 'My to-do' },
  list: { zh: '事件列表', en: 'Events' },
  map: { zh: '事件地图', en: 'Event map' },
  stats: { zh: '事件统计', en: 'Figures' },
  categories: { zh: '事件分类', en: 'Categories' },
  report: { zh: '上报事件', en: 'Report an event' },
  code: { zh: '编号', en: 'Code' },
  title: { zh: '标题', en: 'Title' },
  description: { zh: '事件描述', en: 'Description' },
  category: { zh: '分类', en: 'Category' },
  status: { zh: '状态', en: 'Status' },
  source: { zh: '来源', en: 'Source' },
  grid: { zh: '网格', en: 'Grid' },
  department: { zh: '承办部门', en: 'Department' },
  address: { zh: '地址', en: 'Address' },
  reporter: { zh: '上报人', en: 'Reported by' },
  reportedAt: { zh: '上报时间', en: 'Reported' },
  dueAt: { zh: '当前时限', en: 'Due' },
  closedAt: { zh: '结案时间', en: 'Closed' },
  overdue: { zh: '已超期', en: 'Overdue' },
  overdueBy: { zh: '超期 {t}', en: '{t} overdue' },
  left: { zh: '剩余 {t}', en: '{t} left' },
  minutes: { zh: '{n} 分钟', en: '{n} min' },
  hours: { zh: '{n} 小时', en: '{n} h' },
  days: { zh: '{n} 天', en: '{n} d' },
  noDue: { zh: '无时限', en: 'No clock' },
  supervised: { zh: '督办', en: 'Supervised' },
  urgent: { zh: '紧急', en: 'Urgent' },
  outsideGrid: { zh: '网格外', en: 'Outside grids' },
  open: { zh: '查看', en: 'Open' },
});

export function statusLabel(s: string, lang: Lang): string {
  return (STATUS_LABELS as Record<string, { zh: string; en: string }>)[s]?.[lang] ?? s;
}

export function sourceLabel(s: string, lang: Lang): string {
  return (SOURCE_LABELS as Record<string, { zh: string; en: string }>)[s]?.[lang] ?? s;
}

export function StatusTag({ status }: { status: EventStatus | string }) {
  const { lang } = useI18n();
  const color = STATUS_COLORS[status as EventStatus] ?? '#8c8c8c';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="event-status">
      {statusLabel(status, lang)}
    </Tag>
  );
}

/** "3 小时" / "2 天" from minutes. */
export function spanText(minutes: number, t: Translate): string {
  const m = Math.abs(minutes);
  if (m < 60) return t(em.minutes, { n: m });
  if (m < 48 * 60) return t(em.hours, { n: Math.round(m / 6) / 10 });
  return t(em.days, { n: m < 10 * 1440 ? Math.round(m / 144) / 10 : Math.round(m / 1440) });
}

/** Time left before the current stage's due time: red when past it, orange within 4 hours. */
export function DueTag({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  const { t } = useI18n();
  if (!dueAt) return <span style={{ color: '#98a2b3' }}>{t(em.noDue)}</span>;
  const left = Math.round((new Date(dueAt).getTime() - Date.now()) / 60_000);
  const late = overdue || left < 0;
  const color = late ? 'red' : left < 240 ? 'orange' : 'green';
  return (
    <Tooltip title={formatDateTime(dueAt)}>
      <Tag color={color} icon={late ? <FireOutlined /> : <ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="due-tag">
        {late ? t(em.overdueBy, { t: spanText(left, t) }) : t(em.left, { t: spanText(left, t) })}
      </Tag>
    </Tooltip>
  );
}

/** Roles, as events.policy.ts grants them (the server decides; these only choose what to show). */
export const CAN = {
  create: (r: Role) => ['dispatcher', 'grid_worker', 'enterprise'].includes(r),
  annotate: (r: Role) => ['dispatcher', 'leader', 'grid_worker', 'enterprise', 'handler', 'mediator', 'enterprise_officer', 'safety'].includes(r),
  supervise: (r: Role) => ['leader', 'dispatcher'].includes(r),
  requestExtension: (r: Role) => ['handler', 'mediator', 'enterprise_officer', 'safety'].includes(r),
  decideExtension: (r: Role) => ['dispatcher', 'leader'].includes(r),
  revealContact: (r: Role) => r === 'dispatcher',
  metrics: (r: Role) => ['leader', 'law_office', 'dispatcher', 'grid_worker', 'handler'].includes(r),
  export: (r: Role) => ['leader', 'law_office', 'dispatcher', 'grid_worker', 'handler'].includes(r),
  /** Grid outlines (grids.read): every staff role, not enterprise users. */
  grids: (r: Role) => r !== 'enterprise',
  /** Org units (org_units.read), for department pickers and names. */
  departments: (r: Role) => r !== 'enterprise',
  /** Roles with work in the closed loop (the to-do list). */
  todo: (r: Role) => ['dispatcher', 'grid_worker', 'handler', 'mediator', 'enterprise_officer', 'safety'].includes(r),
  manageCategories: (r: Role) => r === 'admin',
};

export function useCategories(includeInactive = false) {
  return useApi((signal) => eventsApi.categories(signal, includeInactive), [includeInactive]);
}

/** Cascader options: top-level categories with their sub-categories; a top-level one may be chosen too. */
export function categoryOptions(tree: CategoryNode[]) {
  return tree.map((c) => ({
    value: c.id,
    label: c.name,
    children: c.children.length ? c.children.map((s) => ({ value: s.id, label: s.name })) : undefined,
  }));
}

/** [parentId, id] or [id] for a category id, for a Cascader value. */
export function categoryPath(tree: CategoryNode[], id: number | undefined): number[] | undefined {
  if (id === undefined) return undefined;
  for (const c of tree) {
    if (c.id === id) return [c.id];
    if (c.children.some((s) => s.id === id)) return [c.id, id];
  }
  return undefined;
}

export function useDepartments(enabled: boolean) {
  return useApi(async (signal) => (enabled ? (await orgUnitsApi.all(signal, false)).filter((u) => u.active) : []), [enabled]);
}

export function useGridList(enabled: boolean) {
  return useApi(async (signal) => (enabled ? gridsApi.all(signal, { level: 'base' }) : []), [enabled]);
}

/** Zone and base grid outlines for the staff maps, the user's own grids highlighted. */
export function useOutlines(enabled: boolean, mine: readonly number[] = []) {
  const key = mine.join(',');
  return useApi(async (signal): Promise<Outline[]> => {
    if (!enabled) return [];
    const fc = await gridsApi.geojson({}, signal);
    return fc.features
      .filter((f) => f.properties.level !== 'micro' && f.properties.active)
      .map((f) => ({ id: f.id, name: f.properties.name, level: f.properties.level, geometry: f.geometry, highlight: mine.includes(f.id) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, key]);
}

export const sourceOptions = (lang: Lang, sources: readonly EventSource[]) => sources.map((s) => ({ value: s, label: sourceLabel(s, lang) }));
