// Who may do what with enterprise services. Officers (企业服务专员/包联干部) work on the whole zone; a
// department handler sees the demands assigned to their own unit; an enterprise's contact sees only their own
// enterprise; leaders and the office read everything and the figures.
import { definePolicy } from '../../platform/auth/policy.ts';

const READERS = { leader: 'jurisdiction', law_office: 'jurisdiction', enterprise_officer: 'jurisdiction' } as const;
const OFFICER = { enterprise_officer: 'jurisdiction' } as const;

export const enterpriseActions = definePolicy({
  /** The registry and an enterprise's 360° view. Handlers see the enterprises whose demands their unit holds. */
  'enterprise.read': { ...READERS, dispatcher: 'jurisdiction', handler: 'department', enterprise: 'enterprise' },
  'enterprise.manage': OFFICER,
  /** The whole contact phone (logged with its reason). */
  'enterprise.reveal': OFFICER,
  'enterprise.import': OFFICER,
  'enterprise.export': { ...READERS },
  'enterprise.visits.read': { ...READERS, enterprise: 'enterprise' },
  'enterprise.visits.write': OFFICER,
  'enterprise.demands.read': { ...READERS, dispatcher: 'jurisdiction', handler: 'department', enterprise: 'enterprise' },
  /** Officers record demands; an enterprise submits its own online; the command centre transfers events. */
  'enterprise.demands.create': { enterprise_officer: 'jurisdiction', dispatcher: 'jurisdiction', enterprise: 'enterprise' },
  /** Workflow moves; which role may make which move is in enterprise.workflow.ts. */
  'enterprise.demands.act': { enterprise_officer: 'jurisdiction', handler: 'department', enterprise: 'enterprise' },
  'enterprise.projects.read': { ...READERS, handler: 'department', enterprise: 'enterprise' },
  'enterprise.projects.write': OFFICER,
  'enterprise.figures.read': { ...READERS },
  /** The year's collection target is set by the office. */
  'enterprise.targets.write': { law_office: 'jurisdiction', enterprise_officer: 'jurisdiction' },
  /** Job-posting help, bank–enterprise matching, campaigns. */
  'enterprise.support.read': { ...READERS, enterprise: 'enterprise' },
  'enterprise.support.write': OFFICER,
  'enterprise.campaigns.write': { law_office: 'jurisdiction', enterprise_officer: 'jurisdiction' },
});
