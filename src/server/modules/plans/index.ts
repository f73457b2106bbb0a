// Plans (法治建设领导小组与年度计划): the leading group, the year's work plan and its tasks, topic meetings whose
// decisions become tasks, 督办 of overdue tasks (by a job), and the year-end evaluation. The report reads plansFigures.
import './plans.jobs.ts';

export { plansRoutes } from './plans.routes.ts';
export { plansFigures, runOverdueCheck, TASK_OVERDUE_JOB, type PlansFigures } from './plans.service.ts';
export { plansActions } from './plans.policy.ts';
export { MEMBER_ROLE_LABELS, TASK_STATUSES, type TaskStatus } from './plans.table.ts';
