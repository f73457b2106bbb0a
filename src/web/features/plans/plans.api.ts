import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export const MEMBER_ROLES = { chair: '组长', deputy: '副组长', member: '成员', office_director: '办公室主任' } as const;
export const TASK_STATUS = { not_started: '未开始', in_progress: '推进中', done: '已完成', cancelled: '已取消' } as const;
export const LATENESS = { on_time: ['按期完成', 'green'], late: ['逾期完成', 'orange'], overdue: ['已逾期', 'red'], open: ['推进中', 'blue'], cancelled: ['已取消', 'default'] } as const;
export const EVALUATIONS = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' } as const;

export interface Group {
  id: number;
  name: string;
  documentNo: string;
  periodStart: string;
  periodEnd: string | null;
  version: number;
  members: { id: number; userId: number | null; name: string; title: string; role: keyof typeof MEMBER_ROLES; orgUnitName: string | null }[];
}

export interface Plan {
  id: number;
  year: number;
  title: string;
  goals: string[];
  status: string;
  issuedOn: string | null;
  version: number;
  taskCounts: { total: number; notStarted: number; inProgress: number; done: number; cancelled: number };
}

export interface Task {
  id: number;
  planId: number;
  planYear: number;
  area: string;
  title: string;
  description: string;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  responsibleUserName: string | null;
  responsibleName: string;
  deadline: string;
  status: keyof typeof TASK_STATUS;
  lateness: keyof typeof LATENESS;
  completedOn: string | null;
  sourceMeetingId: number | null;
  overdueSince: string | null;
  supervisionCount: number;
  evaluation: keyof typeof EVALUATIONS | null;
  evaluationScore: number | null;
  version: number;
  notes?: { id: number; kind: string; note: string; files: { name: string; ref: string }[]; authorName: string; at: string }[];
  evidence?: { name: string; ref: string }[];
}

export interface Meeting {
  id: number;
  planId: number | null;
  heldOn: string;
  title: string;
  place: string;
  attendees: { userId: number | null; name: string }[];
  summary: string;
  decisions: { id: number; text: string; taskId: number | null; taskStatus: string | null; taskTitle: string | null }[];
}

export interface PlansFigures {
  asOf: string;
  tasks: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  overdue: number;
  open: number;
  supervised: number;
  onTimeRate: { numerator: number; denominator: number; rate: number | null };
  fromMeetings: number;
  evaluations: Record<keyof typeof EVALUATIONS | 'pending', number>;
  meetingsHeld: number;
}

export const plansApi = {
  groups: (signal?: AbortSignal) => api.get<Group[]>('/api/plans/leading-groups', undefined, { signal }),
  plans: (signal?: AbortSignal) => api.get<Plan[]>('/api/plans', undefined, { signal }),
  createPlan: (body: { year: number; title: string; goals: string[] }) => api.post<Plan>('/api/plans', body),
  tasks: (q: Query, signal?: AbortSignal) => api.get<Page<Task>>('/api/plans/tasks', q, { signal }),
  task: (id: number, signal?: AbortSignal) => api.get<Task>(`/api/plans/tasks/${id}`, undefined, { signal }),
  createTask: (planId: number, body: unknown) => api.post<Task>(`/api/plans/${planId}/tasks`, body),
  transition: (id: number, body: { action: string; version: number; note?: string }) => api.post<Task>(`/api/plans/tasks/${id}/transition`, body),
  progress: (id: number, body: { note: string; files?: { name: string; ref: string }[] }) => api.post<Task>(`/api/plans/tasks/${id}/progress`, body),
  supervise: (id: number, note: string) => api.post<Task>(`/api/plans/tasks/${id}/supervise`, { note }),
  evaluate: (id: number, body: { version: number; evaluation: string; score?: number | null; note?: string }) => api.put<Task>(`/api/plans/tasks/${id}/evaluation`, body),
  meetings: (q: Query, signal?: AbortSignal) => api.get<Page<Meeting>>('/api/plans/meetings', q, { signal }),
  createMeeting: (body: unknown) => api.post<Meeting>('/api/plans/meetings', body),
  figures: (q: Query, signal?: AbortSignal) => api.get<PlansFigures>('/api/plans/figures', q, { signal }),
};
