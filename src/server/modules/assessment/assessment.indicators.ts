// Indicators (指标): a formula over figure keys with a target, a direction and a weight, grouped by the areas of
// the national demonstration indicator system. Evaluation and the default catalogue are pure.
import { FIGURE_BY_KEY } from './assessment.catalogue.ts';
import { ExprError, evaluate, figureKeysOf, formatExpr, parseExpr, ratioParts, type Expr } from './assessment.expr.ts';
import { numericLookup, type FigureSet } from './assessment.figures.ts';
import { shareOfYear, type Period } from './assessment.period.ts';

export const AREAS = ['functions', 'institutions', 'decisions', 'enforcement', 'disputes', 'supervision', 'publicity', 'leadership'] as const;
export type Area = (typeof AREAS)[number];
export const AREA_LABELS: Record<Area, string> = {
  functions: '职能依法履行',
  institutions: '依法行政制度',
  decisions: '行政决策',
  enforcement: '行政执法',
  disputes: '矛盾纠纷化解',
  supervision: '监督',
  publicity: '法治宣传',
  leadership: '组织领导',
};

export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface IndicatorSpec {
  code: string;
  name: string;
  area: Area;
  formula: string;
  unit: string;
  /** null: shown without a status. */
  target: number | null;
  direction: Direction;
  weight: number;
  /** How far short of the target (in the indicator's unit) still counts as "at risk" rather than "missed". */
  tolerance: number;
  /** A yearly count target: for a quarter or a month, the target is its share of the year by days. */
  prorate: boolean;
  description: string;
}

export type IndicatorStatus = 'met' | 'at_risk' | 'missed' | 'no_data' | 'no_target';
export const STATUS_LABELS: Record<IndicatorStatus, string> = {
  met: '达标',
  at_risk: '预警',
  missed: '未达标',
  no_data: '无数据',
  no_target: '未设目标',
};

export interface IndicatorResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: IndicatorStatus;
  /** Figures the formula reads that have no value, with the reason. */
  missing: { key: string; reason: string }[];
}

/** Parses a formula and checks that every key it reads is a numeric figure of the catalogue. */
export function compileFormula(formula: string): { expr: Expr; keys: string[]; canonical: string } {
  const expr = parseExpr(formula);
  const keys = figureKeysOf(expr);
  for (const k of keys) {
    const f = FIGURE_BY_KEY.get(k);
    if (!f) throw new ExprError(`未知的统计项“${k}”`, `unknown figure '${k}'`, formula.indexOf(k));
    if (f.kind === 'text') throw new ExprError(`统计项“${k}”是文字，不能参与计算`, `figure '${k}' is text`, formula.indexOf(k));
  }
  return { expr, keys, canonical: formatExpr(expr) };
}

export function statusOf(value: number | null, target: number | null, direction: Direction, tolerance: number): IndicatorStatus {
  if (target === null) return value === null ? 'no_data' : 'no_target';
  if (value === null) return 'no_data';
  const eps = 1e-9;
  const gap = direction === 'higher' ? target - value : value - target;
  if (gap <= eps) return 'met';
  return gap <= tolerance + eps ? 'at_risk' : 'missed';
}

/** The target for a period: a prorated yearly count shrinks with the period; rates and ratios do not. */
export function targetFor(spec: Pick<IndicatorSpec, 'target' | 'prorate'>, p: Period): number | null {
  if (spec.target === null) return null;
  if (!spec.prorate || p.kind === 'year') return spec.target;
  return Math.round(spec.target * shareOfYear(p) * 100) / 100;
}

export function evaluateIndicator(spec: IndicatorSpec, figures: FigureSet, p: Period): IndicatorResult {
  const { expr, keys } = compileFormula(spec.formula);
  const lookup = numericLookup(figures);
  const value = evaluate(expr, lookup);
  let numerator: number | null = null;
  let denominator: number | null = null;
  const parts = ratioParts(expr, lookup);
  if (parts) ({ numerator, denominator } = parts);
  else if (expr.type === 'fig') {
    const f = figures.get(expr.key);
    numerator = f?.numerator ?? null;
    denominator = f?.denominator ?? null;
  }
  const missing = keys
    .filter((k) => lookup(k) === null)
    .map((k) => ({ key: k, reason: figures.get(k)?.missing ?? '无数据' }));
  const target = targetFor(spec, p);
  const scale = spec.prorate && spec.target !== null && spec.target !== 0 && target !== null ? target / spec.target : 1;
  return { value, numerator, denominator, target, status: statusOf(value, target, spec.direction, spec.tolerance * scale), missing };
}

const SCORE: Partial<Record<IndicatorStatus, number>> = { met: 1, at_risk: 0.5, missed: 0 };

/** The weighted share of targets met (at risk counts half), 0–100; null when no indicator has a status. */
export function overallScore(items: { weight: number; status: IndicatorStatus }[]): number | null {
  let total = 0;
  let got = 0;
  for (const i of items) {
    const s = SCORE[i.status];
    if (s === undefined || i.weight <= 0) continue;
    total += i.weight;
    got += i.weight * s;
  }
  return total > 0 ? Math.round((got / total) * 1000) / 10 : null;
}

