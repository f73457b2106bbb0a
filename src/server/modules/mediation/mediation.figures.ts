// The mediation centre's figures and their definitions, in one place. Every rate carries its numerator and
// denominator; amounts are kept in yuan and shown in 万元 to two decimals. Periods are local days, inclusive.
//
//   visitor person-times     Σ people of the intakes received in the period (来访人次); visits = intakes
//   collective visits        intakes of five or more people
//   disputes received        disputes registered in the period
//   disputes resolved (化解)  disputes whose agreement was reached in the period
//   success rate             resolved ÷ (resolved + failed), over disputes concluded in the period
//   average days             days from registration to agreement or failure, over disputes concluded in the period
//   wages claimed            Σ amounts claimed on wage disputes registered in the period
//   wages recovered          Σ payments made in the period under agreements on wage disputes
//   workers helped           Σ workers of wage disputes resolved in the period
//   on-time acceptance       decided (forward/accept/not accept) within 15 days ÷ decided, petitions registered in the period
//   on-time handling         decided within the (extended) handling limit ÷ decided, same petitions
//   satisfaction             satisfied or basically satisfied ÷ rated
//   petitions per lawsuit    petitions registered ÷ lawsuits entered for periods inside the range (以访代诉)
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../../platform/context.ts';
import { authorized, dayRange, wanYuan } from './mediation.common.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import {
  CHANNEL_LABELS,
  CLUE_KIND_LABELS,
  DISPUTE_TYPE_LABELS,
  DISPUTE_TYPES,
  TRACK_LABELS,
  WARNING_RULE_LABELS,
  type ClueKind,
  type DisputeType,
  type IntakeChannel,
  type Track,
  type WarningRule,
} from './mediation.workflow.ts';

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide by. */
  value: number | null;
  /** In per cent, one decimal. */
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  if (denominator <= 0) return { numerator, denominator, value: null, percent: null };
  const value = numerator / denominator;
  return { numerator, denominator, value, percent: Math.round(value * 1000) / 10 };
}

export interface Average {
  total: number;
  count: number;
  value: number | null;
}

export const average = (total: number, count: number): Average => ({
  total: Math.round(total * 10) / 10,
  count,
  value: count > 0 ? Math.round((total / count) * 10) / 10 : null,
});

export const FIGURE_DEFINITIONS: Record<string, string> = {
  personTimes: '来访人次：期间内来访登记的人数之和',
  visits: '来访批次：期间内来访登记条数',
  collectiveVisits: '集体访：5人以上共同来访的批次',
  disputesReceived: '受理纠纷：期间内登记的矛盾纠纷件数',
  disputesResolved: '化解纠纷：期间内达成调解协议的纠纷件数',
  successRate: '调解成功率 = 达成协议件数 ÷（达成协议件数 + 调解不成件数），以期间内办结的纠纷计',
  averageDays: '平均办理天数：从登记到达成协议或调解不成的天数平均值',
  wagesClaimed: '涉及欠薪金额：期间内登记的欠薪纠纷申请金额之和（万元）',
  wagesRecovered: '追回农民工工资：期间内按调解协议实际支付的欠薪金额之和（万元）',
  workersHelped: '帮助农民工人数：期间内达成协议的欠薪纠纷涉及人数之和',
  acceptOnTimeRate: '按期告知率 = 15日内作出受理、转送或不予受理决定的件数 ÷ 已作出决定的件数',
  handleOnTimeRate: '按期办结率 = 在办理期限（含延期）内出具处理意见的件数 ÷ 已出具处理意见的件数',
  satisfactionRate: '满意率 =（满意 + 基本满意）÷ 已评价件数',
  petitionsPerLawsuit: '访诉比 = 期间内信访事项件数 ÷ 期间内录入的法院诉讼案件数（以访代诉）',
  petitionsPerLegalRoute: '访诉仲比 = 信访事项件数 ÷（诉讼 + 仲裁案件数）',
};

