// The figures catalogue: every figure the indicators and the annual report read, in one place, with its
// definition (numerator and denominator for rates), unit, the module that computes it, and where its rows are
// listed (drill-down). Values come from the owning modules' public functions (assessment.sources.ts). Pure.
import type { Period } from './assessment.period.ts';

export const FIGURE_MODULES = ['grids', 'events', 'enterprise', 'mediation', 'safety', 'education', 'legal', 'plans'] as const;
export type FigureModule = (typeof FIGURE_MODULES)[number];

export const FIGURE_MODULE_LABELS: Record<FigureModule, string> = {
  grids: '网格',
  events: '网格事件',
  enterprise: '企业服务',
  mediation: '矛调中心',
  safety: '平安建设',
  education: '学法普法',
  legal: '公共法律服务',
  plans: '组织领导与计划',
};

/** count: whole things; amount: money or hours; rate: a per-cent value with numerator and denominator; text: words. */
export type FigureKind = 'count' | 'amount' | 'rate' | 'text';

/**
 * period: computed over the period; year_to_date: from 1 January of the period's year to the period's end
 * (study hours against the yearly requirement); current: the state now (grids in service).
 */
export type FigureBasis = 'period' | 'year_to_date' | 'current';

/** Where the rows behind a figure are listed: a list API and its filters (the web UI opens the same list). */
export interface Drill {
  api: string;
  query: Record<string, string | number | boolean>;
  label: string;
}

export interface FigureDef {
  key: string;
  name: string;
  module: FigureModule;
  kind: FigureKind;
  unit: string;
  basis: FigureBasis;
  definition: string;
  /** Rates: what the numerator and the denominator count. */
  numerator?: string;
  denominator?: string;
  drill?: (p: Period) => Drill;
}

const range = (p: Period) => ({ from: p.from, to: p.to });
const ytd = (p: Period) => ({ from: `${p.year}-01-01`, to: p.to });

const def = (d: FigureDef): FigureDef => d;

