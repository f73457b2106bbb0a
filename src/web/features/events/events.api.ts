// The events API as the web uses it: categories, lists (filters, search, to-do), detail, moves, photos,
// supervision, extensions, map points, figures and export. Status, source, stage and action labels come from
// the server's own workflow table, so both sides name them alike.
import { api, ApiError, isApiError, newIdempotencyKey, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { currentLang, type Msg } from '../../app/i18n.tsx';
import {
  ACTION_LABELS,
  EVENT_SOURCES,
  EVENT_STATUSES,
  SOURCE_LABELS,
  STAGE_LABELS,
  STAGES,
  STATUS_LABELS,
  TERMINAL_STATUSES,
  type EventAction,
  type EventSource,
  type EventStatus,
  type Stage,
} from '../../../server/modules/events/events.workflow.ts';

export { ACTION_LABELS, EVENT_SOURCES, EVENT_STATUSES, SOURCE_LABELS, STAGE_LABELS, STAGES, STATUS_LABELS, TERMINAL_STATUSES };
export type { EventAction, EventSource, EventStatus, Stage };

export const TIME_UNITS = ['minutes', 'hours', 'calendar_days', 'working_days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const UNIT_LABELS: Record<TimeUnit, Msg> = {
  minutes: { zh: '分钟', en: 'minutes' },
  hours: { zh: '小时', en: 'hours' },
  calendar_days: { zh: '自然日', en: 'calendar days' },
  working_days: { zh: '工作日', en: 'working days' },
};

/** Status colours: one palette for tags, map points and charts. */
export const STATUS_COLORS: Record<EventStatus, string> = {
  reported: '#fa8c16',
  accepted: '#faad14',
  dispatched: '#1677ff',
  in_progress: '#2f54eb',
  handled: '#13c2c2',
  verified: '#52c41a',
  closed: '#389e0d',
  returned: '#eb2f96',
  rejected: '#8c8c8c',
  reopened: '#f5222d',
  merged: '#bfbfbf',
};

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}
export type StageLimits = Partial<Record<Stage, TimeLimit>>;

export interface Category {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  description: string;
  departmentId: number | null;
  effectiveDepartmentId: number | null;
  effectiveDepartmentName: string | null;
  timeLimits: StageLimits;
  effectiveTimeLimits: Record<Stage, TimeLimit>;
  timeLimitText: Record<Stage, string>;
  publicVisible: boolean;
  sort: number;
  active: boolean;
  version: number;
}
export interface CategoryNode extends Category {
  children: Category[];
}

export interface CategoryInput {
  parentId?: number | null;
  code: string;
  name: string;
  description?: string;
  departmentId?: number | null;
  timeLimits?: StageLimits;
  publicVisible?: boolean;
  sort?: number;
}

export interface EventListItem {
  id: number;
  code: string;
  title: string;
  status: EventStatus;
  statusLabel: string;
  source: EventSource;
  sourceLabel: string;
  priority: string;
  categoryId: number;
  categoryName: string;
  gridId: number | null;
  gridName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  address: string;
  lng: number | null;
  lat: number | null;
  reporterName: string;
  reportedAt: string;
  closedAt: string | null;
  stage: Stage | null;
  dueAt: string | null;
  overdue: boolean;
  minutesLeft: number | null;
  allowedActions: EventAction[];
  version: number;
  updatedAt: string;
}

export interface TimelineRow {
  id: number;
  at: string;
  actorName: string;
  actorRole: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string;
  publicNote: string | null;
  departmentId: number | null;
  details: Record<string, unknown>;
}

export interface Photo {
  id: number;
  phase: 'report' | 'handle' | 'verify' | string;
  mime: string;
  sizeBytes: number;
  url: string;
  createdAt: string;
}

