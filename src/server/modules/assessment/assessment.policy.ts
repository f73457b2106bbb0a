import { definePolicy } from '../../platform/auth/policy.ts';

/** Figures, indicators, self-assessment and findings: the leaders and the rule-of-law office; the office edits. */
export const assessmentActions = definePolicy({
  'assessment.figures.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'assessment.indicators.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'assessment.indicators.write': { law_office: 'jurisdiction' },
  'assessment.self.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
  'assessment.findings.read': { leader: 'jurisdiction', law_office: 'jurisdiction' },
});
