// Where each figure's value comes from: one loader per module, calling only that module's public functions
// (its index.ts). A loader returns raw values for its figure keys; a module that does not (yet) export what a
// figure needs has no loader, and its figures show as missing with the reason. Module calls go through the
// request's FigureMemo, so a call the figures and the findings both need is made once.
import type { Executor } from '../../db/database.ts';
import { educationFigures, STUDY_HOURS_REQUIRED } from '../education/index.ts';
import { computeFigures as enterpriseFigures } from '../enterprise/index.ts';
import { eventFigures, type EventFigures, type Rate as EventRate } from '../events/index.ts';
import { gridWorkerIds, listGrids } from '../grids/index.ts';
import { legalServicesFigures } from '../legal-services/index.ts';
import { computeFigures as mediationFigures, wageBreakdown } from '../mediation/index.ts';
import { plansFigures } from '../plans/index.ts';
import { safetyFigures } from '../safety/index.ts';
import type { FigureModule } from './assessment.catalogue.ts';
import type { DepartmentEvents, UnitLateAnswers, WageCluster } from './assessment.findings.ts';
import type { FigureMemo } from './assessment.memo.ts';
import { yearPeriod, type Period } from './assessment.period.ts';

export interface RawFigure {
  value: number | string | null;
  numerator?: number | null;
  denominator?: number | null;
}

export type SourceLoader = (db: Executor, jurisdictionId: number, p: Period, memo: FigureMemo) => Promise<Record<string, RawFigure>>;

export interface FigureSource {
  module: FigureModule;
  load: SourceLoader | null;
  /** Why there is no loader (shown beside the missing figures). */
  pending?: string;
  /** The figures do not depend on the period (computed once per request). */
  timeless?: boolean;
}

/** A rate in per cent with both terms; no value when the denominator is 0. */
export function percent(numerator: number, denominator: number): RawFigure {
  return { value: denominator > 0 ? (numerator / denominator) * 100 : null, numerator, denominator };
}

const count = (value: number | null | undefined): RawFigure => ({ value: value ?? null });

const grids: FigureSource = {
  module: 'grids',
  timeless: true,
  async load(db, jurisdictionId) {
    const base = await listGrids(db, jurisdictionId, { level: 'base', active: true });
    const workers = new Set<number>();
    for (const g of base) for (const id of await gridWorkerIds(db, g.id)) workers.add(id);
    return { 'grids.base_count': count(base.length), 'grids.workers': count(workers.size) };
  },
};

const education: FigureSource = {
  module: 'education',
  async load(db, jurisdictionId, p, memo) {
    const figures = (from: string, to: string) => memo.once(`education.figures|${jurisdictionId}|${from}|${to}`, () => educationFigures(db, jurisdictionId, from, to));
    const inPeriod = await figures(p.from, p.to);
    // Hours and the exam count the year so far; December's year-to-date is the year itself (one call).
    const toDate = await figures(`${p.year}-01-01`, p.to);
    return {
      'education.required_hours': count(STUDY_HOURS_REQUIRED),
      'education.officials': count(toDate.officials),
      'education.hours_met_rate': percent(toDate.hoursMet.numerator, toDate.hoursMet.denominator),
      'education.below_hours': count(toDate.hoursMet.denominator - toDate.hoursMet.numerator),
      'education.exam_pass_rate': percent(toDate.examPassed.numerator, toDate.examPassed.denominator),
      'education.publicity_events': count(inPeriod.publicity.events),
      'education.materials': count(inPeriod.publicity.materials),
      'education.publicity_participants': count(inPeriod.publicity.participants),
    };
  },
};

const legal: FigureSource = {
  module: 'legal',
  async load(db, jurisdictionId, p) {
    const f = await legalServicesFigures(db, jurisdictionId, p.from, p.to);
    return { 'legal.services': count(f.services), 'legal.sites': count(f.sites), 'legal.people_served': count(f.peopleServed) };
  },
};

/** The events module's figures for a period, once per request. */
const eventFiguresOf = (db: Executor, jurisdictionId: number, p: Pick<Period, 'from' | 'to'>, memo: FigureMemo): Promise<EventFigures> =>
  memo.once(`events.figures|${jurisdictionId}|${p.from}|${p.to}`, () => eventFigures(db, jurisdictionId, { from: p.from, to: p.to }));