export const FIGURES: readonly FigureDef[] = [
  // ── grids ──
  def({
    key: 'grids.base_count', name: '基础网格数', module: 'grids', kind: 'count', unit: '个', basis: 'current',
    definition: '在用的基础网格（基础网格层级、未停用）个数',
    drill: () => ({ api: '/api/grids', query: { level: 'base', active: true }, label: '基础网格列表' }),
  }),
  def({
    key: 'grids.workers', name: '网格员人数', module: 'grids', kind: 'count', unit: '人', basis: 'current',
    definition: '在用基础网格配备的网格员（去重）人数',
    drill: () => ({ api: '/api/grids', query: { level: 'base', active: true }, label: '基础网格及网格员' }),
  }),
  // ── events ──
  def({
    key: 'events.reported', name: '上报事件数', module: 'events', kind: 'count', unit: '起', basis: 'period',
    definition: '期内上报（网格员巡查、群众、热线、企业、上级平台转入）的事件数，按上报日期归期',
    drill: (p) => ({ api: '/api/events', query: range(p), label: '期内上报的事件' }),
  }),
  def({
    key: 'events.closed', name: '结案事件数', module: 'events', kind: 'count', unit: '起', basis: 'period',
    definition: '期内上报且已结案的事件数',
    drill: (p) => ({ api: '/api/events', query: { ...range(p), status: 'closed' }, label: '已结案事件' }),
  }),
  def({
    key: 'events.closed_loop_rate', name: '事件闭环率', module: 'events', kind: 'rate', unit: '%', basis: 'period',
    definition: '经核查后结案的事件数 ÷（上报数 − 不予受理数 − 合并数）',
    numerator: '核查后结案的事件', denominator: '上报数 − 不予受理数 − 合并数',
    drill: (p) => ({ api: '/api/events', query: { ...range(p), status: 'closed' }, label: '已结案事件' }),
  }),
  def({
    key: 'events.on_time_rate', name: '按期结案率', module: 'events', kind: 'rate', unit: '%', basis: 'period',
    definition: '各环节均未超期的结案数 ÷ 结案数', numerator: '按期结案的事件', denominator: '结案的事件',
    drill: (p) => ({ api: '/api/events', query: { ...range(p), status: 'closed' }, label: '已结案事件' }),
  }),
  def({
    key: 'events.overdue', name: '超期事件数', module: 'events', kind: 'count', unit: '起', basis: 'period',
    definition: '期内上报、曾经超过环节时限的事件数',
    drill: (p) => ({ api: '/api/events', query: { ...range(p), overdue: true }, label: '当前仍超期的事件' }),
  }),
  def({
    key: 'events.overdue_rate', name: '超期率', module: 'events', kind: 'rate', unit: '%', basis: 'period',
    definition: '曾超期的事件数 ÷（上报数 − 不予受理数 − 合并数）', numerator: '曾超期的事件', denominator: '上报数 − 不予受理数 − 合并数',
    drill: (p) => ({ api: '/api/events', query: { ...range(p), overdue: true }, label: '当前仍超期的事件' }),
  }),
  def({
    key: 'events.reopened', name: '返工事件数', module: 'events', kind: 'count', unit: '起', basis: 'period',
    definition: '期内上报、处置后被重新办理（返工）过的事件数',
    drill: (p) => ({ api: '/api/events', query: range(p), label: '期内上报的事件' }),
  }),
  def({
    key: 'events.rework_rate', name: '返工率', module: 'events', kind: 'rate', unit: '%', basis: 'period',
    definition: '重新办理过的事件数 ÷ 处置过的事件数', numerator: '返工事件', denominator: '处置过的事件',
    drill: (p) => ({ api: '/api/events', query: range(p), label: '期内上报的事件' }),
  }),
  // ── enterprise ──
  def({
    key: 'enterprise.served', name: '服务企业数', module: 'enterprise', kind: 'count', unit: '家', basis: 'period',
    definition: '期内至少收集了一个诉求的企业（去重）',
    drill: (p) => ({ api: '/api/enterprise/demands', query: range(p), label: '期内收集的企业诉求' }),
  }),
  def({
    key: 'enterprise.demands_collected', name: '收集企业问题数', module: 'enterprise', kind: 'count', unit: '个', basis: 'period',
    definition: '期内收集的企业诉求（人才用工、用地、资金需求、行政审批等，不含项目问题）',
    drill: (p) => ({ api: '/api/enterprise/demands', query: range(p), label: '企业诉求' }),
  }),
  def({
    key: 'enterprise.project_problems', name: '项目问题数', module: 'enterprise', kind: 'count', unit: '个', basis: 'period',
    definition: '期内收集的“项目问题”类诉求',
    drill: (p) => ({ api: '/api/enterprise/demands', query: { ...range(p), category: 'project' }, label: '项目问题' }),
  }),
  def({
    key: 'enterprise.collection_rate', name: '问题收集率', module: 'enterprise', kind: 'rate', unit: '%', basis: 'period',
    definition: '期内收集的诉求（含项目问题）÷ 年度收集目标（期间不足一年时按天数折算），可超过100%',
    numerator: '收集的诉求', denominator: '收集目标',
    drill: (p) => ({ api: '/api/enterprise/demands', query: range(p), label: '企业诉求' }),
  }),
  def({
    key: 'enterprise.answer_rate', name: '诉求答复率', module: 'enterprise', kind: 'rate', unit: '%', basis: 'period',
    definition: '期内收集且已答复的诉求 ÷ 期内收集的诉求', numerator: '已答复的诉求', denominator: '收集的诉求',
    drill: (p) => ({ api: '/api/enterprise/demands', query: range(p), label: '企业诉求' }),
  }),
  def({
    key: 'enterprise.on_time_answer_rate', name: '诉求按期答复率', module: 'enterprise', kind: 'rate', unit: '%', basis: 'period',
    definition: '在答复期限内答复的诉求 ÷ 已答复的诉求', numerator: '按期答复的诉求', denominator: '已答复的诉求',
    drill: (p) => ({ api: '/api/enterprise/demands', query: { ...range(p), sort: 'answerDueAt' }, label: '企业诉求（按答复期限）' }),
  }),
  def({
    key: 'enterprise.answered_late', name: '超期答复诉求数', module: 'enterprise', kind: 'count', unit: '个', basis: 'period',
    definition: '已答复但超过答复期限的诉求（已答复 − 按期答复）',
    drill: (p) => ({ api: '/api/enterprise/demands', query: { ...range(p), sort: 'answerDueAt' }, label: '企业诉求（按答复期限）' }),
  }),
  def({
    key: 'enterprise.visits', name: '走访企业次数', module: 'enterprise', kind: 'count', unit: '次', basis: 'period',
    definition: '期内实地和线上走访次数',
    drill: (p) => ({ api: '/api/enterprise/visits', query: range(p), label: '走访记录' }),
  }),
  def({
    key: 'enterprise.job_posting_enterprises', name: '线上发布招聘企业数', module: 'enterprise', kind: 'count', unit: '家', basis: 'period',
    definition: '期内帮助通过线上途径发布招聘公告的企业（去重）',
    drill: (p) => ({ api: '/api/enterprise/job-posts', query: range(p), label: '招聘帮扶记录' }),
  }),
  def({
    key: 'enterprise.job_positions', name: '招聘岗位数', module: 'enterprise', kind: 'count', unit: '个', basis: 'period',
    definition: '上述招聘公告涉及的岗位数',
    drill: (p) => ({ api: '/api/enterprise/job-posts', query: range(p), label: '招聘帮扶记录' }),
  }),
  def({
    key: 'enterprise.bank_matched', name: '银企对接企业数', module: 'enterprise', kind: 'count', unit: '家', basis: 'period',
    definition: '期内参加银企对接的企业（去重）',
    drill: (p) => ({ api: '/api/enterprise/financing', query: range(p), label: '融资申请' }),
  }),
  def({
    key: 'enterprise.financed', name: '成功融资企业数', module: 'enterprise', kind: 'count', unit: '家', basis: 'period',
    definition: '期内通过银企对接获得融资的企业（去重）',
    drill: (p) => ({ api: '/api/enterprise/financing', query: { ...range(p), status: 'granted' }, label: '已放款的融资申请' }),
  }),
  def({
    key: 'enterprise.financing_amount_wan', name: '融资金额', module: 'enterprise', kind: 'amount', unit: '万元', basis: 'period',
    definition: '期内银企对接获批的融资金额合计（万元）',
    drill: (p) => ({ api: '/api/enterprise/financing', query: { ...range(p), status: 'granted' }, label: '已放款的融资申请' }),
  }),
  // ── mediation ──
  def({
    key: 'mediation.visitors', name: '接待来访群众人次', module: 'mediation', kind: 'count', unit: '人次', basis: 'period',
    definition: '期内来访登记的人数之和（一次集体访按来访人数计）',
    drill: (p) => ({ api: '/api/mediation/intakes', query: range(p), label: '来访登记' }),
  }),
  def({
    key: 'mediation.visits', name: '来访批次', module: 'mediation', kind: 'count', unit: '批次', basis: 'period',
    definition: '期内来访登记条数',
    drill: (p) => ({ api: '/api/mediation/intakes', query: range(p), label: '来访登记' }),
  }),
  def({
    key: 'mediation.disputes_received', name: '受理矛盾纠纷数', module: 'mediation', kind: 'count', unit: '件', basis: 'period',
    definition: '期内登记的矛盾纠纷件数',
    drill: (p) => ({ api: '/api/mediation/disputes', query: range(p), label: '矛盾纠纷' }),
  }),
  def({
    key: 'mediation.disputes_resolved', name: '化解矛盾纠纷数', module: 'mediation', kind: 'count', unit: '件', basis: 'period',
    definition: '期内达成调解协议的纠纷件数',
    drill: (p) => ({ api: '/api/mediation/disputes', query: range(p), label: '矛盾纠纷' }),
  }),
  def({
    key: 'mediation.success_rate', name: '调解成功率', module: 'mediation', kind: 'rate', unit: '%', basis: 'period',
    definition: '达成协议件数 ÷（达成协议件数 + 调解不成件数），以期内办结的纠纷计', numerator: '达成协议', denominator: '办结的纠纷',
    drill: (p) => ({ api: '/api/mediation/disputes', query: range(p), label: '矛盾纠纷' }),
  }),
  def({
    key: 'mediation.wage_amount_wan', name: '涉及农民工工资（追回）', module: 'mediation', kind: 'amount', unit: '万元', basis: 'period',
    definition: '期内按调解协议实际支付给农民工的欠薪金额之和（万元）',
    drill: (p) => ({ api: '/api/mediation/disputes', query: { ...range(p), type: 'wage' }, label: '欠薪纠纷' }),
  }),
  def({
    key: 'mediation.wage_claimed_wan', name: '欠薪纠纷申请金额', module: 'mediation', kind: 'amount', unit: '万元', basis: 'period',
    definition: '期内登记的欠薪纠纷申请金额之和（万元）',
    drill: (p) => ({ api: '/api/mediation/disputes', query: { ...range(p), type: 'wage' }, label: '欠薪纠纷' }),
  }),
  def({
    key: 'mediation.wage_warnings', name: '重复欠薪预警', module: 'mediation', kind: 'count', unit: '次', basis: 'period',
    definition: '期内因同一项目或施工单位反复欠薪投诉发出的预警次数',
    drill: (p) => ({ api: '/api/mediation/warnings', query: { ...range(p), rule: 'wage_repeated' }, label: '重复欠薪预警' }),
  }),
  def({
    key: 'mediation.petitions', name: '信访件数', module: 'mediation', kind: 'count', unit: '件', basis: 'period',
    definition: '期内登记的信访事项',
    drill: (p) => ({ api: '/api/mediation/petitions', query: range(p), label: '信访事项' }),
  }),
  def({
    key: 'mediation.petitions_on_time_rate', name: '信访按期办结率', module: 'mediation', kind: 'rate', unit: '%', basis: 'period',
    definition: '在办理期限（含延期）内出具处理意见的件数 ÷ 已出具处理意见的件数', numerator: '按期办结', denominator: '已办结',
    drill: (p) => ({ api: '/api/mediation/petitions', query: range(p), label: '信访事项' }),
  }),
  def({
    key: 'mediation.lawsuits', name: '诉讼案件数', module: 'mediation', kind: 'count', unit: '件', basis: 'period',
    definition: '期内录入的法院诉讼案件数（外部数据，注明来源）',
    drill: (p) => ({ api: '/api/mediation/litigation-figures', query: range(p), label: '诉讼、仲裁案件数' }),
  }),
  def({
    key: 'mediation.arbitrations', name: '仲裁案件数', module: 'mediation', kind: 'count', unit: '件', basis: 'period',
    definition: '期内录入的劳动人事争议仲裁等案件数（外部数据，注明来源）',
    drill: (p) => ({ api: '/api/mediation/litigation-figures', query: range(p), label: '诉讼、仲裁案件数' }),
  }),
  // ── safety ──
  def({
    key: 'safety.criminal_solved', name: '破获刑事案件', module: 'safety', kind: 'count', unit: '起', basis: 'period',
    definition: '派出所报送的期内破获刑事案件数（按月录入，注明来源）',
    drill: (p) => ({ api: '/api/safety/police-figures', query: { year: p.year }, label: '公安月度数据' }),
  }),
  def({
    key: 'safety.public_security_closed', name: '治安案件结案', module: 'safety', kind: 'count', unit: '起', basis: 'period',
    definition: '派出所报送的期内治安案件结案数',
    drill: (p) => ({ api: '/api/safety/police-figures', query: { year: p.year }, label: '公安月度数据' }),
  }),
  def({
    key: 'safety.subjects', name: '社区矫正和安置帮教对象', module: 'safety', kind: 'count', unit: '人', basis: 'period',
    definition: '期内在管的社区矫正、安置帮教对象人数',
    drill: (p) => ({ api: '/api/safety/subjects', query: range(p), label: '在管对象（脱敏）' }),
  }),
  def({
    key: 'safety.reoffended', name: '重新犯罪人数', module: 'safety', kind: 'count', unit: '人', basis: 'period',
    definition: '期内在管对象中重新犯罪的人数',
    drill: (p) => ({ api: '/api/safety/subjects', query: range(p), label: '在管对象（脱敏）' }),
  }),
  def({
    key: 'safety.patrols', name: '巡控次数', module: 'safety', kind: 'count', unit: '次', basis: 'period',
    definition: '期内辅警、网格员、企业保安员的巡控记录数',
    drill: (p) => ({ api: '/api/safety/patrols', query: range(p), label: '巡控记录' }),
  }),
  // ── education ──
  def({
    key: 'education.required_hours', name: '年度学法学时要求', module: 'education', kind: 'count', unit: '学时', basis: 'current',
    definition: '每名行政人员每年应完成的学法学时',
  }),
  def({
    key: 'education.officials', name: '行政人员数', module: 'education', kind: 'count', unit: '人', basis: 'current',
    definition: '应学法的行政人员（在用的工作人员账户，不含系统管理员、律师、企业用户）',
    drill: (p) => ({ api: '/api/education/compliance', query: { year: p.year }, label: '学法达标情况' }),
  }),
  def({
    key: 'education.hours_met_rate', name: '学法学时达标率', module: 'education', kind: 'rate', unit: '%', basis: 'year_to_date',
    definition: '当年截至期末学法不少于规定学时的行政人员 ÷ 行政人员', numerator: '学时达标的人员', denominator: '行政人员',
    drill: (p) => ({ api: '/api/education/compliance', query: { year: p.year, only: 'below_hours' }, label: '学时未达标人员' }),
  }),
  def({
    key: 'education.below_hours', name: '学时未达标人数', module: 'education', kind: 'count', unit: '人', basis: 'year_to_date',
    definition: '当年截至期末学法少于规定学时的行政人员',
    drill: (p) => ({ api: '/api/education/compliance', query: { year: p.year, only: 'below_hours' }, label: '学时未达标人员' }),
  }),
  def({
    key: 'education.exam_pass_rate', name: '网上学法考试通过率', module: 'education', kind: 'rate', unit: '%', basis: 'year_to_date',
    definition: '通过当年国家工作人员网上学法用法考试的行政人员 ÷ 行政人员', numerator: '考试通过的人员', denominator: '行政人员',
    drill: (p) => ({ api: '/api/education/compliance', query: { year: p.year, only: 'not_passed' }, label: '考试未通过人员' }),
  }),
  def({
    key: 'education.publicity_events', name: '普法宣传活动场次', module: 'education', kind: 'count', unit: '场', basis: 'period',
    definition: '期内开展的普法宣传活动（安全生产月、禁毒宣传月、民法典宣讲、宪法宣传日等）',
    drill: (p) => ({ api: '/api/education/publicity-events', query: range(p), label: '普法宣传活动' }),
  }),
  def({
    key: 'education.materials', name: '发放宣传资料', module: 'education', kind: 'count', unit: '份', basis: 'period',
    definition: '期内普法宣传活动发放的图册、资料份数',
    drill: (p) => ({ api: '/api/education/publicity-events', query: range(p), label: '普法宣传活动' }),
  }),
  def({
    key: 'education.publicity_participants', name: '普法活动参与人次', module: 'education', kind: 'count', unit: '人次', basis: 'period',
    definition: '期内普法宣传活动的参与人次',
    drill: (p) => ({ api: '/api/education/publicity-events', query: range(p), label: '普法宣传活动' }),
  }),
  // ── legal services ──
  def({
    key: 'legal.services', name: '法律服务次数', module: 'legal', kind: 'count', unit: '次', basis: 'period',
    definition: '期内值班律师开展的法律咨询、法治授课、法律援助、调解协助次数',
    drill: (p) => ({ api: '/api/legal/services', query: range(p), label: '法律服务记录' }),
  }),
  def({
    key: 'legal.sites', name: '法律服务点位数', module: 'legal', kind: 'count', unit: '个', basis: 'period',
    definition: '期内法律服务到达的点位（企业或地点，去重）',
    drill: (p) => ({ api: '/api/legal/services', query: range(p), label: '法律服务记录' }),
  }),
  def({
    key: 'legal.people_served', name: '法律服务人次', module: 'legal', kind: 'count', unit: '人次', basis: 'period',
    definition: '期内法律服务覆盖的人次',
    drill: (p) => ({ api: '/api/legal/services', query: range(p), label: '法律服务记录' }),
  }),
  // ── plans and leadership ──
  def({
    key: 'plans.topic_meetings', name: '法治建设专题会议', module: 'plans', kind: 'count', unit: '次', basis: 'period',
    definition: '期内召开的法治建设专题会议',
    drill: (p) => ({ api: '/api/plans/meetings', query: range(p), label: '专题会议' }),
  }),
  def({
    key: 'plans.tasks_supervised', name: '督办任务数', module: 'plans', kind: 'count', unit: '项', basis: 'period',
    definition: '期限在期内、被督办过的任务',
    drill: () => ({ api: '/api/plans/tasks', query: { overdue: true }, label: '逾期未办结的任务' }),
  }),
  def({
    key: 'plans.tasks', name: '年度计划任务数', module: 'plans', kind: 'count', unit: '项', basis: 'period',
    definition: '期限在期内的年度工作计划任务（不含已取消）',
    drill: () => ({ api: '/api/plans/tasks', query: {}, label: '计划任务' }),
  }),
  def({
    key: 'plans.task_completion_rate', name: '计划任务完成率', module: 'plans', kind: 'rate', unit: '%', basis: 'period',
    definition: '期限在期内且已完成（按期或逾期）的任务 ÷ 期限在期内的任务', numerator: '已完成任务', denominator: '到期任务',
    drill: () => ({ api: '/api/plans/tasks', query: { status: 'done' }, label: '已完成的计划任务' }),
  }),
  def({
    key: 'plans.tasks_overdue', name: '超期计划任务', module: 'plans', kind: 'count', unit: '项', basis: 'period',
    definition: '期限在期内、逾期未完成或逾期完成的任务',
    drill: () => ({ api: '/api/plans/tasks', query: { overdue: true }, label: '逾期未办结的任务' }),
  }),
  def({
    key: 'plans.leading_group_chairs', name: '法治建设领导小组组长', module: 'plans', kind: 'text', unit: '', basis: 'current',
    definition: '法治建设领导小组组长（职务、姓名），即履行推进法治建设第一责任人职责的党政主要负责人',
    drill: () => ({ api: '/api/plans/leading-groups', query: {}, label: '法治建设领导小组' }),
  }),
];

export const FIGURE_BY_KEY: ReadonlyMap<string, FigureDef> = new Map(FIGURES.map((f) => [f.key, f]));

export const isFigureKey = (key: string): boolean => FIGURE_BY_KEY.has(key);

/** The period a figure is computed over, given the period asked for. */
export function basisPeriod(f: FigureDef, p: Period): { from: string; to: string } {
  return f.basis === 'year_to_date' ? ytd(p) : range(p);
}
