// Shortcomings found in the data (存在不足): rules over the figures and a few module breakdowns, each phrased in
// Chinese for the report with its evidence (figures and the lists behind them) and a suggestion for next year's
// plans. Pure: the service gathers the inputs from the modules' public functions.
import type { Drill } from './assessment.catalogue.ts';
import { numericLookup, type FigureSet } from './assessment.figures.ts';
import type { Period } from './assessment.period.ts';

export const FINDING_RULES = [
  'petitions_over_litigation',
  'recurring_wage_arrears',
  'overdue_events_by_department',
  'late_demand_answers',
  'study_below_requirement',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export const FINDING_RULE_LABELS: Record<FindingRule, string> = {
  petitions_over_litigation: '以访代诉',
  recurring_wage_arrears: '重复欠薪',
  overdue_events_by_department: '事件超期或返工',
  late_demand_answers: '企业诉求答复不及时',
  study_below_requirement: '学法未达要求',
};

export interface Evidence {
  label: string;
  /** A figure key when the evidence is a catalogue figure. */
  figure?: string;
  value?: number | string;
  drill?: Drill;
}

export interface Finding {
  rule: FindingRule;
  title: string;
  severity: 'high' | 'medium' | 'low';
  /** The shortcoming as a sentence or two for 二、存在不足. */
  text: string;
  /** The matching plan for 三、下一年工作思路. */
  suggestion: string;
  evidence: Evidence[];
}

export interface WageCluster {
  kind: 'project' | 'contractor';
  name: string;
  disputes: number;
  workers: number;
  amountWan: number;
  drill?: Drill;
}

export interface DepartmentEvents {
  departmentId: number;
  name: string;
  /** Events dispatched to the department. */
  handled: number;
  /** Events that ran past a stage's time limit at least once. */
  overdue: number;
  /** Events reopened at least once (返工). */
  reopened: number;
  drill?: Drill;
  /** The reopened ones alone. */
  reopenedDrill?: Drill;
}

export interface UnitLateAnswers {
  unitId: number;
  name: string;
  answered: number;
  late: number;
  drill?: Drill;
}

export interface FindingsInput {
  period: Period;
  figures: FigureSet;
  /** Projects or contractors with repeated wage disputes in the period (null: the module gives no breakdown). */
  wageClusters: WageCluster[] | null;
  eventsByDepartment: DepartmentEvents[] | null;
  lateAnswersByUnit: UnitLateAnswers[] | null;
}

export interface FindingThresholds {
  /** 以访代诉: petitions and visits at least this many times the cases taken to court or arbitration. */
  petitionRatio: number;
  /** …and at least this many petitions and visits, so that a handful does not make a finding. */
  petitionMinimum: number;
  /** Recurring arrears: this many wage disputes or more at one project or contractor. */
  wageRepeat: number;
  /** A department is named when this share (%) of its events ran overdue or were reopened… */
  departmentShare: number;
  /** …or when it had at least this many overdue or reopened events. */
  departmentCount: number;
}

export const DEFAULT_THRESHOLDS: FindingThresholds = { petitionRatio: 1, petitionMinimum: 10, wageRepeat: 2, departmentShare: 5, departmentCount: 5 };

const fig = (figures: FigureSet, key: string): Evidence => {
  const f = figures.get(key);
  return { label: f?.name ?? key, figure: key, value: typeof f?.value === 'number' ? round(f.value) : (f?.value ?? undefined), drill: f?.drill ?? undefined };
};
const round = (v: number) => Math.round(v * 100) / 100;
const list = (names: string[], max = 3) => (names.length <= max ? names.join('、') : `${names.slice(0, max).join('、')}等${names.length}个`);

function petitionsOverLitigation(i: FindingsInput, t: FindingThresholds): Finding | null {
  const n = numericLookup(i.figures);
  const petitions = n('mediation.petitions');
  const visits = n('mediation.visits');
  const lawsuits = n('mediation.lawsuits');
  const arbitrations = n('mediation.arbitrations');
  // Without lawsuit and arbitration figures entered for the period there is nothing to compare with.
  if (petitions === null || visits === null || lawsuits === null || arbitrations === null) return null;
  const litigation = lawsuits + arbitrations;
  const access = petitions + visits;
  if (access < t.petitionMinimum || access < litigation * t.petitionRatio || access === litigation) return null;
  const times = litigation > 0 ? `，是导入诉讼、仲裁件数的${round(access / litigation)}倍` : '，同期没有导入诉讼、仲裁的案件';
  return {
    rule: 'petitions_over_litigation',
    title: FINDING_RULE_LABELS.petitions_over_litigation,
    severity: litigation === 0 || access >= litigation * 3 ? 'high' : 'medium',
    text:
      `部分企业及职工依靠法律维护权益的意识仍有待提高。当发生矛盾纠纷时，首先想到的是通过信访解决问题，` +
      `${i.period.label}接待来访${visits}批次、受理信访${petitions}件，而导入诉讼、仲裁的仅${litigation}件${times}，以访代诉现象普遍。`,
    suggestion:
      '依法规范信访行为，推进诉访分离，做好矛盾纠纷联合排查、联动调处，引导人民群众通过诉讼、仲裁等法定途径以理性合法的形式表达利益诉求。',
    evidence: [fig(i.figures, 'mediation.visits'), fig(i.figures, 'mediation.petitions'), fig(i.figures, 'mediation.lawsuits'), fig(i.figures, 'mediation.arbitrations')],
  };
}

const WAGE_TEXT_HEAD = '社会矛盾纠纷多元化解机制还没有形成合力，农民工讨薪问题较为突出。';
const WAGE_TEXT_TAIL = '部分工地管理仍然不够科学规范，借照承揽工程施工时有发生，导致拖欠农民工工资问题屡禁不绝。';
const WAGE_SUGGESTION =
  '落实《保障农民工工资支付条例》，对重复欠薪的项目和施工单位开展源头治理和监测预警，督促落实实名制用工、工资专用账户和工资保证金制度。';

function recurringWageArrears(i: FindingsInput, t: FindingThresholds): Finding | null {
  if (!i.wageClusters) {
    // No per-project breakdown: the early warnings for repeated wage complaints stand in for it.
    const warnings = numericLookup(i.figures)('mediation.wage_warnings');
    if (warnings === null || warnings <= 0) return null;
    return {
      rule: 'recurring_wage_arrears',
      title: FINDING_RULE_LABELS.recurring_wage_arrears,
      severity: warnings >= 3 ? 'high' : 'medium',
      text: `${WAGE_TEXT_HEAD}${i.period.label}因同一项目或施工单位反复欠薪投诉发出预警${warnings}次，${WAGE_TEXT_TAIL}`,
      suggestion: WAGE_SUGGESTION,
      evidence: [fig(i.figures, 'mediation.wage_warnings'), fig(i.figures, 'mediation.wage_amount_wan')],
    };
  }
  const repeated = i.wageClusters.filter((c) => c.disputes >= t.wageRepeat).sort((a, b) => b.disputes - a.disputes);
  if (repeated.length === 0) return null;
  const projects = repeated.filter((c) => c.kind === 'project');
  const contractors = repeated.filter((c) => c.kind === 'contractor');
  const parts: string[] = [];
  if (projects.length) parts.push(`${projects.length}个工程项目`);
  if (contractors.length) parts.push(`${contractors.length}家施工单位`);
  const worst = repeated[0];
  return {
    rule: 'recurring_wage_arrears',
    title: FINDING_RULE_LABELS.recurring_wage_arrears,
    severity: worst.disputes >= t.wageRepeat + 2 ? 'high' : 'medium',
    text: `${WAGE_TEXT_HEAD}${i.period.label}有${parts.join('、')}重复发生欠薪纠纷，最多的一处达${worst.disputes}次，${WAGE_TEXT_TAIL}`,
    suggestion: WAGE_SUGGESTION,
    evidence: repeated.map((c) => ({
      label: `${c.kind === 'project' ? '项目' : '施工单位'}：${c.name}（${c.disputes}次，涉及${c.workers}人、${round(c.amountWan)}万元）`,
      value: c.disputes,
      drill: c.drill,
    })),
  };
}

function overdueEventsByDepartment(i: FindingsInput, t: FindingThresholds): Finding | null {
  if (!i.eventsByDepartment) return null;
  const named = i.eventsByDepartment
    .filter((d) => d.handled > 0)
    .filter((d) => {
      const bad = d.overdue + d.reopened;
      return bad > 0 && (bad >= t.departmentCount || (bad / d.handled) * 100 >= t.departmentShare);
    })
    .sort((a, b) => b.overdue + b.reopened - (a.overdue + a.reopened));
  if (named.length === 0) return null;
  const detail = named
    .slice(0, 3)
    .map((d) => `${d.name}超期${d.overdue}起${d.reopened > 0 ? `、返工${d.reopened}起` : ''}`)
    .join('；');
  return {
    rule: 'overdue_events_by_department',
    title: FINDING_RULE_LABELS.overdue_events_by_department,
    severity: named.length >= 3 ? 'high' : 'medium',
    text: `部分职能部门办理网格事件不够及时、不够彻底，${list(named.map((d) => d.name))}存在超期或返工：${detail}。`,
    suggestion: '强化事件办理时限管理和督办问责，对超期、返工较多的部门开展约谈和专项督查，提高按期结案率。',
    evidence: named.flatMap((d) => [
      { label: `${d.name}：超期${d.overdue}起、返工${d.reopened}起（共办理${d.handled}起）`, value: d.overdue + d.reopened, drill: d.drill },
      ...(d.reopened > 0 && d.reopenedDrill ? [{ label: `${d.name}：返工事件${d.reopened}起`, value: d.reopened, drill: d.reopenedDrill }] : []),
    ]),
  };
}

function lateDemandAnswers(i: FindingsInput): Finding | null {
  const late = numericLookup(i.figures)('enterprise.answered_late');
  if (late === null || late <= 0) return null;
  const units = (i.lateAnswersByUnit ?? []).filter((u) => u.late > 0).sort((a, b) => b.late - a.late);
  const where = units.length ? `，主要集中在${list(units.map((u) => u.name))}` : '';
  return {
    rule: 'late_demand_answers',
    title: FINDING_RULE_LABELS.late_demand_answers,
    severity: late >= 10 ? 'medium' : 'low',
    text: `企业诉求答复的时效还有差距，${i.period.label}有${late}个企业诉求超过答复期限才答复${where}。`,
    suggestion: '健全企业诉求首问负责和限时答复制度，对临近期限的诉求提前预警，确保企业诉求按期答复。',
    evidence: [
      fig(i.figures, 'enterprise.answered_late'),
      fig(i.figures, 'enterprise.on_time_answer_rate'),
      ...units.map((u) => ({ label: `${u.name}：超期答复${u.late}个（共答复${u.answered}个）`, value: u.late, drill: u.drill })),
    ],
  };
}

function studyBelowRequirement(i: FindingsInput): Finding | null {
  const n = numericLookup(i.figures);
  const below = n('education.below_hours');
  const required = n('education.required_hours');
  const examRate = i.figures.get('education.exam_pass_rate');
  const notPassed = examRate && examRate.numerator !== null && examRate.denominator !== null ? examRate.denominator - examRate.numerator : 0;
  if ((below === null || below <= 0) && notPassed <= 0) return null;
  const parts: string[] = [];
  if (below && below > 0) parts.push(`${below}名行政人员学法不足${required ?? 40}学时`);
  if (notPassed > 0) parts.push(`${notPassed}名未通过网上学法用法考试`);
  return {
    rule: 'study_below_requirement',
    title: FINDING_RULE_LABELS.study_below_requirement,
    severity: 'low',
    text: `学法用法制度落实还不够到位，${i.period.label}${parts.join('，')}。`,
    suggestion: '坚持和完善党委中心组学法、法治讲座、定期法治培训、自学等学法制度，组织好国家工作人员网上学法用法学习和考试。',
    evidence: [fig(i.figures, 'education.below_hours'), fig(i.figures, 'education.exam_pass_rate')],
  };
}

/** Every rule over the inputs; the findings in the order of the rules. */
export function findShortcomings(i: FindingsInput, t: FindingThresholds = DEFAULT_THRESHOLDS): Finding[] {
  return [petitionsOverLitigation(i, t), recurringWageArrears(i, t), overdueEventsByDepartment(i, t), lateDemandAnswers(i), studyBelowRequirement(i)].filter(
    (f): f is Finding => f !== null,
  );
}
