// Events use cases: intake from every channel, the workflow move (one transaction: event row, rollup, timeline,
// audit, next-deadline job, notifications), reads with per-row scope, supervision (督办) and extensions.
import { randomInt } from 'node:crypto';
import { type Kysely, sql, type Updateable } from 'kysely';
import { holdConnection, type DB, type Executor } from '../../db/database.ts';
import { groupCommit } from '../../db/group-commit.ts';
import { type AuditAlongside, type AuditRow, appendAudit, auditedWrite } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor, type Scope, type ScopedRow } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { requirePhone, sealPersonal } from '../../platform/crypto/sensitive.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import {
  addDays,
  addTimeLimit,
  extendDeadline,
  loadCalendar,
  localDateTime,
  localTimeToInstant,
  type Calendar,
  type TimeLimit,
} from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { cancelJobs, scheduleJob, scheduleJobQuery } from '../../platform/jobs/jobs.ts';
import { distanceMeters, gridWorkerIds, locateGrid, locateIn } from '../grids/index.ts';
import { notify, notifyRolesQuery, usersWithRoles } from '../notifications/index.ts';
import { resolveCategory } from './events.categories.ts';
import { calendarFor, categoryFor, gridShapesFor, namesFor } from './events.refs.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import type { EventFilledIn, EventFilter, EventRow, EventScope, EventSort, TimelineRow } from './events.repository.ts';
import { contribution, rollupDelta, type StatEvent } from './events.stats.ts';
import type { EventsTable } from './events.table.ts';
import {
  ACTION_LABELS,
  actionsFor,
  decide,
  DEPARTMENT_ROLES,
  isTerminal,
  LINKED_SOURCES,
  OPEN_STATUSES,
  SOURCE_LABELS,
  STAGE_LABELS,
  stageOf,
  STATUS_LABELS,
  todoStatuses,
  type EventAction,
  type EventSource,
  type EventStatus,
  type LinkedSource,
  type Stage,
  type WorkflowActor,
} from './events.workflow.ts';

export const OVERDUE_JOB = 'events.overdue';
export const dueJobKey = (eventId: number) => `events.due:${eventId}`;
/** Duplicates: open events of the same category this close and this recent. */
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_DAYS = 7;

// ---------------------------------------------------------------- who, and what they may see

export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

export function rowScope(e: Pick<EventRow, 'jurisdictionId' | 'gridId' | 'departmentId' | 'enterpriseId'>): ScopedRow {
  return { jurisdictionId: e.jurisdictionId, gridId: e.gridId, departmentIds: [e.departmentId], enterpriseId: e.enterpriseId };
}

/** The SQL form of a scope (what a list may return). */
export function scopeFilter(actor: Actor, scope: Scope): EventScope {
  switch (scope) {
    case 'jurisdiction':
      return {};
    case 'grid':
      return { gridIds: actor.gridIds };
    case 'department':
      return { departmentId: actor.orgUnitId };
    case 'enterprise':
      return { enterpriseId: actor.enterpriseId };
    case 'own':
      // No event action grants 'own'; refuse rather than guess.
      return { gridIds: [] };
    default: {
      const never: never = scope;
      throw new Error(`unhandled scope ${String(never)}`);
    }
  }
}

/** An event the actor may touch under `action`; out of scope is 404, as if it did not exist. */
async function loadScoped(db: Executor, actor: Actor, action: string, id: number, forUpdate = false): Promise<EventRow> {
  const scope = authorize(actor, action);
  const row = await repo.findEvent(db, id, { forUpdate });
  assertRowAccess(actor, scope, row ? rowScope(row) : undefined, 'event', '事件');
  return row!;
}

const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 10 characters from 31: about 2^49 codes, so a code cannot be guessed. */
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return s;
}

/**
 * The columns of an event nothing has happened to yet: no stage done, no clock result, no count, no ending, no
 * rating. Intake, the demo data and test factories start from it and set what they know.
 */
export const EVENT_NO_PROGRESS = {
  acceptedAt: null,
  dispatchedAt: null,
  handledAt: null,
  verifiedAt: null,
  closedAt: null,
  endedAt: null,
  overdue: false,
  overdueCount: 0,
  reopenCount: 0,
  returnCount: 0,
  extensionCount: 0,
  acceptOnTime: null,
  dispatchOnTime: null,
  handleOnTime: null,
  verifyOnTime: null,
  mergedIntoId: null,
  endReason: null,
  satisfaction: null,
  satisfactionComment: null,
  ratedAt: null,
} as const;

// ---------------------------------------------------------------- saving a change

const statOf = (e: StatEvent): StatEvent => ({
  jurisdictionId: e.jurisdictionId,
  reportedAt: e.reportedAt,
  gridId: e.gridId,
  categoryId: e.categoryId,
  departmentId: e.departmentId,
  source: e.source,
  status: e.status,
  acceptedAt: e.acceptedAt,
  dispatchedAt: e.dispatchedAt,
  handledAt: e.handledAt,
  verifiedAt: e.verifiedAt,
  closedAt: e.closedAt,
  overdue: e.overdue,
  overdueCount: e.overdueCount,
  acceptOnTime: e.acceptOnTime,
  dispatchOnTime: e.dispatchOnTime,
  handleOnTime: e.handleOnTime,
  verifyOnTime: e.verifyOnTime,
  reopenCount: e.reopenCount,
  extensionCount: e.extensionCount,
  satisfaction: e.satisfaction,
});

const figuresDelta = (before: StatEvent | null, after: StatEvent, timeZone: string) =>
  rollupDelta(before ? contribution(statOf(before), timeZone) : null, contribution(statOf(after), timeZone));

/** Writes the figures rollup for a change from `before` to `after` (null before: a new event). */
export async function recordFigures(tx: Executor, before: EventRow | null, after: EventRow, timeZone: string): Promise<void> {
  await repo.applyRollup(tx, figuresDelta(before, after, timeZone));
}

/**
 * The same rollup write as one statement for the transaction's audit row to carry (appendAudit's write alongside):
 * every intake and move of a day, grid and category adds to the same rollup rows, so their locks must be taken
 * last and held only until the commit.
 */
export function figuresWrite(before: StatEvent | null, after: StatEvent, timeZone: string): AuditAlongside | null {
  return repo.rollupStatement(figuresDelta(before, after, timeZone));
}

export interface SavedEvent {
  after: EventRow;
  /** The figures rollup write, for the transaction's audit row to carry. */
  figures: AuditAlongside | null;
}

/** Updates the event at its version (409 when someone moved it first); the figures write is the caller's to send. */
export async function saveEvent(tx: Executor, before: EventRow, patch: Updateable<EventsTable>, timeZone: string): Promise<SavedEvent> {
  const after = await repo.updateEvent(tx, before.id, before.version, patch);
  if (!after) throw errors.stale('event', { currentVersion: before.version });
  if (after.dueAt?.getTime() !== before.dueAt?.getTime() || after.deadlineRev !== before.deadlineRev) await scheduleDue(tx, after);
  return { after, figures: figuresWrite(before, after, timeZone) };
}

/** The overdue check of an event at its due time. */
const dueJob = (e: Pick<EventRow, 'id' | 'jurisdictionId' | 'deadlineRev'> & { dueAt: Date }) => ({
  kind: OVERDUE_JOB,
  runAt: e.dueAt,
  uniqueKey: dueJobKey(e.id),
  payload: { eventId: e.id, rev: e.deadlineRev },
  jurisdictionId: e.jurisdictionId,
});

/** The pending overdue check of an event follows its current due time (one pending job per event). */
export async function scheduleDue(tx: Executor, e: EventRow): Promise<void> {
  if (e.dueAt && !isTerminal(e.status)) {
    await scheduleJob(tx, dueJob({ ...e, dueAt: e.dueAt }));
  } else {
    await cancelJobs(tx, dueJobKey(e.id));
  }
}