export interface Figures {
  period: { from: string; to: string };
  visitors: {
    personTimes: number;
    visits: number;
    collectiveVisits: number;
    collectivePersonTimes: number;
    unrouted: number;
    byMonth: { month: string; visits: number; personTimes: number; collective: number }[];
    byChannel: { channel: IntakeChannel; label: string; visits: number; personTimes: number }[];
    byTrack: { track: Track | 'unrouted'; label: string; visits: number; personTimes: number }[];
  };
  disputes: {
    received: number;
    resolved: number;
    failed: number;
    open: number;
    reopened: number;
    successRate: Rate;
    averageDays: Average;
    byType: { type: DisputeType; label: string; received: number; resolved: number; failed: number; successRate: Rate; averageDays: Average }[];
    byMonth: { month: string; received: number; resolved: number; failed: number }[];
    byDepartment: { orgUnitId: number; orgUnitName: string; linked: number; lead: number; resolved: number }[];
  };
  wages: {
    cases: number;
    claimedYuan: number;
    claimedWan: number;
    agreedWan: number;
    recoveredYuan: number;
    recoveredWan: number;
    recoveredCases: number;
    payments: number;
    workersInvolved: number;
    workersHelped: number;
    resolvedCases: number;
    byMonth: { month: string; recoveredWan: number }[];
  };
  petitions: {
    received: number;
    collective: number;
    forwarded: number;
    accepted: number;
    notAccepted: number;
    awaitingDecision: number;
    decided: number;
    extended: number;
    reviews: number;
    rereviews: number;
    byOutcome: { outcome: string; n: number }[];
    byStatus: { status: string; n: number }[];
    byType: { type: DisputeType; label: string; n: number }[];
    byMonth: { month: string; n: number }[];
    byDepartment: { orgUnitId: number; orgUnitName: string; assigned: number; handled: number; handleOnTimeRate: Rate }[];
    acceptOnTimeRate: Rate;
    handleOnTimeRate: Rate;
    satisfactionRate: Rate;
  };
  litigation: {
    lawsuits: number;
    arbitrations: number;
    entries: number;
    petitionsPerLawsuit: Rate;
    petitionsPerLegalRoute: Rate;
    /** 以访代诉: more petitions than lawsuits (null when no lawsuit figures were entered for the period). */
    petitionsOutnumberLawsuits: boolean | null;
  };
  clues: { recorded: number; shared: number; converted: number; closed: number; open: number; byKind: { kind: ClueKind; label: string; n: number }[] };
  warnings: { raised: number; closed: number; open: number; byRule: { rule: WarningRule; label: string; raised: number; closed: number }[] };
  definitions: Record<string, string>;
}

const n = (v: unknown): number => Number(v ?? 0);

export async function computeFigures(db: Executor, jurisdictionId: number, fromDay?: string, toDay?: string): Promise<Figures> {
  const tz = await repo.jurisdictionTimeZone(db, jurisdictionId);
  const r = dayRange(tz, fromDay, toDay);
  const range: repo.Range = { jurisdictionId, ...r };
  const [iv, dv, wv, pv, lv, cv] = await Promise.all([
    repo.intakeFigures(db, range),
    repo.disputeFigures(db, range),
    repo.wageFigures(db, range),
    repo.petitionFigures(db, range),
    repo.litigationTotals(db, range),
    repo.clueFigures(db, range),
  ]);

  const byType = DISPUTE_TYPES.map((type) => {
    const rec = dv.receivedByType.find((x) => x.key === type);
    const con = dv.concludedByType.find((x) => x.key === type);
    const resolved = n(con?.resolved);
    const failed = n(con?.failed);
    return {
      type,
      label: DISPUTE_TYPE_LABELS[type],
      received: n(rec?.n),
      resolved,
      failed,
      successRate: rate(resolved, resolved + failed),
      averageDays: average(n(con?.daysSum), resolved + failed),
    };
  });
  const resolved = byType.reduce((s, x) => s + x.resolved, 0);
  const failed = byType.reduce((s, x) => s + x.failed, 0);
  const daysSum = dv.concludedByType.reduce((s, x) => s + n(x.daysSum), 0);
  const months = [...new Set([...dv.receivedByMonth.map((x) => x.key), ...dv.concludedByMonth.map((x) => x.key)])].sort();

  const lawsuits = n(lv.find((x) => x.key === 'lawsuit')?.n);
  const arbitrations = n(lv.find((x) => x.key === 'arbitration')?.n);
  const entries = lv.reduce((s, x) => s + n(x.entries), 0);
  const pt = pv.totals;
  const received = n(pt.received);
  const warningsRaised = cv.warnings.reduce((s, x) => s + n(x.raised), 0);
  const warningsClosed = cv.warnings.reduce((s, x) => s + n(x.closed), 0);

  return {
    period: { from: r.fromDay, to: r.toDay },
    visitors: {
      personTimes: n(iv.totals.personTimes),
      visits: n(iv.totals.visits),
      collectiveVisits: n(iv.totals.collective),
      collectivePersonTimes: n(iv.totals.collectivePersonTimes),
      unrouted: n(iv.totals.unrouted),
      byMonth: iv.byMonth.map((x) => ({ month: x.key, visits: n(x.visits), personTimes: n(x.personTimes), collective: n(x.collective) })),
      byChannel: iv.byChannel.map((x) => ({ channel: x.key, label: CHANNEL_LABELS[x.key], visits: n(x.visits), personTimes: n(x.personTimes) })),
      byTrack: iv.byTrack.map((x) => ({
        track: x.key as Track | 'unrouted',
        label: x.key === 'unrouted' ? '待分流' : TRACK_LABELS[x.key as Track],
        visits: n(x.visits),
        personTimes: n(x.personTimes),
      })),
    },
    disputes: {
      received: byType.reduce((s, x) => s + x.received, 0),
      resolved,
      failed,
      open: dv.open,
      reopened: dv.reopened,
      successRate: rate(resolved, resolved + failed),
      averageDays: average(daysSum, resolved + failed),
      byType,
      byMonth: months.map((m) => ({
        month: m,
        received: n(dv.receivedByMonth.find((x) => x.key === m)?.n),
        resolved: n(dv.concludedByMonth.find((x) => x.key === m)?.resolved),
        failed: n(dv.concludedByMonth.find((x) => x.key === m)?.failed),
      })),
      byDepartment: dv.byDepartment.map((x) => ({ orgUnitId: x.orgUnitId, orgUnitName: x.orgUnitName, linked: n(x.linked), lead: n(x.lead), resolved: n(x.resolved) })),
    },
    wages: {
      cases: n(wv.claimed.cases),
      claimedYuan: n(wv.claimed.yuan),
      claimedWan: wanYuan(n(wv.claimed.yuan)),
      agreedWan: wanYuan(n(wv.agreed.yuan)),
      recoveredYuan: n(wv.paid.yuan),
      recoveredWan: wanYuan(n(wv.paid.yuan)),
      recoveredCases: n(wv.paid.cases),
      payments: n(wv.paid.payments),
      workersInvolved: n(wv.claimed.workers),
      workersHelped: n(wv.helped.workers),
      resolvedCases: n(wv.helped.cases),
      byMonth: wv.paidByMonth.map((x) => ({ month: x.key, recoveredWan: wanYuan(n(x.yuan)) })),
    },
    petitions: {
      received,
      collective: n(pt.collective),
      forwarded: n(pt.forwarded),
      accepted: n(pt.accepted),
      notAccepted: n(pt.notAccepted),
      awaitingDecision: n(pt.awaitingDecision),
      decided: n(pt.handled),
      extended: n(pt.extended),
      reviews: n(pt.reviews),
      rereviews: n(pt.rereviews),
      byOutcome: pv.byOutcome.map((x) => ({ outcome: String(x.key), n: n(x.n) })),
      byStatus: pv.byStatus.map((x) => ({ status: x.key, n: n(x.n) })),
      byType: pv.byType.map((x) => ({ type: x.key, label: DISPUTE_TYPE_LABELS[x.key], n: n(x.n) })),
      byMonth: pv.byMonth.map((x) => ({ month: x.key, n: n(x.n) })),
      byDepartment: pv.byDepartment.map((x) => ({
        orgUnitId: x.orgUnitId, orgUnitName: x.orgUnitName, assigned: n(x.assigned), handled: n(x.handled), handleOnTimeRate: rate(n(x.handledOnTime), n(x.handled)),
      })),
      acceptOnTimeRate: rate(n(pt.acceptOnTime), n(pt.acceptDecided)),
      handleOnTimeRate: rate(n(pt.handledOnTime), n(pt.handled)),
      satisfactionRate: rate(n(pt.satisfied) + n(pt.basicallySatisfied), n(pt.rated)),
    },
    litigation: {
      lawsuits,
      arbitrations,
      entries,
      petitionsPerLawsuit: rate(received, lawsuits),
      petitionsPerLegalRoute: rate(received, lawsuits + arbitrations),
      petitionsOutnumberLawsuits: entries > 0 ? received > lawsuits : null,
    },
    clues: {
      recorded: n(cv.clues.recorded),
      shared: n(cv.clues.shared),
      converted: n(cv.clues.converted),
      closed: n(cv.clues.closed),
      open: n(cv.clues.open),
      byKind: cv.cluesByKind.map((x) => ({ kind: x.key, label: CLUE_KIND_LABELS[x.key], n: n(x.n) })),
    },
    warnings: {
      raised: warningsRaised,
      closed: warningsClosed,
      open: warningsRaised - warningsClosed,
      byRule: cv.warnings.map((x) => ({ rule: x.key, label: WARNING_RULE_LABELS[x.key], raised: n(x.raised), closed: n(x.closed) })),
    },
    definitions: FIGURE_DEFINITIONS,
  };
}

