// Demo assessment and annual reports: the default indicator catalogue, the 2020 report (the seed's text with
// every figure a placeholder filled from the records; reviewed, approved and published), and the 2021 report
// (a draft in two versions, other figures, so dashboards show trends and the reports differ).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { installDefaultIndicators } from '../modules/assessment/index.ts';
import type { ReportBody } from '../modules/report/index.ts';
import { renderFor } from '../modules/report/index.ts';
import { diffBodies, summarizeDiff } from '../modules/report/report.diff.ts';
import { freeze } from '../modules/report/report.publish.ts';
import * as reportRepo from '../modules/report/report.repository.ts';
import { DEMO_USERS, type DemoContext } from './identity.demo.ts';

/** The 2020 report: the seed report's text; numbers are placeholders, so the figures come from the records. */
export const BODY_2020: ReportBody = {
  title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
  opening: [
    "{{year}}年，在区委、区政府的正确领导和区委依法治区办指导下，{{jurisdiction.short_name}}深入学习贯彻习近平总书记全面依法治国新理念新思想新战略，增强“四个意识”，坚定“四个自信”，全面推进严格执法、公正司法、全民守法各项任务，营商环境不断改善，基层治理能力进一步提升。现将开发区{{year}}年度法治政府建设工作情况报告如下：",
  ],
  work: {
    heading: "工作情况",
    sections: [
      {
        key: 'leadership',
        heading: "提高政治站位，压实主体责任",
        paragraphs: [
          "开发区高度重视法治政府建设工作，按照习近平总书记关于“全面依法治国必须抓住领导干部这个‘关键少数’”的指示精神，认真落实党政主要负责人履行推进法治建设第一责任人职责要求。成立了天津北辰经济技术开发区法治建设领导小组，由党工委副书记、管委会主任赵增琦、党工委副书记、总公司总经理刘春海任组长，对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。制定了年度工作计划，明确总体目标、主要任务和具体措施，围绕创新发展、营造法治化营商环境、优化行政决策等多个方面细化任务分工，压实责任。将法治建设纳入开发区发展总体规划、年度工作计划和年终考核内容中，定期召开专题会议研究部署，总结评估工作成效，切实推动法治政府建设深入开展。",
        ], leadersDuty: true,
      },
      {
        key: 'business',
        heading: "优化营商环境，服务提质增效",
        paragraphs: [
          "开发区认真学习贯彻习近平总书记关于保护民营企业发展的重要论述，制定了《开发区优化营商环境建设2020行动方案》，全面推进营商法治化建设。不断提升服务理念，强化服务意识，深入开展双万双服促发展活动。全年共收集并答复{{enterprise.served}}家企业关于人才用工、用地、资金需求、行政审批等问题{{enterprise.demands_collected}}个，项目问题{{enterprise.project_problems}}个，实现问题收集率{{enterprise.collection_rate}}，答复率{{enterprise.answer_rate}}。将实地走访与线上交流相结合，帮助{{enterprise.job_posting_enterprises}}家企业通过线上途径发布招聘公告，涉及岗位{{enterprise.job_positions}}个。新冠疫情发生后，严格落实“132”工作机制，全力助推企业复工复产，确保疫情防控和经济发展“双战双赢”。协助远航工贸等企业解决了生产原材料短缺、工人返厂等困难，及时生产了防疫物资，为全市抗击新冠疫情提供了有力保证。同时帮助{{enterprise.bank_matched|approx}}家企业进行银企对接，成功帮助{{enterprise.financed}}家企业融资{{enterprise.financing_amount_wan}}万元，拓宽民营企业融资渠道，为疫情防控和后续发展提供了有力保障。",
        ],
      },
      {
        key: 'governance',
        heading: "坚持法治引领，加强基层治理",
        paragraphs: [
          "注重发挥法治在社会治理中的重要作用，推动融合共进，不断提升基层社会治理法治化水平。全面推进社会治理现代化建设，将开发区科学划分为{{grids.base_count}}个基础网格，配备了网格员队伍。推进一体化治理平台对接，累计上报处置{{events.reported}}起事件，{{events.closed_loop_rate}}实现闭环处理。按照全市统一部署，2020年5月成立开发区矛盾调处中心，创新发展新形势下矛盾调解的工作模式，着力实现群众矛盾纠纷化解“只进一扇门”、“最多跑一地”。成立以来共接待来访群众{{mediation.visitors|approx}}人次，化解矛盾纠纷{{mediation.disputes_resolved}}件，涉及农民工工资{{mediation.wage_amount_wan}}万元。深入推进平安北辰建设，充分利用辅警、网格员、企业保安员等力量对界内重点目标、企业、主要干道进行不间断的巡控，遏制案件的发生，严厉打击各类违法犯罪活动。全年开发区派出所共破获刑事案件{{safety.criminal_solved}}起，治安案件结案{{safety.public_security_closed}}起；司法所管理社区矫正、安置帮教对象{{safety.subjects}}人，{{#if safety.reoffended == 0}}未发生重新犯罪行为{{else}}重新犯罪{{safety.reoffended}}人{{/if}}，有效地维护了辖区的社会稳定，保障了区域经济的发展。",
        ],
      },
      {
        key: 'education',
        heading: "增强法治观念，营造学法氛围",
        paragraphs: [
          "不断完善各项学法用法制度，努力提升全体干部群众法治素养和守法意识。将法治政府建设列为中心组学习、机关支部和党小组学习课题，强化“谁执法谁普法”工作机制，深入开展《宪法》《民法典》等法律法规的学习宣传，{{#if education.hours_met_rate >= 100}}开发区全体行政人员学法均不少于{{education.required_hours}}学时{{else}}开发区{{education.hours_met_rate}}的行政人员学法达到{{education.required_hours}}学时{{/if}}，{{#if education.exam_pass_rate >= 100}}并全部通过本年度国家工作人员网上学法用法考试{{else}}本年度国家工作人员网上学法用法考试通过率{{education.exam_pass_rate}}{{/if}}。以“七五”普法验收为契机，大力推动普法责任制落实。走进中荣印刷、爱旭太阳能、远大住工等核心企业，开展“安全生产月”“禁毒宣传月”“民法典宣讲”“12· 4宪法宣传”等活动{{education.publicity_events|approx}}场，发放图册{{education.materials|approx}}份，以深入法宣蕴养开发区良好的营商环境。以公共法律服务体系建设为支点扩大法治服务覆盖面，依托行通律所值班律师，把服务的“触角”延伸到企业职工利益诉求的“一线”，变“坐等客来”为“主动上门”。全年开展法律咨询、法治授课、援助调解{{legal.services|approx}}次，足迹遍及辖区光明乳业、阳光城等{{legal.sites|approx:多}}个点位，成效显著。",
        ],
      },
    ],
  },
  shortcomings: {
    heading: "存在不足",
    intro: ["{{year}}年开发区法治政府建设工作稳步推进，效果明显，但与上级要求相比还存在一定差距。"],
    items: [
      { finding: 'petitions_over_litigation', text: "部分企业及职工自觉学法用法，依靠法律维护权益的意识仍有待提高。当发生矛盾纠纷时，首先想到的是通过信访解决问题，以访代诉现象普遍。同时，部分企业因不注重遵法守法，导致诚信缺失，企业形象受到损害。" },
      { finding: 'recurring_wage_arrears', text: "社会矛盾纠纷多元化解机制还没有形成合力，农民工讨薪问题较为突出。自《保障农民工工资支付条例》颁布实施以来，农民工欠薪源头治理得到加强，但部分工地管理仍然不够科学规范，借照承揽工程施工时有发生，导致拖欠农民工工资问题屡禁不绝。" },
    ],
  },
  plans: {
    heading: "{{next_year}}年工作思路",
    intro: [
      "{{next_year}}年是实施“十四五”规划的开局之年，也是谋篇布局下一阶段法治政府建设工作的关键之年。开发区将进一步贯彻落实习近平总书记关于法治政府建设的重要指示精神，准确把握新发展阶段、深入贯彻新发展理念、主动融入新发展格局，充分发挥法治引领和保障作用，强化责任，狠抓落实，进一步提升法治政府建设水平。",
    ],
    items: [
      { text: "进一步加强法治监督。围绕法治建设各项要求，做到自我动态测评，及时总结经验、发现问题、补齐短板，精准施策，推动法治建设深化优化。进一步落实责任制，不断强化内部监督力度，保障公众对执法司法活动的知情权，增强人民群众对法治建设的有效监督。" },
      { text: "进一步做好矛盾调处。做好矛盾纠纷联合排查、联动调处，织密纠纷信息网，主动与各职能部门实现线索共享，改变对矛盾线索的“等、靠、要”，力争早发现、早介入、早解决，切实解决企业、职工合法利益诉求，最大限度地减少不稳定因素。依法规范信访行为，注重预防矛盾激化升级，处理好上访特别是集体上访和涉法案件，引导人民群众以理性合法的形式表达利益诉求，营造和谐稳定的园区环境。" },
      { text: "进一步开展法治宣传。高起点开启“八五”普法新征程，加强领导干部法治宣传教育，组织好国家工作人员网上学法用法学习。坚持和完善党委中心组学法、法治讲座、定期法治培训、自学等学法制度，增强领导干部社会主义法治理念，带头模范遵守宪法和法律法规。结合重要节点开展宣传工作，不断探索法律进企业的新形式、新方法。" },
    ],
  },
};

