// Every default indicator on a hand-built figure set whose answers were worked out by hand.
import { describe, expect, it } from 'vitest';
import { FIGURE_BY_KEY } from './assessment.catalogue.ts';
import { ExprError } from './assessment.expr.ts';
import { figureSetFrom } from './assessment.figures.ts';
import { compileFormula, DEFAULT_INDICATORS, evaluateIndicator, overallScore, statusOf, targetFor, type IndicatorStatus } from './assessment.indicators.ts';
import { monthPeriod, quarterPeriod, yearPeriod } from './assessment.period.ts';
import { percent, type RawFigure } from './assessment.sources.ts';

const c = (value: number): RawFigure => ({ value });
const RAW: Record<string, RawFigure> = {
  'plans.topic_meetings': c(5),
  'plans.task_completion_rate': percent(17, 20),
  'plans.tasks_overdue': c(3),
  'plans.tasks_supervised': c(4),
  'enterprise.served': c(485),
  'enterprise.collection_rate': percent(519, 500),
  'enterprise.answer_rate': percent(500, 519),
  'enterprise.on_time_answer_rate': percent(480, 500),
  'enterprise.answered_late': c(20),
  'enterprise.job_posting_enterprises': c(150),
  'enterprise.job_positions': c(809),
  'enterprise.bank_matched': c(52),
  'enterprise.financed': c(7),
  'enterprise.financing_amount_wan': c(30348),
  'grids.base_count': c(7),
  'events.reported': c(1101),
  'events.closed_loop_rate': percent(1101, 1101),
  'events.on_time_rate': percent(1000, 1101),
  'events.rework_rate': percent(22, 1101),
  'events.overdue_rate': percent(66, 1101),
  'safety.criminal_solved': c(16),
  'safety.public_security_closed': c(83),
  'safety.subjects': c(8),
  'safety.reoffended': c(0),
  'mediation.visitors': c(512),
  'mediation.visits': c(300),
  'mediation.petitions': c(30),
  'mediation.lawsuits': c(40),
  'mediation.arbitrations': c(20),
  'mediation.disputes_received': c(30),
  'mediation.disputes_resolved': c(24),
  'mediation.success_rate': percent(24, 26),
  'mediation.wage_amount_wan': c(111.18),
  'mediation.petitions_on_time_rate': percent(9, 10),
  'education.hours_met_rate': percent(50, 50),
  'education.exam_pass_rate': percent(49, 50),
  'education.publicity_events': c(32),
  'education.materials': c(2250),
  'legal.services': c(34),
  'legal.sites': c(22),
};

type Expected = { value: number; numerator?: number; denominator?: number; status: IndicatorStatus };
const EXPECTED: Record<string, Expected> = {
  'ZZ-01': { value: 5, status: 'met' },
  'ZZ-02': { value: 85, numerator: 17, denominator: 20, status: 'at_risk' },
  'ZN-01': { value: 485, status: 'met' },
  'ZN-02': { value: 103.8, numerator: 519, denominator: 500, status: 'met' },
  'ZN-03': { value: 96.34, numerator: 500, denominator: 519, status: 'at_risk' },
  'ZN-04': { value: 150, status: 'missed' },
  'ZN-05': { value: 809, status: 'met' },
  'ZN-06': { value: 52, status: 'met' },
  'ZN-07': { value: 7, status: 'met' },
  'ZN-08': { value: 30348, status: 'met' },
  'ZN-09': { value: 7, status: 'met' },
  'ZD-01': { value: 96, numerator: 480, denominator: 500, status: 'met' },
  'ZD-02': { value: 90, numerator: 9, denominator: 10, status: 'missed' },
  'JC-01': { value: 3, status: 'missed' },
  'ZF-01': { value: 1101, status: 'no_target' },
  'ZF-02': { value: 100, numerator: 1101, denominator: 1101, status: 'met' },
  'ZF-03': { value: 90.83, numerator: 1000, denominator: 1101, status: 'at_risk' },
  'ZF-04': { value: 2, numerator: 22, denominator: 1101, status: 'met' },
  'ZF-05': { value: 16, status: 'no_target' },
  'ZF-06': { value: 83, status: 'no_target' },
  'MD-01': { value: 512, status: 'no_target' },
  'MD-02': { value: 24, status: 'met' },
  'MD-03': { value: 92.31, numerator: 24, denominator: 26, status: 'met' },
  'MD-04': { value: 111.18, status: 'no_target' },
  'MD-05': { value: 5.5, numerator: 330, denominator: 60, status: 'missed' },
  'MD-06': { value: 0, status: 'met' },
  'MD-08': { value: 80, numerator: 24, denominator: 30, status: 'met' },
  'MD-07': { value: 8, status: 'no_target' },
  'JD-01': { value: 5.99, numerator: 66, denominator: 1101, status: 'at_risk' },
  'JD-03': { value: 4, status: 'no_target' },
  'JD-02': { value: 20, status: 'missed' },
  'XC-01': { value: 100, numerator: 50, denominator: 50, status: 'met' },
  'XC-02': { value: 98, numerator: 49, denominator: 50, status: 'at_risk' },
  'XC-03': { value: 32, status: 'met' },
  'XC-04': { value: 2250, status: 'met' },
  'XC-05': { value: 34, status: 'met' },
  'XC-06': { value: 22, status: 'met' },
};

