import { definePolicy } from '../../platform/auth/policy.ts';

// Department handlers reach a dispute only through a link (联动调处), a petition only when it was forwarded or
// assigned to them, and a clue only when their department recorded it or it was shared with them.
export const mediationActions = definePolicy({
  'mediation.intakes.read': { mediator: 'jurisdiction', leader: 'jurisdiction' },
  'mediation.intakes.write': { mediator: 'jurisdiction' },
  /** The whole ID-card number, phone and name of a person, with a stated reason; each view is audited. */
  'mediation.people.reveal': { mediator: 'jurisdiction' },
  'mediation.disputes.read': { mediator: 'jurisdiction', leader: 'jurisdiction', handler: 'department' },
  'mediation.disputes.write': { mediator: 'jurisdiction', handler: 'department' },
  'mediation.petitions.read': { mediator: 'jurisdiction', leader: 'jurisdiction', handler: 'department' },
  'mediation.petitions.write': { mediator: 'jurisdiction', handler: 'department' },
  'mediation.clues.read': {
    mediator: 'jurisdiction', leader: 'jurisdiction', handler: 'department', safety: 'department', enterprise_officer: 'department',
    dispatcher: 'department',
  },
  'mediation.clues.write': {
    mediator: 'jurisdiction', handler: 'department', safety: 'department', enterprise_officer: 'department', dispatcher: 'department',
  },
  'mediation.warnings.read': { mediator: 'jurisdiction', leader: 'jurisdiction' },
  'mediation.warnings.manage': { mediator: 'jurisdiction', leader: 'jurisdiction' },
  'mediation.rules.manage': { mediator: 'jurisdiction', admin: 'jurisdiction' },
  'mediation.figures.read': { mediator: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction' },
  'mediation.litigation.write': { mediator: 'jurisdiction', law_office: 'jurisdiction' },
  'mediation.settings.manage': { mediator: 'jurisdiction', admin: 'jurisdiction' },
});
