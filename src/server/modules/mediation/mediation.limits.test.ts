// Statutory time limits on China's 2020–2021 calendar (holidays, make-up working days, roll-over of a period
// whose last day is a holiday). Times are China Standard Time.
import { describe, expect, it } from 'vitest';
import { buildCalendar, localDate } from '../../platform/deadlines/index.ts';
import * as L from './mediation.limits.ts';

const cal = buildCalendar();
const cst = (s: string) => new Date(`${s}+08:00`);
/** The local day on which a due time falls, and that it is the last millisecond of that day. */
function endOf(due: Date): string {
  expect(localDate(new Date(due.getTime() + 1), 'Asia/Shanghai')).not.toBe(localDate(due, 'Asia/Shanghai'));
  return localDate(due, 'Asia/Shanghai');
}

describe('petition time limits (信访工作条例)', () => {
  it('gives 15 days to decide, the registration day not counted', () => {
    expect(endOf(L.acceptDueAt(cst('2020-06-01T09:30:00'), cal))).toBe('2020-06-16');
  });

  it('ends a 15-day period on a make-up working Saturday (2020-10-10 was worked)', () => {
    expect(endOf(L.acceptDueAt(cst('2020-09-25T10:00:00'), cal))).toBe('2020-10-10');
  });

  it('moves a period ending in the National Day holiday to the first working day after it', () => {
    // 2020-09-20 + 15 = 2020-10-05, inside 10-01..10-08.
    expect(endOf(L.acceptDueAt(cst('2020-09-20T15:00:00'), cal))).toBe('2020-10-09');
  });

  it('moves a period ending on an ordinary Sunday to the Monday', () => {
    // 2020-11-07 + 15 = 2020-11-22, a Sunday.
    expect(endOf(L.acceptDueAt(cst('2020-11-07T10:00:00'), cal))).toBe('2020-11-23');
  });

  it('counts an objection to a forwarded matter in working days, skipping the holiday and counting the make-up Saturday', () => {
    // Forwarded Monday 2020-09-28: 09-29, 09-30, (10-01..10-08 off), 10-09, 10-10 (make-up), (Sun), 10-12.
    expect(endOf(L.objectionDueAt(cst('2020-09-28T11:00:00'), cal))).toBe('2020-10-12');
  });

  it('gives 60 days to handle, rolled past the Labour Day holiday', () => {
    // 2020-03-02 + 60 = 2020-05-01, inside 05-01..05-05.
    expect(endOf(L.handleDueAt(cst('2020-03-02T09:00:00'), cal))).toBe('2020-05-06');
  });

  it('runs an extension on from the original due day', () => {
    const due = L.handleDueAt(cst('2020-03-02T09:00:00'), cal);
    expect(endOf(L.extendedDueAt(due, 30, cal))).toBe('2020-06-05');
  });

  it('allows a review to be requested within 30 days of the decision and answers it within 30', () => {
    expect(endOf(L.reviewRequestUntil(cst('2020-11-02T16:00:00'), cal))).toBe('2020-12-02');
    expect(endOf(L.reviewDueAt(cst('2020-12-01T09:00:00'), cal))).toBe('2020-12-31');
    expect(endOf(L.rereviewRequestUntil(cst('2020-12-20T09:00:00'), cal))).toBe('2021-01-19');
    // 2020-12-03 + 30 = 2021-01-02, inside the New Year holiday 01-01..01-03.
    expect(endOf(L.rereviewDueAt(cst('2020-12-03T09:00:00'), cal))).toBe('2021-01-04');
  });
});

describe('mediation time limits (人民调解法)', () => {
  it('settles a mediation within 30 days by default', () => {
    expect(endOf(L.disputeDueAt(cst('2020-07-01T10:00:00'), L.DEFAULT_DISPUTE_LIMIT, cal))).toBe('2020-07-31');
  });

  it('takes a configured limit in working days', () => {
    // 10 working days from Wednesday 2020-09-23: 24, 25, 27 (make-up Sunday), 28, 29, 30, 10-09, 10-10 (make-up), 10-12, 10-13.
    expect(endOf(L.disputeDueAt(cst('2020-09-23T10:00:00'), { amount: 10, unit: 'working_days' }, cal))).toBe('2020-10-13');
  });

  it('allows court confirmation within 30 days of the agreement', () => {
    expect(endOf(L.courtConfirmationUntil('2020-06-24', cal))).toBe('2020-07-24');
    // 2020-09-01 + 30 = 2020-10-01 (National Day) → 2020-10-09.
    expect(endOf(L.courtConfirmationUntil('2020-09-01', cal))).toBe('2020-10-09');
  });
});

describe('warning time', () => {
  it('warns the given days before the due time, but not before the clock started', () => {
    const start = cst('2020-06-01T09:00:00');
    const due = cst('2020-06-16T23:59:59.999');
    expect(L.warnAt(start, due, 3).toISOString()).toBe(cst('2020-06-13T23:59:59.999').toISOString());
    expect(L.warnAt(start, due, 30).toISOString()).toBe(start.toISOString());
  });
});