export interface Supervision {
  id: number;
  kind: string;
  stage: string | null;
  reason: string;
  raisedByName: string;
  raisedAt: string;
  status: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface Extension {
  id: number;
  stage: string;
  amount: number;
  unit: string;
  reason: string;
  status: string;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  oldDueAt: string | null;
  newDueAt: string | null;
  version: number;
}

export interface EventDetail {
  id: number;
  code: string;
  trackingCode: string;
  title: string;
  description: string;
  address: string;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  gridName: string | null;
  categoryId: number;
  categoryName: string;
  categoryPath: string;
  source: EventSource;
  sourceLabel: string;
  externalSystem: string | null;
  externalId: string | null;
  status: EventStatus;
  statusLabel: string;
  priority: string;
  departmentId: number | null;
  departmentName: string | null;
  enterpriseId: number | null;
  reporterId: number | null;
  reporterName: string;
  contactMasked: string | null;
  reportedAt: string;
  acceptedAt: string | null;
  dispatchedAt: string | null;
  handledAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  stage: Stage | null;
  stageStartedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  overdueCount: number;
  onTime: Record<Stage, boolean | null>;
  reopenCount: number;
  returnCount: number;
  extensionCount: number;
  mergedIntoId: number | null;
  mergedIntoCode: string | null;
  endReason: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  version: number;
  allowedActions: EventAction[];
  timeline: TimelineRow[];
  photos: Photo[];
  supervisions: Supervision[];
  extensions: Extension[];
}

export interface EventFilters {
  status?: EventStatus[];
  gridId?: number;
  categoryId?: number;
  source?: EventSource[];
  departmentId?: number;
  from?: string;
  to?: string;
  overdue?: boolean;
  supervised?: boolean;
  q?: string;
  todo?: boolean;
}

export const EVENT_SORTS = ['reportedAt', 'dueAt', 'updatedAt', 'id', 'status'] as const;
export type EventSort = (typeof EVENT_SORTS)[number];

export interface CreateEventInput {
  categoryId: number;
  title?: string;
  description: string;
  address?: string;
  lng?: number;
  lat?: number;
  gridId?: number;
  priority?: 'normal' | 'urgent';
  source?: 'hotline' | 'transfer' | 'public' | 'grid_worker';
  contactName?: string;
  contactPhone?: string;
}

export interface MoveInput {
  action: EventAction;
  version: number;
  note?: string;
  reason?: string;
  departmentId?: number;
  targetId?: number;
  publicNote?: string;
}

export interface Duplicate {
  id: number | null;
  code: string | null;
  title: string;
  status: string;
  address: string;
  distanceM: number;
  reportedAt: string;
}

export interface MapPoint {
  id: number;
  code: string;
  title: string;
  status: EventStatus;
  overdue: boolean;
  lng: number;
  lat: number;
  gridId: number | null;
  categoryId: number;
}

export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

export interface BreakdownRow {
  key: string;
  label: string;
  reported: number;
  accepted: number;
  dispatched: number;
  handled: number;
  closed: number;
  rejected: number;
  merged: number;
  open: number;
  overdueOpen: number;
  closedLoop: Rate;
  onTimeClose: Rate;
  avgHandlingHours: number | null;
}

export interface Metrics {
  period: { from: string; to: string; timeZone: string };
  reported: number;
  accepted: number;
  dispatched: number;
  handled: number;
  closed: number;
  closedVerified: number;
  closedOnTime: number;
  rejected: number;
  merged: number;
  open: number;
  overdueOpen: number;
  closedLoop: Rate;
  onTimeClose: Rate;
  avgHandlingHours: number | null;
  rates: {
    closedLoop: Rate;
    acceptance: Rate;
    onTimeClose: Rate;
    onTimeByStage: Record<Stage, Rate>;
    reopen: Rate;
    extension: Rate;
    overdue: Rate;
  };
  satisfaction: { rated: number; average: number | null };
  handlingTime: { closed: number; averageHours: number | null; p90Hours: number | null; p90Method: 'exact' | 'histogram' };
  byGrid: BreakdownRow[];
  byCategory: BreakdownRow[];
  byDepartment: BreakdownRow[];
  bySource: BreakdownRow[];
  byMonth: BreakdownRow[];
  definitions: Record<string, string>;
}

export interface MetricsQuery {
  from: string;
  to: string;
  gridId?: number;
  categoryId?: number;
  departmentId?: number;
  source?: EventSource[];
}

export type PhotoPhase = 'report' | 'handle' | 'verify';
export const PHOTO_PHASE_LABELS: Record<PhotoPhase, Msg> = {
  report: { zh: '上报照片', en: 'Reported' },
  handle: { zh: '处置照片', en: 'Handling' },
  verify: { zh: '核查照片', en: 'Verification' },
};
export const MAX_PHOTOS = 9;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

const toQuery = (f: EventFilters & Record<string, unknown>): Query => {
  const q: Query = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q[k] = v as string[];
    } else q[k] = v as string | number | boolean;
  }
  return q;
};