/** The fields that start a stage's clock. */
function enterStage(e: Pick<EventRow, 'deadlineRev'>, stage: Stage | null, at: Date, limits: Record<Stage, TimeLimit>, cal: Calendar) {
  return {
    stage,
    stageStartedAt: stage ? at : null,
    dueAt: stage ? addTimeLimit(at, limits[stage], cal) : null,
    overdue: false,
    deadlineRev: e.deadlineRev + 1,
  };
}

export interface ActorInfo {
  userId: number | null;
  name: string;
  role: string;
}

export const actorInfo = (ctx: RequestContext): ActorInfo =>
  ctx.actor ? { userId: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role } : { userId: null, name: '群众', role: 'public' };

export const SYSTEM_ACTOR: ActorInfo = { userId: null, name: '系统', role: 'system' };

interface TimelineInput {
  action: string;
  from?: EventStatus | null;
  to?: EventStatus | null;
  note?: string | null;
  publicNote?: string | null;
  departmentId?: number | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function timeline(tx: Executor, e: Pick<EventRow, 'id' | 'jurisdictionId'>, who: ActorInfo, row: TimelineInput) {
  return repo.insertTimeline(tx, storedTimeline(timelineRow(e, who, row)));
}

/** A timeline row's values, with its details as the object they are read back as. */
function timelineRow(e: Pick<EventRow, 'id' | 'jurisdictionId'>, who: ActorInfo, row: TimelineInput) {
  return {
    jurisdictionId: e.jurisdictionId,
    eventId: e.id,
    at: row.at ?? new Date(),
    actorId: who.userId,
    actorName: who.name,
    actorRole: who.role,
    action: row.action,
    fromStatus: row.from ?? null,
    toStatus: row.to ?? null,
    note: row.note ?? '',
    publicNote: row.publicNote ?? null,
    departmentId: row.departmentId ?? null,
    details: row.details ?? {},
  };
}

/** The row as stored: details as JSON text. */
const storedTimeline = (v: ReturnType<typeof timelineRow>) => ({ ...v, details: JSON.stringify(v.details) });

// ---------------------------------------------------------------- recipients

export async function departmentStaff(db: Executor, jurisdictionId: number, departmentId: number | null): Promise<number[]> {
  if (!departmentId) return [];
  return usersWithRoles(db, jurisdictionId, DEPARTMENT_ROLES, departmentId);
}

export const dispatchers = (db: Executor, jurisdictionId: number) => usersWithRoles(db, jurisdictionId, ['dispatcher']);

export async function gridStaff(db: Executor, gridId: number | null): Promise<number[]> {
  return gridId ? gridWorkerIds(db, gridId) : [];
}

const link = (id: number) => `/events/${id}`;

// ---------------------------------------------------------------- intake

export interface IntakeInput {
  categoryId: number;
  title?: string;
  description: string;
  address?: string;
  lng?: number;
  lat?: number;
  gridId?: number;
  priority?: 'normal' | 'urgent';
  source?: EventSource;
  contactName?: string;
  contactPhone?: string;
  externalSystem?: string;
  externalId?: string;
  reportedAt?: string;
}

export interface IntakeResult {
  event: EventRow;
  created: boolean;
  /** When just created: its one timeline row (so the answer needs no re-read). */
  timeline?: TimelineRow;
}

interface IntakeCore {
  jurisdictionId: number;
  who: ActorInfo;
  source: EventSource;
  categoryId: number;
  title?: string;
  description: string;
  address: string;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  priority: 'normal' | 'urgent';
  enterpriseId: number | null;
  reporterName: string;
  contact: { enc: string; masked: string; index: string } | null;
  externalSystem: string | null;
  externalId: string | null;
  reportedAt: Date;
  /** The audit context (null actor for the public and API clients). */
  ctx: RequestContext;
  auditActorName?: string;
  /** The other module's record the event was made from (kept on the timeline and in the audit row). */
  ref?: { module: string; id: number };
}

/** The base grid a point lies in (a micro grid counts for its base grid), or null outside every base grid. */
export async function baseGridAt(db: Executor, jurisdictionId: number, lng: number, lat: number, ctx?: RequestContext): Promise<number | null> {
  const shapes = gridShapesFor(db, ctx, jurisdictionId);
  if (shapes) {
    const s = locateIn(await shapes, lng, lat);
    return s?.level === 'base' ? s.id : s?.level === 'micro' ? s.parentId : null;
  }
  const g = await locateGrid(db, jurisdictionId, lng, lat);
  if (!g) return null;
  if (g.level === 'base') return g.id;
  if (g.level === 'micro') {
    const row = await repo.findGridParent(db, g.id);
    return row?.parentId ?? null;
  }
  return null;
}

function checkPosition(lng: number | undefined, lat: number | undefined): { lng: number | null; lat: number | null } {
  if ((lng === undefined) !== (lat === undefined)) {
    throw errors.validation({ field: 'lng/lat' }, { zh: '经度和纬度须同时提供', en: 'Give both longitude and latitude' });
  }
  return { lng: lng ?? null, lat: lat ?? null };
}

async function activeCategory(db: Executor, jurisdictionId: number, categoryId: number, publicOnly = false, ctx?: RequestContext) {
  const c = await categoryFor(db, ctx, jurisdictionId, categoryId);
  if (!c || c.cat.jurisdictionId !== jurisdictionId || !c.cat.active || (publicOnly && !c.cat.publicVisible)) {
    throw errors.unprocessable('events.category_invalid', { zh: '事件分类不存在或已停用', en: 'Unknown or inactive category' });
  }
  return c;
}

/**
 * Creates an event in status reported with the acceptance clock running: the event, its overdue job, timeline row,
 * notices, figures and audit row in one statement (so it is atomic without a transaction around it, and holds the
 * rollup rows' and the audit chain's locks only while the database runs it) — in the caller's transaction when `db`
 * is one (another module linking the event to its own record). Intakes that arrive while others are being written
 * go together in the next statement (group commit: see writeIntake).
 */
async function intakeCore(db: Executor, c: IntakeCore): Promise<{ event: EventRow; timeline: TimelineRow }> {
  const [category, cal, id] = await Promise.all([
    activeCategory(db, c.jurisdictionId, c.categoryId, false, c.ctx),
    calendarFor(db, c.ctx, c.jurisdictionId),
    repo.nextEventId(db),
  ]);
  const title = (c.title?.trim() || `${category.cat.name}：${c.description.trim().slice(0, 30)}`).slice(0, 200);
  const stage = stageOf('reported')!;
  const event = {
    id,
    jurisdictionId: c.jurisdictionId,
    trackingCode: newTrackingCode(),
    categoryId: c.categoryId,
    title,
    description: c.description.trim(),
    address: c.address.trim(),
    lng: c.lng,
    lat: c.lat,
    gridId: c.gridId,
    source: c.source,
    externalSystem: c.externalSystem,
    externalId: c.externalId,
    status: 'reported' as const,
    priority: c.priority,
    departmentId: null,
    enterpriseId: c.enterpriseId,
    reporterId: c.who.userId,
    reporterName: c.reporterName,
    contactEnc: c.contact?.enc ?? null,
    contactMasked: c.contact?.masked ?? null,
    contactIndex: c.contact?.index ?? null,
    reportedAt: c.reportedAt,
    ...EVENT_NO_PROGRESS,
    stage,
    stageStartedAt: c.reportedAt,
    dueAt: addTimeLimit(c.reportedAt, category.limits[stage], cal),
    deadlineRev: 1,
  };
  const first = timelineRow(event, c.who, {
    action: 'report',
    to: 'reported',
    at: c.reportedAt,
    publicNote: '事件已上报，等待受理',
    details: {
      source: c.source,
      ...(c.externalId ? { externalSystem: c.externalSystem, externalId: c.externalId } : {}),
      ...(c.ref ? { refModule: c.ref.module, refId: c.ref.id } : {}),
    },
  });
  return writeIntake(db, {
    event,
    first,
    timeZone: cal.timeZone,
    audit: {
      ctx: c.ctx,
      entry: {
        action: 'event.report',
        entity: 'event',
        entityId: id,
        jurisdictionId: c.jurisdictionId,
        actorName: c.auditActorName,
        details: { source: c.source, categoryId: c.categoryId, gridId: c.gridId, ...(c.ref ? { refModule: c.ref.module, refId: c.ref.id } : {}) },
      },
    },
  });
}

interface IntakeWrite {
  /** Every column of the new event but those the database fills in. */
  event: Omit<EventRow, Exclude<keyof EventFilledIn, 'id'>> & { dueAt: Date };
  first: ReturnType<typeof timelineRow>;
  timeZone: string;
  audit: AuditRow;
}

/**
 * Writes intakes in one statement: the events, their overdue jobs and timeline rows in one multi-row insert each,
 * each event's notices, the figures of all of them merged into one rollup write (a statement may change a rollup
 * row once), and their audit rows chained one after another.
 */
async function writeIntakes(db: Executor, items: IntakeWrite[]): Promise<{ event: EventRow; timeline: TimelineRow }[]> {
  const figures = repo.rollupStatement(items.flatMap((w) => figuresDelta(null, w.event, w.timeZone)));
  const rows = await auditedWrite<EventFilledIn & { timelineId: number }>(
    db,
    items.map((w) => w.audit),
    {
      writes: [
        ['ev', repo.insertEventsQuery(db, items.map((w) => w.event))],
        ['due', scheduleJobQuery(db, items.map((w) => dueJob(w.event)))],
        ['tl', repo.insertTimelineQuery(db, items.map((w) => storedTimeline(w.first)))],
        ...items.map(
          ({ event: e, first }, i) =>
            [
              `notice_${i}`,
              notifyRolesQuery({
                jurisdictionId: e.jurisdictionId,
                roles: ['dispatcher'],
                kind: 'event.reported',
                title: `新上报事件：${e.title}`,
                body: `来源：${SOURCE_LABELS[e.source].zh}`,
                entity: 'event',
                entityId: e.id,
                link: link(e.id),
                exceptUserId: first.actorId,
              }),
            ] as const,
        ),
        ...(figures ? [['figures', figures] as const] : []),
      ],
      hot: figures ? 'figures' : null,
      // Only what the database filled in comes back (not the 47 columns written): reading rows back is a good part
      // of a statement's cost, and of PGlite's most of all.
      result: sql`select ev.*, tl.id as timeline_id from ev join tl on tl.event_id = ev.id`,
    },
  );
  const byId = new Map(rows.map(({ timelineId, ...filled }) => [filled.id, { filled, timelineId }]));
  return items.map((w) => {
    const { filled, timelineId } = byId.get(w.event.id)!;
    return { event: { ...w.event, ...filled }, timeline: { ...w.first, id: timelineId } };
  });
}

/**
 * Intakes under load: while one statement of them is in the database, those that arrive wait and go together in
 * the next. A statement costs about the same for one intake as for eight (2.8 and 3.2 ms seen from the server, at
 * 100,000 events on PostgreSQL), so ten clients' intakes went from 487 to 700–890 req/s. On PostgreSQL two are out
 * at once down one held connection (the second sent while the first runs; see groupCommit); all of them lock the
 * chain head and the day's rollup rows, so two on separate connections only waited on each other.
 */
const writeIntake = groupCommit(writeIntakes, { maxBatch: 32, maxInFlight: 2, hold: holdConnection });

/** Idempotent on the higher platform's id: a repeat returns the event already made. */
async function intakeTransfer(db: Executor, c: IntakeCore): Promise<IntakeResult> {
  if (!c.externalId || !c.externalSystem) {
    throw errors.validation({ field: 'externalId' }, { zh: '转办事件须提供上级平台事件编号', en: 'A transfer needs the external id' });
  }
  const existing = await repo.findEventByExternal(db, c.jurisdictionId, c.externalSystem, c.externalId);
  if (existing) return { event: existing, created: false };
  try {
    return { ...(await intakeCore(db, c)), created: true };
  } catch (e) {
    // Two deliveries of the same transfer at once: the unique index lets one in; the other returns it.
    if ((e as { code?: string }).code === '23505') {
      const again = await repo.findEventByExternal(db, c.jurisdictionId, c.externalSystem, c.externalId);
      if (again) return { event: again, created: false };
    }
    throw e;
  }
}

export const DEFAULT_TRANSFER_SYSTEM = 'yitihua';

/** A staff member reports an event: a grid worker on patrol, the command centre (hotline, transfer), an enterprise user. */
export async function createEvent(db: Executor, ctx: RequestContext, box: SecretBox, input: IntakeInput): Promise<IntakeResult> {
  const actor = actorOf(ctx);
  const scope = authorize(actor, eventActions['events.create']);
  const pos = checkPosition(input.lng, input.lat);
  let source: EventSource;
  let enterpriseId: number | null = null;
  switch (actor.role) {
    case 'grid_worker':
      source = 'grid_worker';
      break;
    case 'enterprise':
      source = 'enterprise';
      enterpriseId = actor.enterpriseId;
      if (enterpriseId === null) throw errors.forbidden({ reason: 'no_enterprise' });
      break;
    case 'dispatcher':
      source = input.source ?? 'hotline';
      if (!['hotline', 'transfer', 'public', 'grid_worker'].includes(source)) {
        throw errors.validation({ field: 'source' }, { zh: '来源只能是热线、转办、群众或网格员', en: 'Source must be hotline, transfer, public or grid_worker' });
      }
      break;
    default:
      throw errors.forbidden();
  }
  let gridId: number | null = null;
  if (pos.lng !== null && pos.lat !== null) gridId = await baseGridAt(db, actor.jurisdictionId, pos.lng, pos.lat, ctx);
  else if (input.gridId !== undefined) gridId = input.gridId;
  if (scope === 'grid') {
    if (gridId === null || !actor.gridIds.includes(gridId)) {
      throw errors.unprocessable('events.outside_own_grid', {
        zh: '事件位置不在您负责的网格内',
        en: 'The location is not in one of your grids',
      });
    }
  } else if (input.gridId !== undefined && pos.lng === null) {
    const g = await repo.gridNames(db, [input.gridId]);
    if (!g.has(input.gridId)) throw errors.notFound('grid', '网格');
  }
  let contact = null;
  if (input.contactPhone) contact = sealPersonal(box, requirePhone(input.contactPhone, 'contactPhone'), 'phone');
  const reportedAt = input.reportedAt && source === 'transfer' ? new Date(input.reportedAt) : new Date();
  if (reportedAt.getTime() > Date.now() + 60_000) {
    throw errors.validation({ field: 'reportedAt' }, { zh: '上报时间不能晚于现在', en: 'reportedAt is in the future' });
  }
  const core: IntakeCore = {
    jurisdictionId: actor.jurisdictionId,
    who: actorInfo(ctx),
    source,
    categoryId: input.categoryId,
    title: input.title,
    description: input.description,
    address: input.address ?? '',
    ...pos,
    gridId,
    priority: input.priority ?? 'normal',
    enterpriseId,
    reporterName: source === 'hotline' || source === 'public' ? (input.contactName?.trim() ? maskName(input.contactName) : '来电群众') : actor.displayName,
    contact,
    externalSystem: source === 'transfer' ? (input.externalSystem ?? DEFAULT_TRANSFER_SYSTEM) : null,
    externalId: source === 'transfer' ? (input.externalId ?? null) : null,
    reportedAt,
    ctx,
  };
  if (source === 'transfer') return intakeTransfer(db, core);
  return { ...(await intakeCore(db, core)), created: true };
}

/** "张*" / "欧阳**": a caller's or a member of the public's name is kept only masked. */
export function maskName(name: string): string {
  const s = [...name.trim()];
  if (s.length === 0) return '';
  return s[0] + '*'.repeat(Math.max(1, s.length - 1));
}

export interface PublicIntake {
  jurisdictionId: number;
  categoryId: number;
  description: string;
  address?: string;
  lng?: number;
  lat?: number;
  contactName?: string;
  contactPhone?: string;
  source: 'public' | 'open311';
  externalId?: string;
}

/** A member of the public (portal or Open311) reports an event; the tracking code is their key to it. */
export async function createPublicEvent(db: Executor, ctx: RequestContext, box: SecretBox, input: PublicIntake): Promise<EventRow> {
  const pos = checkPosition(input.lng, input.lat);
  await activeCategory(db, input.jurisdictionId, input.categoryId, true);
  if (pos.lng === null && !input.address?.trim()) {
    throw errors.validation({ field: 'location' }, { zh: '请提供位置或地址', en: 'Give a location or an address' });
  }
  const gridId = pos.lng !== null && pos.lat !== null ? await baseGridAt(db, input.jurisdictionId, pos.lng, pos.lat) : null;
  const contact = input.contactPhone ? sealPersonal(box, requirePhone(input.contactPhone, 'contactPhone'), 'phone') : null;
  const created = await intakeCore(db, {
    jurisdictionId: input.jurisdictionId,
    who: { userId: null, name: input.source === 'open311' ? 'Open311' : '群众', role: 'public' },
    source: input.source,
    categoryId: input.categoryId,
    description: input.description,
    address: input.address ?? '',
    ...pos,
    gridId,
    priority: 'normal',
    enterpriseId: null,
    reporterName: input.contactName?.trim() ? maskName(input.contactName) : '匿名群众',
    contact,
    externalSystem: null,
    externalId: null,
    reportedAt: new Date(),
    ctx,
    auditActorName: input.source === 'open311' ? 'open311' : 'public',
  });
  return created.event;
}

export interface TransferInput {
  externalId: string;
  categoryId: number;
  title?: string;
  description: string;
  address?: string;
  lng?: number;
  lat?: number;
  reportedAt?: string;
  contactName?: string;
  contactPhone?: string;
}

/** A transfer from the higher platform (一体化治理平台) through an API key: idempotent on its id. */
export async function transferEvent(
  db: Executor,
  ctx: RequestContext,
  box: SecretBox,
  client: { id: number; jurisdictionId: number; system: string; name: string },
  input: TransferInput,
): Promise<IntakeResult> {
  const pos = checkPosition(input.lng, input.lat);
  const gridId = pos.lng !== null && pos.lat !== null ? await baseGridAt(db, client.jurisdictionId, pos.lng, pos.lat) : null;
  const contact = input.contactPhone ? sealPersonal(box, requirePhone(input.contactPhone, 'contactPhone'), 'phone') : null;
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : new Date();
  if (reportedAt.getTime() > Date.now() + 60_000) {
    throw errors.validation({ field: 'reportedAt' }, { zh: '上报时间不能晚于现在', en: 'reportedAt is in the future' });
  }
  return intakeTransfer(db, {
    jurisdictionId: client.jurisdictionId,
    who: { userId: null, name: client.name, role: 'api' },
    source: 'transfer',
    categoryId: input.categoryId,
    title: input.title,
    description: input.description,
    address: input.address ?? '',
    ...pos,
    gridId,
    priority: 'normal',
    enterpriseId: null,
    reporterName: input.contactName?.trim() ? maskName(input.contactName) : client.name,
    contact,
    externalSystem: client.system,
    externalId: input.externalId,
    reportedAt,
    ctx,
    auditActorName: `api:${client.name}`,
  });
}

export interface SourceIntake {
  source: LinkedSource;
  categoryId: number;
  title?: string;
  description: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  /** The grid when there is no position (e.g. the patrol's grid); a position decides the grid otherwise. */
  gridId?: number | null;
  priority?: 'normal' | 'urgent';
  /** The record the event is made from, e.g. { refModule: 'safety.finding', refId: 12 }. */
  refModule: string;
  refId: number;
}

/**
 * Another module turns one of its records (a patrol finding, a risk clue) into a grid event through the same
 * intake as every other channel. The calling module has already checked the actor's right over its own record;
 * pass its transaction as `db` so that the event and the caller's link to it commit together (or neither does).
 * The actor is the reporter; the event starts in status reported, waiting for the command centre.
 */
export async function createEventFromSource(db: Executor, ctx: RequestContext, input: SourceIntake): Promise<EventRow> {
  const actor = actorOf(ctx);
  if (!(LINKED_SOURCES as readonly string[]).includes(input.source)) {
    throw errors.validation({ field: 'source' }, { zh: '事件来源无效', en: 'Unknown event source' });
  }
  if (input.description.trim().length < 2) {
    throw errors.validation({ field: 'description' }, { zh: '请填写事件描述', en: 'A description is required' });
  }
  const pos = checkPosition(input.lng ?? undefined, input.lat ?? undefined);
  let gridId: number | null = null;
  if (pos.lng !== null && pos.lat !== null) gridId = await baseGridAt(db, actor.jurisdictionId, pos.lng, pos.lat);
  if (gridId === null && input.gridId) {
    const g = await repo.gridNames(db, [input.gridId]);
    if (!g.has(input.gridId)) throw errors.notFound('grid', '网格');
    gridId = input.gridId;
  }
  const created = await intakeCore(db, {
    jurisdictionId: actor.jurisdictionId,
    who: actorInfo(ctx),
    source: input.source,
    categoryId: input.categoryId,
    title: input.title,
    description: input.description,
    address: input.address ?? '',
    ...pos,
    gridId,
    priority: input.priority ?? 'normal',
    enterpriseId: null,
    reporterName: actor.displayName,
    contact: null,
    externalSystem: null,
    externalId: null,
    reportedAt: new Date(),
    ctx,
    ref: { module: input.refModule, id: input.refId },
  });
  return created.event;
}

// ---------------------------------------------------------------- the workflow move

export interface MoveRequest {
  action: EventAction;
  version: number;
  note?: string;
  reason?: string;
  departmentId?: number;
  targetId?: number;
  publicNote?: string;
}

const invalidMove = (from: EventStatus, action: EventAction) =>
  errors.conflict(
    'events.invalid_transition',
    { zh: `事件当前为“${STATUS_LABELS[from].zh}”，不能“${ACTION_LABELS[action].zh}”`, en: `Cannot ${action} an event that is ${from}` },
    { from, action },
  );

/**
 * One workflow move. Role from the transition table, row scope from the policy, the version from the caller
 * (409 when stale); the event row, its figures, timeline row, audit row, next-deadline job and notifications
 * commit together.
 */
export async function transition(db: Executor, ctx: RequestContext, id: number, req: MoveRequest): Promise<EventRow> {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const before = await loadScoped(tx, actor, eventActions['events.move'], id, true);
    return applyMove(tx, ctx, before, actor.role, req);
  });
}

