// The deadline job: one pending job per event at its current stage's due time (unique key events.due:<id>).
import { registerJobHandler } from '../../platform/jobs/jobs.ts';
import { markOverdue, OVERDUE_JOB } from './events.service.ts';

registerJobHandler(OVERDUE_JOB, async (db, job) => {
  const eventId = Number(job.payload.eventId);
  const rev = Number(job.payload.rev);
  if (!Number.isInteger(eventId) || !Number.isInteger(rev)) return;
  await markOverdue(db, { eventId, rev });
});

export { OVERDUE_JOB };