/** The counts every row of the events figures carries (the whole period, or one month of it). */
interface EventCounts {
  reported: number;
  closed: number;
  handled: number;
  rejected: number;
  merged: number;
  everOverdue: number;
  reopened: number;
  closedLoop: EventRate;
  onTimeClose: EventRate;
}

function eventRaw(s: EventCounts): Record<string, RawFigure> {
  // The module's own definitions: overdue share of reported − rejected − merged, rework share of handled.
  const handling = s.reported - s.rejected - s.merged;
  return {
    'events.reported': count(s.reported),
    'events.closed': count(s.closed),
    'events.closed_loop_rate': percent(s.closedLoop.numerator, s.closedLoop.denominator),
    'events.on_time_rate': percent(s.onTimeClose.numerator, s.onTimeClose.denominator),
    'events.overdue': count(s.everOverdue),
    'events.overdue_rate': percent(s.everOverdue, handling),
    'events.reopened': count(s.reopened),
    'events.rework_rate': percent(s.reopened, s.handled),
  };
}

const NO_EVENTS: EventCounts = {
  reported: 0, closed: 0, handled: 0, rejected: 0, merged: 0, everOverdue: 0, reopened: 0,
  closedLoop: { rate: null, numerator: 0, denominator: 0 }, onTimeClose: { rate: null, numerator: 0, denominator: 0 },
};

const events: FigureSource = {
  module: 'events',
  async load(db, jurisdictionId, p, memo) {
    // A month of a monthly trend: the year's one pass gives every month (its by-month rows), same cohort rule.
    if (p.kind === 'month' && memo.wantsWholeYear(p.year)) {
      const y = await eventFiguresOf(db, jurisdictionId, yearPeriod(p.year), memo);
      return eventRaw(y.byMonth.find((r) => r.key === p.from.slice(0, 7)) ?? NO_EVENTS);
    }
    return eventRaw(await eventFiguresOf(db, jurisdictionId, p, memo));
  },
};

/** The enterprise module's figures for a period, once per request. */
const enterpriseFiguresOf = (db: Executor, jurisdictionId: number, p: Pick<Period, 'from' | 'to'>, memo: FigureMemo) =>
  memo.once(`enterprise.figures|${jurisdictionId}|${p.from}|${p.to}`, () => enterpriseFigures(db, jurisdictionId, { from: p.from, to: p.to }));

const enterprise: FigureSource = {
  module: 'enterprise',
  async load(db, jurisdictionId, p, memo) {
    const f = await enterpriseFiguresOf(db, jurisdictionId, p, memo);
    const d = f.demands;
    return {
      'enterprise.served': count(d.enterprisesCovered),
      'enterprise.demands_collected': count(d.problems),
      'enterprise.project_problems': count(d.projectProblems),
      // No target for the year: no rate (the module gives 0 as the denominator).
      'enterprise.collection_rate': percent(d.collectionRate.numerator, d.collectionRate.denominator),
      'enterprise.answer_rate': percent(d.answerRate.numerator, d.answerRate.denominator),
      'enterprise.on_time_answer_rate': percent(d.onTimeAnswerRate.numerator, d.onTimeAnswerRate.denominator),
      'enterprise.answered_late': count(d.onTimeAnswerRate.denominator - d.onTimeAnswerRate.numerator),
      'enterprise.visits': count(f.visits.visits),
      'enterprise.job_posting_enterprises': count(f.jobs.enterprisesHelped),
      'enterprise.job_positions': count(f.jobs.positions),
      'enterprise.bank_matched': count(f.financing.enterprisesMatched),
      'enterprise.financed': count(f.financing.enterprisesFinanced),
      'enterprise.financing_amount_wan': count(f.financing.grantedWan),
    };
  },
};

const mediation: FigureSource = {
  module: 'mediation',
  async load(db, jurisdictionId, p) {
    const f = await mediationFigures(db, jurisdictionId, p.from, p.to);
    return {
      'mediation.visitors': count(f.visitors.personTimes),
      'mediation.visits': count(f.visitors.visits),
      'mediation.disputes_received': count(f.disputes.received),
      'mediation.disputes_resolved': count(f.disputes.resolved),
      'mediation.success_rate': percent(f.disputes.successRate.numerator, f.disputes.successRate.denominator),
      'mediation.wage_amount_wan': count(f.wages.recoveredWan),
      'mediation.wage_claimed_wan': count(f.wages.claimedWan),
      'mediation.wage_warnings': count(f.warnings.byRule.find((r) => r.rule === 'wage_repeated')?.raised ?? 0),
      'mediation.petitions': count(f.petitions.received),
      'mediation.petitions_on_time_rate': percent(f.petitions.handleOnTimeRate.numerator, f.petitions.handleOnTimeRate.denominator),
      'mediation.lawsuits': count(f.litigation.entries > 0 ? f.litigation.lawsuits : null),
      'mediation.arbitrations': count(f.litigation.entries > 0 ? f.litigation.arbitrations : null),
    };
  },
};

