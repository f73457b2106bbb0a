// Demo records of the mediation centre (矛盾调处中心), opened in May 2020. The 2020 rows give exactly the seed
// report's figures: 512 visitor person-times (500余人次), 24 disputes resolved (化解矛盾纠纷24件) and 1,111,800.00 元
// of migrant-worker wages recovered (111.18万元). They also carry what 二、存在不足 finds: wage complaints that
// recur at one project and one contractor (the early-warning rule fires), and more petitions than lawsuits
// (以访代诉). 2021 (first half) has figures of its own. People, projects and companies are invented.
import type { Insertable, Kysely } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { loadCalendar, isWorkingDay, localDate, localTimeToInstant, type Calendar } from '../platform/deadlines/index.ts';
import { idCardCheckChar } from '../platform/crypto/sensitive.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import * as limits from '../modules/mediation/mediation.limits.ts';
import { copyPeople, sealPerson } from '../modules/mediation/mediation.people.ts';
import { newTrackCode } from '../modules/mediation/mediation.petitions.ts';
import * as repo from '../modules/mediation/mediation.repository.ts';
import type { MediationPeopleTable } from '../modules/mediation/mediation.table.ts';
import { evaluateWageRule, onCollectiveVisit, onDisputeReopened } from '../modules/mediation/mediation.warnings.ts';
import { isCollective, subjectKey, type DisputeType, type Track } from '../modules/mediation/mediation.workflow.ts';
import type { DemoContext } from './identity.demo.ts';

/** The seed's 2020 figures, which the rows below must give exactly. */
export const MEDIATION_DEMO_2020 = { personTimes: 512, disputesResolved: 24, wagesRecoveredYuan: 1_111_800, wagesRecoveredWan: 111.18 } as const;
export const MEDIATION_DEMO_2021 = { personTimes: 236, disputesResolved: 10, wagesRecoveredYuan: 463_500, wagesRecoveredWan: 46.35 } as const;

// ---------------------------------------------------------------- deterministic helpers

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = ['建国', '海涛', '秀兰', '志强', '桂英', '春生', '玉梅', '国庆', '红霞', '永刚', '淑珍', '德明', '丽娟', '卫东', '金凤', '振华', '小军', '雪梅', '宝山', '晓燕', '长青', '凤英', '文斌', '俊杰'];
/** Birthplaces of migrant workers (address codes of counties in Hebei, Henan, Shandong, Anhui, Sichuan, Tianjin). */
const ADDRESS = ['130528', '130929', '411321', '410526', '371428', '341221', '511324', '120113', '130423', '412726'];

const at = (day: string, h: number, m = 0) => localTimeToInstant(day, 'Asia/Shanghai', h, m);
const addDaysStr = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

