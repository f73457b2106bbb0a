import { describe, expect, it } from 'vitest';
import { figureSetFrom } from './assessment.figures.ts';
import { findShortcomings, type FindingsInput } from './assessment.findings.ts';
import { yearPeriod } from './assessment.period.ts';
import { percent, type RawFigure } from './assessment.sources.ts';

const p = yearPeriod(2020);
const c = (value: number): RawFigure => ({ value });
const input = (raw: Record<string, RawFigure>, over: Partial<FindingsInput> = {}): FindingsInput => ({
  period: p,
  figures: figureSetFrom(raw, p),
  wageClusters: null,
  eventsByDepartment: null,
  lateAnswersByUnit: null,
  ...over,
});
const rules = (i: FindingsInput) => findShortcomings(i).map((f) => f.rule);

describe('以访代诉', () => {
  it('is found when petitions and visits outnumber lawsuits and arbitration, with the counts in the text', () => {
    const [f] = findShortcomings(input({ 'mediation.petitions': c(12), 'mediation.visits': c(180), 'mediation.lawsuits': c(20), 'mediation.arbitrations': c(4) }));
    expect(f.rule).toBe('petitions_over_litigation');
    expect(f.text).toContain('以访代诉');
    expect(f.text).toContain('接待来访180批次、受理信访12件，而导入诉讼、仲裁的仅24件');
    expect(f.text).toContain('8倍');
    expect(f.severity).toBe('high');
    expect(f.evidence.map((e) => e.figure)).toEqual(['mediation.visits', 'mediation.petitions', 'mediation.lawsuits', 'mediation.arbitrations']);
    expect(f.evidence[0].drill?.api).toBe('/api/mediation/intakes');
  });

  it('is not found when lawsuits and arbitration are as many, when too few came, or without court figures', () => {
    expect(rules(input({ 'mediation.petitions': c(10), 'mediation.visits': c(20), 'mediation.lawsuits': c(25), 'mediation.arbitrations': c(10) }))).toEqual([]);
    expect(rules(input({ 'mediation.petitions': c(2), 'mediation.visits': c(5), 'mediation.lawsuits': c(0), 'mediation.arbitrations': c(0) }))).toEqual([]);
    expect(rules(input({ 'mediation.petitions': c(50), 'mediation.visits': c(500) }))).toEqual([]);
  });
});

describe('recurring wage arrears', () => {
  it('names how many projects and contractors had repeated disputes, with each as evidence', () => {
    const [f] = findShortcomings(
      input({}, {
        wageClusters: [
          { kind: 'project', name: '北辰科技园二期', disputes: 3, workers: 38, amountWan: 20.5 },
          { kind: 'contractor', name: '恒信建设劳务', disputes: 4, workers: 40, amountWan: 31 },
          { kind: 'project', name: '物流园仓储', disputes: 1, workers: 3, amountWan: 1 },
        ],
      }),
    );
    expect(f.rule).toBe('recurring_wage_arrears');
    expect(f.text).toContain('1个工程项目、1家施工单位重复发生欠薪纠纷，最多的一处达4次');
    expect(f.evidence).toHaveLength(2);
    expect(f.evidence[0].label).toContain('恒信建设劳务');
  });

  it('falls back to the early warnings for repeated wage complaints when there is no breakdown', () => {
    const [f] = findShortcomings(input({ 'mediation.wage_warnings': c(3) }));
    expect(f.rule).toBe('recurring_wage_arrears');
    expect(f.text).toContain('反复欠薪投诉发出预警3次');
    expect(f.evidence[0].drill?.query.rule).toBe('wage_repeated');
    expect(rules(input({ 'mediation.wage_warnings': c(0) }))).toEqual([]);
    expect(rules(input({}, { wageClusters: [{ kind: 'project', name: 'x', disputes: 1, workers: 1, amountWan: 1 }] }))).toEqual([]);
  });
});