export async function figures(db: Executor, ctx: RequestContext, q: { from?: string; to?: string }): Promise<Figures> {
  const a = authorized(ctx, mediationActions['mediation.figures.read']);
  return computeFigures(db, a.actor.jurisdictionId, q.from, q.to);
}

export interface WageGroup {
  kind: 'project' | 'contractor';
  name: string;
  /** Wage disputes registered in the period. */
  disputes: number;
  workers: number;
  /** Σ amounts claimed, 万元. */
  amountWan: number;
  /** The disputes behind the figure. */
  drill: { api: string; query: Record<string, string> };
}

/** Wage disputes per project and per contractor in the period (for the 存在不足 finding on recurring arrears). */
export async function wageBreakdown(db: Executor, jurisdictionId: number, fromDay?: string, toDay?: string): Promise<WageGroup[]> {
  const tz = await repo.jurisdictionTimeZone(db, jurisdictionId);
  const r = dayRange(tz, fromDay, toDay);
  const range: repo.Range = { jurisdictionId, ...r };
  const out: WageGroup[] = [];
  for (const kind of ['project', 'contractor'] as const) {
    for (const g of await repo.wageGroups(db, range, kind)) {
      out.push({
        kind,
        name: g.name,
        disputes: n(g.disputes),
        workers: n(g.workers),
        amountWan: wanYuan(n(g.amountClaimed)),
        drill: { api: '/api/mediation/disputes', query: { from: r.fromDay, to: r.toDay, type: 'wage', [kind]: g.name } },
      });
    }
  }
  return out;
}
