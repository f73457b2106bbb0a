import { describe, expect, it } from 'vitest';
import {
  addTimeLimit,
  buildCalendar,
  computeDeadline,
  describeLimit,
  endOfLocalDay,
  extendDeadline,
  isOverdue,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  specialDaysOfYear,
  workingDaysBetween,
} from './deadlines.ts';
import { BUILT_IN_YEARS, CN_SPECIAL_DAYS } from './holidays-cn.ts';

const cal = buildCalendar();
/** A Beijing-time instant. */
const bj = (s: string) => new Date(`${s}+08:00`);
const endOf = (day: string) => bj(`${day}T23:59:59.999`);

describe('holiday data', () => {
  it('ships 2020 to 2026 with no day listed twice', () => {
    expect(BUILT_IN_YEARS).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    const dates = CN_SPECIAL_DAYS.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('lists make-up working days only on weekends and holidays mostly on weekdays they replace', () => {
    for (const d of CN_SPECIAL_DAYS.filter((x) => x.kind === 'workday')) {
      expect([0, 6], d.date).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
  });

  it('counts 249 working days in 2020 (Spring Festival extended to 2 February)', () => {
    expect(workingDaysBetween('2019-12-31', '2020-12-31', cal)).toBe(249);
  });

  it('has, each year, exactly the weekdays less the statutory holidays (11 days; 13 from 2025) as working days', () => {
    // 全国年节及纪念日放假办法: a holiday falling on a weekend is made up on a weekday, and a worked weekend
    // day only moves a rest day, so working days = Monday–Friday count − statutory holidays (2020: 2 more,
    // the Spring Festival extension).
    const weekdays = (y: number) => {
      let n = 0;
      for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 86_400_000) if (![0, 6].includes(new Date(t).getUTCDay())) n++;
      return n;
    };
    const expected: Record<number, number> = { 2020: weekdays(2020) - 11 - 2, 2021: 0, 2022: 0, 2023: 0, 2024: 0, 2025: 0, 2026: 0 };
    for (const y of [2021, 2022, 2023, 2024]) expected[y] = weekdays(y) - 11;
    for (const y of [2025, 2026]) expected[y] = weekdays(y) - 13;
    for (const y of BUILT_IN_YEARS) expect(workingDaysBetween(`${y - 1}-12-31`, `${y}-12-31`, cal), String(y)).toBe(expected[y]);
    expect(expected).toEqual({ 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248 });
  });
});

describe('isWorkingDay', () => {
  it('knows 国庆 2020, its make-up Sunday and Saturday, and ordinary weekends', () => {
    expect(isWorkingDay('2020-10-01', cal)).toBe(false);
    expect(isWorkingDay('2020-10-08', cal)).toBe(false); // Thursday, holiday
    expect(isWorkingDay('2020-10-09', cal)).toBe(true);
    expect(isWorkingDay('2020-10-10', cal)).toBe(true); // Saturday, worked
    expect(isWorkingDay('2020-09-27', cal)).toBe(true); // Sunday, worked
    expect(isWorkingDay('2020-10-11', cal)).toBe(false); // ordinary Sunday
    expect(isWorkingDay('2020-10-12', cal)).toBe(true);
  });

  it("knows 2020's extended Spring Festival: 31 January and the cancelled make-up Saturday 1 February are off", () => {
    expect(isWorkingDay('2020-01-19', cal)).toBe(true); // Sunday, worked
    expect(isWorkingDay('2020-01-31', cal)).toBe(false);
    expect(isWorkingDay('2020-02-01', cal)).toBe(false);
    expect(isWorkingDay('2020-02-02', cal)).toBe(false);
    expect(isWorkingDay('2020-02-03', cal)).toBe(true);
  });

  it('takes an instant in the calendar time zone, not UTC', () => {
    // 30 Sept 2020 17:00 UTC is already 1 October in Beijing.
    expect(localDate(new Date('2020-09-30T17:00:00Z'))).toBe('2020-10-01');
    expect(isWorkingDay(new Date('2020-09-30T17:00:00Z'), cal)).toBe(false);
    expect(isWorkingDay(new Date('2020-09-30T15:00:00Z'), cal)).toBe(true);
  });

  it('applies a jurisdiction override: an extra local holiday, a cancelled built-in day', () => {
    const local = buildCalendar([
      { date: '2020-10-12', kind: 'holiday', name: '地方假日' },
      { date: '2020-10-08', kind: 'normal' },
      { date: '2020-10-17', kind: 'workday', name: '补班' },
    ]);
    expect(isWorkingDay('2020-10-12', local)).toBe(false);
    expect(isWorkingDay('2020-10-08', local)).toBe(true);
    expect(isWorkingDay('2020-10-17', local)).toBe(true);
    expect(isWorkingDay('2020-10-12', cal)).toBe(true);
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay('2020-1-1', cal)).toThrow(RangeError);
  });
});

describe('addTimeLimit', () => {
  it('3 working days from the eve of 国庆 2020 skip the 8-day holiday and use the make-up Saturday', () => {
    // 10-01..10-08 off; 10-09 (Fri) is day 1, 10-10 (Sat, worked) day 2, 10-11 (Sun) off, 10-12 (Mon) day 3.
    expect(addTimeLimit(bj('2020-09-30T10:00:00'), { amount: 3, unit: 'working_days' }, cal)).toEqual(endOf('2020-10-12'));
    expect(addTimeLimit(bj('2020-09-30T10:00:00'), { amount: 2, unit: 'working_days' }, cal)).toEqual(endOf('2020-10-10'));
  });

  it('counts the make-up Sunday before 国庆 as a working day', () => {
    // From Friday 25 Sept: Sat 26 off, Sun 27 worked (day 1), Mon 28 (day 2).
    expect(addTimeLimit(bj('2020-09-25T16:00:00'), { amount: 2, unit: 'working_days' }, cal)).toEqual(endOf('2020-09-28'));
  });

  it('1 working day from before the 2020 Spring Festival ends on 3 February', () => {
    expect(addTimeLimit(bj('2020-01-23T09:00:00'), { amount: 1, unit: 'working_days' }, cal)).toEqual(endOf('2020-02-03'));
  });

  it('does not count the start day, even when it is a working day', () => {
    expect(addTimeLimit(bj('2020-06-01T08:00:00'), { amount: 1, unit: 'working_days' }, cal)).toEqual(endOf('2020-06-02'));
    // Started on a Saturday: Monday is the first working day.
    expect(addTimeLimit(bj('2020-06-06T08:00:00'), { amount: 1, unit: 'working_days' }, cal)).toEqual(endOf('2020-06-08'));
  });

  it('0 working days is the end of the start day, or of the next working day when it starts on a day off', () => {
    expect(addTimeLimit(bj('2020-06-01T08:00:00'), { amount: 0, unit: 'working_days' }, cal)).toEqual(endOf('2020-06-01'));
    expect(addTimeLimit(bj('2020-10-03T08:00:00'), { amount: 0, unit: 'working_days' }, cal)).toEqual(endOf('2020-10-09'));
  });

  it('a calendar-day period ending in a holiday ends on the next working day, unless told not to roll', () => {
    expect(addTimeLimit(bj('2020-09-25T10:00:00'), { amount: 7, unit: 'calendar_days' }, cal)).toEqual(endOf('2020-10-09'));
    expect(addTimeLimit(bj('2020-09-25T10:00:00'), { amount: 7, unit: 'calendar_days' }, cal, { rollToWorkingDay: false })).toEqual(
      endOf('2020-10-02'),
    );
    expect(addTimeLimit(bj('2020-03-02T10:00:00'), { amount: 15, unit: 'calendar_days' }, cal)).toEqual(endOf('2020-03-17'));
  });

  it('hours and minutes are clock time, holidays or not', () => {
    expect(addTimeLimit(bj('2020-10-01T10:00:00'), { amount: 24, unit: 'hours' }, cal)).toEqual(bj('2020-10-02T10:00:00'));
    expect(addTimeLimit(bj('2020-10-01T23:50:00'), { amount: 30, unit: 'minutes' }, cal)).toEqual(bj('2020-10-02T00:20:00'));
  });

  it('uses the local day in the calendar time zone', () => {
    // 16:30 UTC on 8 Oct is 00:30 on 9 Oct in Beijing: day 1 is then 10 Oct (Saturday, worked).
    expect(addTimeLimit(new Date('2020-10-08T16:30:00Z'), { amount: 1, unit: 'working_days' }, cal)).toEqual(endOf('2020-10-10'));
  });

  it('works in a zone with summer time', () => {
    const berlin = buildCalendar([], 'Europe/Berlin');
    // 29 March 2020 is the spring-forward Sunday; end of that day is 23:59:59.999 CEST (UTC+2).
    expect(endOfLocalDay('2020-03-29', 'Europe/Berlin')).toEqual(new Date('2020-03-29T21:59:59.999Z'));
    expect(endOfLocalDay('2020-01-15', 'Europe/Berlin')).toEqual(new Date('2020-01-15T22:59:59.999Z'));
    expect(localDate(new Date('2020-03-28T23:30:00Z'), berlin.timeZone)).toBe('2020-03-29');
  });

  it('refuses negative, fractional or unknown limits', () => {
    expect(() => addTimeLimit(new Date(), { amount: -1, unit: 'hours' }, cal)).toThrow(RangeError);
    expect(() => addTimeLimit(new Date(), { amount: 1.5, unit: 'working_days' }, cal)).toThrow(RangeError);
    expect(() => addTimeLimit(new Date(), { amount: 1, unit: 'weeks' as never }, cal)).toThrow(RangeError);
  });

  it('n working days later is exactly n working days between, on any start in 2020–2026', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const from = Date.parse('2020-01-01T00:00:00+08:00');
    const span = Date.parse('2026-10-01T00:00:00+08:00') - from;
    for (let i = 0; i < 300; i++) {
      const start = new Date(from + Math.floor(rnd() * span));
      const n = 1 + Math.floor(rnd() * 30);
      const due = addTimeLimit(start, { amount: n, unit: 'working_days' }, cal);
      expect(workingDaysBetween(start, due, cal)).toBe(n);
      expect(isWorkingDay(due, cal)).toBe(true);
    }
  });
});

