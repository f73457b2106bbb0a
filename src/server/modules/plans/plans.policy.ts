import { definePolicy } from '../../platform/auth/policy.ts';

export const plansActions = definePolicy({
  /** The leading group, the annual plan and topic meetings. */
  'plans.read': { leader: 'jurisdiction', law_office: 'jurisdiction', handler: 'jurisdiction', dispatcher: 'jurisdiction' },
  'plans.manage': { law_office: 'jurisdiction' },
  /** Tasks: a department sees and reports on the tasks it owns. */
  'plans.tasks.read': { leader: 'jurisdiction', law_office: 'jurisdiction', handler: 'department' },
  'plans.tasks.progress': { law_office: 'jurisdiction', handler: 'department' },
  /** 督办: leaders and the office press an owner unit on a task. */
  'plans.tasks.supervise': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'plans.tasks.evaluate': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'plans.figures.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
});
