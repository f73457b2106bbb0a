// The answer-deadline job of demands: when a demand is still unanswered at its deadline, its officer and the
// assigned unit's handlers are told, and the timeline records it.
import { registerJobHandler } from '../../platform/jobs/jobs.ts';
import { OVERDUE_JOB } from './demands.service.ts';
import * as repo from './demands.repository.ts';
import { noticeDemand } from './enterprise.notify.ts';

registerJobHandler(OVERDUE_JOB, async (db, job) => {
  const demandId = Number(job.payload.demandId);
  if (!Number.isInteger(demandId)) return;
  await db.transaction().execute(async (tx) => {
    const d = await repo.lockDemand(tx, demandId);
    if (!d || d.answeredAt !== null || !['collected', 'assigned', 'returned'].includes(d.status)) return;
    if (d.answerDueAt && d.answerDueAt.getTime() > Date.now()) return;
    const handlers = d.assignedUnitId ? await repo.handlersOfUnit(tx, d.assignedUnitId) : [];
    await repo.insertTimeline(tx, [
      { jurisdictionId: d.jurisdictionId, demandId, actorId: null, actorName: '系统', action: 'overdue', fromStatus: d.status, toStatus: d.status, note: '已超过答复期限' },
    ]);
    await noticeDemand(tx, {
      jurisdictionId: d.jurisdictionId,
      userIds: [...handlers, ...(d.officerId ? [d.officerId] : [])],
      kind: 'enterprise.demand_overdue',
      title: `诉求答复超期：${d.title.slice(0, 60)}`,
      body: '已超过答复期限，请尽快答复',
      demandId,
    });
  });
});
