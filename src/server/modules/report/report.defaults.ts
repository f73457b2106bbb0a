// The default draft of a year's report: the seed report's structure and wording, made general, with every
// figure a placeholder. 存在不足 and 工作思路 take the year's findings when it has them. Pure.
import type { Finding } from '../assessment/index.ts';
import type { ReportBody, ReportItem } from './report.body.ts';

export const DEFAULT_SECTION_KEYS = ['leadership', 'business', 'governance', 'education'] as const;

const LEADERSHIP =
  '{{jurisdiction.short_name}}高度重视法治政府建设工作，认真落实党政主要负责人履行推进法治建设第一责任人职责要求。' +
  '成立法治建设领导小组，由党政主要负责人任组长，对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。' +
  '制定了年度工作计划，明确总体目标、主要任务和具体措施，全年召开法治建设专题会议{{plans.topic_meetings}}次，年度计划任务完成率{{plans.task_completion_rate}}，' +
  '将法治建设纳入发展总体规划、年度工作计划和年终考核内容，切实推动法治政府建设深入开展。';

const BUSINESS =
  '深入开展双万双服促发展活动，全面推进营商法治化建设。全年共收集并答复{{enterprise.served}}家企业关于人才用工、用地、资金需求、行政审批等问题{{enterprise.demands_collected}}个，' +
  '项目问题{{enterprise.project_problems}}个，实现问题收集率{{enterprise.collection_rate}}，答复率{{enterprise.answer_rate}}。' +
  '将实地走访与线上交流相结合，帮助{{enterprise.job_posting_enterprises}}家企业通过线上途径发布招聘公告，涉及岗位{{enterprise.job_positions}}个。' +
  '帮助{{enterprise.bank_matched|approx}}家企业进行银企对接，成功帮助{{enterprise.financed}}家企业融资{{enterprise.financing_amount_wan}}万元，拓宽民营企业融资渠道。';

const GOVERNANCE =
  '注重发挥法治在社会治理中的重要作用，不断提升基层社会治理法治化水平。将{{jurisdiction.short_name}}科学划分为{{grids.base_count}}个基础网格，配备了网格员队伍。' +
  '推进一体化治理平台对接，累计上报处置{{events.reported}}起事件，{{events.closed_loop_rate}}实现闭环处理。' +
  '矛盾调处中心着力实现群众矛盾纠纷化解“只进一扇门”、“最多跑一地”，全年共接待来访群众{{mediation.visitors|approx}}人次，化解矛盾纠纷{{mediation.disputes_resolved}}件，涉及农民工工资{{mediation.wage_amount_wan}}万元。' +
  '全年派出所共破获刑事案件{{safety.criminal_solved}}起，治安案件结案{{safety.public_security_closed}}起；司法所管理社区矫正、安置帮教对象{{safety.subjects}}人，' +
  '{{#if safety.reoffended == 0}}未发生重新犯罪行为{{else}}重新犯罪{{safety.reoffended}}人{{/if}}，有效地维护了辖区的社会稳定。';

const EDUCATION =
  '不断完善各项学法用法制度，强化“谁执法谁普法”工作机制，' +
  '{{#if education.hours_met_rate >= 100}}全体行政人员学法均不少于{{education.required_hours}}学时{{else}}{{education.hours_met_rate}}的行政人员学法达到{{education.required_hours}}学时{{/if}}，' +
  '{{#if education.exam_pass_rate >= 100}}并全部通过本年度国家工作人员网上学法用法考试{{else}}网上学法用法考试通过率{{education.exam_pass_rate}}{{/if}}。' +
  '走进企业开展“安全生产月”“禁毒宣传月”“宪法宣传”等活动{{education.publicity_events|approx}}场，发放图册{{education.materials|approx}}份。' +
  '依托值班律师开展法律咨询、法治授课、援助调解{{legal.services|approx}}次，足迹遍及辖区{{legal.sites|approx:多}}个点位。';

export const DEFAULT_PLAN_ITEMS: string[] = [
  '进一步加强法治监督。围绕法治建设各项要求，做到自我动态测评，及时总结经验、发现问题、补齐短板，精准施策，推动法治建设深化优化。',
  '进一步做好矛盾调处。做好矛盾纠纷联合排查、联动调处，力争早发现、早介入、早解决，切实解决企业、职工合法利益诉求。',
  '进一步开展法治宣传。加强领导干部法治宣传教育，组织好国家工作人员网上学法用法学习，不断探索法律进企业的新形式、新方法。',
];

/** 存在不足 items from the findings (one per finding, tied to its rule). */
export const shortcomingItems = (findings: Finding[]): ReportItem[] => findings.map((f) => ({ text: f.text, finding: f.rule }));

/** 工作思路 items: the office's standing plans, then one suggestion per finding. */
export const planItems = (findings: Finding[]): ReportItem[] => [
  ...DEFAULT_PLAN_ITEMS.map((text) => ({ text, finding: null })),
  ...findings.map((f) => ({ text: f.suggestion, finding: f.rule })),
];

export function defaultBody(findings: Finding[]): ReportBody {
  const items = shortcomingItems(findings);
  return {
    title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
    opening: [
      '{{year}}年，{{jurisdiction.short_name}}深入学习贯彻习近平法治思想，全面推进严格执法、公正司法、全民守法各项任务，营商环境不断改善，基层治理能力进一步提升。现将{{year}}年度法治政府建设工作情况报告如下：',
    ],
    work: {
      heading: '工作情况',
      sections: [
        { key: 'leadership', heading: '组织领导与主体责任', paragraphs: [LEADERSHIP], leadersDuty: true },
        { key: 'business', heading: '营商环境与企业服务', paragraphs: [BUSINESS] },
        { key: 'governance', heading: '基层治理与矛盾化解', paragraphs: [GOVERNANCE] },
        { key: 'education', heading: '学法普法与法律服务', paragraphs: [EDUCATION] },
      ],
    },
    shortcomings: {
      heading: '存在不足',
      intro: ['{{year}}年法治政府建设工作稳步推进，但与上级要求相比还存在一定差距。'],
      items: items.length ? items : [{ text: '（请根据自我测评发现的问题填写）', finding: null }],
    },
    plans: {
      heading: '{{next_year}}年工作思路',
      intro: ['{{next_year}}年，将进一步贯彻落实习近平总书记关于法治政府建设的重要指示精神，充分发挥法治引领和保障作用，强化责任，狠抓落实，进一步提升法治政府建设水平。'],
      items: planItems(findings),
    },
  };
}