describe('overdue or reopened events by department', () => {
  it('names departments over the share or the count, worst first', () => {
    const [f] = findShortcomings(
      input({}, {
        eventsByDepartment: [
          { departmentId: 1, name: '城市管理办公室', handled: 400, overdue: 12, reopened: 3 },
          { departmentId: 2, name: '市场监管所', handled: 20, overdue: 2, reopened: 0 },
          { departmentId: 3, name: '规划建设局', handled: 300, overdue: 1, reopened: 0 },
        ],
      }),
    );
    expect(f.rule).toBe('overdue_events_by_department');
    expect(f.text).toContain('城市管理办公室超期12起、返工3起；市场监管所超期2起');
    expect(f.text).not.toContain('规划建设局');
    expect(f.evidence).toHaveLength(2);
  });

  it('adds the list of reopened events beside a department’s evidence when the module gives it', () => {
    const drill = { api: '/api/events', query: { departmentId: 1 }, label: '全部' };
    const reopenedDrill = { api: '/api/events', query: { departmentId: 1, reopened: true }, label: '返工' };
    const [f] = findShortcomings(
      input({}, { eventsByDepartment: [{ departmentId: 1, name: '城市管理办公室', handled: 40, overdue: 0, reopened: 6, drill, reopenedDrill }] }),
    );
    expect(f.text).toContain('城市管理办公室超期0起、返工6起');
    expect(f.evidence).toEqual([
      { label: '城市管理办公室：超期0起、返工6起（共办理40起）', value: 6, drill },
      { label: '城市管理办公室：返工事件6起', value: 6, drill: reopenedDrill },
    ]);
  });
});

describe('demands answered late', () => {
  it('is found from the late count and names the units', () => {
    const [f] = findShortcomings(
      input({ 'enterprise.answered_late': c(7), 'enterprise.on_time_answer_rate': percent(93, 100) }, {
        lateAnswersByUnit: [
          { unitId: 1, name: '规划建设局', answered: 40, late: 5 },
          { unitId: 2, name: '财政金融局', answered: 60, late: 2 },
          { unitId: 3, name: '企业服务局', answered: 10, late: 0 },
        ],
      }),
    );
    expect(f.rule).toBe('late_demand_answers');
    expect(f.text).toContain('7个企业诉求超过答复期限才答复，主要集中在规划建设局、财政金融局');
    expect(rules(input({ 'enterprise.answered_late': c(0) }))).toEqual([]);
  });
});

describe('staff below the study requirement', () => {
  it('counts officials under 40 hours and those who failed the exam', () => {
    const [f] = findShortcomings(input({ 'education.below_hours': c(3), 'education.required_hours': c(40), 'education.exam_pass_rate': percent(48, 50) }));
    expect(f.rule).toBe('study_below_requirement');
    expect(f.text).toContain('3名行政人员学法不足40学时，2名未通过网上学法用法考试');
    expect(rules(input({ 'education.below_hours': c(0), 'education.exam_pass_rate': percent(50, 50) }))).toEqual([]);
  });
});

it('keeps the order of the rules and never names a person in the text', () => {
  const all = findShortcomings(
    input(
      {
        'mediation.petitions': c(40), 'mediation.visits': c(300), 'mediation.lawsuits': c(10), 'mediation.arbitrations': c(5),
        'mediation.wage_warnings': c(2), 'enterprise.answered_late': c(4), 'education.below_hours': c(1), 'education.required_hours': c(40),
      },
      { eventsByDepartment: [{ departmentId: 1, name: '城市管理办公室', handled: 10, overdue: 5, reopened: 0 }] },
    ),
  );
  expect(all.map((f) => f.rule)).toEqual(['petitions_over_litigation', 'recurring_wage_arrears', 'overdue_events_by_department', 'late_demand_answers', 'study_below_requirement']);
  for (const f of all) expect(f.suggestion.length).toBeGreaterThan(10);
});
