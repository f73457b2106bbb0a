// The annual report's workflow: draft → reviewed (law office) → approved (leader) → published (to the portal).
// Only the law office edits, and only a draft; editing a reviewed report takes it back to draft. Pure.
import type { Role } from '../../platform/auth/roles.ts';

export const REPORT_STATUSES = ['draft', 'reviewed', 'approved', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { draft: '草稿', reviewed: '已审核', approved: '已批准', published: '已公开' };

export const REPORT_ACTIONS = ['review', 'approve', 'return', 'publish', 'withdraw'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  review: '审核通过',
  approve: '批准',
  return: '退回修改',
  publish: '公开发布',
  withdraw: '撤回公开',
};

export interface Transition {
  from: ReportStatus;
  action: ReportAction;
  to: ReportStatus;
  roles: readonly Role[];
  /** What must hold first: complete contents (the five required parts), no missing figures, no personal data. */
  guard?: 'contents' | 'publishable';
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'review', to: 'reviewed', roles: ['law_office'], guard: 'contents' },
  { from: 'reviewed', action: 'approve', to: 'approved', roles: ['leader'], guard: 'contents' },
  { from: 'reviewed', action: 'return', to: 'draft', roles: ['law_office', 'leader'] },
  { from: 'approved', action: 'return', to: 'draft', roles: ['leader'] },
  { from: 'approved', action: 'publish', to: 'published', roles: ['law_office', 'leader'], guard: 'publishable' },
  { from: 'published', action: 'withdraw', to: 'approved', roles: ['leader'] },
];

export function findTransition(from: ReportStatus, action: ReportAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** The actions a role may take on a report in a status. */
export const actionsFor = (status: ReportStatus, role: Role): ReportAction[] =>
  TRANSITIONS.filter((t) => t.from === status && t.roles.includes(role)).map((t) => t.action);

/** Editing is allowed in draft; a reviewed report goes back to draft when edited. */
export function statusAfterEdit(status: ReportStatus): ReportStatus | null {
  switch (status) {
    case 'draft':
    case 'reviewed':
      return 'draft';
    case 'approved':
    case 'published':
      return null;
    default: {
      const never: never = status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}
