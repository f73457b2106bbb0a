// Rule-of-law education (学法普法): officials' study hours and the yearly online exam (40 hours, passed), the
// 谁执法谁普法 responsibility list, and publicity events at enterprises and other places. The report reads
// educationFigures; complianceFor names who falls short.
export { educationRoutes } from './education.routes.ts';
export { educationFigures, complianceFor, OFFICIAL_ROLES, STUDY_HOURS_REQUIRED, type EducationFigures, type Rate } from './education.service.ts';
export { educationActions } from './education.policy.ts';
export { STUDY_FORMS, STUDY_FORM_LABELS, type StudyForm } from './education.table.ts';
