// The overdue job of plan tasks, registered with the job runner, and the notices it sends through the
// notifications module.
import { registerJobHandler } from '../../platform/jobs/jobs.ts';
import { notify, usersWithRoles } from '../notifications/index.ts';
import { runOverdueCheck, setTaskNotifier, TASK_OVERDUE_JOB } from './plans.service.ts';

registerJobHandler(TASK_OVERDUE_JOB, async (db, job) => {
  const taskId = Number(job.payload.taskId);
  if (!Number.isInteger(taskId)) return;
  await runOverdueCheck(db, taskId);
});

setTaskNotifier(async (db, n) => {
  const userIds = await usersWithRoles(db, n.jurisdictionId, ['handler'], n.orgUnitId);
  await notify(db, {
    jurisdictionId: n.jurisdictionId,
    userIds,
    kind: 'plans.task_supervised',
    title: n.title,
    body: n.body,
    entity: 'plan_task',
    entityId: n.taskId,
    link: `/plans/tasks/${n.taskId}`,
    exceptUserId: n.exceptUserId,
  });
});
