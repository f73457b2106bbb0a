import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export const PATROLLER_TYPES = [
  { value: 'auxiliary_police', label: '辅警' },
  { value: 'grid_worker', label: '网格员' },
  { value: 'company_guard', label: '企业保安' },
] as const;
export const patrollerLabel = (t: string) => PATROLLER_TYPES.find((x) => x.value === t)?.label ?? t;
export const SUBJECT_KINDS = [
  { value: 'community_correction', label: '社区矫正' },
  { value: 'resettlement', label: '安置帮教' },
] as const;
export const subjectKindLabel = (k: string) => SUBJECT_KINDS.find((x) => x.value === k)?.label ?? k;
export const CHECKIN_METHODS = [
  { value: 'in_person', label: '当面报到' },
  { value: 'phone', label: '电话' },
  { value: 'video', label: '视频' },
  { value: 'home_visit', label: '走访' },
] as const;

export interface Finding {
  id: number;
  description: string;
  location: string;
  eventId: number | null;
  eventCode: string | null;
}

export interface Patrol {
  id: number;
  patrollerType: string;
  patrollers: string[];
  peopleCount: number;
  gridId: number | null;
  gridName: string | null;
  route: string;
  startedAt: string;
  endedAt: string;
  hours: number;
  notes: string;
  createdByName: string;
  findingCount?: number;
  findings?: Finding[];
  version: number;
}

export interface PoliceMonth {
  id: number;
  month: string;
  criminalFiled: number;
  criminalSolved: number;
  publicSecurityAccepted: number;
  publicSecurityClosed: number;
  source: string;
  enteredByName: string;
  version: number;
}

export interface Subject {
  id: number;
  kind: string;
  nameMasked: string;
  idNumberMasked: string;
  isMinor: boolean;
  supervisionStart: string;
  supervisionEnd: string | null;
  officerName: string;
  reoffended: boolean;
  reoffendedOn: string | null;
  checkinCount: number;
  lastCheckinAt: string | null;
  version: number;
  checkins?: { id: number; checkedAt: string; method: string; note: string; recordedByName: string }[];
}

export interface SafetyFigures {
  patrols: number;
  patrolHours: number;
  byPatrollerType: Record<string, { patrols: number; hours: number }>;
  findings: number;
  findingsToEvents: number;
  police: { criminalFiled: number; criminalSolved: number; publicSecurityAccepted: number; publicSecurityClosed: number; monthsEntered: number };
  subjectsUnderSupervision: number;
  subjectsByKind: Record<string, number>;
  reoffended: number;
  checkins: number;
}

export const safetyApi = {
  patrols: (q: Query, signal?: AbortSignal) => api.get<Page<Patrol>>('/api/safety/patrols', q, { signal }),
  patrol: (id: number, signal?: AbortSignal) => api.get<Patrol>(`/api/safety/patrols/${id}`, undefined, { signal }),
  createPatrol: (body: unknown, key?: string) => api.post<Patrol>('/api/safety/patrols', body, { idempotencyKey: key }),
  linkEvent: (findingId: number, eventId: number) => api.post<Patrol>(`/api/safety/findings/${findingId}/event-link`, { eventId }),
  /** One click: the finding becomes a grid event and is linked to it (409 naming the event when it already is one). */
  toEvent: (findingId: number, body: { categoryId: number; description?: string; address?: string; priority?: 'normal' | 'urgent' }) =>
    api.post<{ event: { id: number; code: string; status: string }; patrol: Patrol }>(`/api/safety/findings/${findingId}/event`, body),
  police: (year: number, signal?: AbortSignal) => api.get<PoliceMonth[]>('/api/safety/police-figures', { year }, { signal }),
  enterPolice: (body: unknown) => api.post<PoliceMonth>('/api/safety/police-figures', body),
  correctPolice: (id: number, body: unknown) => api.patch<PoliceMonth>(`/api/safety/police-figures/${id}`, body),
  subjects: (q: Query, signal?: AbortSignal) => api.get<Page<Subject>>('/api/safety/subjects', q, { signal }),
  subject: (id: number, signal?: AbortSignal) => api.get<Subject>(`/api/safety/subjects/${id}`, undefined, { signal }),
  createSubject: (body: unknown, key?: string) => api.post<Subject>('/api/safety/subjects', body, { idempotencyKey: key }),
  updateSubject: (id: number, body: unknown) => api.patch<Subject>(`/api/safety/subjects/${id}`, body),
  checkin: (id: number, body: unknown) => api.post<Subject>(`/api/safety/subjects/${id}/checkins`, body),
  reveal: (id: number, reason: string) => api.post<{ name: string; idNumber: string; note: string }>(`/api/safety/subjects/${id}/reveal`, { reason }),
  figures: (q: Query, signal?: AbortSignal) => api.get<SafetyFigures>('/api/safety/figures', q, { signal }),
};
