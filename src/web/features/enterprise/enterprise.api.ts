// The enterprise-service API as the pages use it (shapes mirror enterprise.schemas.ts on the server).
import { api, ApiError, type ErrorShape, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { DEMAND_CATEGORY_LABELS, DEMAND_SOURCE_LABELS, type DemandCategory, type DemandSource } from '../../../server/modules/enterprise/enterprise.figures.ts';
import { DEMAND_ACTION_LABELS, DEMAND_STATUS_LABELS, type DemandAction, type DemandStatus } from '../../../server/modules/enterprise/enterprise.workflow.ts';
import {
  ENTERPRISE_SIZE_LABELS,
  JOB_CHANNEL_LABELS,
  PROJECT_STAGE_LABELS,
  VISIT_MODE_LABELS,
  type EnterpriseSize,
  type JobChannel,
  type ProjectStage,
  type VisitMode,
} from '../../../server/modules/enterprise/enterprise.enums.ts';

export { DEMAND_CATEGORY_LABELS, DEMAND_SOURCE_LABELS, DEMAND_ACTION_LABELS, DEMAND_STATUS_LABELS, ENTERPRISE_SIZE_LABELS, JOB_CHANNEL_LABELS, PROJECT_STAGE_LABELS, VISIT_MODE_LABELS };
export type { DemandAction, DemandCategory, DemandSource, DemandStatus, EnterpriseSize, JobChannel, ProjectStage, VisitMode };

export const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export interface Enterprise {
  id: number;
  creditCode: string;
  name: string;
  industry: string;
  size: EnterpriseSize;
  address: string;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  gridName: string | null;
  legalRepresentative: string;
  contactName: string;
  contactPhoneMasked: string | null;
  tags: string[];
  officers: { userId: number; displayName: string; isPrimary: boolean }[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseInput {
  creditCode: string;
  name: string;
  industry?: string;
  size?: EnterpriseSize;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  legalRepresentative?: string;
  contactName?: string;
  contactPhone?: string | null;
  tags?: string[];
  officerIds?: number[];
}

export type DueState = 'done' | 'overdue' | 'due_soon' | 'ok' | 'none';

export interface Demand {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  enterpriseCreditCode: string;
  category: DemandCategory;
  categoryLabel: string;
  title: string;
  description: string;
  source: DemandSource;
  sourceRef: string | null;
  visitId: number | null;
  project: { id: number; name: string; investmentWan: number; stage: string } | null;
  campaign: { id: number; name: string } | null;
  status: DemandStatus;
  statusLabel: string;
  officerId: number | null;
  officerName: string | null;
  assignedUnitId: number | null;
  unitName: string | null;
  collectedAt: string;
  collectedOn: string;
  answerDueAt: string | null;
  dueState: DueState;
  answeredAt: string | null;
  answer: string | null;
  resolvedAt: string | null;
  confirmedAt: string | null;
  closeReason: string | null;
  rejectCount: number;
  satisfaction: number | null;
  satisfactionComment: string | null;
  actions: DemandAction[];
  version: number;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  toStatus: string;
  note: string;
}

export interface DemandInput {
  enterpriseId: number;
  category: DemandCategory;
  title: string;
  description?: string;
  source?: DemandSource;
  project?: { name: string; investmentWan: number; stage: ProjectStage } | null;
  projectId?: number | null;
  campaignId?: number | null;
}

export interface TransitionInput {
  action: DemandAction;
  version: number;
  unitId?: number;
  reason?: string;
  answer?: string;
  satisfaction?: number;
  comment?: string;
}

export interface Visit {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  mode: VisitMode;
  visitDate: string;
  officerName: string;
  participants: string;
  notes: string;
  campaignName: string | null;
  problemCount: number;
}

export interface JobPost {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  postedOn: string;
  channel: JobChannel;
  positionsCount: number;
  positionTitles: string[];
  hiredCount: number | null;
  campaignName: string | null;
  version: number;
}

export interface Application {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  eventName: string | null;
  bank: string;
  requestedWan: number;
  purpose: string;
  appliedOn: string;
  status: 'pending' | 'granted' | 'declined';
  grantedWan: number | null;
  grantedOn: string | null;
  declinedReason: string | null;
  version: number;
}

export interface Project {
  id: number;
  enterpriseId: number;
  name: string;
  investmentWan: number;
  stage: ProjectStage;
  version: number;
}

export interface Campaign {
  id: number;
  code: string;
  name: string;
  year: number;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ImportJob {
  id: number;
  fileName: string;
  dryRun: boolean;
  goodRowsOnly: boolean;
  status: 'queued' | 'running' | 'done' | 'rejected' | 'failed';
  phase: string;
  totalRows: number;
  processedRows: number;
  validRows: number;
  errorRows: number;
  importedRows: number;
  message: string;
}

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  percent: number | null;
}
export interface Average {
  total: number;
  count: number;
  value: number | null;
}
export interface Breakdown {
  key: string;
  label: string;
  collected: number;
  answered: number;
  answerRate: Rate;
  onTimeAnswerRate: Rate;
  resolutionRate: Rate;
  avgAnswerHours: Average;
  satisfaction: Average;
  closedUnresolved: number;
}
export interface Figures {
  from: string;
  to: string;
  demands: {
    enterprisesCovered: number;
    collected: number;
    problems: number;
    projectProblems: number;
    target: { value: number; prorated: boolean } | null;
    collectionRate: Rate;
    answerRate: Rate;
    onTimeAnswerRate: Rate;
    resolutionRate: Rate;
    avgAnswerHours: Average;
    satisfaction: Average;
    satisfiedRate: Rate;
    byCategory: Breakdown[];
    byOfficer: Breakdown[];
    byUnit: Breakdown[];
    byMonth: Breakdown[];
  };
  jobs: { enterprisesHelped: number; postings: number; positions: number; hired: number };
  financing: { events: number; enterprisesMatched: number; applications: number; enterprisesFinanced: number; grantedWan: number; requestedWan: number; declined: number; financedRate: Rate };
  visits: { visits: number; enterprisesVisited: number; onSite: number; online: number };
}

export interface Target {
  year: number;
  collectionTarget: number;
  note: string;
  version: number;
}

const E = '/api/enterprise';

/** One of the enterprise's grid events (summary from the events module); `accessible`: the user may open it. */
export interface EnterpriseEvent {
  id: number;
  code: string;
  title: string;
  status: string;
  statusLabel: string;
  source: string;
  sourceLabel: string;
  categoryName: string;
  departmentName: string | null;
  reportedAt: string;
  closedAt: string | null;
  overdue: boolean;
  accessible: boolean;
}

export const enterpriseApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<Enterprise>>(`${E}/enterprises`, q, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<Enterprise>(`${E}/enterprises/${id}`, undefined, { signal }),
  events: (id: number, q: { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<Page<EnterpriseEvent>>(`${E}/enterprises/${id}/events`, q, { signal }),
  create: (body: EnterpriseInput, key: string) => api.post<Enterprise>(`${E}/enterprises`, body, { idempotencyKey: key }),
  update: (id: number, body: Partial<EnterpriseInput> & { version: number }) => api.patch<Enterprise>(`${E}/enterprises/${id}`, body),
  reveal: (id: number, reason: string) => api.post<{ contactName: string; contactPhone: string | null }>(`${E}/enterprises/${id}/contact`, { reason }),
  checkCode: (code: string) => api.get<{ ok: boolean; code: string; message: string | null; position: number | null }>(`${E}/credit-code/check`, { code }),
  officers: (signal?: AbortSignal) => api.get<{ id: number; username: string; displayName: string }[]>(`${E}/officers`, undefined, { signal }),
  exportUrl: (q: Query, format: 'xlsx' | 'csv') => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
    params.append('format', format);
    return `${E}/enterprises/export?${params.toString()}`;
  },
  templateUrl: (format: 'xlsx' | 'csv') => `${E}/imports/template?format=${format}`,
  startImport: async (file: File, opts: { dryRun: boolean; goodRowsOnly: boolean; csrfToken: string }): Promise<ImportJob> => {
    // Multipart upload: the JSON client cannot send files, so this one request builds its own body.
    const form = new FormData();
    form.append('file', file);
    const res = await fetch(`${E}/imports?dryRun=${opts.dryRun}&goodRowsOnly=${opts.goodRowsOnly}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': opts.csrfToken, accept: 'application/json' },
    });
    const data = (await res.json().catch(() => null)) as (ImportJob & Partial<ErrorShape>) | null;
    if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `http.${res.status}`, data?.error?.message ?? `上传失败（${res.status}）`, data?.error?.details ?? {});
    return data as ImportJob;
  },
  importJob: (id: number, signal?: AbortSignal) => api.get<ImportJob>(`${E}/imports/${id}`, undefined, { signal }),
  importErrors: (id: number, q: Query, signal?: AbortSignal) => api.get<Page<{ rowNo: number; column: string; reason: string }>>(`${E}/imports/${id}/errors`, q, { signal }),

  demands: (q: Query, signal?: AbortSignal) => api.get<Page<Demand> & { statusCounts: Record<string, number> }>(`${E}/demands`, q, { signal }),
  demand: (id: number, signal?: AbortSignal) => api.get<Demand>(`${E}/demands/${id}`, undefined, { signal }),
  timeline: (id: number, signal?: AbortSignal) => api.get<TimelineEntry[]>(`${E}/demands/${id}/timeline`, undefined, { signal }),
  createDemand: (body: DemandInput, key: string) => api.post<Demand>(`${E}/demands`, body, { idempotencyKey: key }),
  transition: (id: number, body: TransitionInput) => api.post<Demand>(`${E}/demands/${id}/transitions`, body),

  visits: (q: Query, signal?: AbortSignal) => api.get<Page<Visit>>(`${E}/visits`, q, { signal }),
  createVisit: (body: unknown, key: string) => api.post<Visit>(`${E}/visits`, body, { idempotencyKey: key }),
  jobPosts: (q: Query, signal?: AbortSignal) => api.get<Page<JobPost>>(`${E}/job-posts`, q, { signal }),
  createJobPost: (body: unknown, key: string) => api.post<JobPost>(`${E}/job-posts`, body, { idempotencyKey: key }),
  applications: (q: Query, signal?: AbortSignal) => api.get<Page<Application>>(`${E}/financing`, q, { signal }),
  createApplication: (body: unknown, key: string) => api.post<Application>(`${E}/financing`, body, { idempotencyKey: key }),
  outcome: (id: number, body: unknown) => api.post<Application>(`${E}/financing/${id}/outcome`, body),
  projects: (enterpriseId: number, signal?: AbortSignal) => api.get<Project[]>(`${E}/projects`, { enterpriseId }, { signal }),
  campaigns: (signal?: AbortSignal) => api.get<Campaign[]>(`${E}/campaigns`, undefined, { signal }),
  figures: (q: Query, signal?: AbortSignal) => api.get<Figures>(`${E}/figures`, q, { signal }),
  targets: (signal?: AbortSignal) => api.get<Target[]>(`${E}/targets`, undefined, { signal }),
  setTarget: (year: number, body: { collectionTarget: number; version?: number }) => api.put<Target>(`${E}/targets/${year}`, body),
};

export const rateText = (r: Rate) => (r.percent === null ? '—' : `${r.percent}%`);
export const rateHint = (r: Rate) => `${r.numerator} / ${r.denominator}`;