/** The move itself, on a locked row whose scope was checked. `as` is the workflow role (or 'public'). */
export async function applyMove(tx: Executor, ctx: RequestContext, before: EventRow, as: WorkflowActor, req: MoveRequest): Promise<EventRow> {
  if (req.version !== before.version) throw errors.stale('event', { currentVersion: before.version });
  const now = new Date();
  const d = decide(before.status, req.action, as, {
    event: { id: before.id, departmentId: before.departmentId, closedAt: before.closedAt },
    input: req,
    now,
  });
  if (!d.ok) {
    if (d.reason === 'invalid_transition') throw invalidMove(before.status, req.action);
    if (d.reason === 'role_not_allowed') throw errors.forbidden({ action: req.action, status: before.status });
    throw errors.rule(d.failure!.code, { zh: d.failure!.zh, en: d.failure!.en });
  }
  const t = d.transition;
  const category = await resolveCategory(tx, before.categoryId);
  if (!category) throw errors.notFound('event_category', '事件分类');
  const cal = await loadCalendar(tx, before.jurisdictionId);
  const patch: Updateable<EventsTable> = { status: t.to };

  // The stage being completed: was it on time?
  if (t.completes && before.stage === t.completes) {
    const onTime = before.dueAt === null || now.getTime() <= before.dueAt.getTime();
    const field = `${t.completes}OnTime` as const;
    patch[field] = (before[field] ?? true) && onTime;
  }
  const nextStage = stageOf(t.to);
  if (nextStage !== before.stage) Object.assign(patch, enterStage(before, nextStage, now, category.limits, cal));

  let target: EventRow | undefined;
  switch (req.action) {
    case 'accept':
      patch.acceptedAt = now;
      break;
    case 'reject':
      patch.endedAt = now;
      patch.endReason = req.reason!.trim();
      break;
    case 'merge': {
      target = await repo.findEvent(tx, req.targetId!, { forUpdate: true });
      if (!target || target.jurisdictionId !== before.jurisdictionId) throw errors.notFound('event', '合并目标事件');
      if (isTerminal(target.status)) {
        throw errors.rule('events.merge_target_closed', { zh: '合并目标事件已办结，不能合并', en: 'The target event is already finished' });
      }
      patch.mergedIntoId = target.id;
      patch.endedAt = now;
      patch.endReason = (req.reason ?? '').trim() || `与事件 ${target.code} 重复`;
      break;
    }
    case 'dispatch': {
      const ou = await repo.findOrgUnit(tx, req.departmentId!);
      if (!ou || ou.jurisdictionId !== before.jurisdictionId || !ou.active) throw errors.notFound('org_unit', '承办部门');
      patch.departmentId = ou.id;
      patch.dispatchedAt = now;
      break;
    }
    case 'return':
      patch.returnCount = before.returnCount + 1;
      break;
    case 'start':
      break;
    case 'handle':
      patch.handledAt = now;
      break;
    case 'verify':
      patch.verifiedAt = now;
      break;
    case 'reopen':
      patch.reopenCount = before.reopenCount + 1;
      patch.verifiedAt = null;
      patch.closedAt = null;
      patch.endedAt = null;
      break;
    case 'close':
      patch.closedAt = now;
      patch.endedAt = now;
      break;
    default: {
      const never: never = req.action;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }

  const { after, figures } = await saveEvent(tx, before, patch, cal.timeZone);
  const who = actorInfo(ctx);
  const note = (req.note ?? req.reason ?? '').trim();
  await timeline(tx, after, who, {
    action: req.action,
    from: before.status,
    to: after.status,
    note,
    publicNote: req.publicNote?.trim() || defaultPublicNote(req.action, after),
    departmentId: req.action === 'dispatch' ? after.departmentId : before.departmentId,
    details: {
      ...(req.reason ? { reason: req.reason.trim() } : {}),
      ...(target ? { targetId: target.id, targetCode: target.code } : {}),
      ...(t.completes && before.stage === t.completes ? { stage: t.completes, onTime: after[`${t.completes}OnTime`] } : {}),
    },
  });
  if (target) {
    await timeline(tx, target, who, {
      action: 'merged_in',
      note: `事件 ${before.code} 作为重复事件并入本事件`,
      details: { sourceId: before.id, sourceCode: before.code },
    });
  }

  // Leaving a stage settles its overdue supervision; finishing settles all of it and any extension request.
  if (before.stage && after.stage !== before.stage) {
    await repo.resolveSupervisions(tx, after.id, { resolvedBy: who.userId, resolution: '该环节已完成', at: now, stage: before.stage });
    if (before.stage === 'handle') await repo.dropPendingExtensions(tx, after.id, now);
  }
  if (isTerminal(after.status)) {
    await repo.resolveSupervisions(tx, after.id, { resolvedBy: who.userId, resolution: `事件${STATUS_LABELS[after.status].zh}`, at: now });
  }
  await notifyMove(tx, after, req.action, who);
  // Last: the audit append, with the figures write, holds the chain head's and the rollup rows' locks until commit.
  await appendAudit(
    tx,
    ctx,
    {
      action: `event.${req.action}`,
      entity: 'event',
      entityId: after.id,
      jurisdictionId: after.jurisdictionId,
      actorName: ctx.actor ? undefined : 'public',
      details: {
        from: before.status,
        to: after.status,
        ...(req.action === 'dispatch' ? { departmentId: after.departmentId } : {}),
        ...(target ? { targetId: target.id } : {}),
      },
    },
    figures,
  );
  return after;
}

function defaultPublicNote(action: EventAction, e: EventRow): string | null {
  switch (action) {
    case 'accept':
      return '事件已受理';
    case 'reject':
      return `不予受理：${e.endReason ?? ''}`;
    case 'dispatch':
      return '事件已派遣至承办部门';
    case 'start':
      return '承办部门正在处置';
    case 'handle':
      return '承办部门已处置，等待核查';
    case 'verify':
      return '处置结果已核查';
    case 'close':
      return '事件已办结';
    case 'reopen':
      return '事件重新办理';
    case 'merge':
      return '该事件与已上报的事件重复，已合并处理';
    case 'return':
      return null;
    default: {
      const never: never = action;
      return never;
    }
  }
}

async function notifyMove(tx: Executor, e: EventRow, action: EventAction, who: ActorInfo): Promise<void> {
  const base = { jurisdictionId: e.jurisdictionId, entity: 'event', entityId: e.id, link: link(e.id), exceptUserId: who.userId };
  const reporter = e.reporterId ? [e.reporterId] : [];
  switch (action) {
    case 'dispatch':
      await notify(tx, {
        ...base,
        userIds: await departmentStaff(tx, e.jurisdictionId, e.departmentId),
        kind: 'event.dispatched',
        title: `待处置事件：${e.title}`,
        body: e.dueAt ? `处置时限：${localDateTime(e.dueAt)}` : '',
      });
      break;
    case 'return':
      await notify(tx, { ...base, userIds: await dispatchers(tx, e.jurisdictionId), kind: 'event.returned', title: `事件被退回：${e.title}` });
      break;
    case 'handle': {
      const verifiers = await gridStaff(tx, e.gridId);
      await notify(tx, {
        ...base,
        userIds: verifiers.length ? verifiers : await dispatchers(tx, e.jurisdictionId),
        kind: 'event.handled',
        title: `待核查事件：${e.title}`,
      });
      break;
    }
    case 'reopen':
      await notify(tx, {
        ...base,
        userIds: [...(await dispatchers(tx, e.jurisdictionId)), ...(await departmentStaff(tx, e.jurisdictionId, e.departmentId))],
        kind: 'event.reopened',
        title: `事件重新办理：${e.title}`,
      });
      break;
    case 'reject':
    case 'close':
    case 'merge':
      await notify(tx, { ...base, userIds: reporter, kind: `event.${e.status}`, title: `您上报的事件${STATUS_LABELS[e.status].zh}：${e.title}` });
      break;
    case 'accept':
    case 'start':
    case 'verify':
      break;
    default: {
      const never: never = action;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
}

// ---------------------------------------------------------------- reads

export interface ListQuery {
  page?: number;
  pageSize?: number;
  sort?: EventSort;
  order?: 'asc' | 'desc';
  status?: EventStatus[];
  gridId?: number;
  categoryId?: number;
  source?: EventSource[];
  departmentId?: number;
  from?: string;
  to?: string;
  overdue?: boolean;
  reopened?: boolean;
  supervised?: boolean;
  q?: string;
  todo?: boolean;
}

async function categoryAndChildren(db: Executor, jurisdictionId: number, categoryId: number): Promise<number[]> {
  const c = await repo.findCategory(db, categoryId);
  if (!c || c.jurisdictionId !== jurisdictionId) return [];
  return [c.id, ...(await repo.childCategoryIds(db, c.id)).map((r) => r.id)];
}

/** A list query as SQL filters: scope from the policy, local-date bounds ('YYYY-MM-DD', inclusive) in the jurisdiction's time zone. */
export async function buildFilter(db: Executor, ctx: RequestContext, action: string, q: ListQuery): Promise<EventFilter> {
  const actor = actorOf(ctx);
  const scope = authorize(actor, action);
  // Only a date range needs the jurisdiction's time zone.
  const timeZone = q.from || q.to ? (await calendarFor(db, ctx, actor.jurisdictionId)).timeZone : '';
  let statuses = q.status;
  if (q.todo) {
    const mine = todoStatuses(actor.role);
    statuses = statuses ? statuses.filter((s) => mine.includes(s)) : mine;
    if (statuses.length === 0) statuses = ['__none__' as EventStatus];
  }
  return {
    jurisdictionId: actor.jurisdictionId,
    scope: scopeFilter(actor, scope),
    statuses,
    gridId: q.gridId,
    categoryIds: q.categoryId !== undefined ? await categoryAndChildren(db, actor.jurisdictionId, q.categoryId) : undefined,
    sources: q.source,
    departmentId: q.departmentId,
    from: q.from ? localTimeToInstant(q.from, timeZone) : undefined,
    to: q.to ? localTimeToInstant(addDays(q.to, 1), timeZone) : undefined,
    overdue: q.overdue,
    reopened: q.reopened,
    supervised: q.supervised,
    q: q.q,
  };
}

/**
 * A list counts its matches up to this many, a text search up to SEARCH_COUNT_CAP; beyond, the answer says so
 * (totalCapped) and the page shows "超过 10000 条". Counting every match of a broad filter over a million events
 * would cost more than the page itself.
 */
export const LIST_COUNT_CAP = 10_000;
export const SEARCH_COUNT_CAP = 100;

export async function listEvents(db: Executor, ctx: RequestContext, q: ListQuery) {
  const actor = actorOf(ctx);
  const f = await buildFilter(db, ctx, eventActions['events.read'], q);
  const { page, pageSize, offset } = pageBounds(q);
  const sort = q.sort ?? (q.todo ? 'dueAt' : 'reportedAt');
  const order = q.order ?? (sort === 'dueAt' ? 'asc' : 'desc');
  const cap = f.q?.trim() ? SEARCH_COUNT_CAP : LIST_COUNT_CAP;
  const { rows, counted } = await repo.listEventsCounted(db, f, { sort, order, limit: pageSize, offset }, cap);
  const names = await namesFor(db, ctx, actor.jurisdictionId, rows);
  const now = Date.now();
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status].zh,
      source: r.source,
      sourceLabel: SOURCE_LABELS[r.source].zh,
      priority: r.priority,
      categoryId: r.categoryId,
      categoryName: names.categories.get(r.categoryId) ?? '',
      gridId: r.gridId,
      gridName: r.gridId ? (names.grids.get(r.gridId) ?? null) : null,
      departmentId: r.departmentId,
      departmentName: r.departmentId ? (names.departments.get(r.departmentId) ?? null) : null,
      address: r.address,
      lng: r.lng,
      lat: r.lat,
      reporterName: r.reporterName,
      reportedAt: r.reportedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      stage: r.stage,
      dueAt: r.dueAt?.toISOString() ?? null,
      overdue: r.overdue,
      /** Minutes left before the due time (negative when past it); null when no clock runs. */
      minutesLeft: r.dueAt ? Math.round((r.dueAt.getTime() - now) / 60_000) : null,
      allowedActions: actionsFor(r.status, actor.role),
      version: r.version,
      updatedAt: r.updatedAt.toISOString(),
    })),
    total: Math.min(counted, cap),
    totalCapped: counted > cap,
    page,
    pageSize,
  };
}

