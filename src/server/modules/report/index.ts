// The annual report (法治政府建设情况报告): drafted for a jurisdiction and year from templates whose figures come
// from the assessment figures layer, edited in versions, reviewed, approved by a leader, published to the
// portal, and exported as DOCX (GB/T 9704), printable HTML and Markdown.
export { reportRoutes } from './report.routes.ts';
export { reportActions } from './report.policy.ts';
export { documentForYear, exportDocument, renderFor, EXPORT_FORMATS, type ExportFormat } from './report.service.ts';
export { defaultBody } from './report.defaults.ts';
export type { ReportBody, ReportItem, WorkSection } from './report.body.ts';
export { renderReport, plainText, type RenderedReport } from './report.render.ts';
export { REPORT_STATUSES, type ReportStatus } from './report.workflow.ts';