class Demo {
  readonly rnd: () => number;
  private personSeq = 0;
  constructor(
    readonly tx: Executor,
    readonly box: SecretBox,
    readonly ctx: DemoContext,
    readonly cal: Calendar,
    seed: number,
  ) {
    this.rnd = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  /** The working day on or after `day`. */
  workday(day: string): string {
    let d = day;
    while (!isWorkingDay(d, this.cal)) d = addDaysStr(d, 1);
    return d;
  }
  person(representative = false) {
    this.personSeq++;
    const name = this.pick([...SURNAMES]) + this.pick(GIVEN);
    const birth = `19${this.int(62, 99)}${String(this.int(1, 12)).padStart(2, '0')}${String(this.int(1, 28)).padStart(2, '0')}`;
    const first17 = `${this.pick(ADDRESS)}${birth}${String(this.personSeq % 1000).padStart(3, '0')}`;
    return {
      name,
      idCard: this.rnd() < 0.8 ? first17 + idCardCheckChar(first17) : undefined,
      phone: `1${this.pick(['38', '39', '58', '86', '35', '52'])}${String(this.int(10000000, 99999999))}`,
      representative,
    };
  }
  get j() {
    return this.ctx.jurisdictionId;
  }
  unit(code: string): number {
    return this.ctx.orgUnits[code];
  }
  get mediator() {
    return this.ctx.users.tiaojie;
  }
  async tl(entity: 'intake' | 'dispute' | 'petition' | 'clue' | 'warning', entityId: number, when: Date, action: string, v: { from?: string; to?: string; note?: string; unit?: string; actor?: string } = {}) {
    await repo.insertTimeline(this.tx, {
      jurisdictionId: this.j,
      entity,
      entityId,
      at: when,
      actorId: null,
      actorName: v.actor ?? '朱慧敏',
      orgUnitId: v.unit ? this.unit(v.unit) : this.unit('mediation_centre'),
      action,
      fromStatus: v.from ?? null,
      toStatus: v.to ?? null,
      note: v.note ?? '',
      details: {},
    });
  }
}

// ---------------------------------------------------------------- intakes

interface IntakeSpec {
  day: string;
  hour: number;
  channel: 'visit' | 'phone' | 'letter' | 'online';
  people: number;
  matter: string;
  matterType: DisputeType;
  project?: string;
  contractor?: string;
  track: Track;
  note?: string;
  referredTo?: string;
  referredUnit?: string;
}

async function insertIntake(d: Demo, s: IntakeSpec) {
  const year = Number(s.day.slice(0, 4));
  const n = await repo.nextNumber(d.tx, d.j, 'intake', year);
  const receivedAt = at(s.day, s.hour, d.int(0, 5) * 10);
  const intake = await repo.insertIntake(d.tx, {
    jurisdictionId: d.j,
    code: `LF${year}-${String(n).padStart(4, '0')}`,
    receivedAt,
    channel: s.channel,
    peopleCount: s.people,
    collective: isCollective(s.people),
    matter: s.matter,
    matterType: s.matterType,
    projectName: s.project ?? null,
    contractorName: s.contractor ?? null,
    track: s.track,
    trackNote: s.note ?? '',
    referredOrgUnitId: s.referredUnit ? d.unit(s.referredUnit) : null,
    referredTo: s.referredTo ?? null,
    routedAt: new Date(receivedAt.getTime() + 20 * 60_000),
    routedBy: d.mediator,
    eventId: null,
    receiverId: d.mediator,
    receiverOrgUnitId: d.unit('mediation_centre'),
    disputeId: null,
    petitionId: null,
  });
  const collective = isCollective(s.people);
  const recorded = collective ? Math.min(5, d.int(2, 5)) : Math.min(s.people, d.int(1, 2));
  const people = await repo.insertPeople(
    d.tx,
    Array.from({ length: recorded }, (_, i) => sealPerson(d.box, d.j, { intakeId: intake.id }, 'visitor', d.person(collective), i)),
  );
  await d.tl('intake', intake.id, receivedAt, 'register');
  await d.tl('intake', intake.id, new Date(receivedAt.getTime() + 20 * 60_000), 'route', { to: s.track, note: s.note ?? '' });
  if (collective) await onCollectiveVisit(d.tx, intake);
  return { intake, people };
}

// ---------------------------------------------------------------- disputes

interface DisputeSpec {
  day: string;
  type: DisputeType;
  title: string;
  summary: string;
  people: number;
  workers?: number;
  claimed?: number;
  project?: string;
  contractor?: string;
  respondent: { kind: 'enterprise' | 'person'; name?: string };
  outcome: 'agreement' | 'failed' | 'declined';
  /** Days from registration to agreement or failure. */
  days: number;
  /** Recovered wages, paid in one or two instalments (yuan). */
  paid?: number;
  agreed?: number;
  instalments?: 1 | 2;
  link?: string;
  transferTo?: string;
  reopen?: { afterDays: number; reason: string; againDays: number };
  clue?: number;
}

async function insertDispute(d: Demo, s: DisputeSpec) {
  const { intake, people } = await insertIntake(d, {
    day: s.day, hour: d.int(9, 15), channel: d.rnd() < 0.85 ? 'visit' : 'phone', people: s.people, matter: s.summary, matterType: s.type,
    project: s.project, contractor: s.contractor, track: 'dispute', note: '转入纠纷调解',
  });
  const year = Number(s.day.slice(0, 4));
  const n = await repo.nextNumber(d.tx, d.j, 'dispute', year);
  const receivedAt = intake.receivedAt;
  const acceptedAt = new Date(receivedAt.getTime() + 2 * 3600_000);
  const limit = limits.DEFAULT_DISPUTE_LIMIT;
  const concludedDay = d.workday(addDaysStr(s.day, s.days));
  const concludedAt = at(concludedDay, d.int(10, 16));
  const closedAt = s.outcome === 'declined' ? acceptedAt : at(d.workday(addDaysStr(concludedDay, d.int(6, 12))), 10);
  let row = await repo.insertDispute(d.tx, {
    jurisdictionId: d.j,
    code: `TJ${year}-${String(n).padStart(4, '0')}`,
    intakeId: intake.id,
    clueId: s.clue ?? null,
    type: s.type,
    title: s.title,
    summary: s.summary,
    status: 'closed',
    outcome: s.outcome,
    amountClaimed: s.claimed ?? 0,
    workersInvolved: s.workers ?? 0,
    projectName: s.project ?? null,
    contractorName: s.contractor ?? null,
    contractorEnterpriseId: null,
    projectKey: subjectKey(s.project),
    contractorKey: subjectKey(s.contractor),
    mediatorId: d.mediator,
    receivedAt,
    acceptedAt: s.outcome === 'declined' ? null : acceptedAt,
    mediationStartedAt: s.outcome === 'declined' ? null : new Date(acceptedAt.getTime() + 86_400_000),
    concludedAt: s.outcome === 'declined' ? null : concludedAt,
    closedAt,
    timeLimitAmount: limit.amount,
    timeLimitUnit: limit.unit,
    dueAt: limits.disputeDueAt(acceptedAt, limit, d.cal),
    declineReason: s.outcome === 'declined' ? '当事人已向人民法院起诉，告知依法诉讼' : null,
    failureReason: s.outcome === 'failed' ? '被申请人拒不接受调解方案' : null,
    routesTold: s.outcome === 'failed' ? ['arbitration', 'litigation', 'legal_aid'] : [],
    routesNote: s.outcome === 'failed' ? '已告知可申请劳动人事争议仲裁或向人民法院起诉，并可申请法律援助' : null,
    closeNote: s.outcome === 'agreement' ? '协议履行完毕，回访满意' : s.outcome === 'failed' ? '已告知其他救济途径' : '不予受理',
  });
  await repo.updateIntake(d.tx, intake.id, intake.version, { disputeId: row.id });
  const parties: Insertable<MediationPeopleTable>[] = [
    ...copyPeople(people, { disputeId: row.id }, 'applicant').map((p) => ({ ...p, consentAt: acceptedAt })),
    {
      ...sealPerson(d.box, d.j, { disputeId: row.id }, 'respondent', s.respondent.kind === 'enterprise'
        ? { name: s.respondent.name ?? s.contractor ?? '某公司', kind: 'enterprise' }
        : { ...d.person(), kind: 'person' }, people.length),
      consentAt: s.outcome === 'declined' ? null : acceptedAt,
    },
  ];
  await repo.insertPeople(d.tx, parties);
  await d.tl('dispute', row.id, receivedAt, 'register', { to: 'registered' });
  if (s.outcome === 'declined') {
    await d.tl('dispute', row.id, acceptedAt, 'decline', { from: 'registered', to: 'closed', note: row.declineReason ?? '' });
    return row;
  }
  await d.tl('dispute', row.id, acceptedAt, 'accept', { from: 'registered', to: 'accepted' });
  await d.tl('dispute', row.id, row.mediationStartedAt!, 'start', { from: 'accepted', to: 'mediating', note: '双方当事人同意调解' });
  if (s.link) {
    await repo.upsertLink(d.tx, { jurisdictionId: d.j, disputeId: row.id, orgUnitId: d.unit(s.link), lead: false, note: '联动调处', linkedBy: d.mediator });
    await d.tl('dispute', row.id, new Date(acceptedAt.getTime() + 3600_000), 'link', { note: '联动部门' });
  }
  if (s.transferTo) {
    await repo.upsertLink(d.tx, { jurisdictionId: d.j, disputeId: row.id, orgUnitId: d.unit(s.transferTo), lead: true, note: '由职能部门牵头联动调处', linkedBy: d.mediator });
    await d.tl('dispute', row.id, new Date(acceptedAt.getTime() + 2 * 86_400_000), 'transfer', { from: 'mediating', to: 'transferred' });
  }
  const sessionDay = new Date(Math.min(concludedAt.getTime() - 3600_000, acceptedAt.getTime() + 3 * 86_400_000));
  await repo.insertSession(d.tx, {
    jurisdictionId: d.j, disputeId: row.id, heldAt: sessionDay, place: '矛盾纠纷调处中心调解室', mediatorName: '朱慧敏',
    attendees: '申请人代表、被申请人负责人', record: s.outcome === 'agreement' ? '经释法明理，双方就支付金额和期限达成一致' : '双方分歧较大，未能达成一致',
    result: s.outcome === 'agreement' ? 'agreement' : 'no_agreement', orgUnitId: d.unit('mediation_centre'), createdBy: d.mediator,
  });
  if (s.outcome === 'failed') {
    await d.tl('dispute', row.id, concludedAt, 'fail', { from: 'mediating', to: 'failed', note: row.failureReason ?? '' });
    await d.tl('dispute', row.id, closedAt, 'close', { from: 'failed', to: 'closed' });
    return row;
  }
  // The agreement, its payments (one or two instalments), the follow-up call.
  const paid = s.paid ?? 0;
  const agreed = s.agreed ?? paid;
  const signedOn = localDate(concludedAt);
  const pay = async (agreementId: number, on: string, amount: number) => {
    await repo.insertPayment(d.tx, {
      jurisdictionId: d.j, disputeId: row.id, agreementId, paidOn: on, amount, workersPaid: s.workers ?? 0, note: '',
      orgUnitId: d.unit(s.transferTo ?? 'mediation_centre'), createdBy: d.mediator,
    });
    await d.tl('dispute', row.id, at(on, 15), 'payment', { note: `履行支付 ${amount.toFixed(2)} 元` });
  };
  if (s.reopen) {
    // First agreement; the first instalment is paid, the second is not; the workers come back; a new agreement.
    const first = Math.round(paid * 0.6);
    const ag1 = await repo.insertAgreement(d.tx, {
      jurisdictionId: d.j, disputeId: row.id, form: 'written', signedOn, content: '分两期支付拖欠工资', amountAgreed: paid, workersCovered: s.workers ?? 0,
      paymentDueOn: addDaysStr(signedOn, 20), createdBy: d.mediator,
    });
    await d.tl('dispute', row.id, concludedAt, 'agree', { from: 'mediating', to: 'agreement' });
    await pay(ag1.id, addDaysStr(signedOn, 2), first);
    const reopenedAt = at(d.workday(addDaysStr(signedOn, s.reopen.afterDays)), 9, 30);
    await d.tl('dispute', row.id, reopenedAt, 'reopen', { from: 'agreement', to: 'mediating', note: s.reopen.reason });
    const againDay = d.workday(addDaysStr(localDate(reopenedAt), s.reopen.againDays));
    const ag2 = await repo.insertAgreement(d.tx, {
      jurisdictionId: d.j, disputeId: row.id, form: 'written', signedOn: againDay, content: '总包单位代付剩余工资', amountAgreed: paid - first,
      workersCovered: s.workers ?? 0, paymentDueOn: addDaysStr(againDay, 5), createdBy: d.mediator,
    });
    await d.tl('dispute', row.id, at(againDay, 15), 'agree', { from: 'mediating', to: 'agreement', note: '总包单位承诺代付' });
    await pay(ag2.id, addDaysStr(againDay, 3), paid - first);
    const finalAt = at(againDay, 15);
    const reClosed = at(d.workday(addDaysStr(againDay, 8)), 10);
    row = (await repo.updateDispute(d.tx, row.id, row.version, {
      reopenedCount: 1, lastReopenedAt: reopenedAt, concludedAt: finalAt, closedAt: reClosed, dueAt: limits.disputeDueAt(reopenedAt, limit, d.cal),
    }))!;
    await onDisputeReopened(d.tx, { ...row, lastReopenedAt: reopenedAt });
    await repo.insertFollowup(d.tx, { jurisdictionId: d.j, disputeId: row.id, calledAt: new Date(reClosed.getTime() - 86_400_000), fulfilment: 'fulfilled', satisfaction: 'basic', note: '工资已全部到账', userId: d.mediator });
    await d.tl('dispute', row.id, new Date(reClosed.getTime() - 86_400_000), 'followup');
    await d.tl('dispute', row.id, reClosed, 'close', { from: 'agreement', to: 'closed' });
    return row;
  }
  const ag = await repo.insertAgreement(d.tx, {
    jurisdictionId: d.j, disputeId: row.id, form: d.rnd() < 0.85 ? 'written' : 'oral', signedOn,
    content: s.type === 'wage' ? '被申请人于约定期限内支付拖欠的农民工工资' : '双方自愿达成调解协议', amountAgreed: agreed, workersCovered: s.workers ?? 0,
    paymentDueOn: paid > 0 ? addDaysStr(signedOn, 10) : null, createdBy: d.mediator,
  });
  await d.tl('dispute', row.id, concludedAt, 'agree', { from: s.transferTo ? 'transferred' : 'mediating', to: 'agreement', unit: s.transferTo });
  if (paid > 0) {
    if ((s.instalments ?? 1) === 2) {
      const first = Math.round(paid / 2);
      await pay(ag.id, addDaysStr(signedOn, 1), first);
      await pay(ag.id, addDaysStr(signedOn, 5), Math.round((paid - first) * 100) / 100);
    } else {
      await pay(ag.id, addDaysStr(signedOn, d.int(0, 3)), paid);
    }
  }
  await repo.insertFollowup(d.tx, {
    jurisdictionId: d.j, disputeId: row.id, calledAt: new Date(closedAt.getTime() - 86_400_000), fulfilment: 'fulfilled',
    satisfaction: d.rnd() < 0.8 ? 'satisfied' : 'basic', note: '回访：协议已履行', userId: d.mediator,
  });
  await d.tl('dispute', row.id, new Date(closedAt.getTime() - 86_400_000), 'followup');
  await d.tl('dispute', row.id, closedAt, 'close', { from: 'agreement', to: 'closed' });
  return row;
}

// ---------------------------------------------------------------- petitions

interface PetitionSpec {
  day: string;
  type: DisputeType;
  title: string;
  people?: number;
  project?: string;
  contractor?: string;
  decision: 'forwarded' | 'accepted' | 'not_accepted';
  decideAfter: number;
  reason: string;
  forwardedTo?: string;
  handling?: string;
  handleDays?: number;
  extend?: number;
  outcome?: 'supported' | 'partly_supported' | 'not_supported';
  review?: boolean;
  rereview?: boolean;
  rating?: 'satisfied' | 'basic' | 'unsatisfied';
}

async function insertPetition(d: Demo, s: PetitionSpec) {
  const people = s.people ?? d.int(1, 2);
  const { intake, people: visitors } = await insertIntake(d, {
    day: s.day, hour: d.int(9, 15), channel: d.rnd() < 0.8 ? 'visit' : 'letter', people, matter: s.title, matterType: s.type,
    project: s.project, contractor: s.contractor, track: 'petition', note: '按信访事项登记办理',
  });
  const year = Number(s.day.slice(0, 4));
  const n = await repo.nextNumber(d.tx, d.j, 'petition', year);
  const registeredAt = intake.receivedAt;
  const decidedDay = d.workday(addDaysStr(s.day, s.decideAfter));
  const decisionAt = at(decidedDay, 16);
  const acceptDue = limits.acceptDueAt(registeredAt, d.cal);
  const v: Insertable<DB['mediationPetitions']> = {
    jurisdictionId: d.j,
    code: `XF${year}-${String(n).padStart(4, '0')}`,
    trackCode: newTrackCode(),
    intakeId: intake.id,
    disputeId: null,
    clueId: null,
    form: intake.channel === 'letter' ? 'letter' : 'visit',
    type: s.type,
    title: s.title,
    matter: s.title,
    peopleCount: people,
    collective: isCollective(people),
    projectName: s.project ?? null,
    contractorName: s.contractor ?? null,
    projectKey: subjectKey(s.project),
    contractorKey: subjectKey(s.contractor),
    status: s.decision === 'forwarded' ? 'forwarded' : s.decision === 'not_accepted' ? 'not_accepted' : 'accepted',
    registeredAt,
    acceptDueAt: acceptDue,
    acceptDecidedAt: decisionAt,
    acceptDecision: s.decision,
    acceptReason: s.reason,
    acceptOnTime: decisionAt.getTime() <= acceptDue.getTime(),
    forwardedTo: s.forwardedTo ?? null,
    objectionDueAt: s.decision === 'forwarded' ? limits.objectionDueAt(decisionAt, d.cal) : null,
    procedure: s.decision === 'accepted' ? 'petition_handling' : null,
    handlingOrgUnitId: s.handling ? d.unit(s.handling) : null,
    rating: s.rating ?? null,
    ratedAt: null,
  };
  const steps: [Date, string, string, string][] = [[registeredAt, 'register', '', 'registered']];
  steps.push([decisionAt, s.decision === 'forwarded' ? 'forward' : s.decision === 'accepted' ? 'accept' : 'not_accept', 'registered', v.status as string]);
  if (s.decision === 'accepted') {
    let due = limits.handleDueAt(decisionAt, d.cal);
    v.handleDueAt = due;
    if (s.extend) {
      const extAt = new Date(due.getTime() - 5 * 86_400_000);
      due = limits.extendedDueAt(due, s.extend, d.cal);
      Object.assign(v, { extended: true, extensionDays: s.extend, extensionReason: '需会同相关部门调查核实，已书面告知信访人延期理由', extensionToldAt: extAt, handleDueAt: due });
      steps.push([extAt, 'extend', 'accepted', 'accepted']);
    }
    const decided = at(d.workday(addDaysStr(localDate(decisionAt), s.handleDays ?? 30)), 16);
    Object.assign(v, {
      status: 'decided', decidedAt: decided, decisionOutcome: s.outcome ?? 'supported', decisionText: '经调查核实，出具信访事项处理意见书',
      decisionDocNo: `北辰开信处〔${year}〕${n}号`, handleOnTime: decided.getTime() <= due.getTime(), reviewRequestUntil: limits.reviewRequestUntil(decided, d.cal),
    });
    steps.push([decided, 'decide', 'accepted', 'decided']);
    if (s.review) {
      const req = new Date(decided.getTime() + 10 * 86_400_000);
      const ans = new Date(req.getTime() + 20 * 86_400_000);
      Object.assign(v, {
        status: 'reviewed', reviewRequestedAt: req, reviewDueAt: limits.reviewDueAt(req, d.cal), reviewedAt: ans, reviewOutcome: 'upheld', reviewText: '维持原处理意见',
        reviewOnTime: true, rereviewRequestUntil: limits.rereviewRequestUntil(ans, d.cal),
      });
      steps.push([req, 'request_review', 'decided', 'review_requested'], [ans, 'answer_review', 'review_requested', 'reviewed']);
      if (s.rereview) {
        const rreq = new Date(ans.getTime() + 12 * 86_400_000);
        const rans = new Date(rreq.getTime() + 18 * 86_400_000);
        Object.assign(v, {
          status: 'rereviewed', rereviewRequestedAt: rreq, rereviewDueAt: limits.rereviewDueAt(rreq, d.cal), rereviewedAt: rans, rereviewOutcome: 'upheld',
          rereviewText: '维持复查意见，本复核意见为终结意见', rereviewOnTime: true,
        });
        steps.push([rreq, 'request_rereview', 'reviewed', 'rereview_requested'], [rans, 'answer_rereview', 'rereview_requested', 'rereviewed']);
      }
    }
  }
  if (s.rating) {
    const last = steps[steps.length - 1][0];
    v.ratedAt = new Date(last.getTime() + 3 * 86_400_000);
  }
  const p = await repo.insertPetition(d.tx, v);
  await repo.updateIntake(d.tx, intake.id, intake.version, { petitionId: p.id });
  await repo.insertPeople(d.tx, copyPeople(visitors, { petitionId: p.id }, 'petitioner'));
  for (const [when, action, from, to] of steps) await d.tl('petition', p.id, when, action, { from: from || undefined, to, unit: action === 'decide' ? s.handling : undefined });
  if (p.type === 'wage') await evaluateWageRule(d.tx, d.j, registeredAt);
  return p;
}

// ---------------------------------------------------------------- the years

const PROJECT_A = '北辰科技园二期';
const CONTRACTOR_A = '宏达建筑劳务有限公司';
const CONTRACTOR_B = '恒信建设劳务分包有限公司';
const WAGE_2020 = [86500, 42300, 125600, 38750.5, 67200, 51800, 98400, 23600, 74900, 45250.5, 112300, 36800, 58700, 29400, 61500, 47900, 83600, 27299];
const WAGE_2021 = [62800, 38500, 71250, 45600, 83900, 52300, 57350, 51800];

interface YearPlan {
  year: number;
  personTimes: number;
  /** Fill-in intakes (consultation, legal aid, litigation guidance, another department) run from this day. */
  fillFrom: string;
  fillTo: string;
  disputes: DisputeSpec[];
  petitions: PetitionSpec[];
}

function wageDispute(day: string, amount: number, workers: number, over: Partial<DisputeSpec> = {}): DisputeSpec {
  const project = over.project ?? '某厂房建设项目';
  return {
    day, type: 'wage', title: `${project}拖欠农民工工资`, summary: `${workers}名农民工反映${project}拖欠工资`, people: Math.min(workers, workers >= 5 ? 8 : workers),
    workers, claimed: Math.round(amount * 1.08), respondent: { kind: 'enterprise' }, outcome: 'agreement', days: 12, paid: amount, link: 'labour_inspection', ...over,
  };
}

function plan2020(): YearPlan {
  const w = WAGE_2020;
  const disputes: DisputeSpec[] = [
    wageDispute('2020-05-18', w[0], 14, { project: '北辰商务中心装修工程', contractor: '津北装饰工程有限公司', instalments: 2 }),
    { day: '2020-05-26', type: 'neighbour', title: '楼上漏水邻里纠纷', summary: '楼上住户漏水损坏楼下装修', people: 2, respondent: { kind: 'person' }, outcome: 'agreement', days: 6, agreed: 3500 },
    wageDispute('2020-06-03', w[1], 6, { project: PROJECT_A, contractor: CONTRACTOR_A, summary: '6名木工反映北辰科技园二期拖欠工资，施工队系借用资质承揽' }),
    wageDispute('2020-06-15', w[2], 23, { project: PROJECT_A, contractor: '鑫宇劳务有限公司', transferTo: 'labour_inspection', days: 18, instalments: 2 }),
    { day: '2020-06-22', type: 'contract', title: '设备采购货款纠纷', summary: '企业间设备货款结算纠纷', people: 2, respondent: { kind: 'enterprise', name: '天津某机电设备有限公司' }, outcome: 'agreement', days: 15, agreed: 186000 },
    wageDispute('2020-07-06', w[3], 9, { project: PROJECT_A, contractor: CONTRACTOR_A, reopen: { afterDays: 24, reason: '第二期工资未按协议支付，工人再次来访', againDays: 6 } }),
    wageDispute('2020-07-20', w[4], 11, { project: '北辰物流园仓储项目', contractor: '永盛建筑工程有限公司' }),
    { day: '2020-07-28', type: 'property', title: '物业服务费纠纷', summary: '业主以电梯长期故障为由拒交物业费', people: 3, respondent: { kind: 'enterprise', name: '北辰某物业服务有限公司' }, outcome: 'agreement', days: 9, agreed: 12600 },
    wageDispute('2020-08-04', 0, 4, { project: '北辰商务中心装修工程', contractor: '个体包工头', outcome: 'failed', paid: 0, claimed: 36000, days: 20 }),
    wageDispute('2020-08-12', w[5], 8, { project: '汽车零部件产业园厂房', contractor: '冀东建设集团有限公司' }),
    wageDispute('2020-08-25', w[6], 16, { project: '汽车零部件产业园厂房', contractor: '冀东建设集团有限公司', instalments: 2 }),
    { day: '2020-09-02', type: 'construction', title: '厂房施工质量争议', summary: '厂房地坪开裂，业主与施工方对维修费用有争议', people: 2, respondent: { kind: 'enterprise', name: '北辰某建筑工程有限公司' }, outcome: 'agreement', days: 20, agreed: 78000, link: 'planning_construction' },
    wageDispute('2020-09-09', w[7], 3, { project: '北辰物流园仓储项目', contractor: '永盛建筑工程有限公司' }),
    { day: '2020-09-16', type: 'contract', title: '租赁合同纠纷', summary: '厂房租赁押金退还纠纷', people: 1, respondent: { kind: 'enterprise', name: '天津某实业有限公司' }, outcome: 'failed', days: 14 },
    wageDispute('2020-09-23', w[8], 12, { project: '北辰智能制造产业园', contractor: CONTRACTOR_B }),
    { day: '2020-10-12', type: 'neighbour', title: '车位占用纠纷', summary: '宿舍区车位长期被占用', people: 2, respondent: { kind: 'person' }, outcome: 'declined', days: 0 },
    wageDispute('2020-10-14', w[9], 7, { project: '北辰智能制造产业园', contractor: CONTRACTOR_B, summary: '7名钢筋工反映恒信建设劳务借用资质承揽后拖欠工资' }),
    wageDispute('2020-10-21', w[10], 19, { project: '双街镇安置房三期', contractor: CONTRACTOR_B, transferTo: 'labour_inspection', days: 16, instalments: 2 }),
    wageDispute('2020-10-28', w[11], 5, { project: '北辰物流园仓储项目', contractor: '永盛建筑工程有限公司' }),
    { day: '2020-11-03', type: 'neighbour', title: '宿舍噪音纠纷', summary: '员工宿舍夜间噪音扰民', people: 2, respondent: { kind: 'person' }, outcome: 'agreement', days: 4 },
    wageDispute('2020-11-05', w[12], 10, { project: '北辰医药产业园', contractor: '华建劳务有限公司' }),
    wageDispute('2020-11-11', w[13], 4, { project: '北辰医药产业园', contractor: '华建劳务有限公司' }),
    { day: '2020-11-16', type: 'other', title: '工伤待遇争议', summary: '工伤停工留薪期待遇争议', people: 2, respondent: { kind: 'enterprise', name: '天津某塑料制品有限公司' }, outcome: 'failed', days: 18 },
    wageDispute('2020-11-18', w[14], 9, { project: '双街镇安置房三期', contractor: CONTRACTOR_B }),
    wageDispute('2020-11-25', w[15], 6, { project: '北辰商务中心装修工程', contractor: '津北装饰工程有限公司' }),
    { day: '2020-11-30', type: 'contract', title: '加工承揽合同纠纷', summary: '加工款结算争议', people: 1, respondent: { kind: 'enterprise', name: '天津某金属制品有限公司' }, outcome: 'agreement', days: 10, agreed: 54000 },
    wageDispute('2020-12-02', w[16], 15, { project: '北辰智能制造产业园', contractor: '鑫宇劳务有限公司', days: 9, instalments: 2 }),
    wageDispute('2020-12-07', 0, 6, { project: '北辰医药产业园', contractor: '个体包工头', outcome: 'failed', paid: 0, claimed: 42000, days: 10 }),
    wageDispute('2020-12-09', w[17], 5, { project: '北辰物流园仓储项目', contractor: '永盛建筑工程有限公司', days: 8 }),
  ];
  const petitions: PetitionSpec[] = [
    { day: '2020-06-10', type: 'wage', title: '反映北辰科技园二期拖欠工资', people: 8, project: PROJECT_A, decision: 'accepted', decideAfter: 3, reason: '依法受理', handling: 'labour_inspection', handleDays: 35, outcome: 'supported', rating: 'satisfied' },
    { day: '2020-06-29', type: 'wage', title: '反映劳务公司拖欠工资', decision: 'not_accepted', decideAfter: 5, reason: '属于劳动人事争议仲裁受理范围，已书面告知申请仲裁（诉访分离）' },
    { day: '2020-07-15', type: 'construction', title: '反映厂房建设手续问题', people: 6, decision: 'accepted', decideAfter: 6, reason: '依法受理', handling: 'planning_construction', handleDays: 40, outcome: 'not_supported', review: true, rereview: true },
    { day: '2020-08-05', type: 'other', title: '反映企业排放异味', decision: 'forwarded', decideAfter: 4, reason: '属生态环境部门职责', forwardedTo: '北辰区生态环境局' },
    { day: '2020-08-19', type: 'property', title: '反映小区物业服务问题', decision: 'accepted', decideAfter: 5, reason: '依法受理', handling: 'urban_management', handleDays: 28, outcome: 'supported', rating: 'basic' },
    { day: '2020-09-03', type: 'wage', title: '反映农民工工资保证金未落实', decision: 'accepted', decideAfter: 7, reason: '依法受理', handling: 'labour_inspection', handleDays: 70, extend: 30, outcome: 'partly_supported', review: true },
    { day: '2020-09-17', type: 'other', title: '反映招聘承诺未兑现', decision: 'not_accepted', decideAfter: 8, reason: '已进入诉讼程序，告知依法通过诉讼解决（诉访分离）' },
    { day: '2020-09-24', type: 'construction', title: '反映施工噪音扰民', decision: 'forwarded', decideAfter: 2, reason: '属城市管理部门职责', forwardedTo: '北辰区城市管理委员会' },
    { day: '2020-10-15', type: 'wage', title: '反映恒信建设劳务借照承揽拖欠工资', people: 5, contractor: CONTRACTOR_B, decision: 'accepted', decideAfter: 3, reason: '依法受理', handling: 'labour_inspection', handleDays: 25, outcome: 'supported', rating: 'satisfied' },
    { day: '2020-10-26', type: 'other', title: '反映企业用工合同问题', decision: 'accepted', decideAfter: 9, reason: '依法受理', handling: 'enterprise_service', handleDays: 65, outcome: 'supported' },
    { day: '2020-11-09', type: 'property', title: '反映供暖费收取问题', decision: 'forwarded', decideAfter: 6, reason: '属供热主管部门职责', forwardedTo: '北辰区供热办' },
    { day: '2020-11-19', type: 'wage', title: '反映安置房项目拖欠工资', project: '双街镇安置房三期', contractor: CONTRACTOR_B, decision: 'accepted', decideAfter: 4, reason: '依法受理', handling: 'labour_inspection', handleDays: 20, outcome: 'supported', rating: 'satisfied' },
    { day: '2020-12-01', type: 'other', title: '反映劳动合同解除补偿', decision: 'not_accepted', decideAfter: 5, reason: '属于劳动仲裁受理范围，已书面告知（诉访分离）' },
    { day: '2020-12-08', type: 'other', title: '反映园区道路积水', decision: 'accepted', decideAfter: 3, reason: '依法受理', handling: 'urban_management', handleDays: 12, outcome: 'supported', rating: 'satisfied' },
  ];
  return { year: 2020, personTimes: MEDIATION_DEMO_2020.personTimes, fillFrom: '2020-05-11', fillTo: '2020-12-30', disputes, petitions };
}

function plan2021(): YearPlan {
  const w = WAGE_2021;
  const disputes: DisputeSpec[] = [
    wageDispute('2021-01-11', w[0], 9, { project: '北辰智能制造产业园二期', contractor: '鑫宇劳务有限公司' }),
    wageDispute('2021-01-20', w[1], 5, { project: '北辰医药产业园', contractor: '华建劳务有限公司' }),
    { day: '2021-02-22', type: 'neighbour', title: '宿舍用水纠纷', summary: '宿舍用水分摊纠纷', people: 2, respondent: { kind: 'person' }, outcome: 'agreement', days: 5 },
    wageDispute('2021-03-03', w[2], 13, { project: '北辰物流园二期', contractor: '永盛建筑工程有限公司', transferTo: 'labour_inspection', instalments: 2 }),
    wageDispute('2021-03-15', w[3], 7, { project: '北辰物流园二期', contractor: '永盛建筑工程有限公司' }),
    { day: '2021-03-24', type: 'contract', title: '运输合同纠纷', summary: '运费结算纠纷', people: 1, respondent: { kind: 'enterprise', name: '天津某物流有限公司' }, outcome: 'failed', days: 12 },
    wageDispute('2021-04-07', w[4], 18, { project: '北辰物流园二期', contractor: '永盛建筑工程有限公司', instalments: 2 }),
    wageDispute('2021-04-19', w[5], 6, { project: '北辰科创中心', contractor: '津北装饰工程有限公司' }),
    { day: '2021-05-10', type: 'property', title: '停车管理纠纷', summary: '园区停车收费争议', people: 3, respondent: { kind: 'enterprise', name: '北辰某物业服务有限公司' }, outcome: 'agreement', days: 7 },
    wageDispute('2021-05-17', w[6], 8, { project: '北辰科创中心', contractor: '津北装饰工程有限公司' }),
    wageDispute('2021-05-31', 0, 4, { project: '北辰科创中心', contractor: '个体包工头', outcome: 'failed', paid: 0, claimed: 28000, days: 9 }),
    wageDispute('2021-06-07', w[7], 6, { project: '北辰医药产业园', contractor: '华建劳务有限公司', days: 8 }),
  ];
  const petitions: PetitionSpec[] = [
    { day: '2021-01-18', type: 'wage', title: '反映春节前工资未结清', people: 6, decision: 'accepted', decideAfter: 2, reason: '依法受理', handling: 'labour_inspection', handleDays: 10, outcome: 'supported', rating: 'satisfied' },
    { day: '2021-03-08', type: 'other', title: '反映社保缴纳问题', decision: 'forwarded', decideAfter: 3, reason: '属社会保险经办机构职责', forwardedTo: '北辰区社会保险基金管理中心' },
    { day: '2021-04-12', type: 'construction', title: '反映施工扬尘', decision: 'accepted', decideAfter: 4, reason: '依法受理', handling: 'urban_management', handleDays: 20, outcome: 'supported', rating: 'basic' },
    { day: '2021-05-06', type: 'other', title: '反映劳动合同纠纷', decision: 'not_accepted', decideAfter: 3, reason: '属于劳动仲裁受理范围，已书面告知（诉访分离）' },
    { day: '2021-05-24', type: 'property', title: '反映物业维修基金使用', decision: 'accepted', decideAfter: 5, reason: '依法受理', handling: 'urban_management', handleDays: 25, outcome: 'partly_supported' },
    { day: '2021-06-15', type: 'wage', title: '反映园区项目拖欠工资', decision: 'accepted', decideAfter: 2, reason: '依法受理', handling: 'labour_inspection', handleDays: 15, outcome: 'supported', rating: 'satisfied' },
  ];
  return { year: 2021, personTimes: MEDIATION_DEMO_2021.personTimes, fillFrom: '2021-01-04', fillTo: '2021-06-30', disputes, petitions };
}

const FILL: Omit<IntakeSpec, 'day' | 'hour' | 'people' | 'channel'>[] = [
  { matter: '咨询劳动合同解除经济补偿计算', matterType: 'wage', track: 'consultation', note: '当场解答：按工作年限每满一年支付一个月工资' },
  { matter: '咨询工伤认定程序', matterType: 'other', track: 'consultation', note: '当场解答工伤认定申请时限和材料' },
  { matter: '咨询农民工工资支付条例相关规定', matterType: 'wage', track: 'consultation', note: '讲解工资专用账户和实名制管理规定' },
  { matter: '咨询房屋租赁合同解除', matterType: 'contract', track: 'consultation', note: '当场解答' },
  { matter: '经济困难申请法律援助', matterType: 'wage', track: 'legal_aid', referredTo: '北辰区法律援助中心', note: '转介法律援助' },
  { matter: '已申请劳动仲裁，询问进展', matterType: 'wage', track: 'litigation', referredTo: 'arbitration', note: '引导向劳动人事争议仲裁院查询（诉访分离）' },
  { matter: '买卖合同纠纷已起诉', matterType: 'contract', track: 'litigation', referredTo: 'court', note: '引导依法诉讼（诉访分离）' },
  { matter: '反映道路破损', matterType: 'other', track: 'department', referredUnit: 'urban_management', note: '转城市管理办公室' },
  { matter: '反映企业无证经营', matterType: 'other', track: 'department', referredUnit: 'market_supervision', note: '转市场监管所' },
  { matter: '反映工地夜间施工', matterType: 'construction', track: 'department', referredUnit: 'planning_construction', note: '转规划建设局' },
];

async function seedYear(d: Demo, plan: YearPlan) {
  let personTimes = 0;
  const disputes: repo.DisputeRow[] = [];
  for (const s of plan.disputes) {
    const row = await insertDispute(d, s);
    disputes.push(row);
    personTimes += s.people;
    if (s.type === 'wage') await evaluateWageRule(d.tx, d.j, row.receivedAt);
  }
  const petitions: repo.PetitionRow[] = [];
  for (const s of plan.petitions) {
    petitions.push(await insertPetition(d, s));
    personTimes += (await repo.findIntake(d.tx, petitions[petitions.length - 1].intakeId!))!.peopleCount;
  }
  // Fill-in visits on working days up to the year's person-times, the last one taking what is left.
  const span = (Date.parse(plan.fillTo) - Date.parse(plan.fillFrom)) / 86_400_000;
  while (personTimes < plan.personTimes) {
    const left = plan.personTimes - personTimes;
    const people = left <= 3 ? left : d.rnd() < 0.06 ? Math.min(left, d.int(5, 9)) : d.int(1, 2);
    const day = d.workday(addDaysStr(plan.fillFrom, d.int(0, span)));
    const spec = d.pick(FILL);
    await insertIntake(d, { ...spec, day: day > plan.fillTo ? plan.fillTo : day, hour: d.int(9, 16), people, channel: d.rnd() < 0.7 ? 'visit' : 'phone' });
    personTimes += people;
  }
  return { disputes, petitions };
}

async function seedClues(d: Demo, year2020: { disputes: repo.DisputeRow[] }) {
  const specs: {
    day: string; unit: string; kind: 'wage_arrears' | 'gathering' | 'dispute' | 'petition_risk' | 'other'; risk: 'low' | 'medium' | 'high'; title: string; content: string;
    project?: string; contractor?: string; workers?: number; share: string[]; end: 'converted' | 'closed' | 'following' | 'open'; note?: string; disputeIndex?: number;
  }[] = [
    { day: '2020-06-01', unit: 'labour_inspection', kind: 'wage_arrears', risk: 'high', title: '北辰科技园二期劳务分包款未到位', content: '巡查发现总包未按月拨付人工费，施工队系借用资质承揽', project: PROJECT_A, contractor: CONTRACTOR_A, workers: 30, share: ['mediation_centre', 'planning_construction'], end: 'converted', disputeIndex: 2 },
    { day: '2020-08-17', unit: 'urban_management', kind: 'gathering', risk: 'medium', title: '物流园门口工人聚集', content: '约15名工人在园区门口聚集讨薪', project: '北辰物流园仓储项目', workers: 15, share: ['mediation_centre', 'labour_inspection'], end: 'closed', note: '经劳动监察约谈，工人已散去，纳入调解' },
    { day: '2020-10-09', unit: 'planning_construction', kind: 'wage_arrears', risk: 'high', title: '恒信建设劳务借照承揽多个项目', content: '检查发现该劳务公司借用他人资质承揽两个项目，工资专用账户未开设', contractor: CONTRACTOR_B, workers: 40, share: ['mediation_centre', 'labour_inspection'], end: 'closed', note: '已责令整改并开设工资专用账户，纳入重点监控' },
    { day: '2020-11-20', unit: 'judicial_office', kind: 'petition_risk', risk: 'medium', title: '安置房项目工人拟集体上访', content: '据反映部分工人拟赴区信访', project: '双街镇安置房三期', share: ['mediation_centre'], end: 'closed', note: '提前介入，已纳入调解并支付' },
    { day: '2020-12-14', unit: 'market_supervision', kind: 'other', risk: 'low', title: '个体商户经营纠纷苗头', content: '商户间因摊位发生口角', share: ['mediation_centre'], end: 'closed', note: '经现场劝解已化解' },
    { day: '2021-03-01', unit: 'labour_inspection', kind: 'wage_arrears', risk: 'high', title: '物流园二期人工费拨付滞后', content: '永盛建筑物流园二期项目人工费拨付滞后', project: '北辰物流园二期', contractor: '永盛建筑工程有限公司', workers: 25, share: ['mediation_centre', 'planning_construction'], end: 'following' },
    { day: '2021-05-20', unit: 'planning_construction', kind: 'dispute', risk: 'medium', title: '科创中心装修进度纠纷苗头', content: '业主与施工单位就进度款存在争议', project: '北辰科创中心', share: ['mediation_centre'], end: 'open' },
  ];
  for (const s of specs) {
    const year = Number(s.day.slice(0, 4));
    const n = await repo.nextNumber(d.tx, d.j, 'clue', year);
    const reportedAt = at(d.workday(s.day), 10);
    const userByUnit: Record<string, number> = {
      labour_inspection: d.ctx.users.laodong, urban_management: d.ctx.users.chengguan, planning_construction: d.ctx.users.guihua,
      market_supervision: d.ctx.users.shichang, judicial_office: d.ctx.users.pingan,
    };
    const dispute = s.disputeIndex !== undefined ? year2020.disputes[s.disputeIndex] : undefined;
    const endAt = new Date(reportedAt.getTime() + 9 * 86_400_000);
    const c = await repo.insertClue(d.tx, {
      jurisdictionId: d.j, code: `XS${year}-${String(n).padStart(4, '0')}`, sourceOrgUnitId: d.unit(s.unit), recordedBy: userByUnit[s.unit] ?? d.mediator,
      reportedAt, kind: s.kind, riskLevel: s.risk, title: s.title, content: s.content, location: s.project ?? null, projectName: s.project ?? null,
      contractorName: s.contractor ?? null, projectKey: subjectKey(s.project), contractorKey: subjectKey(s.contractor), workersInvolved: s.workers ?? 0,
      status: s.end, convertedTo: s.end === 'converted' ? 'dispute' : null, disputeId: dispute?.id ?? null, petitionId: null, eventId: null,
      closeNote: s.note ?? (s.end === 'converted' ? `已转为纠纷${dispute?.code ?? ''}调处` : null), closedAt: s.end === 'converted' || s.end === 'closed' ? endAt : null,
    });
    if (dispute) await repo.updateDispute(d.tx, dispute.id, dispute.version, { clueId: c.id });
    await repo.insertShares(d.tx, s.share.map((u) => ({ clueId: c.id, orgUnitId: d.unit(u), jurisdictionId: d.j, sharedBy: userByUnit[s.unit] ?? null })));
    await d.tl('clue', c.id, reportedAt, 'record', { to: 'open', unit: s.unit, actor: '' });
    if (s.end !== 'open') {
      const fAt = new Date(reportedAt.getTime() + 2 * 86_400_000);
      await repo.insertClueFollowup(d.tx, { jurisdictionId: d.j, clueId: c.id, userId: d.mediator, orgUnitId: d.unit('mediation_centre'), note: '矛调中心已介入核实', at: fAt });
      await d.tl('clue', c.id, fAt, 'follow', { from: 'open', to: 'following' });
    }
    if (s.end === 'converted' || s.end === 'closed') await d.tl('clue', c.id, endAt, s.end === 'converted' ? 'convert' : 'close', { to: s.end, note: c.closeNote ?? '' });
  }
}

/** Warnings raised in the demo years are handled and closed, except those of the last months of 2021. */
async function closeOldWarnings(d: Demo) {
  const rows = await d.tx.selectFrom('mediationWarnings').selectAll().where('jurisdictionId', '=', d.j).where('status', '=', 'open').execute();
  for (const w of rows) {
    if (w.raisedAt.getTime() >= at('2021-05-01', 0).getTime()) continue;
    const closedAt = new Date(w.raisedAt.getTime() + 5 * 86_400_000);
    const note =
      w.rule === 'wage_repeated'
        ? '已会同劳动保障监察大队约谈总包单位和劳务分包单位，督促开设工资专用账户、落实实名制，欠薪已支付'
        : w.rule === 'collective_visit'
          ? '已引导推选代表依法反映诉求，当日分流办理'
          : '已督促履行协议并回访';
    await repo.closeWarning(d.tx, w.id, w.version, { closedBy: d.mediator, closeNote: note, closedAt });
    await d.tl('warning', w.id, closedAt, 'close', { from: 'open', to: 'closed', note });
  }
}

export async function seedMediationDemo(db: Kysely<DB>, box: SecretBox, ctx: DemoContext): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const cal = await loadCalendar(tx, ctx.jurisdictionId);
    const d = new Demo(tx, box, ctx, cal, 20200512);
    const y2020 = await seedYear(d, plan2020());
    await seedYear(d, plan2021());
    await seedClues(d, y2020);
    // Lawsuit and arbitration figures from the court and the arbitration committee, for 以访代诉.
    const figures: [string, 'lawsuit' | 'arbitration', string, string, number, string][] = [
      ['2020', 'lawsuit', '2020-01-01', '2020-12-31', 5, '北辰区人民法院（开发区辖区劳动争议、合同纠纷立案数）'],
      ['2020', 'arbitration', '2020-01-01', '2020-12-31', 4, '北辰区劳动人事争议仲裁院（开发区企业案件数）'],
      ['2021', 'lawsuit', '2021-01-01', '2021-06-30', 9, '北辰区人民法院（开发区辖区劳动争议、合同纠纷立案数）'],
      ['2021', 'arbitration', '2021-01-01', '2021-06-30', 6, '北辰区劳动人事争议仲裁院（开发区企业案件数）'],
    ];
    for (const [, kind, from, to, count, source] of figures) {
      await repo.insertLitigationFigure(tx, { jurisdictionId: ctx.jurisdictionId, kind, periodFrom: from, periodTo: to, count, source, note: '', enteredBy: ctx.users.tiaojie });
    }
    await closeOldWarnings(d);
  });
}
