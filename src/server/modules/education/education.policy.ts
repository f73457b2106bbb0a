import { definePolicy } from '../../platform/auth/policy.ts';

/** Staff who must study law 40 hours a year and sit the online exam (see OFFICIAL_ROLES). */
const ownForOfficials = {
  leader: 'own', dispatcher: 'own', grid_worker: 'own', handler: 'own', enterprise_officer: 'own', mediator: 'own', safety: 'own',
} as const;

export const educationActions = definePolicy({
  /** Study records: each official sees and logs their own; the office keeps everyone's. */
  'education.study.read': { ...ownForOfficials, leader: 'jurisdiction', law_office: 'jurisdiction' },
  'education.study.write': { ...ownForOfficials, law_office: 'jurisdiction' },
  'education.study.import': { law_office: 'jurisdiction' },
  'education.exam.read': { ...ownForOfficials, leader: 'jurisdiction', law_office: 'jurisdiction' },
  'education.exam.write': { law_office: 'jurisdiction' },
  'education.compliance.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  /** 谁执法谁普法: a department keeps its own list; the office keeps all. */
  'education.duties.read': {
    leader: 'jurisdiction', law_office: 'jurisdiction', handler: 'jurisdiction', enterprise_officer: 'jurisdiction', safety: 'jurisdiction',
    mediator: 'jurisdiction',
  },
  'education.duties.write': { law_office: 'jurisdiction', handler: 'department' },
  'education.publicity.read': {
    leader: 'jurisdiction', law_office: 'jurisdiction', handler: 'jurisdiction', enterprise_officer: 'jurisdiction', safety: 'jurisdiction',
    mediator: 'jurisdiction', lawyer: 'jurisdiction',
  },
  'education.publicity.write': { law_office: 'jurisdiction', handler: 'department', safety: 'department' },
  'education.figures.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
});