/**
 * The grid events of one enterprise (reported by it or for it), newest first, for the enterprise's 360° view.
 * The enterprise module has checked the actor may read the enterprise; the rows here carry no personal data, and
 * `accessible` says whether the actor's own events scope lets them open the event itself.
 */
export async function listEventsByEnterprise(db: Executor, ctx: RequestContext, enterpriseId: number, q: { page?: number; pageSize?: number } = {}) {
  const actor = actorOf(ctx);
  const { page, pageSize, offset } = pageBounds(q);
  const f: EventFilter = { jurisdictionId: actor.jurisdictionId, scope: { enterpriseId } };
  const [rows, total] = await Promise.all([
    repo.listEvents(db, f, { sort: 'reportedAt', order: 'desc', limit: pageSize, offset }),
    repo.countEvents(db, f),
  ]);
  const names = await namesFor(db, ctx, actor.jurisdictionId, rows);
  let scope: Scope | null = null;
  try {
    scope = authorize(actor, eventActions['events.read']);
  } catch {
    scope = null;
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status].zh,
      source: r.source,
      sourceLabel: SOURCE_LABELS[r.source].zh,
      categoryName: names.categories.get(r.categoryId) ?? '',
      departmentName: r.departmentId ? (names.departments.get(r.departmentId) ?? null) : null,
      reportedAt: r.reportedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      overdue: r.overdue,
      accessible: scope !== null && rowScopeVisible(actor, scope, r),
    })),
    total,
    page,
    pageSize,
  };
}

