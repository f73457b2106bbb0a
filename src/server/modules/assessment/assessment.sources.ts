// Where each figure's value comes from: one loader per module, calling only that module's public functions
// (its index.ts). A loader returns raw values for its figure keys; a module that does not (yet) export what a
// figure needs has no loader, and its figures show as missing with the reason.
import type { Executor } from '../../db/database.ts';
import { educationFigures, STUDY_HOURS_REQUIRED } from '../education/index.ts';
import { computeFigures as enterpriseFigures } from '../enterprise/index.ts';
import { eventFigures } from '../events/index.ts';
import { gridWorkerIds, listGrids } from '../grids/index.ts';
import { legalServicesFigures } from '../legal-services/index.ts';
import { computeFigures as mediationFigures } from '../mediation/index.ts';
import { plansFigures } from '../plans/index.ts';
import { safetyFigures } from '../safety/index.ts';
import type { FigureModule } from './assessment.catalogue.ts';
import type { DepartmentEvents, UnitLateAnswers, WageCluster } from './assessment.findings.ts';
import type { Period } from './assessment.period.ts';

export interface RawFigure {
  value: number | string | null;
  numerator?: number | null;
  denominator?: number | null;
}

export type SourceLoader = (db: Executor, jurisdictionId: number, p: Period) => Promise<Record<string, RawFigure>>;

export interface FigureSource {
  module: FigureModule;
  load: SourceLoader | null;
  /** Why there is no loader (shown beside the missing figures). */
  pending?: string;
}

/** A rate in per cent with both terms; no value when the denominator is 0. */
export function percent(numerator: number, denominator: number): RawFigure {
  return { value: denominator > 0 ? (numerator / denominator) * 100 : null, numerator, denominator };
}

const count = (value: number | null | undefined): RawFigure => ({ value: value ?? null });

const grids: FigureSource = {
  module: 'grids',
  async load(db, jurisdictionId) {
    const base = await listGrids(db, jurisdictionId, { level: 'base', active: true });
    const workers = new Set<number>();
    for (const g of base) for (const id of await gridWorkerIds(db, g.id)) workers.add(id);
    return { 'grids.base_count': count(base.length), 'grids.workers': count(workers.size) };
  },
};

const education: FigureSource = {
  module: 'education',
  async load(db, jurisdictionId, p) {
    const inPeriod = await educationFigures(db, jurisdictionId, p.from, p.to);
    const toDate = p.kind === 'year' ? inPeriod : await educationFigures(db, jurisdictionId, `${p.year}-01-01`, p.to);
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

const events: FigureSource = {
  module: 'events',
  async load(db, jurisdictionId, p) {
    const f = await eventFigures(db, jurisdictionId, { from: p.from, to: p.to });
    const r = f.rates;
    return {
      'events.reported': count(f.reported),
      'events.closed': count(f.closed),
      'events.closed_loop_rate': percent(r.closedLoop.numerator, r.closedLoop.denominator),
      'events.on_time_rate': percent(r.onTimeClose.numerator, r.onTimeClose.denominator),
      'events.overdue': count(r.overdue.numerator),
      'events.overdue_rate': percent(r.overdue.numerator, r.overdue.denominator),
      'events.reopened': count(r.reopen.numerator),
      'events.rework_rate': percent(r.reopen.numerator, r.reopen.denominator),
    };
  },
};

const enterprise: FigureSource = {
  module: 'enterprise',
  async load(db, jurisdictionId, p) {
    const f = await enterpriseFigures(db, jurisdictionId, { from: p.from, to: p.to });
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

export interface Breakdowns {
  /** mediation: projects and contractors with wage disputes in the period. */
  wageClusters: ((db: Executor, jurisdictionId: number, p: Period) => Promise<WageCluster[]>) | null;
  /** events: per handling department, events handled, overdue, reopened. */
  eventsByDepartment: ((db: Executor, jurisdictionId: number, p: Period) => Promise<DepartmentEvents[]>) | null;
  /** enterprise: per answering unit, demands answered and answered late. */
  lateAnswersByUnit: ((db: Executor, jurisdictionId: number, p: Period) => Promise<UnitLateAnswers[]>) | null;
}

export const BREAKDOWNS: Breakdowns = {
  // The mediation module raises 重复欠薪 warnings but exports no per-project breakdown; the rule then uses the
  // warnings figure (mediation.wage_warnings).
  wageClusters: null,
  async eventsByDepartment(db, jurisdictionId, p) {
    const f = await eventFigures(db, jurisdictionId, { from: p.from, to: p.to });
    // Per department the module gives closed, closed on time and open overdue, not "ever overdue" or reopened.
    return f.byDepartment
      .filter((d) => Number(d.key) > 0)
      .map((d) => ({
        departmentId: Number(d.key),
        name: d.label,
        handled: d.dispatched,
        overdue: d.closed - d.onTimeClose.numerator + d.overdueOpen,
        reopened: 0,
        drill: { api: '/api/events', query: { from: p.from, to: p.to, departmentId: Number(d.key) }, label: `${d.label}办理的事件` },
      }));
  },
  async lateAnswersByUnit(db, jurisdictionId, p) {
    const f = await enterpriseFigures(db, jurisdictionId, { from: p.from, to: p.to });
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
