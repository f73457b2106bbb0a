// Assessment use cases: the figures of a period, the indicator catalogue (the law office edits it), the
// self-assessment of a year, quarter or month with monthly trend and the previous year, and the shortcomings
// found in the data. Figures come only from the modules' public functions (assessment.sources.ts).
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { FIGURES, FIGURE_MODULE_LABELS, type FigureDef } from './assessment.catalogue.ts';
import { ExprError } from './assessment.expr.ts';
import { computeFigures, type FigureSet, type FigureValue } from './assessment.figures.ts';
import { FigureMemo } from './assessment.memo.ts';
import { findShortcomings, type Finding } from './assessment.findings.ts';
import {
  AREA_LABELS,
  compileFormula,
  DEFAULT_INDICATORS,
  evaluateIndicator,
  overallScore,
  STATUS_LABELS,
  type Area,
  type IndicatorSpec,
  type IndicatorStatus,
} from './assessment.indicators.ts';
import { monthPeriod, monthsOf, periodOf, previousYearOf, yearPeriod, type Period } from './assessment.period.ts';
import { assessmentActions } from './assessment.policy.ts';
import * as repo from './assessment.repository.ts';
import { BREAKDOWNS, FIGURE_SOURCES } from './assessment.sources.ts';

function granted(ctx: RequestContext, action: string) {
  authorize(ctx.actor, action);
  return ctx.actor!;
}

export interface PeriodQuery {
  year: number;
  quarter?: number;
  month?: number;
}

export function periodFromQuery(q: PeriodQuery): Period {
  if (q.quarter !== undefined && q.month !== undefined) {
    throw errors.validation({ fields: ['quarter', 'month'] }, { zh: '季度和月份只能选一个', en: 'Give a quarter or a month, not both' });
  }
  return periodOf(q);
}

// ── figures ──

export function figureCatalogue() {
  return FIGURES.map((f: FigureDef) => ({
    key: f.key,
    name: f.name,
    module: f.module,
    moduleName: FIGURE_MODULE_LABELS[f.module],
    kind: f.kind,
    unit: f.unit,
    basis: f.basis,
    definition: f.definition,
    numerator: f.numerator ?? null,
    denominator: f.denominator ?? null,
    wired: FIGURE_SOURCES[f.module].load !== null,
    pending: FIGURE_SOURCES[f.module].pending ?? null,
  }));
}

/** The figures for a jurisdiction and period (no access check: for the report and the CLI). */
export function figuresFor(db: Executor, jurisdictionId: number, p: Period, keys?: readonly string[], memo?: FigureMemo) {
  return computeFigures(db, jurisdictionId, p, keys, memo);
}

export async function figures(db: Executor, ctx: RequestContext, q: PeriodQuery & { keys?: string[] }) {
  const actor = granted(ctx, assessmentActions['assessment.figures.read']);
  const p = periodFromQuery(q);
  const set = await computeFigures(db, actor.jurisdictionId, p, q.keys);
  return { period: p, figures: [...set.values()] };
}

// ── indicators ──

export interface IndicatorInput {
  code: string;
  name: string;
  area: Area;
  formula: string;
  unit?: string;
  target?: number | null;
  direction: 'higher' | 'lower';
  weight?: number;
  tolerance?: number;
  prorate?: boolean;
  description?: string;
  sort?: number;
}

function checkedFormula(formula: string): string {
  try {
    return compileFormula(formula).canonical;
  } catch (e) {
    if (e instanceof ExprError) {
      throw errors.unprocessable('assessment.invalid_formula', { zh: `公式有误：${e.zh}`, en: `Invalid formula: ${e.message}` }, { position: e.position });
    }
    throw e;
  }
}

/** Parses a formula for the editor; with a year, also its value. */
export async function checkFormula(db: Executor, ctx: RequestContext, input: { formula: string; year?: number }) {
  const actor = granted(ctx, assessmentActions['assessment.indicators.read']);
  try {
    const { keys, canonical } = compileFormula(input.formula);
    let value: number | null = null;
    let numerator: number | null = null;
    let denominator: number | null = null;
    if (input.year !== undefined) {
      const p = yearPeriod(input.year);
      const set = await computeFigures(db, actor.jurisdictionId, p, keys);
      const r = evaluateIndicator(specOf({ formula: input.formula }), set, p);
      ({ value, numerator, denominator } = r);
    }
    return { ok: true, canonical, keys, error: null, position: null, value, numerator, denominator };
  } catch (e) {
    if (e instanceof ExprError) return { ok: false, canonical: null, keys: [], error: e.zh, position: e.position, value: null, numerator: null, denominator: null };
    throw e;
  }
}

