// The annual-report API: drafting, versions, workflow, rendering, export, and the public portal's list.
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import type { ReportBody } from '../../../server/modules/report/report.body.ts';
import type { Figure, Finding } from '../assessment/assessment.api.ts';

export type { ReportBody };
export type ReportStatus = 'draft' | 'reviewed' | 'approved' | 'published';
export type ReportAction = 'review' | 'approve' | 'return' | 'publish' | 'withdraw';

export const STATUS_META: Record<ReportStatus, { label: string; color: string }> = {
  draft: { label: '草稿', color: 'default' },
  reviewed: { label: '已审核', color: 'blue' },
  approved: { label: '已批准', color: 'green' },
  published: { label: '已公开', color: 'purple' },
};
export const ACTION_LABELS: Record<ReportAction, string> = { review: '审核通过', approve: '批准', return: '退回修改', publish: '公开发布', withdraw: '撤回公开' };

export interface ReportListItem {
  id: number;
  year: number;
  title: string;
  status: ReportStatus;
  currentVersion: number;
  publishedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface Report {
  id: number;
  year: number;
  status: ReportStatus;
  currentVersion: number;
  version: number;
  body: ReportBody;
  reviewedBy: string | null;
  reviewedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
  publishedVersion: number | null;
  actions: ReportAction[];
  editable: boolean;
  missingContents: string[];
  events: { action: string; fromStatus: string | null; toStatus: string; versionNumber: number; actorName: string; note: string; at: string }[];
}

export interface Run {
  text: string;
  figure?: string;
  missing?: string;
  basis?: string[];
}

export interface Block {
  kind: 'title' | 'heading1' | 'heading2' | 'paragraph';
  path: string;
  runs: Run[];
  finding?: string | null;
}

export interface Rendered {
  year: number;
  title: string;
  blocks: Block[];
  figures: Figure[];
  missing: { key: string; name: string; reason: string }[];
  templateErrors: { path: string; message: string }[];
}

export interface VersionRow {
  number: number;
  note: string;
  changes: { changed: number; added: number; removed: number; labels: string[] } | null;
  authorName: string;
  createdAt: string;
  current: boolean;
  published: boolean;
}

export interface DiffEntry {
  op: 'same' | 'added' | 'removed' | 'changed';
  path: string;
  label: string;
  before?: string;
  after?: string;
  parts?: { op: '=' | '+' | '-'; text: string }[];
}

export const reportApi = {
  list: (signal?: AbortSignal) => api.get<Page<ReportListItem>>('/api/reports', { pageSize: 100 }, { signal }),
  create: (year: number, basis: 'default' | 'previous_year') => api.post<Report>('/api/reports', { year, basis }),
  get: (id: number, signal?: AbortSignal) => api.get<Report>(`/api/reports/${id}`, undefined, { signal }),
  save: (id: number, version: number, body: ReportBody, note: string) => api.put<Report>(`/api/reports/${id}/body`, { version, body, note }),
  transition: (id: number, action: ReportAction, version: number, note?: string) => api.post<Report>(`/api/reports/${id}/transitions`, { action, version, note }),
  rendered: (id: number, version?: number, signal?: AbortSignal) => api.get<Rendered>(`/api/reports/${id}/rendered`, { version }, { signal }),
  versions: (id: number, signal?: AbortSignal) => api.get<VersionRow[]>(`/api/reports/${id}/versions`, undefined, { signal }),
  diff: (id: number, from: number, to: number, signal?: AbortSignal) =>
    api.get<{ from: number; to: number; entries: DiffEntry[] }>(`/api/reports/${id}/diff`, { from, to }, { signal }),
  suggestions: (id: number, signal?: AbortSignal) =>
    api.get<{ findings: Finding[]; shortcomings: { text: string; finding?: string | null }[]; plans: { text: string; finding?: string | null }[] }>(`/api/reports/${id}/suggestions`, undefined, { signal }),
  exportHref: (id: number, format: 'docx' | 'html' | 'md') => `/api/reports/${id}/export?format=${format}`,
};