describe('workingDaysBetween', () => {
  it('counts days after the first up to and including the last; negative backwards; 0 on the same day', () => {
    expect(workingDaysBetween('2020-09-30', '2020-10-12', cal)).toBe(3);
    expect(workingDaysBetween('2020-10-12', '2020-09-30', cal)).toBe(-3);
    expect(workingDaysBetween('2020-10-12', '2020-10-12', cal)).toBe(0);
    expect(workingDaysBetween(bj('2020-10-01T12:00:00'), bj('2020-10-08T12:00:00'), cal)).toBe(0);
  });

  it('spans the 2025 Spring Festival (8 days, two make-up Saturdays/Sundays)', () => {
    // 01-26 (Sun) worked, 01-28..02-04 off, 02-08 (Sat) worked.
    expect(workingDaysBetween('2025-01-24', '2025-02-09', cal)).toBe(1 + 1 + 3 + 1);
    expect(nextWorkingDay('2025-01-27', cal)).toBe('2025-02-05');
  });
});

describe('extensions', () => {
  it('adds each extension to the due time, keeping reasons', () => {
    const d = computeDeadline(bj('2020-09-30T10:00:00'), { amount: 3, unit: 'working_days' }, cal, [
      { limit: { amount: 2, unit: 'working_days' }, reason: '需要协调多个部门' },
      { limit: { amount: 12, unit: 'hours' }, reason: '等待检测报告' },
    ]);
    expect(d.baseDueAt).toEqual(endOf('2020-10-12'));
    expect(d.extensions[0].dueAt).toEqual(endOf('2020-10-14'));
    expect(d.dueAt).toEqual(bj('2020-10-15T11:59:59.999'));
    expect(d.extensions.map((e) => e.reason)).toEqual(['需要协调多个部门', '等待检测报告']);
  });

  it('an extension needs a reason', () => {
    expect(() => extendDeadline(new Date(), { limit: { amount: 1, unit: 'working_days' }, reason: ' ' }, cal)).toThrow(/reason/);
  });

  it('is overdue only after the due time', () => {
    const due = endOf('2020-10-12');
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, new Date(due.getTime() + 1))).toBe(true);
    expect(isOverdue(null, new Date())).toBe(false);
  });
});

describe('presentation', () => {
  it('describes limits in Chinese and English and lists a year', () => {
    expect(describeLimit({ amount: 3, unit: 'working_days' })).toBe('3个工作日');
    expect(describeLimit({ amount: 1, unit: 'hours' }, 'en')).toBe('1 hour');
    const y2020 = specialDaysOfYear(cal, 2020);
    expect(y2020.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual([
      '2020-01-19',
      '2020-04-26',
      '2020-05-09',
      '2020-06-28',
      '2020-09-27',
      '2020-10-10',
    ]);
  });
});

describe('localDateTime', () => {
  it('shows an instant as Beijing wall-clock time to the minute', async () => {
    const { localDateTime } = await import('./deadlines.ts');
    expect(localDateTime(new Date('2022-01-06T15:59:59.999Z'))).toBe('2022-01-06 23:59');
    expect(localDateTime(new Date('2020-09-30T16:00:00Z'))).toBe('2020-10-01 00:00');
  });
});