/** A multipart upload (the JSON client does not do files): cookie, CSRF token, the server's error shape. */
async function upload<T>(path: string, files: File[], csrfToken: string | null): Promise<T> {
  const body = new FormData();
  for (const f of files) body.append('file', f, f.name);
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method: 'POST', body, credentials: 'same-origin', headers });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? `http.${res.status}`, e?.message ?? `HTTP ${res.status}`, e?.details ?? {}, res.headers.get('x-request-id'));
  }
  return data as T;
}

export { upload as uploadFiles };

export const eventsApi = {
  categories: (signal?: AbortSignal, includeInactive = false) =>
    api.get<CategoryNode[]>('/api/event-categories', includeInactive ? { includeInactive } : undefined, { signal }),
  createCategory: (body: CategoryInput, idempotencyKey?: string) => api.post<Category>('/api/event-categories', body, { idempotencyKey }),
  updateCategory: (id: number, body: Partial<CategoryInput> & { version: number; active?: boolean }) =>
    api.patch<Category>(`/api/event-categories/${id}`, body),

  list: (f: EventFilters, paging: { page: number; pageSize: number; sort?: EventSort; order?: 'asc' | 'desc' }, signal?: AbortSignal) =>
    api.get<Page<EventListItem> & { totalCapped: boolean }>('/api/events', toQuery({ ...f, ...paging }), { signal }),
  map: (f: EventFilters, signal?: AbortSignal) => api.get<MapPoint[]>('/api/events/map', toQuery({ ...f }), { signal }),
  duplicates: (q: { categoryId: number; lng: number; lat: number; excludeId?: number }, signal?: AbortSignal) =>
    api.get<Duplicate[]>('/api/events/duplicates', q, { signal }),
  metrics: (q: MetricsQuery, signal?: AbortSignal) => api.get<Metrics>('/api/events/metrics', toQuery({ ...q }), { signal }),
  exportUrl: (kind: 'csv' | 'xlsx', f: EventFilters) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(toQuery({ ...f }))) {
      if (Array.isArray(v)) for (const x of v) params.append(k, String(x));
      else params.append(k, String(v));
    }
    const qs = params.toString();
    return `/api/events/export.${kind}${qs ? `?${qs}` : ''}`;
  },

  get: (id: number, signal?: AbortSignal) => api.get<EventDetail>(`/api/events/${id}`, undefined, { signal }),
  create: (body: CreateEventInput, idempotencyKey: string) => api.post<EventDetail>('/api/events', body, { idempotencyKey }),
  move: (id: number, body: MoveInput) => api.post<EventDetail>(`/api/events/${id}/transitions`, body),
  comment: (id: number, body: { note: string; publicNote?: string }) => api.post<EventDetail>(`/api/events/${id}/comments`, body),
  photos: (id: number, phase: PhotoPhase, files: File[], csrfToken: string | null) =>
    upload<Photo[]>(`/api/events/${id}/photos?phase=${phase}`, files, csrfToken),
  revealContact: (id: number, reason: string) => api.post<{ phone: string }>(`/api/events/${id}/contact/reveal`, { reason }),
  supervise: (id: number, reason: string) => api.post<EventDetail>(`/api/events/${id}/supervisions`, { reason }),
  resolveSupervision: (id: number, supervisionId: number, resolution: string) =>
    api.post<EventDetail>(`/api/events/${id}/supervisions/${supervisionId}/resolve`, { resolution }),
  requestExtension: (id: number, body: { amount: number; unit: TimeUnit; reason: string }) => api.post<Extension>(`/api/events/${id}/extensions`, body),
  decideExtension: (id: number, extensionId: number, body: { approve: boolean; note?: string; version: number }) =>
    api.post<Extension>(`/api/events/${id}/extensions/${extensionId}/decision`, body),
};

/** Downloads a file from a GET endpoint (the export), keeping the server's error message on failure. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN' } });
  if (!res.ok) {
    type ErrorBody = { error?: { code: string; message: string } };
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(res.status, body?.error?.code ?? `http.${res.status}`, body?.error?.message ?? `HTTP ${res.status}`);
  }
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]) : fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export const isStale = (e: unknown) => isApiError(e) && e.status === 409 && e.code.endsWith('stale_version');
export { newIdempotencyKey };
