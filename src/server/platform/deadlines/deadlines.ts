// The one deadline engine of the platform: pure functions over a holiday calendar. Limits are given in
// minutes, clock hours, calendar days or working days; day limits follow the rule of Chinese procedural law
// (期间开始的日不计算在内): the day the clock starts is not counted and the period ends at the end (24:00) of
// its last day, in the jurisdiction's time zone. A calendar-day period whose last day is not a working day
// ends on the next working day (期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期);
// pass `rollToWorkingDay: false` to opt out. Extensions are added to the due time one after another.
import { CN_SPECIAL_DAYS, type DayKind, type HolidayDay } from './holidays-cn.ts';

export const TIME_UNITS = ['minutes', 'hours', 'calendar_days', 'working_days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

/** A day the jurisdiction changed: 'normal' cancels a built-in special day (then weekday rules apply). */
export interface CalendarOverride {
  date: string;
  kind: DayKind | 'normal';
  name?: string;
}

export interface Calendar {
  readonly timeZone: string;
  /** Special days (holidays and worked weekend days) by local date. */
  readonly days: ReadonlyMap<string, HolidayDay>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The built-in Chinese calendar with a jurisdiction's overrides laid over it. */
export function buildCalendar(overrides: readonly CalendarOverride[] = [], timeZone: string = DEFAULT_TIME_ZONE): Calendar {
  const days = new Map<string, HolidayDay>();
  for (const d of CN_SPECIAL_DAYS) days.set(d.date, d);
  for (const o of overrides) {
    if (!DATE_RE.test(o.date)) throw new RangeError(`bad date ${o.date}`);
    if (o.kind === 'normal') days.delete(o.date);
    else days.set(o.date, { date: o.date, kind: o.kind, name: o.name ?? '' });
  }
  return { timeZone, days };
}

// ---------------------------------------------------------------- local dates in a time zone

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at that instant. China has kept UTC+8 without summer time since 1992. */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  if (timeZone === 'Asia/Shanghai' && at.getTime() >= Date.UTC(1992, 0, 1)) return 480;
  if (timeZone === 'UTC') return 0;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Date(at.getTime() + utcOffsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** Local date and minute of an instant, as people read it: "2020-10-09 17:30". */
export function localDateTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Date(at.getTime() + utcOffsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a local wall-clock time occurs (for zones with summer time, the first match). */
export function localTimeToInstant(day: string, timeZone: string, h = 0, m = 0, s = 0, ms = 0): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + ((h * 60 + m) * 60 + s) * 1000 + ms;
  let guess = wall - utcOffsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - utcOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The last millisecond of a local day. */
export function endOfLocalDay(day: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return new Date(localTimeToInstant(addDays(day, 1), timeZone).getTime() - 1);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

const toDay = (d: Date | string, cal: Calendar): string => {
  if (typeof d === 'string') {
    if (!DATE_RE.test(d)) throw new RangeError(`bad date ${d}`);
    return d;
  }
  return localDate(d, cal.timeZone);
};

// ---------------------------------------------------------------- working days

/** A working day: a worked weekend day (调休上班), or a Monday–Friday that is not a holiday. */
export function isWorkingDay(day: Date | string, cal: Calendar): boolean {
  const d = toDay(day, cal);
  const special = cal.days.get(d);
  if (special) return special.kind === 'workday';
  const w = weekday(d);
  return w !== 0 && w !== 6;
}

/** What kind of day it is and why (for calendars shown to people). */
export function dayInfo(day: Date | string, cal: Calendar): { date: string; working: boolean; name: string | null; special: boolean } {
  const d = toDay(day, cal);
  const special = cal.days.get(d);
  return { date: d, working: isWorkingDay(d, cal), name: special?.name ?? null, special: special !== undefined };
}

/** The n-th working day after `day` (n ≥ 1), or `day` itself for n = 0 when it is a working day, else the next one. */
export function nextWorkingDay(day: string, cal: Calendar, n = 1): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a whole number ≥ 0');
  let d = day;
  if (n === 0) {
    while (!isWorkingDay(d, cal)) d = addDays(d, 1);
    return d;
  }
  let left = n;
  // Ten years of days is far more than any legal period; the bound only stops a calendar with no working days.
  for (let guard = 0; guard < 3660 + n * 7; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal) && --left === 0) return d;
  }
  throw new RangeError('calendar has no working days');
}

/**
 * Working days after `from` up to and including `to` (local dates): the number of working days a period
 * from `from` to `to` has used. Negative when `to` is before `from`; 0 on the same day.
 */
export function workingDaysBetween(from: Date | string, to: Date | string, cal: Calendar): number {
  const a = toDay(from, cal);
  const b = toDay(to, cal);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n * sign;
}

// ---------------------------------------------------------------- limits

export interface AddOptions {
  /** Calendar-day periods ending on a non-working day end on the next working day instead (default true). */
  rollToWorkingDay?: boolean;
}

export function checkLimit(limit: TimeLimit): void {
  if (!(TIME_UNITS as readonly string[]).includes(limit.unit)) throw new RangeError(`unknown unit ${String(limit.unit)}`);
  if (!Number.isInteger(limit.amount) || limit.amount < 0) throw new RangeError('amount must be a whole number ≥ 0');
  if ((limit.unit === 'calendar_days' || limit.unit === 'working_days') && limit.amount > 3650) throw new RangeError('amount too large');
}

/** The due time of a limit that starts at `start`. */
export function addTimeLimit(start: Date, limit: TimeLimit, cal: Calendar, opts: AddOptions = {}): Date {
  checkLimit(limit);
  switch (limit.unit) {
    case 'minutes':
      return new Date(start.getTime() + limit.amount * 60_000);
    case 'hours':
      return new Date(start.getTime() + limit.amount * 3_600_000);
    case 'calendar_days': {
      let last = addDays(localDate(start, cal.timeZone), limit.amount);
      if (opts.rollToWorkingDay ?? true) last = nextWorkingDay(last, cal, 0);
      return endOfLocalDay(last, cal.timeZone);
    }
    case 'working_days': {
      const startDay = localDate(start, cal.timeZone);
      const last = limit.amount === 0 ? nextWorkingDay(startDay, cal, 0) : nextWorkingDay(startDay, cal, limit.amount);
      return endOfLocalDay(last, cal.timeZone);
    }
    default: {
      const never: never = limit.unit;
      throw new RangeError(`unknown unit ${String(never)}`);
    }
  }
}

export interface DeadlineExtension {
  limit: TimeLimit;
  reason: string;
}

export interface Deadline {
  start: Date;
  limit: TimeLimit;
  /** Due time before any extension. */
  baseDueAt: Date;
  /** Due time after all extensions. */
  dueAt: Date;
  extensions: (DeadlineExtension & { dueAt: Date })[];
}

/** A limit from `start`, then each extension (with its reason) added to the due time in turn. */
export function computeDeadline(start: Date, limit: TimeLimit, cal: Calendar, extensions: readonly DeadlineExtension[] = [], opts: AddOptions = {}): Deadline {
  const baseDueAt = addTimeLimit(start, limit, cal, opts);
  let dueAt = baseDueAt;
  const steps: Deadline['extensions'] = [];
  for (const e of extensions) {
    if (!e.reason || e.reason.trim() === '') throw new RangeError('an extension needs a reason');
    dueAt = addTimeLimit(dueAt, e.limit, cal, opts);
    steps.push({ ...e, dueAt });
  }
  return { start, limit, baseDueAt, dueAt, extensions: steps };
}

/** Adds one extension to a due time. */
export function extendDeadline(dueAt: Date, ext: DeadlineExtension, cal: Calendar, opts: AddOptions = {}): Date {
  if (!ext.reason || ext.reason.trim() === '') throw new RangeError('an extension needs a reason');
  return addTimeLimit(dueAt, ext.limit, cal, opts);
}

export const isOverdue = (dueAt: Date | null, at: Date): boolean => dueAt !== null && at.getTime() > dueAt.getTime();

const UNIT_ZH: Record<TimeUnit, string> = { minutes: '分钟', hours: '小时', calendar_days: '日', working_days: '个工作日' };
const UNIT_EN: Record<TimeUnit, string> = { minutes: 'minute', hours: 'hour', calendar_days: 'calendar day', working_days: 'working day' };

/** "3个工作日" / "3 working days". */
export function describeLimit(limit: TimeLimit, lang: 'zh' | 'en' = 'zh'): string {
  if (lang === 'zh') return `${limit.amount}${UNIT_ZH[limit.unit]}`;
  return `${limit.amount} ${UNIT_EN[limit.unit]}${limit.amount === 1 ? '' : 's'}`;
}

/** The special days of one year, in date order. */
export function specialDaysOfYear(cal: Calendar, year: number): HolidayDay[] {
  const prefix = `${year}-`;
  return [...cal.days.values()].filter((d) => d.date.startsWith(prefix)).sort((a, b) => a.date.localeCompare(b.date));
}
