// Enterprise services (企业服务, 双万双服): the registry with credit-code checks, service officers, visits, demands
// with their workflow and answer deadlines, job-posting help, bank–enterprise matching, campaigns, and the figures
// the annual report quotes (enterprises served, collection / answer rates, positions, financing).
import './enterprise.jobs.ts';

export { enterpriseRoutes } from './enterprise.routes.ts';
export { enterpriseActions } from './enterprise.policy.ts';
export { validateCreditCode, isValidCreditCode, creditCodeCheckChar } from './credit-code.ts';
export { computeFigures, type EnterpriseFigures, type Period } from './figures.service.ts';
export { createDemand, type NewDemandInput } from './demands.service.ts';
export { rate, wholePercent, type Rate, DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS } from './enterprise.figures.ts';
export { rebuildRollup } from './demands.repository.ts';
