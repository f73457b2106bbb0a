import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export const STUDY_FORMS = [
  { value: 'central_group', label: '中心组学习' },
  { value: 'lecture', label: '法治讲座' },
  { value: 'training', label: '法治培训' },
  { value: 'online', label: '网上学法' },
  { value: 'self_study', label: '自学' },
  { value: 'other', label: '其他' },
] as const;
export const formLabel = (f: string) => STUDY_FORMS.find((x) => x.value === f)?.label ?? f;
export const THEMES = ['安全生产月', '禁毒宣传月', '民法典宣讲', '12·4宪法宣传日', '法律进工地', '3·15消费者权益日', '国家安全教育日', '扫黑除恶专项斗争', '优化营商环境'];

export interface StudyRecord {
  id: number;
  userId: number;
  userName: string;
  course: string;
  hours: number;
  studiedOn: string;
  form: string;
  source: string;
  version: number;
}

export interface ComplianceRow {
  userId: number;
  name: string;
  role: string;
  orgUnitName: string | null;
  hours: number;
  hoursMet: boolean;
  examPassed: boolean | null;
  examScore: number | null;
  compliant: boolean;
}

export interface Compliance extends Page<ComplianceRow> {
  year: number;
  requiredHours: number;
  officials: number;
  belowHours: number;
  notPassed: number;
}

export interface Duty {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  year: number;
  law: string;
  plannedActivities: { title: string; month: string }[];
  eventsHeld: number;
  version: number;
}

export interface PublicityEvent {
  id: number;
  title: string;
  theme: string;
  heldOn: string;
  enterpriseId: number | null;
  enterpriseName: string | null;
  place: string;
  organiserOrgUnitId: number | null;
  organiserOrgUnitName: string | null;
  organiser: string;
  participants: number;
  materials: { kind: string; count: number }[];
  materialsTotal: number;
  photos: { name: string; ref: string }[];
  dutyId: number | null;
  version: number;
}

export interface PublicityInput {
  title: string;
  theme: string;
  heldOn: string;
  enterpriseId?: number | null;
  place?: string;
  organiserOrgUnitId?: number | null;
  participants?: number;
  materials?: { kind: string; count: number }[];
  dutyId?: number | null;
}

interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface EducationFigures {
  year: number;
  requiredHours: number;
  officials: number;
  studyHours: number;
  hoursMet: Rate;
  examPassed: Rate;
  publicity: {
    events: number;
    participants: number;
    materials: number;
    materialsByKind: { kind: string; count: number }[];
    enterprisesReached: number;
    byTheme: { theme: string; events: number; materials: number; participants: number }[];
    byMonth: { month: string; events: number; materials: number }[];
  };
}

export const educationApi = {
  study: (q: Query, signal?: AbortSignal) => api.get<Page<StudyRecord> & { hours: number }>('/api/education/study-records', q, { signal }),
  createStudy: (body: { userId?: number; course: string; hours: number; studiedOn: string; form: string }, key?: string) =>
    api.post<StudyRecord>('/api/education/study-records', body, { idempotencyKey: key }),
  compliance: (q: Query, signal?: AbortSignal) => api.get<Compliance>('/api/education/compliance', q, { signal }),
  exams: (year: number, signal?: AbortSignal) => api.get<{ userId: number; userName?: string; passed: boolean; score: number | null; version: number }[]>('/api/education/exams', { year }, { signal }),
  recordExam: (body: { userId: number; year: number; passed: boolean; score?: number | null; version?: number }) => api.put('/api/education/exams', body),
  duties: (year: number, signal?: AbortSignal) => api.get<Duty[]>('/api/education/duties', { year }, { signal }),
  createDuty: (body: { orgUnitId: number; year: number; law: string; plannedActivities: { title: string; month: string }[] }) => api.post<Duty>('/api/education/duties', body),
  publicity: (q: Query, signal?: AbortSignal) => api.get<Page<PublicityEvent>>('/api/education/publicity-events', q, { signal }),
  createPublicity: (body: PublicityInput, key?: string) => api.post<PublicityEvent>('/api/education/publicity-events', body, { idempotencyKey: key }),
  figures: (q: Query, signal?: AbortSignal) => api.get<EducationFigures>('/api/education/figures', q, { signal }),
};

/** Uploads an XLSX ledger as multipart form data (the JSON client cannot send files). */
export async function importStudyXlsx(file: File, csrfToken: string): Promise<{ imported: number; officials: number; hours: number }> {
  const body = new FormData();
  body.append('file', file);
  const res = await fetch('/api/education/study-records/import', { method: 'POST', body, credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken, accept: 'application/json' } });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const problems = (data?.error?.details?.problems ?? []) as { row: number; message: string }[];
    const lines = problems.slice(0, 8).map((p) => (p.row ? `第 ${p.row} 行：${p.message}` : p.message));
    throw new Error([data?.error?.message ?? `导入失败（${res.status}）`, ...lines].join('\n'));
  }
  return data;
}
