// Figures of the closed loop for any period and scope, each rate with its numerator and denominator.
// Read from the rollup (event_stats, by day and by month), kept in step with every change in the same transaction,
// so a year at a million events reads twelve months of rollup rows in one GROUPING SETS pass, not the events;
// a range reads its whole months plus the days at its edges. Cohort rule: an event belongs to the period in
// which it was reported (local date) and counts in its current state.
import type { Executor } from '../../db/database.ts';
import { authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { loadCalendar } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import type { StatsDimension, StatsFilter } from './events.repository.ts';
import { actorOf } from './events.service.ts';
import { histQuantile, STAT_COUNTERS } from './events.stats.ts';
import type { StatCounters } from './events.table.ts';
import { SOURCE_LABELS, STAGES, type EventSource, type Stage } from './events.workflow.ts';

export interface Rate {
  /** numerator ÷ denominator, 4 decimals; null when the denominator is 0. */
  rate: number | null;
  numerator: number;
  denominator: number;
}

export const rate = (numerator: number, denominator: number): Rate => ({
  rate: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
  numerator,
  denominator,
});

/** Every rate defined once, in words, beside its numbers. */
export const DEFINITIONS = {
  cohort: '统计口径：事件按上报日期（辖区时区）归入统计期间，按其当前状态计数。',
  closedLoop: '闭环率 = 经核查后结案的事件数 ÷（上报数 − 不予受理数 − 合并数）',
  acceptance: '受理率 = 已受理事件数 ÷ 上报数',
  onTimeClose: '按期结案率 = 各环节均未超期的结案数 ÷ 结案数',
  onTimeStage: '环节按期率 = 按期完成该环节的事件数 ÷ 完成该环节的事件数（延期批准后以新时限计）',
  reopen: '返工率 = 重新办理过的事件数 ÷ 处置过的事件数',
  extension: '延期率 = 批准过延期的事件数 ÷ 派遣过的事件数',
  overdue: '超期率 = 曾超期的事件数 ÷（上报数 − 不予受理数 − 合并数）',
  handlingTime: '办结用时 = 结案时间 − 上报时间（小时），仅计已结案事件；p90 为第 90 百分位（最近秩）',
} as const;

/** Above this many closed events the p90 comes from the rollup's histogram (10 % buckets) instead of a sort. */
export const EXACT_P90_LIMIT = 20_000;

export interface FigureFilter {
  from: string;
  to: string;
  gridIds?: number[];
  categoryIds?: number[];
  departmentId?: number;
  sources?: EventSource[];
}

type Sums = StatCounters;

function toSums(row: Record<string, unknown>): Sums {
  const out = {} as Record<string, number>;
  for (const k of STAT_COUNTERS) out[k] = Number(row[k] ?? 0);
  return out as unknown as StatCounters;
}

const handlingDenominator = (s: Sums) => s.reported - s.rejected - s.merged;

function summary(s: Sums) {
  return {
    reported: s.reported,
    accepted: s.accepted,
    dispatched: s.dispatched,
    handled: s.handled,
    closed: s.closed,
    rejected: s.rejected,
    merged: s.merged,
    open: s.open,
    overdueOpen: s.overdueOpen,
    /** Events that ran past a stage's time limit at least once (open or finished). */
    everOverdue: s.everOverdue,
    /** Events reopened (重新办理) at least once. */
    reopened: s.reopened,
    closedLoop: rate(s.closedVerified, handlingDenominator(s)),
    onTimeClose: rate(s.closedOnTime, s.closed),
    avgHandlingHours: s.closed > 0 ? Math.round((s.durationMinutesSum / s.closed / 60) * 100) / 100 : null,
  };
}

const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

/**
 * The figures of a jurisdiction for a period (inclusive local dates) and filters, without any access check:
 * for the report and assessment modules. People reach it through eventMetrics, which applies their scope.
 */
export async function eventFigures(db: Executor, jurisdictionId: number, f: FigureFilter) {
  if (f.from > f.to) throw errors.validation({ from: f.from, to: f.to }, { zh: '开始日期晚于结束日期', en: 'from is after to' });
  const cal = await loadCalendar(db, jurisdictionId);
  const filter: StatsFilter = {
    jurisdictionId,
    from: f.from,
    to: f.to,
    gridIds: f.gridIds,
    categoryIds: f.categoryIds,
    departmentId: f.departmentId,
    sources: f.sources,
  };
  const cols = STAT_COUNTERS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  const rows = await repo.statsSums(db, filter, cols);
  const read = (dim: StatsDimension) => rows.filter((r) => r.dim === dim).map((r) => ({ key: String(r.key), sums: toSums(r) }));
  const total = read('total')[0]?.sums ?? toSums({});
  const [byGrid, byCategory, byDepartment, bySource, byMonth] = (['grid', 'category', 'department', 'source', 'month'] as const).map(read);

  let p90Minutes: number | null;
  let p90Method: 'exact' | 'histogram';
  if (total.closed <= EXACT_P90_LIMIT) {
    p90Minutes = total.closed > 0 ? await repo.exactHandlingQuantile(db, { ...filter, timeZone: cal.timeZone }, 0.9) : null;
    p90Method = 'exact';
  } else {
    p90Minutes = histQuantile(await repo.statsHistogram(db, filter), 0.9);
    p90Method = 'histogram';
  }

  const gridNames = await repo.gridNames(db, byGrid.map((r) => Number(r.key)).filter((x) => x > 0));
  const deptNames = await repo.orgUnitNames(db, byDepartment.map((r) => Number(r.key)).filter((x) => x > 0));
  const catRows = await repo.listCategories(db, jurisdictionId);
  const catNames = new Map(catRows.map((c) => [c.id, c.name]));
  const label = (dim: StatsDimension, key: string): string => {
    switch (dim) {
      case 'grid':
        return Number(key) === 0 ? '网格外' : (gridNames.get(Number(key)) ?? key);
      case 'department':
        return Number(key) === 0 ? '未派遣' : (deptNames.get(Number(key)) ?? key);
      case 'category':
        return catNames.get(Number(key)) ?? key;
      case 'source':
        return SOURCE_LABELS[key as EventSource]?.zh ?? key;
      default:
        return key;
    }
  };
  const breakdown = (dim: StatsDimension, rows: { key: string; sums: Sums }[]) =>
    rows.map((r) => ({ key: r.key, label: label(dim, r.key), ...summary(r.sums) }));

  const stageKey = (s: Stage) => ({ done: `${s}Done` as const, onTime: `${s}OnTime` as const });
  return {
    period: { from: f.from, to: f.to, timeZone: cal.timeZone },
    ...summary(total),
    closedVerified: total.closedVerified,
    closedOnTime: total.closedOnTime,
    rates: {
      closedLoop: rate(total.closedVerified, handlingDenominator(total)),
      acceptance: rate(total.accepted, total.reported),
      onTimeClose: rate(total.closedOnTime, total.closed),
      onTimeByStage: Object.fromEntries(STAGES.map((s) => [s, rate(total[stageKey(s).onTime], total[stageKey(s).done])])) as Record<Stage, Rate>,
      reopen: rate(total.reopened, total.handled),
      extension: rate(total.extended, total.dispatched),
      overdue: rate(total.everOverdue, handlingDenominator(total)),
    },
    satisfaction: { rated: total.rated, average: total.rated > 0 ? Math.round((total.satisfactionSum / total.rated) * 100) / 100 : null },
    handlingTime: {
      closed: total.closed,
      averageHours: total.closed > 0 ? Math.round((total.durationMinutesSum / total.closed / 60) * 100) / 100 : null,
      p90Hours: hours(p90Minutes),
      p90Method,
    },
    byGrid: breakdown('grid', byGrid),
    byCategory: breakdown('category', byCategory),
    byDepartment: breakdown('department', byDepartment),
    bySource: breakdown('source', bySource),
    byMonth: breakdown('month', byMonth),
    definitions: DEFINITIONS,
  };
}

export type EventFigures = Awaited<ReturnType<typeof eventFigures>>;

export interface MetricsQuery {
  from: string;
  to: string;
  gridId?: number;
  categoryId?: number;
  departmentId?: number;
  source?: EventSource[];
}

/** The figures within the actor's scope: a grid worker's grids, a department's own events. */
export async function eventMetrics(db: Executor, ctx: RequestContext, q: MetricsQuery) {
  const actor: Actor = actorOf(ctx);
  const scope = authorize(actor, eventActions['events.metrics']);
  let gridIds: number[] | undefined = q.gridId !== undefined ? [q.gridId] : undefined;
  let departmentId = q.departmentId;
  if (scope === 'grid') gridIds = (gridIds ?? actor.gridIds).filter((g) => actor.gridIds.includes(g));
  if (scope === 'department') {
    if (departmentId !== undefined && departmentId !== actor.orgUnitId) gridIds = [];
    departmentId = actor.orgUnitId ?? -1;
  }
  let categoryIds: number[] | undefined;
  if (q.categoryId !== undefined) {
    const cats = await repo.listCategories(db, actor.jurisdictionId);
    categoryIds = cats.filter((c) => c.id === q.categoryId || c.parentId === q.categoryId).map((c) => c.id);
  }
  return eventFigures(db, actor.jurisdictionId, { from: q.from, to: q.to, gridIds, departmentId, categoryIds, sources: q.source });
}