/** Code and status of events by id within a jurisdiction (for other modules' links); unknown ids are left out. */
export async function eventRefs(db: Executor, jurisdictionId: number, ids: readonly number[]) {
  const rows = await repo.eventRefs(db, jurisdictionId, ids);
  return rows.map((r) => ({ id: r.id, code: r.code, status: r.status, statusLabel: STATUS_LABELS[r.status].zh }));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function getEvent(db: Executor, ctx: RequestContext, id: number) {
  const actor = actorOf(ctx);
  const e = await loadScoped(db, actor, eventActions['events.read'], id);
  return eventDetail(db, ctx, e);
}

/** An event just made by intake, answered from what the intake wrote: one timeline row, nothing else yet. */
export function createdEventDetail(db: Executor, ctx: RequestContext, r: IntakeResult & { timeline: TimelineRow }) {
  return eventDetail(db, ctx, r.event, { timeline: [r.timeline] });
}

async function eventDetail(db: Executor, ctx: RequestContext, e: EventRow, fresh?: { timeline: TimelineRow[] }) {
  const role = actorOf(ctx).role;
  const none = Promise.resolve([]);
  const [category, tl, photos, supervisions, extensions, names] = await Promise.all([
    categoryFor(db, ctx, e.jurisdictionId, e.categoryId),
    fresh ? fresh.timeline : repo.listTimeline(db, e.id),
    fresh ? none : repo.listPhotos(db, e.id),
    fresh ? none : repo.listSupervisions(db, e.id),
    fresh ? none : repo.listExtensions(db, e.id),
    namesFor(db, ctx, e.jurisdictionId, [e]),
  ]);
  const merged = e.mergedIntoId ? await repo.findEvent(db, e.mergedIntoId) : undefined;
  return {
    id: e.id,
    code: e.code,
    trackingCode: e.trackingCode,
    title: e.title,
    description: e.description,
    address: e.address,
    lng: e.lng,
    lat: e.lat,
    gridId: e.gridId,
    gridName: e.gridId ? (names.grids.get(e.gridId) ?? null) : null,
    categoryId: e.categoryId,
    categoryName: category?.cat.name ?? '',
    categoryPath: category?.path ?? '',
    source: e.source,
    sourceLabel: SOURCE_LABELS[e.source].zh,
    externalSystem: e.externalSystem,
    externalId: e.externalId,
    status: e.status,
    statusLabel: STATUS_LABELS[e.status].zh,
    priority: e.priority,
    departmentId: e.departmentId,
    departmentName: e.departmentId ? (names.departments.get(e.departmentId) ?? null) : null,
    enterpriseId: e.enterpriseId,
    reporterId: e.reporterId,
    reporterName: e.reporterName,
    contactMasked: e.contactMasked,
    reportedAt: e.reportedAt.toISOString(),
    acceptedAt: iso(e.acceptedAt),
    dispatchedAt: iso(e.dispatchedAt),
    handledAt: iso(e.handledAt),
    verifiedAt: iso(e.verifiedAt),
    closedAt: iso(e.closedAt),
    stage: e.stage,
    stageStartedAt: iso(e.stageStartedAt),
    dueAt: iso(e.dueAt),
    overdue: e.overdue,
    overdueCount: e.overdueCount,
    onTime: { accept: e.acceptOnTime, dispatch: e.dispatchOnTime, handle: e.handleOnTime, verify: e.verifyOnTime },
    reopenCount: e.reopenCount,
    returnCount: e.returnCount,
    extensionCount: e.extensionCount,
    mergedIntoId: e.mergedIntoId,
    mergedIntoCode: merged?.code ?? null,
    endReason: e.endReason,
    satisfaction: e.satisfaction,
    satisfactionComment: e.satisfactionComment,
    version: e.version,
    allowedActions: actionsFor(e.status, role),
    timeline: tl.map((t) => ({
      id: Number(t.id),
      at: t.at.toISOString(),
      actorName: t.actorName,
      actorRole: t.actorRole,
      action: t.action,
      fromStatus: t.fromStatus,
      toStatus: t.toStatus,
      note: t.note,
      publicNote: t.publicNote,
      departmentId: t.departmentId,
      details: t.details,
    })),
    photos: photos.map((p) => ({
      id: p.id,
      phase: p.phase,
      mime: p.mime,
      sizeBytes: p.sizeBytes,
      url: `/api/events/${e.id}/photos/${p.id}`,
      createdAt: p.createdAt.toISOString(),
    })),
    supervisions: supervisions.map((s) => ({
      id: s.id,
      kind: s.kind,
      stage: s.stage,
      reason: s.reason,
      raisedByName: s.raisedByName,
      raisedAt: s.raisedAt.toISOString(),
      status: s.status,
      resolvedAt: iso(s.resolvedAt),
      resolution: s.resolution,
    })),
    extensions: extensions.map((x) => ({
      id: x.id,
      stage: x.stage,
      amount: x.amount,
      unit: x.unit,
      reason: x.reason,
      status: x.status,
      requestedAt: x.requestedAt.toISOString(),
      decidedAt: iso(x.decidedAt),
      decisionNote: x.decisionNote,
      oldDueAt: iso(x.oldDueAt),
      newDueAt: iso(x.newDueAt),
      version: x.version,
    })),
  };
}

/** Open events of the same category within 50 m reported in the last 7 days: shown before submitting. */
export async function findDuplicates(db: Executor, ctx: RequestContext, q: { categoryId: number; lng: number; lat: number; excludeId?: number }) {
  const actor = actorOf(ctx);
  const scope = authorize(actor, eventActions['events.read']);
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLng = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const since = new Date(Date.now() - DUPLICATE_DAYS * 86_400_000);
  const rows = await repo.openEventsNear(
    db,
    actor.jurisdictionId,
    q.categoryId,
    since,
    { minLng: q.lng - dLng, maxLng: q.lng + dLng, minLat: q.lat - dLat, maxLat: q.lat + dLat },
    OPEN_STATUSES,
  );
  return rows
    .filter((r) => r.id !== q.excludeId)
    .map((r) => ({ ...r, distanceM: distanceMeters([q.lng, q.lat], [r.lng!, r.lat!]) }))
    .filter((r) => r.distanceM <= DUPLICATE_RADIUS_M)
    // Out-of-scope events are only counted, not shown, so a grid worker learns "already reported" and no more.
    .map((r) => {
      const visible = rowScopeVisible(actor, scope, r);
      return {
        id: visible ? r.id : null,
        code: visible ? r.code : null,
        title: visible ? r.title : '（其他网格或部门的事件）',
        status: r.status,
        address: visible ? r.address : '',
        distanceM: Math.round(r.distanceM * 10) / 10,
        reportedAt: r.reportedAt.toISOString(),
      };
    })
    .sort((a, b) => a.distanceM - b.distanceM);
}

function rowScopeVisible(actor: Actor, scope: Scope, r: { gridId: number | null; departmentId: number | null; enterpriseId: number | null }) {
  try {
    assertRowAccess(actor, scope, rowScope({ jurisdictionId: actor.jurisdictionId, ...r }), 'event');
    return true;
  } catch {
    return false;
  }
}

export async function mapPoints(db: Executor, ctx: RequestContext, q: ListQuery) {
  const actor = actorOf(ctx);
  const f = await buildFilter(db, ctx, eventActions['events.read'], q);
  const rows = await repo.mapPoints(db, f, 5000);
  return rows.map((r) => ({ ...r, lng: r.lng!, lat: r.lat! }));
}

// ---------------------------------------------------------------- comments, contact

export async function addComment(db: Executor, ctx: RequestContext, id: number, input: { note: string; publicNote?: string }) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const e = await loadScoped(tx, actor, eventActions['events.annotate'], id);
    const publicNote = actor.role === 'enterprise' ? null : input.publicNote?.trim() || null;
    const tid = Number((await timeline(tx, e, actorInfo(ctx), { action: 'comment', note: input.note.trim(), publicNote })).id);
    await appendAudit(tx, ctx, { action: 'event.comment', entity: 'event', entityId: e.id });
    return tid;
  });
}