const safety: FigureSource = {
  module: 'safety',
  async load(db, jurisdictionId, p) {
    const f = await safetyFigures(db, jurisdictionId, p.from, p.to);
    const police = f.police.monthsEntered > 0;
    return {
      'safety.criminal_solved': count(police ? f.police.criminalSolved : null),
      'safety.public_security_closed': count(police ? f.police.publicSecurityClosed : null),
      'safety.subjects': count(f.subjectsUnderSupervision),
      'safety.reoffended': count(f.reoffended),
      'safety.patrols': count(f.patrols),
    };
  },
};

const plans: FigureSource = {
  module: 'plans',
  async load(db, jurisdictionId, p) {
    const f = await plansFigures(db, jurisdictionId, p.from, p.to);
    return {
      'plans.topic_meetings': count(f.meetingsHeld),
      'plans.tasks': count(f.tasks),
      'plans.task_completion_rate': percent(f.done, f.tasks),
      'plans.tasks_overdue': count(f.overdue + f.doneLate),
      'plans.tasks_supervised': count(f.supervised),
    };
  },
};

export const FIGURE_SOURCES: Record<FigureModule, FigureSource> = { grids, events, enterprise, mediation, safety, education, legal, plans };

// ── breakdowns the shortcoming rules need (null while the owning module does not export them) ──

type Breakdown<T> = ((db: Executor, jurisdictionId: number, p: Period, memo: FigureMemo) => Promise<T[]>) | null;

export interface Breakdowns {
  /** mediation: projects and contractors with wage disputes in the period. */
  wageClusters: Breakdown<WageCluster>;
  /** events: per handling department, events handled, overdue, reopened. */
  eventsByDepartment: Breakdown<DepartmentEvents>;
  /** enterprise: per answering unit, demands answered and answered late. */
  lateAnswersByUnit: Breakdown<UnitLateAnswers>;
}

export const BREAKDOWNS: Breakdowns = {
  async wageClusters(db, jurisdictionId, p) {
    const groups = await wageBreakdown(db, jurisdictionId, p.from, p.to);
    return groups.map((g) => ({
      kind: g.kind,
      name: g.name,
      disputes: g.disputes,
      workers: g.workers,
      amountWan: g.amountWan,
      drill: { api: g.drill.api, query: g.drill.query, label: `${g.kind === 'project' ? '项目' : '施工单位'}“${g.name}”的欠薪纠纷` },
    }));
  },
  async eventsByDepartment(db, jurisdictionId, p, memo) {
    const f = await eventFiguresOf(db, jurisdictionId, p, memo);
    return f.byDepartment
      .filter((d) => Number(d.key) > 0)
      .map((d) => {
        const departmentId = Number(d.key);
        const range = { from: p.from, to: p.to, departmentId };
        return {
          departmentId,
          name: d.label,
          handled: d.dispatched,
          // Events that ran past a stage's time limit at least once, and events reopened at least once.
          overdue: d.everOverdue,
          reopened: d.reopened,
          drill: { api: '/api/events', query: range, label: `${d.label}办理的事件` },
          ...(d.reopened > 0 ? { reopenedDrill: { api: '/api/events', query: { ...range, reopened: true }, label: `${d.label}返工的事件` } } : {}),
        };
      });
  },
  async lateAnswersByUnit(db, jurisdictionId, p, memo) {
    const f = await enterpriseFiguresOf(db, jurisdictionId, p, memo);
    return f.demands.byUnit
      .filter((u) => Number(u.key) > 0)
      .map((u) => ({
        unitId: Number(u.key),
        name: u.label,
        answered: u.answered,
        late: u.answered - u.onTimeAnswerRate.numerator,
        drill: { api: '/api/enterprise/demands', query: { from: p.from, to: p.to, unitId: Number(u.key) }, label: `${u.label}答复的诉求` },
      }));
  },
};
