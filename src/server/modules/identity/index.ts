// Identity (身份): jurisdictions, org units, users, roles, sessions, second factor, and the audit-log viewer.
// The session resolver is what the HTTP platform uses to turn a cookie into an actor.
export { identityRoutes } from './identity.routes.ts';
export { resumeSession, type SessionRow } from './identity.service.ts';
export { SessionCache } from './identity.session-cache.ts';
export { identityActions } from './identity.policy.ts';
export { ORG_UNIT_KINDS, ORG_UNIT_KIND_LABELS, type OrgUnitKind, workYearOf } from './identity.org-units.service.ts';