const ind = (s: Omit<IndicatorSpec, 'tolerance' | 'prorate' | 'description'> & Partial<IndicatorSpec>): IndicatorSpec => ({
  tolerance: 0,
  prorate: false,
  description: '',
  ...s,
});

/**
 * The default catalogue: every figure of the 2020 report (the seed) and the eight areas of the national
 * demonstration indicator system. The law office edits targets and weights, and adds its own.
 */
export const DEFAULT_INDICATORS: readonly IndicatorSpec[] = [
  // 组织领导
  ind({ code: 'ZZ-01', name: '法治建设专题会议', area: 'leadership', formula: 'plans.topic_meetings', unit: '次', target: 4, direction: 'higher', weight: 4, tolerance: 1, prorate: true, description: '定期召开专题会议研究部署法治建设' }),
  ind({ code: 'ZZ-02', name: '年度法治建设计划任务完成率', area: 'leadership', formula: 'plans.task_completion_rate', unit: '%', target: 90, direction: 'higher', weight: 6, tolerance: 10, description: '年度工作计划明确的任务按期完成' }),
  // 职能依法履行
  ind({ code: 'ZN-01', name: '服务企业数', area: 'functions', formula: 'enterprise.served', unit: '家', target: 450, direction: 'higher', weight: 4, tolerance: 45, prorate: true, description: '双万双服：收集诉求覆盖的企业' }),
  ind({ code: 'ZN-02', name: '企业问题收集率', area: 'functions', formula: 'enterprise.collection_rate', unit: '%', target: 100, direction: 'higher', weight: 5, tolerance: 10, description: '收集的诉求（含项目问题）÷ 年度收集目标' }),
  ind({ code: 'ZN-03', name: '企业诉求答复率', area: 'functions', formula: 'enterprise.answer_rate', unit: '%', target: 100, direction: 'higher', weight: 5, tolerance: 5 }),
  ind({ code: 'ZN-04', name: '线上招聘帮扶企业数', area: 'functions', formula: 'enterprise.job_posting_enterprises', unit: '家', target: 200, direction: 'higher', weight: 2, tolerance: 20, prorate: true }),
  ind({ code: 'ZN-05', name: '招聘岗位数', area: 'functions', formula: 'enterprise.job_positions', unit: '个', target: 800, direction: 'higher', weight: 1, tolerance: 80, prorate: true }),
  ind({ code: 'ZN-06', name: '银企对接企业数', area: 'functions', formula: 'enterprise.bank_matched', unit: '家', target: 50, direction: 'higher', weight: 2, tolerance: 5, prorate: true }),
  ind({ code: 'ZN-07', name: '成功融资企业数', area: 'functions', formula: 'enterprise.financed', unit: '家', target: 5, direction: 'higher', weight: 2, tolerance: 1, prorate: true }),
  ind({ code: 'ZN-08', name: '帮助企业融资金额', area: 'functions', formula: 'enterprise.financing_amount_wan', unit: '万元', target: 20000, direction: 'higher', weight: 2, tolerance: 2000, prorate: true }),
  ind({ code: 'ZN-09', name: '基础网格划分', area: 'functions', formula: 'grids.base_count', unit: '个', target: 7, direction: 'higher', weight: 2, description: '全域划分基础网格并配备网格员' }),
  // 依法行政制度
  ind({ code: 'ZD-01', name: '企业诉求按期答复率', area: 'institutions', formula: 'enterprise.on_time_answer_rate', unit: '%', target: 95, direction: 'higher', weight: 4, tolerance: 5 }),
  ind({ code: 'ZD-02', name: '信访事项按期办结率', area: 'institutions', formula: 'mediation.petitions_on_time_rate', unit: '%', target: 100, direction: 'higher', weight: 4, tolerance: 5, description: '信访工作条例：60日内办结，延期不超过30日' }),
  // 行政决策
  ind({ code: 'JC-01', name: '超期计划任务', area: 'decisions', formula: 'plans.tasks_overdue', unit: '项', target: 0, direction: 'lower', weight: 3, tolerance: 2, description: '决策部署的任务逾期未完成的项数' }),
  // 行政执法
  ind({ code: 'ZF-01', name: '上报处置事件数', area: 'enforcement', formula: 'events.reported', unit: '起', target: null, direction: 'higher', weight: 0, description: '一体化治理平台累计上报处置的事件（观察指标）' }),
  ind({ code: 'ZF-02', name: '事件闭环率', area: 'enforcement', formula: 'events.closed_loop_rate', unit: '%', target: 100, direction: 'higher', weight: 6, tolerance: 5, description: '核实后办结 ÷ 应办结' }),
  ind({ code: 'ZF-03', name: '事件按期结案率', area: 'enforcement', formula: 'events.on_time_rate', unit: '%', target: 95, direction: 'higher', weight: 4, tolerance: 5 }),
  ind({ code: 'ZF-04', name: '事件返工率', area: 'enforcement', formula: 'events.rework_rate', unit: '%', target: 3, direction: 'lower', weight: 3, tolerance: 2 }),
  ind({ code: 'ZF-05', name: '破获刑事案件', area: 'enforcement', formula: 'safety.criminal_solved', unit: '起', target: null, direction: 'higher', weight: 0, description: '派出所报送（观察指标）' }),
  ind({ code: 'ZF-06', name: '治安案件结案', area: 'enforcement', formula: 'safety.public_security_closed', unit: '起', target: null, direction: 'higher', weight: 0, description: '派出所报送（观察指标）' }),
  // 矛盾纠纷化解
  ind({ code: 'MD-01', name: '接待来访群众', area: 'disputes', formula: 'mediation.visitors', unit: '人次', target: null, direction: 'higher', weight: 0, description: '矛调中心“只进一扇门”接待人次（观察指标）' }),
  ind({ code: 'MD-02', name: '化解矛盾纠纷', area: 'disputes', formula: 'mediation.disputes_resolved', unit: '件', target: 20, direction: 'higher', weight: 4, tolerance: 4, prorate: true }),
  ind({ code: 'MD-03', name: '调解成功率', area: 'disputes', formula: 'mediation.success_rate', unit: '%', target: 80, direction: 'higher', weight: 5, tolerance: 10 }),
  ind({ code: 'MD-04', name: '涉及农民工工资', area: 'disputes', formula: 'mediation.wage_amount_wan', unit: '万元', target: null, direction: 'higher', weight: 0, description: '化解欠薪纠纷涉及金额（观察指标）' }),
  ind({ code: 'MD-05', name: '以访代诉比', area: 'disputes', formula: '(mediation.petitions + mediation.visits) / (mediation.lawsuits + mediation.arbitrations)', unit: '倍', target: 3, direction: 'lower', weight: 3, tolerance: 2, description: '信访件数和来访批次 ÷ 诉讼和仲裁案件数；越高越说明“以访代诉”' }),
  ind({ code: 'MD-06', name: '在管对象重新犯罪', area: 'disputes', formula: 'safety.reoffended', unit: '人', target: 0, direction: 'lower', weight: 4, description: '社区矫正、安置帮教对象' }),
  ind({ code: 'MD-08', name: '矛盾纠纷化解率（化解 ÷ 受理）', area: 'disputes', formula: 'mediation.disputes_resolved / mediation.disputes_received * 100', unit: '%', target: 70, direction: 'higher', weight: 2, tolerance: 10 }),
  ind({ code: 'MD-07', name: '社区矫正和安置帮教对象', area: 'disputes', formula: 'safety.subjects', unit: '人', target: null, direction: 'higher', weight: 0, description: '观察指标' }),
  // 监督
  ind({ code: 'JD-01', name: '事件超期率', area: 'supervision', formula: 'events.overdue_rate', unit: '%', target: 5, direction: 'lower', weight: 4, tolerance: 3 }),
  ind({ code: 'JD-03', name: '督办计划任务', area: 'supervision', formula: 'plans.tasks_supervised', unit: '项', target: null, direction: 'lower', weight: 0, description: '观察指标' }),
  ind({ code: 'JD-02', name: '超期答复企业诉求', area: 'supervision', formula: 'enterprise.answered_late', unit: '个', target: 0, direction: 'lower', weight: 3, tolerance: 5 }),
  // 法治宣传
  ind({ code: 'XC-01', name: '学法学时达标率', area: 'publicity', formula: 'education.hours_met_rate', unit: '%', target: 100, direction: 'higher', weight: 5, tolerance: 5, description: '每人每年不少于40学时' }),
  ind({ code: 'XC-02', name: '网上学法考试通过率', area: 'publicity', formula: 'education.exam_pass_rate', unit: '%', target: 100, direction: 'higher', weight: 4, tolerance: 5 }),
  ind({ code: 'XC-03', name: '普法宣传活动', area: 'publicity', formula: 'education.publicity_events', unit: '场', target: 30, direction: 'higher', weight: 3, tolerance: 5, prorate: true }),
  ind({ code: 'XC-04', name: '发放宣传资料', area: 'publicity', formula: 'education.materials', unit: '份', target: 2000, direction: 'higher', weight: 2, tolerance: 300, prorate: true }),
  ind({ code: 'XC-05', name: '公共法律服务', area: 'publicity', formula: 'legal.services', unit: '次', target: 30, direction: 'higher', weight: 3, tolerance: 5, prorate: true, description: '法律咨询、法治授课、援助调解' }),
  ind({ code: 'XC-06', name: '法律服务点位', area: 'publicity', formula: 'legal.sites', unit: '个', target: 20, direction: 'higher', weight: 2, tolerance: 3, prorate: true }),
];
