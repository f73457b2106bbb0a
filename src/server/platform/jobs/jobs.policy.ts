import { definePolicy } from '../auth/policy.ts';

export const jobsActions = definePolicy({
  /** See the job queue (kinds, timing, errors; not payloads). */
  'jobs.read': { admin: 'jurisdiction' },
  /** Put a dead or cancelled job back in the queue. */
  'jobs.manage': { admin: 'jurisdiction' },
});