const year = yearPeriod(2020);
const figures = figureSetFrom(RAW, year);

describe('default indicators on a hand-built figure set', () => {
  it('has an expected answer for every default indicator, and every formula compiles over catalogue figures', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(DEFAULT_INDICATORS.map((d) => d.code).sort());
    for (const d of DEFAULT_INDICATORS) for (const k of compileFormula(d.formula).keys) expect(FIGURE_BY_KEY.has(k), k).toBe(true);
  });

  it.each(DEFAULT_INDICATORS.map((d) => [d.code, d.name, d] as const))('%s %s', (code, _name, spec) => {
    const e = EXPECTED[code];
    const r = evaluateIndicator(spec, figures, year);
    expect(r.value).toBeCloseTo(e.value, 2);
    if (e.numerator !== undefined) {
      expect(r.numerator).toBe(e.numerator);
      expect(r.denominator).toBe(e.denominator);
    }
    expect(r.status).toBe(e.status);
    expect(r.missing).toEqual([]);
  });

  it('covers the eight areas of the national demonstration indicator system', () => {
    expect(new Set(DEFAULT_INDICATORS.map((d) => d.area)).size).toBe(8);
  });
});

describe('indicator rules', () => {
  it('says at risk within the tolerance and missed beyond it, in both directions', () => {
    expect(statusOf(100, 100, 'higher', 5)).toBe('met');
    expect(statusOf(96, 100, 'higher', 5)).toBe('at_risk');
    expect(statusOf(95, 100, 'higher', 5)).toBe('at_risk');
    expect(statusOf(94.9, 100, 'higher', 5)).toBe('missed');
    expect(statusOf(3, 3, 'lower', 2)).toBe('met');
    expect(statusOf(5, 3, 'lower', 2)).toBe('at_risk');
    expect(statusOf(6, 3, 'lower', 2)).toBe('missed');
    expect(statusOf(1, 0, 'lower', 0)).toBe('missed');
    expect(statusOf(null, 10, 'higher', 0)).toBe('no_data');
    expect(statusOf(7, null, 'higher', 0)).toBe('no_target');
  });

  it('prorates a yearly count target to a quarter or a month by days, not a rate', () => {
    const events = DEFAULT_INDICATORS.find((d) => d.code === 'XC-03')!;
    const rate = DEFAULT_INDICATORS.find((d) => d.code === 'XC-01')!;
    // 2020 Q1: 31 + 29 + 31 = 91 of 366 days.
    expect(targetFor(events, quarterPeriod(2020, 1))).toBeCloseTo((30 * 91) / 366, 2);
    expect(targetFor(events, monthPeriod(2020, 2))).toBeCloseTo((30 * 29) / 366, 2);
    expect(targetFor(rate, monthPeriod(2020, 2))).toBe(100);
    const q = quarterPeriod(2020, 1);
    expect(evaluateIndicator(events, figureSetFrom({ 'education.publicity_events': c(8) }, q), q).status).toBe('met');
    const m = monthPeriod(2020, 2);
    // target 2.38, tolerance 5 × 29/366 = 0.40: one event is missed, two are at risk.
    expect(evaluateIndicator(events, figureSetFrom({ 'education.publicity_events': c(1) }, m), m).status).toBe('missed');
    expect(evaluateIndicator(events, figureSetFrom({ 'education.publicity_events': c(2) }, m), m).status).toBe('at_risk');
  });

  it('names the missing figures and why', () => {
    const spec = DEFAULT_INDICATORS.find((d) => d.code === 'MD-05')!;
    const r = evaluateIndicator(spec, figureSetFrom({ 'mediation.petitions': c(3), 'mediation.visits': c(4) }, year), year);
    expect(r.value).toBeNull();
    expect(r.status).toBe('no_data');
    expect(r.missing.map((m) => m.key)).toEqual(['mediation.lawsuits', 'mediation.arbitrations']);
  });

  it('refuses unknown figures and text figures in formulas', () => {
    expect(() => compileFormula('events.nothing + 1')).toThrow(ExprError);
    expect(() => compileFormula('plans.leading_group_chairs + 1')).toThrow(/text/);
  });

  it('scores met as 1, at risk as ½, missed as 0, weighted, ignoring statuses without a target', () => {
    expect(
      overallScore([
        { weight: 2, status: 'met' },
        { weight: 1, status: 'at_risk' },
        { weight: 1, status: 'missed' },
        { weight: 5, status: 'no_target' },
        { weight: 5, status: 'no_data' },
      ]),
    ).toBe(62.5);
    expect(overallScore([{ weight: 1, status: 'no_data' }])).toBeNull();
  });
});