/** The caller's whole phone number, for the command centre, with a reason; every view is audited. */
export async function revealContact(db: Executor, ctx: RequestContext, box: SecretBox, id: number, reason: string) {
  const actor = actorOf(ctx);
  const e = await loadScoped(db, actor, eventActions['events.contact.reveal'], id);
  if (!e.contactEnc) throw errors.notFound('event_contact', '联系电话');
  const phone = box.decrypt(e.contactEnc);
  await appendAudit(db, ctx, { action: 'event.contact_reveal', entity: 'event', entityId: e.id, details: { reason: reason.trim().slice(0, 200) } });
  return { phone };
}

// ---------------------------------------------------------------- supervision (督办) and extensions

export async function raiseSupervision(db: Executor, ctx: RequestContext, id: number, input: { reason: string }) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const e = await loadScoped(tx, actor, eventActions['events.supervise'], id, true);
    if (isTerminal(e.status)) {
      throw errors.rule('events.supervise_finished', { zh: '事件已办结，无需督办', en: 'The event is finished' });
    }
    const s = await repo.insertSupervision(tx, {
      jurisdictionId: e.jurisdictionId,
      eventId: e.id,
      kind: 'manual',
      stage: e.stage,
      reason: input.reason.trim(),
      raisedBy: actor.userId,
      raisedByName: actor.displayName,
    });
    const who = actorInfo(ctx);
    await timeline(tx, e, who, { action: 'supervise', note: input.reason.trim(), details: { supervisionId: s.id, kind: 'manual' } });
    await appendAudit(tx, ctx, { action: 'event.supervise', entity: 'event', entityId: e.id, details: { supervisionId: s.id } });
    await notify(tx, {
      jurisdictionId: e.jurisdictionId,
      userIds: [
        ...(await departmentStaff(tx, e.jurisdictionId, e.departmentId)),
        ...(await dispatchers(tx, e.jurisdictionId)),
        ...(await gridStaff(tx, e.gridId)),
      ],
      kind: 'event.supervised',
      title: `督办：${e.title}`,
      body: input.reason.trim(),
      entity: 'event',
      entityId: e.id,
      link: link(e.id),
      exceptUserId: actor.userId,
    });
    return s;
  });
}

