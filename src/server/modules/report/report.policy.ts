import { definePolicy } from '../../platform/auth/policy.ts';

/**
 * Annual reports: the leaders and the rule-of-law office read them; only the office drafts and edits; the
 * workflow table (report.workflow.ts) says which of them takes each step (the office reviews, a leader approves).
 */
export const reportActions = definePolicy({
  'report.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'report.write': { law_office: 'jurisdiction' },
  'report.transition': { leader: 'jurisdiction', law_office: 'jurisdiction' },
});