const specOf = (r: Partial<IndicatorSpec>): IndicatorSpec => ({
  code: r.code ?? '',
  name: r.name ?? '',
  area: r.area ?? 'functions',
  formula: r.formula ?? '0',
  unit: r.unit ?? '',
  target: r.target ?? null,
  direction: r.direction ?? 'higher',
  weight: r.weight ?? 1,
  tolerance: r.tolerance ?? 0,
  prorate: r.prorate ?? false,
  description: r.description ?? '',
});

const toRow = <T extends { target: number | null; weight: number; tolerance: number }>(r: T) => ({
  ...r,
  target: r.target === null ? null : Number(r.target),
  weight: Number(r.weight),
  tolerance: Number(r.tolerance),
});

export async function listIndicators(db: Executor, ctx: RequestContext, q: { area?: Area; active?: boolean }) {
  const actor = granted(ctx, assessmentActions['assessment.indicators.read']);
  const rows = await repo.listIndicators(db, actor.jurisdictionId, q);
  return rows.map(toRow);
}

export async function createIndicator(db: Executor, ctx: RequestContext, input: IndicatorInput) {
  const actor = granted(ctx, assessmentActions['assessment.indicators.write']);
  const formula = checkedFormula(input.formula);
  return db.transaction().execute(async (tx) => {
    const row = await repo
      .insertIndicator(tx, actor.jurisdictionId, {
        code: input.code,
        name: input.name.trim(),
        area: input.area,
        formula,
        unit: input.unit ?? '',
        target: input.target ?? null,
        direction: input.direction,
        weight: input.weight ?? 1,
        tolerance: input.tolerance ?? 0,
        prorate: input.prorate ?? false,
        description: input.description ?? '',
        sort: input.sort ?? 0,
      })
      .catch((e: unknown) => {
        if (String((e as { code?: string }).code) === '23505') {
          throw errors.conflict('assessment.indicator_exists', { zh: `指标编码“${input.code}”已存在`, en: `Indicator ${input.code} exists` });
        }
        throw e;
      });
    await appendAudit(tx, ctx, { action: 'assessment.indicator.create', entity: 'assessment_indicator', entityId: row.id, details: { code: row.code, formula } });
    return toRow(row);
  });
}

export async function updateIndicator(db: Executor, ctx: RequestContext, id: number, input: Partial<Omit<IndicatorInput, 'code'>> & { version: number; active?: boolean }) {
  const actor = granted(ctx, assessmentActions['assessment.indicators.write']);
  const { version, ...changes } = input;
  if (changes.formula !== undefined) changes.formula = checkedFormula(changes.formula);
  if (changes.name !== undefined) changes.name = changes.name.trim();
  return db.transaction().execute(async (tx) => {
    const row = await repo.findIndicator(tx, id);
    if (!row || row.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('assessment.indicator', '指标');
    const updated = await repo.updateIndicator(tx, id, version, changes);
    if (!updated) throw errors.stale('assessment.indicator', { current: row.version });
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(changes)) before[k] = (row as Record<string, unknown>)[k];
    await appendAudit(tx, ctx, { action: 'assessment.indicator.update', entity: 'assessment_indicator', entityId: id, details: { code: row.code, before, after: changes } });
    return toRow(updated);
  });
}

/** Adds the default indicators whose codes the jurisdiction does not have yet. */
export async function installDefaultIndicators(db: Executor, jurisdictionId: number): Promise<number> {
  const have = new Set((await repo.indicatorCodes(db, jurisdictionId)).map((r) => r.code));
  let added = 0;
  for (const [i, d] of DEFAULT_INDICATORS.entries()) {
    if (have.has(d.code)) continue;
    await repo.insertIndicator(db, jurisdictionId, { ...d, formula: compileFormula(d.formula).canonical, sort: (i + 1) * 10 });
    added++;
  }
  return added;
}

export async function addDefaultIndicators(db: Executor, ctx: RequestContext) {
  const actor = granted(ctx, assessmentActions['assessment.indicators.write']);
  return db.transaction().execute(async (tx) => {
    const added = await installDefaultIndicators(tx, actor.jurisdictionId);
    await appendAudit(tx, ctx, { action: 'assessment.indicator.defaults', entity: 'assessment_indicator', details: { added } });
    return { added };
  });
}

// ── self-assessment ──

export interface AssessedIndicator {
  id: number;
  code: string;
  name: string;
  area: Area;
  areaName: string;
  formula: string;
  unit: string;
  direction: 'higher' | 'lower';
  weight: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: IndicatorStatus;
  statusName: string;
  missing: { key: string; reason: string }[];
  figures: string[];
  previous: { value: number | null; numerator: number | null; denominator: number | null; status: IndicatorStatus };
  /** Change against the same period of the previous year (value − previous), or null. */
  change: number | null;
  trend: { month: string; value: number | null; previous: number | null }[];
}

const round = (v: number | null, digits = 2) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * The self-assessment of a period for a jurisdiction (no access check: the report and the CLI use it). The
 * period, the same period a year earlier and the 24 months of the trend share one FigureMemo: each module's
 * figures are computed once per period, and months come from one pass over their year where a module allows.
 */
