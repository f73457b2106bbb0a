// Assessment (自我动态测评): the figures layer over every module's public figures, the indicator catalogue with
// its formula language, the self-assessment of any year, quarter or month, and the shortcomings found in the
// data. The report module reads figures and findings through this file.
export { assessmentRoutes, FigureSchema, FindingSchema, DrillSchema, PeriodSchema } from './assessment.routes.ts';
export { assessmentActions } from './assessment.policy.ts';
export { FIGURES, FIGURE_BY_KEY, FIGURE_MODULES, isFigureKey, type Drill, type FigureDef, type FigureKind } from './assessment.catalogue.ts';
export { computeFigures, figureSetFrom, numericLookup, type FigureSet, type FigureValue } from './assessment.figures.ts';
export { FigureMemo } from './assessment.memo.ts';
export { ExprError, evaluate, figureKeysOf, formatExpr, parseExpr, type Expr } from './assessment.expr.ts';
export { FINDING_RULES, FINDING_RULE_LABELS, findShortcomings, type Finding, type FindingRule } from './assessment.findings.ts';
export { AREAS, AREA_LABELS, DEFAULT_INDICATORS, type Area } from './assessment.indicators.ts';
export { monthPeriod, periodOf, quarterPeriod, yearPeriod, type Period } from './assessment.period.ts';
export { assessFor, figuresFor, findingsFor, installDefaultIndicators } from './assessment.service.ts';
export type { RawFigure } from './assessment.sources.ts';
