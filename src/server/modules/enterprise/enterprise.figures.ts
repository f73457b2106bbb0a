// The enterprise-service figures and their definitions, in one place. Every rate carries its numerator and
// denominator. Pure: the service feeds it rows from the daily rollup.
//
//   enterprises covered   distinct enterprises with ≥ 1 demand collected in the period
//   collected             demands collected in the period (all categories; 项目问题 also shown on its own)
//   collection rate       collected ÷ the office's collection target for the period
//   answer rate           demands collected in the period that have been answered ÷ collected
//   on-time answer rate   answered by the answer deadline ÷ answered
//   resolution rate       resolved (or confirmed by the enterprise) ÷ collected
//   average answer time   hours from collection to the first answer, over answered demands
//   satisfaction          average rating (1–5) over rated demands; satisfied = rating ≥ 4, ÷ rated

export const DEMAND_CATEGORIES = ['talent', 'land', 'funding', 'approval', 'project', 'policy', 'other'] as const;
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number];
export const PROJECT_CATEGORY: DemandCategory = 'project';

export const DEMAND_CATEGORY_LABELS: Record<DemandCategory, string> = {
  talent: '人才用工',
  land: '用地',
  funding: '资金需求',
  approval: '行政审批',
  project: '项目问题',
  policy: '政策咨询',
  other: '其他',
};

export const DEMAND_SOURCES = ['visit', 'online', 'hotline', 'event_transfer', 'other'] as const;
export type DemandSource = (typeof DEMAND_SOURCES)[number];
export const DEMAND_SOURCE_LABELS: Record<DemandSource, string> = {
  visit: '走访收集',
  online: '企业网上提交',
  hotline: '热线',
  event_transfer: '事件转办',
  other: '其他',
};

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide by. */
  value: number | null;
  /** The rate in per cent, to one decimal. */
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  if (denominator <= 0) return { numerator, denominator, value: null, percent: null };
  const value = numerator / denominator;
  return { numerator, denominator, value, percent: Math.round(value * 1000) / 10 };
}

/** Whole per cent, the way the annual report writes a rate (103.8% → 104%). */
export const wholePercent = (r: Rate): number | null => (r.value === null ? null : Math.round(r.value * 100));

export interface Average {
  total: number;
  count: number;
  value: number | null;
}
export const average = (total: number, count: number, digits = 1): Average => ({
  total: Math.round(total * 100) / 100,
  count,
  value: count > 0 ? Math.round((total / count) * 10 ** digits) / 10 ** digits : null,
});

// ------------------------------------------------------------------------------------------------ rollup

/** The additive measures one demand contributes to its rollup row. */
export interface DemandMeasures {
  collected: number;
  answered: number;
  answeredOnTime: number;
  answerHours: number;
  resolved: number;
  confirmed: number;
  closedUnresolved: number;
  rated: number;
  ratingSum: number;
  satisfied: number;
}

export const MEASURE_KEYS: readonly (keyof DemandMeasures)[] = [
  'collected',
  'answered',
  'answeredOnTime',
  'answerHours',
  'resolved',
  'confirmed',
  'closedUnresolved',
  'rated',
  'ratingSum',
  'satisfied',
];

export const zeroMeasures = (): DemandMeasures => ({
  collected: 0,
  answered: 0,
  answeredOnTime: 0,
  answerHours: 0,
  resolved: 0,
  confirmed: 0,
  closedUnresolved: 0,
  rated: 0,
  ratingSum: 0,
  satisfied: 0,
});

export interface RollupKey {
  /** The first day of the collection month, 'YYYY-MM-01'. */
  month: string;
  category: string;
  officerId: number;
  unitId: number;
  campaignId: number;
}

/** What of a demand the rollup depends on. */
export interface DemandForRollup {
  collectedOn: string;
  collectedAt: Date;
  category: string;
  officerId: number | null;
  assignedUnitId: number | null;
  campaignId: number | null;
  status: string;
  answeredAt: Date | null;
  answerDueAt: Date | null;
  resolvedAt: Date | null;
  satisfaction: number | null;
}

export const SATISFIED_FROM = 4;

export function rollupKeyOf(d: DemandForRollup): RollupKey {
  return { month: `${d.collectedOn.slice(0, 7)}-01`, category: d.category, officerId: d.officerId ?? 0, unitId: d.assignedUnitId ?? 0, campaignId: d.campaignId ?? 0 };
}

