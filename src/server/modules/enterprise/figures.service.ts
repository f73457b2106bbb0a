// The enterprise-service figures for any period: whole months come from the rollup, the partial months at the
// period's edges from the demand rows themselves, so a year over half a million demands reads a few thousand
// rows. Definitions of every figure are in enterprise.figures.ts.
import type { Executor } from '../../db/database.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import {
  addMeasures,
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  demandFigureRow,
  PROJECT_CATEGORY,
  periodTarget,
  rate,
  zeroMeasures,
  type DemandCategory,
  type DemandFigureRow,
  type DemandMeasures,
  type Rate,
} from './enterprise.figures.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import * as demandsRepo from './demands.repository.ts';
import { requireActor } from './registry.service.ts';
import * as repo from './support.repository.ts';

export interface Period {
  from: string;
  to: string;
  campaignId?: number;
}

const DAY = 86_400_000;
const addDay = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const monthEnd = (d: string) => {
  const [y, m] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** Splits a period into runs of whole months (read from the rollup) and partial months (read from the rows). */
export function splitPeriod(from: string, to: string): { whole: { from: string; to: string } | null; partial: { from: string; to: string }[] } {
  const partial: { from: string; to: string }[] = [];
  let wholeFrom: string | null = null;
  let wholeTo: string | null = null;
  for (let cursor = from; cursor <= to; ) {
    const ms = monthStart(cursor);
    const me = monthEnd(cursor);
    const end = me < to ? me : to;
    if (cursor === ms && end === me) {
      wholeFrom ??= ms;
      wholeTo = ms;
    } else {
      partial.push({ from: cursor, to: end });
    }
    cursor = addDay(end, 1);
  }
  return { whole: wholeFrom && wholeTo ? { from: wholeFrom, to: wholeTo } : null, partial };
}

export interface Breakdown extends DemandFigureRow {
  key: string;
  label: string;
}

export interface DemandFigures {
  enterprisesCovered: number;
  collected: number;
  /** Demands other than project problems (the seed's "问题"). */
  problems: number;
  projectProblems: number;
  target: { value: number; years: number[]; prorated: boolean; missingYears: number[] } | null;
  /** collected ÷ target. */
  collectionRate: Rate;
  answerRate: Rate;
  onTimeAnswerRate: Rate;
  resolutionRate: Rate;
  confirmed: number;
  closedUnresolved: number;
  avgAnswerHours: DemandFigureRow['avgAnswerHours'];
  satisfaction: DemandFigureRow['satisfaction'];
  satisfiedRate: Rate;
  byCategory: Breakdown[];
  byOfficer: Breakdown[];
  byUnit: Breakdown[];
  byMonth: Breakdown[];
}

export interface EnterpriseFigures {
  from: string;
  to: string;
  campaignId: number | null;
  demands: DemandFigures;
  jobs: { enterprisesHelped: number; postings: number; positions: number; hired: number };
  financing: {
    events: number;
    enterprisesMatched: number;
    applications: number;
    requestedWan: number;
    enterprisesFinanced: number;
    grants: number;
    grantedWan: number;
    declined: number;
    pending: number;
    /** enterprises financed ÷ enterprises matched. */
    financedRate: Rate;
  };
  visits: { visits: number; enterprisesVisited: number; onSite: number; online: number };
}

function group(rows: demandsRepo.RollupRow[], keyOf: (r: demandsRepo.RollupRow) => string): Map<string, DemandMeasures> {
  const out = new Map<string, DemandMeasures>();
  for (const r of rows) {
    const k = keyOf(r);
    let m = out.get(k);
    if (!m) out.set(k, (m = zeroMeasures()));
    addMeasures(m, r);
  }
  return out;
}

/** The figures of a jurisdiction for a period (used by the dashboard and by the annual report). */
export async function computeFigures(db: Executor, jurisdictionId: number, p: Period): Promise<EnterpriseFigures> {
  if (p.to < p.from) throw errors.validation({ field: 'to' }, { zh: '结束日期早于开始日期', en: 'The period ends before it starts' });
  const { whole, partial } = splitPeriod(p.from, p.to);
  const rows: demandsRepo.RollupRow[] = [];
  if (whole) rows.push(...(await demandsRepo.rollupRows(db, jurisdictionId, whole.from, whole.to, p.campaignId)));
  for (const part of partial) rows.push(...(await demandsRepo.aggregateDemands(db, jurisdictionId, { ...part, campaignId: p.campaignId })));

  const total = zeroMeasures();
  for (const r of rows) addMeasures(total, r);
  const byCat = group(rows, (r) => r.category);
  const byOfficer = group(rows, (r) => String(r.officerId));
  const byUnit = group(rows, (r) => String(r.unitId));
  const byMonth = group(rows, (r) => r.month.slice(0, 7));
  const [users, units] = await Promise.all([
    repo.userNames(db, [...byOfficer.keys()].map(Number).filter((n) => n > 0)),
    repo.unitNames(db, [...byUnit.keys()].map(Number).filter((n) => n > 0)),
  ]);
  const userName = new Map(users.map((u) => [String(u.id), u.displayName]));
  const unitName = new Map(units.map((u) => [String(u.id), u.name]));
  const rowsOf = (m: Map<string, DemandMeasures>, label: (k: string) => string, order: (a: string, b: string) => number) =>
    [...m.entries()].sort(([a], [b]) => order(a, b)).map(([key, v]) => ({ key, label: label(key), ...demandFigureRow(v) }));

  const projectProblems = byCat.get(PROJECT_CATEGORY)?.collected ?? 0;
  const years: number[] = [];
  for (let y = Number(p.from.slice(0, 4)); y <= Number(p.to.slice(0, 4)); y++) years.push(y);
  const target = p.campaignId === undefined ? periodTarget(p.from, p.to, await repo.targetsForYears(db, jurisdictionId, years)) : null;
  const usableTarget = target && target.missingYears.length === 0 ? target : null;
  const all = demandFigureRow(total);

  const [enterprisesCovered, jobs, financing, visits] = await Promise.all([
    demandsRepo.enterprisesCovered(db, jurisdictionId, p.from, p.to, p.campaignId),
    repo.jobFigures(db, { jurisdictionId, ...p }),
    repo.financingFigures(db, { jurisdictionId, ...p }),
    repo.visitFigures(db, { jurisdictionId, ...p }),
  ]);

  return {
    from: p.from,
    to: p.to,
    campaignId: p.campaignId ?? null,
    demands: {
      enterprisesCovered,
      collected: total.collected,
      problems: total.collected - projectProblems,
      projectProblems,
      target,
      collectionRate: rate(total.collected, usableTarget?.value ?? 0),
      answerRate: all.answerRate,
      onTimeAnswerRate: all.onTimeAnswerRate,
      resolutionRate: all.resolutionRate,
      confirmed: total.confirmed,
      closedUnresolved: total.closedUnresolved,
      avgAnswerHours: all.avgAnswerHours,
      satisfaction: all.satisfaction,
      satisfiedRate: rate(total.satisfied, total.rated),
      byCategory: DEMAND_CATEGORIES.filter((c) => byCat.has(c)).map((c) => ({ key: c, label: DEMAND_CATEGORY_LABELS[c as DemandCategory], ...demandFigureRow(byCat.get(c)!) })),
      byOfficer: rowsOf(byOfficer, (k) => (k === '0' ? '未指定' : (userName.get(k) ?? k)), (a, b) => Number(a) - Number(b)),
      byUnit: rowsOf(byUnit, (k) => (k === '0' ? '未交办' : (unitName.get(k) ?? k)), (a, b) => Number(a) - Number(b)),
      byMonth: rowsOf(byMonth, (k) => k, (a, b) => a.localeCompare(b)),
    },
    jobs: { enterprisesHelped: jobs.enterprisesHelped, postings: jobs.postings, positions: jobs.positions, hired: jobs.hired },
    financing: { ...financing, financedRate: rate(financing.enterprisesFinanced, financing.enterprisesMatched) },
    visits,
  };
}

/** A missing period is the current calendar year (Beijing time). */
export function periodOf(q: { year?: number; from?: string; to?: string }): { from: string; to: string } {
  if (q.year !== undefined) return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}

export async function figures(db: Executor, ctx: RequestContext, q: { year?: number; from?: string; to?: string; campaignId?: number }) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.figures.read']);
  return computeFigures(db, actor.jurisdictionId, { ...periodOf(q), campaignId: q.campaignId });
}

/** Figures of each campaign of the jurisdiction over the campaign's own dates (or its year). */
export async function campaignFigures(db: Executor, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.figures.read']);
  const campaigns = await repo.listCampaigns(db, actor.jurisdictionId);
  const out = [];
  for (const c of campaigns) {
    const period = { from: c.startsOn ?? `${c.year}-01-01`, to: c.endsOn ?? `${c.year}-12-31` };
    const f = await computeFigures(db, actor.jurisdictionId, { ...period, campaignId: c.id });
    out.push({ campaign: { id: c.id, code: c.code, name: c.name, year: c.year }, ...f });
  }
  return out;
}
