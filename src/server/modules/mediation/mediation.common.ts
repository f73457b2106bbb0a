// What every mediation service shares: the actor, the timeline row, the calendar, money and date ranges.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, type Actor, type Scope } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { endOfLocalDay, loadCalendar, localDate, localTimeToInstant, type Calendar } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import * as repo from './mediation.repository.ts';

export interface Authorized {
  actor: Actor;
  scope: Scope;
}

export function authorized(ctx: RequestContext, action: string): Authorized {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

/** The whole-jurisdiction scope: registration, acceptance and routing belong to the mediation centre. */
export function requireCentre(a: Authorized): void {
  if (a.scope !== 'jurisdiction') throw errors.forbidden();
}

export async function timeline(
  tx: Executor,
  ctx: RequestContext,
  v: {
    jurisdictionId: number;
    entity: 'intake' | 'dispute' | 'petition' | 'clue' | 'warning';
    entityId: number;
    action: string;
    from?: string | null;
    to?: string | null;
    note?: string;
    details?: Record<string, unknown>;
    at?: Date;
  },
): Promise<void> {
  await repo.insertTimeline(tx, {
    jurisdictionId: v.jurisdictionId,
    entity: v.entity,
    entityId: v.entityId,
    at: v.at ?? new Date(),
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.displayName ?? '系统',
    orgUnitId: ctx.actor?.orgUnitId ?? null,
    action: v.action,
    fromStatus: v.from ?? null,
    toStatus: v.to ?? null,
    note: v.note ?? '',
    details: v.details ?? {},
  });
}

export async function audit(
  tx: Executor,
  ctx: RequestContext,
  action: string,
  entity: string,
  entityId: number,
  details: Record<string, unknown> = {},
  jurisdictionId?: number,
): Promise<void> {
  await appendAudit(tx, ctx, { action, entity, entityId, details, ...(jurisdictionId !== undefined ? { jurisdictionId } : {}) });
}

/** The jurisdiction's working calendar (built-in Chinese holidays and make-up days, with its own changes). */
export function calendarFor(db: Executor, jurisdictionId: number): Promise<Calendar> {
  return loadCalendar(db, jurisdictionId);
}

/** Yuan with at most two decimals; anything finer is a typing mistake, not a rounding question. */
export function money(v: number, field: string): number {
  const cents = Math.round(v * 100);
  if (!Number.isFinite(v) || v < 0 || Math.abs(cents - v * 100) > 1e-6) {
    throw errors.validation({ field }, { zh: '金额须为非负数，最多两位小数（单位：元）', en: 'An amount is a non-negative number of yuan with at most two decimals' });
  }
  return cents / 100;
}

/** 元 → 万元, two decimals, computed on whole cents so that sums of exact amounts stay exact. */
export function wanYuan(yuan: number): number {
  return Math.round(Math.round(yuan * 100) / 10000) / 100;
}

export interface DayRange {
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
  timeZone: string;
}

/** A range of local days (inclusive) as instants; default: the current calendar year. */
export function dayRange(timeZone: string, fromDay?: string, toDay?: string, now = new Date()): DayRange {
  const year = localDate(now, timeZone).slice(0, 4);
  const f = fromDay ?? `${year}-01-01`;
  const t = toDay ?? `${year}-12-31`;
  if (t < f) throw errors.validation({ field: 'to' }, { zh: '结束日期不能早于开始日期', en: 'The end date is before the start date' });
  return { fromDay: f, toDay: t, from: localTimeToInstant(f, timeZone), to: endOfLocalDay(t, timeZone), timeZone };
}

export function checkNotFuture(at: Date, field: string, now = new Date()): void {
  // A few minutes of clock skew between a browser and the server is not a future registration.
  if (at.getTime() > now.getTime() + 5 * 60_000) {
    throw errors.validation({ field }, { zh: '时间不能晚于当前时间', en: 'The time cannot be in the future' });
  }
}