export function measuresOf(d: DemandForRollup): DemandMeasures {
  const answered = d.answeredAt !== null;
  return {
    collected: 1,
    answered: answered ? 1 : 0,
    answeredOnTime: answered && (d.answerDueAt === null || d.answeredAt!.getTime() <= d.answerDueAt.getTime()) ? 1 : 0,
    answerHours: answered ? Math.max(0, (d.answeredAt!.getTime() - d.collectedAt.getTime()) / 3_600_000) : 0,
    resolved: d.resolvedAt !== null || d.status === 'confirmed' ? 1 : 0,
    confirmed: d.status === 'confirmed' ? 1 : 0,
    closedUnresolved: d.status === 'closed_unresolved' ? 1 : 0,
    rated: d.satisfaction !== null ? 1 : 0,
    ratingSum: d.satisfaction ?? 0,
    satisfied: d.satisfaction !== null && d.satisfaction >= SATISFIED_FROM ? 1 : 0,
  };
}

export const sameKey = (a: RollupKey, b: RollupKey): boolean =>
  a.month === b.month && a.category === b.category && a.officerId === b.officerId && a.unitId === b.unitId && a.campaignId === b.campaignId;

export interface RollupDelta {
  key: RollupKey;
  delta: DemandMeasures;
}

/** The rollup changes that turn a demand's old contribution into its new one (none for a new demand's "before"). */
export function rollupDeltas(before: DemandForRollup | null, after: DemandForRollup | null): RollupDelta[] {
  const out: RollupDelta[] = [];
  const b = before ? { key: rollupKeyOf(before), m: measuresOf(before) } : null;
  const a = after ? { key: rollupKeyOf(after), m: measuresOf(after) } : null;
  if (a && b && sameKey(a.key, b.key)) {
    const delta = zeroMeasures();
    let any = false;
    for (const k of MEASURE_KEYS) {
      delta[k] = a.m[k] - b.m[k];
      if (delta[k] !== 0) any = true;
    }
    return any ? [{ key: a.key, delta }] : [];
  }
  if (b) {
    const delta = zeroMeasures();
    for (const k of MEASURE_KEYS) delta[k] = -b.m[k];
    out.push({ key: b.key, delta });
  }
  if (a) out.push({ key: a.key, delta: a.m });
  return out;
}

export function addMeasures(into: DemandMeasures, m: DemandMeasures): DemandMeasures {
  for (const k of MEASURE_KEYS) into[k] += m[k];
  return into;
}

// ------------------------------------------------------------------------------------------------ figures

export interface DemandFigureRow {
  collected: number;
  answered: number;
  answerRate: Rate;
  onTimeAnswerRate: Rate;
  resolutionRate: Rate;
  avgAnswerHours: Average;
  satisfaction: Average;
  closedUnresolved: number;
}

export function demandFigureRow(m: DemandMeasures): DemandFigureRow {
  return {
    collected: m.collected,
    answered: m.answered,
    answerRate: rate(m.answered, m.collected),
    onTimeAnswerRate: rate(m.answeredOnTime, m.answered),
    resolutionRate: rate(m.resolved, m.collected),
    avgAnswerHours: average(m.answerHours, m.answered),
    satisfaction: average(m.ratingSum, m.rated, 2),
    closedUnresolved: m.closedUnresolved,
  };
}

/** The target for a period: whole years take their years' targets; part of a year takes its share by days. */
export function periodTarget(
  from: string,
  to: string,
  targets: ReadonlyMap<number, number>,
): { value: number; years: number[]; prorated: boolean; missingYears: number[] } {
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  let value = 0;
  let prorated = false;
  const years: number[] = [];
  const missingYears: number[] = [];
  const dayMs = 86_400_000;
  for (let y = y0; y <= y1; y++) {
    years.push(y);
    const ys = `${y}-01-01`;
    const ye = `${y}-12-31`;
    const s = from > ys ? from : ys;
    const e = to < ye ? to : ye;
    const daysIn = (Date.parse(`${ye}T00:00:00Z`) - Date.parse(`${ys}T00:00:00Z`)) / dayMs + 1;
    const covered = (Date.parse(`${e}T00:00:00Z`) - Date.parse(`${s}T00:00:00Z`)) / dayMs + 1;
    const t = targets.get(y);
    if (t === undefined) {
      missingYears.push(y);
      continue;
    }
    if (covered === daysIn) value += t;
    else {
      prorated = true;
      value += (t * covered) / daysIn;
    }
  }
  return { value: Math.round(value * 10) / 10, years, prorated, missingYears };
}
