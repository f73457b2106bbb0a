// The life of a plan task as a transition table: which action moves which status to which, and who may do it.
import type { Role } from '../../platform/auth/roles.ts';
import type { TaskStatus } from './plans.table.ts';

export const TASK_ACTIONS = ['start', 'complete', 'reopen', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface TaskTransition {
  from: readonly TaskStatus[];
  action: TaskAction;
  to: TaskStatus;
  roles: readonly Role[];
}

export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  { from: ['not_started'], action: 'start', to: 'in_progress', roles: ['law_office', 'handler'] },
  { from: ['not_started', 'in_progress'], action: 'complete', to: 'done', roles: ['law_office', 'handler'] },
  { from: ['done', 'cancelled'], action: 'reopen', to: 'in_progress', roles: ['law_office'] },
  { from: ['not_started', 'in_progress'], action: 'cancel', to: 'cancelled', roles: ['law_office'] },
];

export const OPEN_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress'];

export function findTransition(from: TaskStatus, action: TaskAction, role: Role): TaskTransition | 'forbidden' | null {
  const t = TASK_TRANSITIONS.find((x) => x.action === action && x.from.includes(from));
  if (!t) return null;
  return t.roles.includes(role) ? t : 'forbidden';
}

/** Whether a task was, or is, late on a given day ('YYYY-MM-DD'). */
export function lateness(task: { status: TaskStatus; deadline: string; completedOn: string | null }, today: string): 'on_time' | 'late' | 'overdue' | 'open' | 'cancelled' {
  switch (task.status) {
    case 'cancelled':
      return 'cancelled';
    case 'done':
      return task.completedOn !== null && task.completedOn > task.deadline ? 'late' : 'on_time';
    case 'not_started':
    case 'in_progress':
      return task.deadline < today ? 'overdue' : 'open';
    default: {
      const never: never = task.status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}

/** Today's date in the zone (China Standard Time, no daylight saving). */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Midnight (China time) at the start of the day after `date`: when a task with that deadline becomes overdue. */
export function overdueAt(deadline: string): Date {
  const d = new Date(`${deadline}T00:00:00+08:00`);
  return new Date(d.getTime() + 24 * 3600_000);
}