export async function resolveSupervision(db: Executor, ctx: RequestContext, id: number, supervisionId: number, input: { resolution: string }) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const e = await loadScoped(tx, actor, eventActions['events.supervise'], id);
    const s = await repo.findSupervision(tx, e.id, supervisionId);
    if (!s) throw errors.notFound('event_supervision', '督办');
    if (s.status !== 'open') throw errors.conflict('events.supervision_resolved', { zh: '该督办已办结', en: 'Already resolved' });
    await repo.resolveSupervisionById(tx, s.id, { resolvedBy: actor.userId, resolution: input.resolution.trim(), at: new Date() });
    await timeline(tx, e, actorInfo(ctx), { action: 'supervise_resolve', note: input.resolution.trim(), details: { supervisionId: s.id } });
    await appendAudit(tx, ctx, { action: 'event.supervise_resolve', entity: 'event', entityId: e.id, details: { supervisionId: s.id } });
  });
}

export async function requestExtension(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { amount: number; unit: TimeLimit['unit']; reason: string },
) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const e = await loadScoped(tx, actor, eventActions['events.extension.request'], id, true);
    if (e.stage !== 'handle' || !e.dueAt) {
      throw errors.rule('events.extension_not_handling', { zh: '只有处置中的事件可以申请延期', en: 'Only events being handled can be extended' });
    }
    if (input.reason.trim().length < 2) throw errors.rule('events.reason_required', { zh: '请填写延期理由', en: 'A reason is required' });
    if (await repo.pendingExtension(tx, e.id)) {
      throw errors.conflict('events.extension_pending', { zh: '已有待审批的延期申请', en: 'An extension request is already pending' });
    }
    const x = await repo.insertExtension(tx, {
      jurisdictionId: e.jurisdictionId,
      eventId: e.id,
      stage: e.stage,
      amount: input.amount,
      unit: input.unit,
      reason: input.reason.trim(),
      requestedBy: actor.userId,
      oldDueAt: e.dueAt,
    });
    await timeline(tx, e, actorInfo(ctx), {
      action: 'extension_request',
      note: input.reason.trim(),
      details: { extensionId: x.id, amount: input.amount, unit: input.unit },
    });
    await appendAudit(tx, ctx, { action: 'event.extension_request', entity: 'event', entityId: e.id, details: { extensionId: x.id } });
    await notify(tx, {
      jurisdictionId: e.jurisdictionId,
      userIds: await dispatchers(tx, e.jurisdictionId),
      kind: 'event.extension_requested',
      title: `延期申请待审批：${e.title}`,
      body: input.reason.trim(),
      entity: 'event',
      entityId: e.id,
      link: link(e.id),
      exceptUserId: actor.userId,
    });
    return x;
  });
}

