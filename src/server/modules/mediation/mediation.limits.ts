// Statutory time limits of the mediation centre, on the shared deadline engine (calendar days end at 24:00 of the
// last day and roll to the next working day when that day is a holiday; working days skip weekends and holidays
// and count make-up working days).
//   信访工作条例 Art. 22–23: decide within 15 days of registration; a body objects to a forwarded matter within
//   5 working days. Art. 34: handle within 60 days of acceptance, extendable once by at most 30 days.
//   Art. 35–36: review requested within 30 days of the decision and answered within 30; re-review the same.
//   人民调解法: mediation normally settled within one month (default 30 days, configurable); court confirmation
//   applied for jointly within 30 days of the agreement taking effect (Art. 33).
import { addTimeLimit, localTimeToInstant, type Calendar, type TimeLimit } from '../../platform/deadlines/index.ts';

export const PETITION_LIMITS = {
  acceptDecision: { amount: 15, unit: 'calendar_days' },
  objection: { amount: 5, unit: 'working_days' },
  handling: { amount: 60, unit: 'calendar_days' },
  reviewRequest: { amount: 30, unit: 'calendar_days' },
  reviewAnswer: { amount: 30, unit: 'calendar_days' },
  rereviewRequest: { amount: 30, unit: 'calendar_days' },
  rereviewAnswer: { amount: 30, unit: 'calendar_days' },
} as const satisfies Record<string, TimeLimit>;

export const DEFAULT_DISPUTE_LIMIT: TimeLimit = { amount: 30, unit: 'calendar_days' };
export const COURT_CONFIRMATION_LIMIT: TimeLimit = { amount: 30, unit: 'calendar_days' };

export const acceptDueAt = (registeredAt: Date, cal: Calendar): Date => addTimeLimit(registeredAt, PETITION_LIMITS.acceptDecision, cal);
export const objectionDueAt = (forwardedAt: Date, cal: Calendar): Date => addTimeLimit(forwardedAt, PETITION_LIMITS.objection, cal);
export const handleDueAt = (acceptedAt: Date, cal: Calendar): Date => addTimeLimit(acceptedAt, PETITION_LIMITS.handling, cal);
/** The extension runs on from the original due time. */
export const extendedDueAt = (dueAt: Date, days: number, cal: Calendar): Date => addTimeLimit(dueAt, { amount: days, unit: 'calendar_days' }, cal);
export const reviewRequestUntil = (decidedAt: Date, cal: Calendar): Date => addTimeLimit(decidedAt, PETITION_LIMITS.reviewRequest, cal);
export const reviewDueAt = (requestedAt: Date, cal: Calendar): Date => addTimeLimit(requestedAt, PETITION_LIMITS.reviewAnswer, cal);
export const rereviewRequestUntil = (reviewedAt: Date, cal: Calendar): Date => addTimeLimit(reviewedAt, PETITION_LIMITS.rereviewRequest, cal);
export const rereviewDueAt = (requestedAt: Date, cal: Calendar): Date => addTimeLimit(requestedAt, PETITION_LIMITS.rereviewAnswer, cal);
export const disputeDueAt = (acceptedAt: Date, limit: TimeLimit, cal: Calendar): Date => addTimeLimit(acceptedAt, limit, cal);

/** The last moment a court confirmation may be applied for, from the agreement's local signing date. */
export function courtConfirmationUntil(signedOn: string, cal: Calendar): Date {
  // The agreement date is a local day; the period starts the day after it.
  return addTimeLimit(localTimeToInstant(signedOn, cal.timeZone, 12), COURT_CONFIRMATION_LIMIT, cal);
}

/** When to warn ahead of a due time: `daysBefore` whole days earlier, but never before the start. */
export function warnAt(start: Date, dueAt: Date, daysBefore: number): Date {
  const t = dueAt.getTime() - daysBefore * 86_400_000;
  return new Date(Math.max(t, start.getTime()));
}