/** The 2021 report: the same structure with its own narrative and figures. */
export const BODY_2021_V1: ReportBody = {
  title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
  opening: [
    '{{year}}年，在区委、区政府的正确领导和区委依法治区办指导下，{{jurisdiction.short_name}}深入学习贯彻习近平法治思想，以“十四五”开局为契机，统筹推进法治政府建设各项任务，营商环境持续优化，基层治理效能稳步提升。现将开发区{{year}}年度法治政府建设工作情况报告如下：',
  ],
  work: {
    heading: '工作情况',
    sections: [
      {
        key: 'leadership',
        heading: '强化组织领导，落实第一责任',
        leadersDuty: true,
        paragraphs: [
          '开发区党政主要负责人认真履行推进法治建设第一责任人职责，法治建设领导小组对重要工作亲自部署、重大问题亲自过问。全年召开法治建设专题会议{{plans.topic_meetings}}次，年度工作计划任务完成率{{plans.task_completion_rate}}，对逾期任务逐项督办，推动各项任务落地见效。',
        ],
      },
      {
        key: 'business',
        heading: '持续优化营商环境',
        paragraphs: [
          '深化双万双服促发展活动，全年共收集并答复{{enterprise.served}}家企业关于人才用工、用地、资金需求、行政审批等问题{{enterprise.demands_collected}}个，项目问题{{enterprise.project_problems}}个，问题收集率{{enterprise.collection_rate}}，答复率{{enterprise.answer_rate}}。帮助{{enterprise.job_posting_enterprises}}家企业线上发布招聘公告，涉及岗位{{enterprise.job_positions}}个；组织{{enterprise.bank_matched|approx}}家企业参加银企对接，帮助{{enterprise.financed}}家企业融资{{enterprise.financing_amount_wan}}万元。',
        ],
      },
      {
        key: 'governance',
        heading: '提升基层治理法治化水平',
        paragraphs: [
          '依托{{grids.base_count}}个基础网格和一体化治理平台，全年上报处置{{events.reported}}起事件，闭环率{{events.closed_loop_rate}}，按期结案率{{events.on_time_rate}}。矛盾调处中心全年接待来访群众{{mediation.visitors|approx}}人次，化解矛盾纠纷{{mediation.disputes_resolved}}件，帮助农民工追回工资{{mediation.wage_amount_wan}}万元。派出所破获刑事案件{{safety.criminal_solved}}起，治安案件结案{{safety.public_security_closed}}起；司法所管理社区矫正、安置帮教对象{{safety.subjects}}人，{{#if safety.reoffended == 0}}未发生重新犯罪行为{{else}}重新犯罪{{safety.reoffended}}人{{/if}}。',
        ],
      },
      {
        key: 'education',
        heading: '开启“八五”普法新征程',
        paragraphs: [
          '{{#if education.hours_met_rate >= 100}}全体行政人员学法均不少于{{education.required_hours}}学时{{else}}{{education.hours_met_rate}}的行政人员学法达到{{education.required_hours}}学时{{/if}}，网上学法用法考试通过率{{education.exam_pass_rate}}。围绕《民法典》、安全生产、禁毒等主题开展普法宣传活动{{education.publicity_events|approx}}场，发放资料{{education.materials|approx}}份；值班律师开展法律咨询、法治授课、援助调解{{legal.services|approx}}次，覆盖{{legal.sites|approx:多}}个点位。',
        ],
      },
    ],
  },
  shortcomings: {
    heading: '存在不足',
    intro: ['{{year}}年开发区法治政府建设取得新进展，但对照法治政府建设示范创建要求，仍存在一些不足。'],
    items: [
      { finding: 'recurring_wage_arrears', text: '农民工欠薪问题仍有发生，个别项目和施工单位反复出现欠薪投诉，源头治理有待加强。' },
      { finding: null, text: '法治宣传的针对性还不够强，面向企业职工的普法形式仍需创新。' },
    ],
  },
  plans: {
    heading: '{{next_year}}年工作思路',
    intro: ['{{next_year}}年，开发区将继续深入学习贯彻习近平法治思想，强化责任，狠抓落实，推动法治政府建设再上新台阶。'],
    items: [
      { text: '进一步压实法治建设责任，坚持自我动态测评，及时发现问题、补齐短板。' },
      { finding: 'recurring_wage_arrears', text: '进一步加强欠薪源头治理，对重复欠薪的项目和施工单位开展监测预警。' },
      { text: '进一步深化“八五”普法，探索法律进企业的新形式、新方法。' },
    ],
  },
};