/** Approving moves the stage's due time by the requested limit (on the working-day calendar). */
export async function decideExtension(
  db: Executor,
  ctx: RequestContext,
  id: number,
  extensionId: number,
  input: { approve: boolean; note?: string; version: number },
) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const e = await loadScoped(tx, actor, eventActions['events.extension.decide'], id, true);
    const x = await repo.findExtension(tx, e.id, extensionId, { forUpdate: true });
    if (!x) throw errors.notFound('event_extension', '延期申请');
    if (x.version !== input.version) throw errors.stale('event_extension', { currentVersion: x.version });
    if (x.status !== 'pending') throw errors.conflict('events.extension_decided', { zh: '该申请已审批', en: 'Already decided' });
    const now = new Date();
    let newDueAt: Date | null = null;
    let figures: AuditAlongside | null = null;
    if (input.approve) {
      if (e.stage !== x.stage || !e.dueAt) {
        throw errors.rule('events.extension_stage_over', { zh: '该环节已结束，不能延期', en: 'The stage is over' });
      }
      const cal = await loadCalendar(tx, e.jurisdictionId);
      newDueAt = extendDeadline(e.dueAt, { limit: { amount: x.amount, unit: x.unit }, reason: x.reason }, cal);
      ({ figures } = await saveEvent(
        tx,
        e,
        {
          dueAt: newDueAt,
          deadlineRev: e.deadlineRev + 1,
          overdue: newDueAt.getTime() < now.getTime() ? e.overdue : false,
          extensionCount: e.extensionCount + 1,
        },
        cal.timeZone,
      ));
    }
    const updated = await repo.updateExtension(tx, x.id, x.version, {
      status: input.approve ? 'approved' : 'rejected',
      decidedBy: actor.userId,
      decidedAt: now,
      decisionNote: input.note?.trim() || null,
      newDueAt,
    });
    if (!updated) throw errors.stale('event_extension', { currentVersion: x.version });
    await timeline(tx, e, actorInfo(ctx), {
      action: input.approve ? 'extension_approve' : 'extension_reject',
      note: input.note?.trim() ?? '',
      details: { extensionId: x.id, ...(newDueAt ? { newDueAt: newDueAt.toISOString() } : {}) },
    });
    await notify(tx, {
      jurisdictionId: e.jurisdictionId,
      userIds: x.requestedBy ? [x.requestedBy] : [],
      kind: 'event.extension_decided',
      title: `延期申请${input.approve ? '已批准' : '未批准'}：${e.title}`,
      body: newDueAt ? `新的处置时限：${localDateTime(newDueAt)}` : (input.note ?? ''),
      entity: 'event',
      entityId: e.id,
      link: link(e.id),
      exceptUserId: actor.userId,
    });
    await appendAudit(
      tx,
      ctx,
      {
        action: input.approve ? 'event.extension_approve' : 'event.extension_reject',
        entity: 'event',
        entityId: e.id,
        details: { extensionId: x.id },
      },
      figures,
    );
    return updated;
  });
}

// ---------------------------------------------------------------- overdue (the deadline job)

/**
 * Runs when a stage's due time passes. Does nothing if the event moved on, got a new due time or is already
 * marked (so a late or repeated run is harmless); otherwise marks the stage overdue, raises 督办 and tells
 * the handler, the command centre and the grid worker — in one transaction.
 */
export async function markOverdue(db: Kysely<DB>, payload: { eventId: number; rev: number }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const e = await repo.findEvent(tx, payload.eventId, { forUpdate: true });
    // The runner runs the job at its due time; the revision says whether that is still the event's due time.
    if (!e || e.deadlineRev !== payload.rev || e.overdue || !e.dueAt || isTerminal(e.status)) {
      return false;
    }
    const cal = await loadCalendar(tx, e.jurisdictionId);
    const { after, figures } = await saveEvent(tx, e, { overdue: true, overdueCount: e.overdueCount + 1 }, cal.timeZone);
    const stage = e.stage!;
    const reason = `${STAGE_LABELS[stage].zh}环节超期（时限至 ${localDateTime(e.dueAt)}）`;
    const s = await repo.insertSupervision(tx, {
      jurisdictionId: e.jurisdictionId,
      eventId: e.id,
      kind: 'overdue',
      stage,
      reason,
      raisedBy: null,
      raisedByName: '系统',
    });
    await timeline(tx, after, SYSTEM_ACTOR, { action: 'overdue', note: reason, details: { stage, supervisionId: s.id } });
    await notify(tx, {
      jurisdictionId: e.jurisdictionId,
      userIds: [
        ...(stage === 'handle' ? await departmentStaff(tx, e.jurisdictionId, e.departmentId) : []),
        ...(await dispatchers(tx, e.jurisdictionId)),
        ...(await gridStaff(tx, e.gridId)),
      ],
      kind: 'event.overdue',
      title: `事件超期督办：${e.title}`,
      body: reason,
      entity: 'event',
      entityId: e.id,
      link: link(e.id),
    });
    await appendAudit(
      tx,
      { actor: null, requestId: null, ip: null },
      {
        action: 'event.overdue',
        entity: 'event',
        entityId: e.id,
        jurisdictionId: e.jurisdictionId,
        actorName: 'system',
        details: { stage, supervisionId: s.id },
      },
      figures,
    );
    return true;
  });
}
