// Mediation centre and petitions (矛调中心, 信访): one-door intake of visitors, disputes with linked departments,
// petitions under the statutory time limits of the 信访工作条例, risk clues shared between departments, early
// warnings and the centre's figures. Other modules (report, assessment) read figures through computeFigures.
import { registerMediationJobs } from './mediation.jobs.ts';

// The deadline and scan handlers are known to any process that loads the module (the runner claims only known kinds).
registerMediationJobs();

export { mediationRoutes } from './mediation.routes.ts';
export { mediationActions } from './mediation.policy.ts';
export { computeFigures, FIGURE_DEFINITIONS, wageBreakdown, type Figures, type WageGroup } from './mediation.figures.ts';
export { registerMediationJobs };
export { scanWarnings } from './mediation.warnings.ts';
