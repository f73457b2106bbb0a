import { definePolicy } from '../auth/policy.ts';

const allStaff = {
  admin: 'jurisdiction', security_admin: 'jurisdiction', audit_admin: 'jurisdiction', leader: 'jurisdiction',
  law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'jurisdiction', handler: 'jurisdiction',
  enterprise_officer: 'jurisdiction', mediator: 'jurisdiction', safety: 'jurisdiction', lawyer: 'jurisdiction',
} as const;

export const calendarActions = definePolicy({
  /** See the working-day calendar and compute due times. */
  'calendar.read': allStaff,
  /** Edit a year's holidays and make-up working days. */
  'calendar.manage': { admin: 'jurisdiction' },
});