export async function assessFor(db: Executor, jurisdictionId: number, p: Period, opts: { today?: string; memo?: FigureMemo } = {}) {
  const memo = opts.memo ?? new FigureMemo();
  const rows = (await repo.listIndicators(db, jurisdictionId, { active: true })).map(toRow);
  const specs = rows.map((r) => ({ row: r, spec: specOf({ ...r, area: r.area, direction: r.direction }), keys: safeKeys(r.formula) }));
  const keys = [...new Set(specs.flatMap((s) => s.keys))];
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const prev = previousYearOf(p);
  const months = monthsOf(yearPeriod(p.year));
  if (months.some((m) => m.from <= today)) memo.wantWholeYear(p.year);
  memo.wantWholeYear(p.year - 1);
  const current = await computeFigures(db, jurisdictionId, p, keys, memo);
  const previous = await computeFigures(db, jurisdictionId, prev, keys, memo);
  const monthly: { month: Period; set: FigureSet | null; prevSet: FigureSet }[] = [];
  for (const m of months) {
    const set = m.from > today ? null : await computeFigures(db, jurisdictionId, m, keys, memo);
    monthly.push({ month: m, set, prevSet: await computeFigures(db, jurisdictionId, monthPeriod(p.year - 1, m.month!), keys, memo) });
  }
  const items: AssessedIndicator[] = specs.map(({ row, spec, keys: figs }) => {
    const r = evaluateIndicator(spec, current, p);
    const pr = evaluateIndicator(spec, previous, prev);
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      area: row.area,
      areaName: AREA_LABELS[row.area],
      formula: row.formula,
      unit: row.unit,
      direction: row.direction,
      weight: row.weight,
      value: round(r.value),
      numerator: round(r.numerator),
      denominator: round(r.denominator),
      target: r.target,
      status: r.status,
      statusName: STATUS_LABELS[r.status],
      missing: r.missing,
      figures: figs,
      previous: { value: round(pr.value), numerator: round(pr.numerator), denominator: round(pr.denominator), status: pr.status },
      change: r.value !== null && pr.value !== null ? round(r.value - pr.value) : null,
      trend: monthly.map((m) => ({
        month: m.month.from.slice(0, 7),
        value: m.set ? round(evaluateIndicator(spec, m.set, m.month).value) : null,
        previous: round(evaluateIndicator(spec, m.prevSet, m.month).value),
      })),
    };
  });
  const byArea = (Object.keys(AREA_LABELS) as Area[]).map((area) => {
    const inArea = items.filter((i) => i.area === area);
    return {
      area,
      areaName: AREA_LABELS[area],
      indicators: inArea.length,
      met: inArea.filter((i) => i.status === 'met').length,
      atRisk: inArea.filter((i) => i.status === 'at_risk').length,
      missed: inArea.filter((i) => i.status === 'missed').length,
      score: overallScore(inArea),
    };
  });
  return {
    period: p,
    previousPeriod: prev,
    score: overallScore(items),
    previousScore: overallScore(items.map((i) => ({ weight: i.weight, status: i.previous.status }))),
    byArea,
    indicators: items,
    figures: [...current.values()] as FigureValue[],
  };
}

function safeKeys(formula: string): string[] {
  try {
    return compileFormula(formula).keys;
  } catch {
    return [];
  }
}

export async function selfAssessment(db: Executor, ctx: RequestContext, q: PeriodQuery) {
  const actor = granted(ctx, assessmentActions['assessment.self.read']);
  return assessFor(db, actor.jurisdictionId, periodFromQuery(q));
}

// ── shortcomings ──

/** The shortcomings found for a jurisdiction and period (no access check: the report uses it). */
export async function findingsFor(db: Executor, jurisdictionId: number, p: Period, figures?: FigureSet, memo: FigureMemo = new FigureMemo()): Promise<Finding[]> {
  const set = figures ?? (await computeFigures(db, jurisdictionId, p, undefined, memo));
  const load = async <T>(fn: ((db: Executor, j: number, p: Period, memo: FigureMemo) => Promise<T>) | null): Promise<T | null> =>
    fn ? fn(db, jurisdictionId, p, memo) : null;
  return findShortcomings({
    period: p,
    figures: set,
    wageClusters: await load(BREAKDOWNS.wageClusters),
    eventsByDepartment: await load(BREAKDOWNS.eventsByDepartment),
    lateAnswersByUnit: await load(BREAKDOWNS.lateAnswersByUnit),
  });
}

export async function findings(db: Executor, ctx: RequestContext, q: PeriodQuery) {
  const actor = granted(ctx, assessmentActions['assessment.findings.read']);
  const p = periodFromQuery(q);
  return { period: p, findings: await findingsFor(db, actor.jurisdictionId, p) };
}
