import { definePolicy } from '../../platform/auth/policy.ts';

export const safetyActions = definePolicy({
  /** Patrol logs: grid workers log and read those in their own grids; the safety office all. */
  'safety.patrols.read': { safety: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'grid' },
  'safety.patrols.write': { safety: 'jurisdiction', grid_worker: 'grid' },
  /** A finding becomes a grid event through the events module, under the caller's own right to report one. */
  'safety.findings.to_event': { grid_worker: 'grid', dispatcher: 'jurisdiction' },
  /** Police figures come from the police system and are entered monthly. */
  'safety.police.read': { safety: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction' },
  'safety.police.write': { safety: 'jurisdiction' },
  /** Corrections and resettlement subjects (特定身份, sensitive): the safety role alone, even for masked lists. */
  'safety.subjects.read': { safety: 'jurisdiction' },
  'safety.subjects.write': { safety: 'jurisdiction' },
  'safety.subjects.reveal': { safety: 'jurisdiction' },
  'safety.subjects.export': { safety: 'jurisdiction' },
  /** Counts only; no identities. */
  'safety.figures.read': { safety: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction' },
});
