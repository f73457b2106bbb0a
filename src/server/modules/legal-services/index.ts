// Legal services (公共法律服务): law firms, the duty-lawyer roster, and the consultations, lectures, legal aid
// and mediation help those lawyers give at enterprises and other sites. The report reads legalServicesFigures.
export { legalServicesRoutes } from './legal-services.routes.ts';
export { legalServicesFigures, type LegalServicesFigures } from './legal-services.service.ts';
export { legalActions } from './legal-services.policy.ts';
export { SERVICE_KINDS, SERVICE_KIND_LABELS, type ServiceKind } from './legal-services.table.ts';
