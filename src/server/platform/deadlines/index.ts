// The platform's one deadline engine: calendar days, working days (China's holidays and make-up working days,
// editable per jurisdiction and year), hours and minutes, with extensions and their reasons. Pure functions in
// deadlines.ts; loadCalendar reads a jurisdiction's calendar from the database.
export {
  addDays,
  addTimeLimit,
  buildCalendar,
  checkLimit,
  computeDeadline,
  dayInfo,
  DEFAULT_TIME_ZONE,
  describeLimit,
  endOfLocalDay,
  extendDeadline,
  isOverdue,
  isWorkingDay,
  localDate,
  localDateTime,
  localTimeToInstant,
  nextWorkingDay,
  specialDaysOfYear,
  TIME_UNITS,
  utcOffsetMinutes,
  workingDaysBetween,
  type AddOptions,
  type Calendar,
  type CalendarOverride,
  type Deadline,
  type DeadlineExtension,
  type TimeLimit,
  type TimeUnit,
} from './deadlines.ts';
export { BUILT_IN_YEARS, CN_SPECIAL_DAYS, type DayKind, type HolidayDay } from './holidays-cn.ts';
export { calendarYear, loadCalendar, replaceYearOverrides, type CalendarYear } from './calendar.ts';
export { calendarRoutes } from './deadlines.routes.ts';
export { calendarActions } from './deadlines.policy.ts';
