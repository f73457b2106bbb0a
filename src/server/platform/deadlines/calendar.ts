// The calendar of a jurisdiction: the built-in Chinese holidays with the jurisdiction's overrides (table
// `holidays`) and its time zone. loadCalendar is what every module calls before computing a deadline.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../audit/audit.ts';
import type { RequestContext } from '../context.ts';
import { errors } from '../errors.ts';
import { buildCalendar, DEFAULT_TIME_ZONE, specialDaysOfYear, workingDaysBetween, type Calendar, type CalendarOverride } from './deadlines.ts';
import { BUILT_IN_YEARS, CN_SPECIAL_DAYS } from './holidays-cn.ts';

export async function loadCalendar(db: Executor, jurisdictionId: number): Promise<Calendar> {
  const [j, rows] = await Promise.all([
    db.selectFrom('jurisdictions').select('timezone').where('id', '=', jurisdictionId).executeTakeFirst(),
    db.selectFrom('holidays').select(['day', 'kind', 'name']).where('jurisdictionId', '=', jurisdictionId).execute(),
  ]);
  return buildCalendar(
    rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })),
    j?.timezone ?? DEFAULT_TIME_ZONE,
  );
}

export interface CalendarYear {
  year: number;
  timeZone: string;
  /** Whether the platform ships this year's State Council arrangement. */
  builtIn: boolean;
  workingDays: number;
  days: { date: string; kind: 'holiday' | 'workday'; name: string; source: 'built_in' | 'override' }[];
  overrides: CalendarOverride[];
}

export async function calendarYear(db: Executor, jurisdictionId: number, year: number): Promise<CalendarYear> {
  const cal = await loadCalendar(db, jurisdictionId);
  const overrides = await db
    .selectFrom('holidays')
    .select(['day', 'kind', 'name'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  const overridden = new Set(overrides.map((o) => o.day));
  const builtIn = new Set(CN_SPECIAL_DAYS.map((d) => d.date));
  return {
    year,
    timeZone: cal.timeZone,
    builtIn: BUILT_IN_YEARS.includes(year),
    workingDays: workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`, cal),
    days: specialDaysOfYear(cal, year).map((d) => ({
      ...d,
      source: overridden.has(d.date) || !builtIn.has(d.date) ? ('override' as const) : ('built_in' as const),
    })),
    overrides: overrides.map((o) => ({ date: o.day, kind: o.kind, name: o.name })),
  };
}

/** Replaces a year's overrides (the administrator edits a year as a whole). */
export async function replaceYearOverrides(
  db: Executor,
  ctx: RequestContext,
  jurisdictionId: number,
  year: number,
  overrides: CalendarOverride[],
): Promise<CalendarYear> {
  const seen = new Set<string>();
  for (const o of overrides) {
    if (!o.date.startsWith(`${year}-`) || Number.isNaN(Date.parse(`${o.date}T00:00:00Z`))) {
      throw errors.validation({ date: o.date }, { zh: `日期 ${o.date} 不属于 ${year} 年或不合法`, en: `${o.date} is not a date of ${year}` });
    }
    if (seen.has(o.date)) throw errors.validation({ date: o.date }, { zh: `日期 ${o.date} 重复`, en: `${o.date} is listed twice` });
    seen.add(o.date);
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('holidays')
      .where('jurisdictionId', '=', jurisdictionId)
      .where('day', '>=', `${year}-01-01`)
      .where('day', '<=', `${year}-12-31`)
      .execute();
    if (overrides.length > 0) {
      await tx
        .insertInto('holidays')
        .values(
          overrides.map((o) => ({
            jurisdictionId,
            day: o.date,
            kind: o.kind,
            name: o.name ?? '',
            updatedBy: ctx.actor?.userId ?? null,
          })),
        )
        .execute();
    }
    await appendAudit(tx, ctx, {
      action: 'calendar.update',
      entity: 'calendar',
      entityId: year,
      jurisdictionId,
      details: { year, overrides: overrides.length },
    });
  });
  return calendarYear(db, jurisdictionId, year);
}
