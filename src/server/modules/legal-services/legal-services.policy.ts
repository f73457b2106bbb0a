import { definePolicy } from '../../platform/auth/policy.ts';

export const legalActions = definePolicy({
  /** Firms and the duty-lawyer roster (names for pickers). */
  'legal.firms.read': { leader: 'jurisdiction', law_office: 'jurisdiction', lawyer: 'jurisdiction', mediator: 'jurisdiction' },
  'legal.firms.manage': { law_office: 'jurisdiction' },
  /** Service records: a duty lawyer sees and writes only their own; the office sees and writes all. */
  'legal.services.read': { leader: 'jurisdiction', law_office: 'jurisdiction', lawyer: 'own' },
  'legal.services.write': { law_office: 'jurisdiction', lawyer: 'own' },
  'legal.figures.read': { leader: 'jurisdiction', law_office: 'jurisdiction', lawyer: 'own' },
});