/** The second draft of 2021: the office sharpened two paragraphs. */
export const BODY_2021_V2: ReportBody = {
  ...BODY_2021_V1,
  shortcomings: {
    ...BODY_2021_V1.shortcomings,
    items: [
      BODY_2021_V1.shortcomings.items[0],
      { finding: null, text: '法治宣传的针对性还不够强，面向一线职工和新业态从业人员的普法形式仍需创新，群众依法维权意识有待提高。' },
    ],
  },
  plans: {
    ...BODY_2021_V1.plans,
    items: [
      ...BODY_2021_V1.plans.items,
      { text: '进一步规范信访行为，推进诉访分离，引导群众通过诉讼、仲裁等法定途径表达诉求。' },
    ],
  },
};

const nameOf = (username: string) => DEMO_USERS.find((u) => u.username === username)?.displayName ?? username;

async function seedReport(
  db: Kysely<DB>,
  ctx: DemoContext,
  year: number,
  versions: { body: ReportBody; by: string; note: string; at: Date }[],
  steps: { action: 'review' | 'approve' | 'publish'; by: string; at: Date }[],
): Promise<void> {
  const j = ctx.jurisdictionId;
  const report = await reportRepo.insertReport(db, { jurisdictionId: j, year, createdBy: ctx.users[versions[0].by] });
  let previous: ReportBody | null = null;
  for (const [i, v] of versions.entries()) {
    const number = i + 1;
    const changes = previous ? summarizeDiff(diffBodies(previous, v.body)) : {};
    await db
      .insertInto('annualReportVersions')
      .values({ jurisdictionId: j, reportId: report.id, number, body: JSON.stringify(v.body), note: v.note, changes: JSON.stringify(changes), authorId: ctx.users[v.by], authorName: nameOf(v.by), createdAt: v.at })
      .execute();
    await db
      .insertInto('annualReportEvents')
      .values({ jurisdictionId: j, reportId: report.id, action: number === 1 ? 'create' : 'edit', fromStatus: number === 1 ? null : 'draft', toStatus: 'draft', versionNumber: number, actorId: ctx.users[v.by], actorName: nameOf(v.by), note: v.note, at: v.at })
      .execute();
    previous = v.body;
  }
  const current = versions.length;
  let status: 'draft' | 'reviewed' | 'approved' | 'published' = 'draft';
  const set: Record<string, unknown> = { currentVersion: current };
  for (const s of steps) {
    const from = status;
    if (s.action === 'review') {
      status = 'reviewed';
      Object.assign(set, { reviewedBy: ctx.users[s.by], reviewedAt: s.at });
    } else if (s.action === 'approve') {
      status = 'approved';
      Object.assign(set, { approvedBy: ctx.users[s.by], approvedAt: s.at });
    } else {
      // Published only when every figure of the text comes out of the records.
      const rendered = await renderFor(db, j, year, versions[current - 1].body);
      if (rendered.missing.length || rendered.templateErrors.length) break;
      status = 'published';
      Object.assign(set, { publishedAt: s.at, publishedVersion: current, published: JSON.stringify(freeze(rendered, current, s.at)) });
    }
    await db
      .insertInto('annualReportEvents')
      .values({ jurisdictionId: j, reportId: report.id, action: s.action, fromStatus: from, toStatus: status, versionNumber: current, actorId: ctx.users[s.by], actorName: nameOf(s.by), note: '', at: s.at })
      .execute();
  }
  await db.updateTable('annualReports').set({ ...set, status }).where('id', '=', report.id).execute();
}

export async function seedAssessmentDemo(db: Kysely<DB>, _box: SecretBox, ctx: DemoContext): Promise<void> {
  await installDefaultIndicators(db, ctx.jurisdictionId);
  await seedReport(
    db,
    ctx,
    2020,
    [{ body: BODY_2020, by: 'fazhiban', note: '2020年度报告', at: new Date('2021-02-20T09:00:00+08:00') }],
    [
      { action: 'review', by: 'fazhiban', at: new Date('2021-02-24T10:00:00+08:00') },
      { action: 'approve', by: 'leader', at: new Date('2021-02-26T15:00:00+08:00') },
      { action: 'publish', by: 'fazhiban', at: new Date('2021-03-25T09:00:00+08:00') },
    ],
  );
  await seedReport(
    db,
    ctx,
    2021,
    [
      { body: BODY_2021_V1, by: 'fazhiban', note: '初稿', at: new Date('2022-02-14T09:00:00+08:00') },
      { body: BODY_2021_V2, by: 'fazhiban', note: '修改存在不足第2条，增加诉访分离', at: new Date('2022-02-18T16:30:00+08:00') },
    ],
    [],
  );
}
