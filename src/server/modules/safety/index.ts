// Safety (平安建设): patrol logs by auxiliary police, grid workers and company guards (findings → grid events),
// monthly police figures entered with their source, and corrections/resettlement subjects (encrypted, safety
// role only, every full view audited, minors never exported). The report reads safetyFigures.
export { safetyRoutes } from './safety.routes.ts';
export { safetyFigures, type SafetyFigures } from './safety.service.ts';
export { safetyActions } from './safety.policy.ts';
export { PATROLLER_TYPES, SUBJECT_KINDS, type PatrollerType, type SubjectKind } from './safety.table.ts';
