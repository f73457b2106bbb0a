// All SQL for events, their categories, timeline, photos, supervision, extensions, API clients and the
// figures rollup. No rules here: the service decides, this file reads and writes.
import { type RawBuilder, sql, type Insertable, type SelectQueryBuilder, type Updateable } from 'kysely';
import { PLAN_PER_EXECUTION, type DB, type Executor } from '../../db/database.ts';
import { precompiled } from '../../db/precompiled.ts';
import { STAT_COUNTERS, type Contribution } from './events.stats.ts';
import type {
  EventApiClientsTable,
  EventCategoriesTable,
  EventExtensionsTable,
  EventPhotosTable,
  EventsTable,
  EventSupervisionsTable,
  EventTimelineTable,
} from './events.table.ts';
import type { EventSource, EventStatus } from './events.workflow.ts';

export type EventRow = Awaited<ReturnType<typeof findEvent>> & {};
export type CategoryRow = Awaited<ReturnType<typeof findCategory>> & {};
export type TimelineRow = Awaited<ReturnType<typeof insertTimeline>>;

// ---------------------------------------------------------------- categories

export function listCategories(db: Executor, jurisdictionId: number, opts: { activeOnly?: boolean; publicOnly?: boolean } = {}) {
  let q = db.selectFrom('eventCategories').selectAll().where('jurisdictionId', '=', jurisdictionId);
  if (opts.activeOnly) q = q.where('active', '=', true);
  if (opts.publicOnly) q = q.where('publicVisible', '=', true);
  return q.orderBy('sort').orderBy('id').execute();
}

export function findCategory(db: Executor, id: number) {
  return db.selectFrom('eventCategories').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCategoryByCode(db: Executor, jurisdictionId: number, code: string) {
  return db.selectFrom('eventCategories').selectAll().where('jurisdictionId', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

export function insertCategory(db: Executor, v: Insertable<EventCategoriesTable>) {
  return db.insertInto('eventCategories').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateCategory(db: Executor, id: number, version: number, v: Updateable<EventCategoriesTable>) {
  return db
    .updateTable('eventCategories')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function childCategoryIds(db: Executor, parentId: number) {
  return db.selectFrom('eventCategories').select('id').where('parentId', '=', parentId).execute();
}

// ---------------------------------------------------------------- events

/** The columns of an event the database fills in (generated or defaulted), which a new event's writer does not know. */
export const EVENT_FILLED_IN = ['id', 'code', 'searchText', 'version', 'createdAt', 'updatedAt'] as const;
export type EventFilledIn = Pick<EventRow, (typeof EVENT_FILLED_IN)[number]>;

/** New events, answering only what the database filled in: the rest is what was written. */
export function insertEventsQuery(db: Executor, v: readonly Insertable<EventsTable>[]) {
  return db.insertInto('events').values(v).returning(EVENT_FILLED_IN);
}

/** Event ids a process takes from the sequence at a time (see nextEventId). */
export const EVENT_ID_BLOCK = 32;
const idBlocks = new WeakMap<Executor, { ids: number[]; refill: Promise<void> | null }>();

const takeEventIds = async (db: Executor, n: number) =>
  (await sql<{ id: number }>`select nextval('events_id_seq')::integer as id from generate_series(1, ${n}::integer)`.execute(db)).rows
    .map((r) => r.id)
    .sort((a, b) => a - b);

/**
 * The id the next event will have, taken ahead so that the writes naming it can go in one statement with it. On
 * the pool the ids come in blocks (a round trip per EVENT_ID_BLOCK intakes instead of one per intake: measured
 * +20% intake throughput); a process that stops leaves its unused ids as a gap, as a rolled-back intake does. In a
 * transaction (another module's record and its event) one id is taken.
 */
export async function nextEventId(db: Executor): Promise<number> {
  if (db.isTransaction) return (await takeEventIds(db, 1))[0];
  let block = idBlocks.get(db);
  if (!block) idBlocks.set(db, (block = { ids: [], refill: null }));
  while (block.ids.length === 0) {
    const b = block;
    b.refill ??= takeEventIds(db, EVENT_ID_BLOCK)
      .then((ids) => void b.ids.push(...ids))
      .finally(() => (b.refill = null));
    await b.refill;
  }
  return block.ids.shift()!;
}

export function findEvent(db: Executor, id: number, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('events').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findEventByTracking(db: Executor, trackingCode: string) {
  return db.selectFrom('events').selectAll().where('trackingCode', '=', trackingCode).executeTakeFirst();
}

export function findEventByCode(db: Executor, jurisdictionId: number, code: string) {
  return db.selectFrom('events').selectAll().where('jurisdictionId', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

export function findEventByExternal(db: Executor, jurisdictionId: number, system: string, externalId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where('externalSystem', '=', system)
    .where('externalId', '=', externalId)
    .executeTakeFirst();
}

/** Updates an event if it still has `version`; returns the new row, or undefined when it was stale. */
export function updateEvent(db: Executor, id: number, version: number, patch: Updateable<EventsTable>) {
  return db
    .updateTable('events')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export interface EventScope {
  gridIds?: readonly number[];
  departmentId?: number | null;
  enterpriseId?: number | null;
}

export interface EventFilter {
  jurisdictionId: number;
  scope: EventScope;
  statuses?: readonly EventStatus[];
  gridId?: number;
  categoryIds?: readonly number[];
  sources?: readonly EventSource[];
  departmentId?: number;
  from?: Date;
  to?: Date;
  overdue?: boolean;
  /** Reopened at least once (true) or never (false). */
  reopened?: boolean;
  supervised?: boolean;
  q?: string;
  ids?: readonly number[];
}


/** The bigram index (migration 0011) answers terms of 2 or more characters. */
export const BIGRAM_MIN_CHARS = 2;

/**
 * The filter's conditions. A text term of 2 or more characters is looked up in the bigram index (0011), unless the
 * caller gives the index condition to use instead (the weekly search below: the week-keyed index, 0012).
 */
function filtered<O>(qb: SelectQueryBuilder<DB, 'events', O>, f: EventFilter, termIndex?: RawBuilder<boolean>): SelectQueryBuilder<DB, 'events', O> {
  let q = qb.where('events.jurisdictionId', '=', f.jurisdictionId);
  const s = f.scope;
  if (s.gridIds !== undefined) q = s.gridIds.length ? q.where('events.gridId', 'in', [...s.gridIds]) : q.where(sql<boolean>`false`);
  if (s.departmentId !== undefined) q = s.departmentId === null ? q.where(sql<boolean>`false`) : q.where('events.departmentId', '=', s.departmentId);
  if (s.enterpriseId !== undefined) q = s.enterpriseId === null ? q.where(sql<boolean>`false`) : q.where('events.enterpriseId', '=', s.enterpriseId);
  if (f.statuses?.length) q = q.where('events.status', 'in', [...f.statuses]);
  if (f.gridId !== undefined) q = q.where('events.gridId', '=', f.gridId);
  if (f.categoryIds?.length) q = q.where('events.categoryId', 'in', [...f.categoryIds]);
  if (f.sources?.length) q = q.where('events.source', 'in', [...f.sources]);
  if (f.departmentId !== undefined) q = q.where('events.departmentId', '=', f.departmentId);
  if (f.from) q = q.where('events.reportedAt', '>=', f.from);
  if (f.to) q = q.where('events.reportedAt', '<', f.to);
  if (f.overdue !== undefined) q = q.where('events.overdue', '=', f.overdue);
  if (f.reopened !== undefined) q = q.where('events.reopenCount', f.reopened ? '>' : '=', 0);
  if (f.ids) q = f.ids.length ? q.where('events.id', 'in', [...f.ids]) : q.where(sql<boolean>`false`);
  if (f.supervised !== undefined) {
    const open = sql<boolean>`exists (select 1 from event_supervisions s where s.event_id = events.id and s.status = 'open')`;
    q = q.where(f.supervised ? open : sql<boolean>`not ${open}`);
  }
  const needle = f.q?.trim();
  if (needle) {
    // Case-insensitive substring. From 2 characters the bigram GIN index narrows the rows first (every bigram
    // of the term must be present); a single character is a plain substring test over what the other filters leave.
    // A term without upper/lower case (Chinese) matches the same text either way: skip lower() on every row.
    // Looked up in the bigram index, a common term and a rare one want different plans: planned for each term. The
    // caller's index condition takes its keys from the statement itself, so no plan depends on the term: kept.
    const caseless = needle.toLowerCase() === needle.toUpperCase();
    const perTerm = sql.raw(termIndex ? '' : `${PLAN_PER_EXECUTION} `);
    const substring = caseless
      ? sql<boolean>`${perTerm}strpos(events.search_text, ${needle}) > 0`
      : sql<boolean>`${perTerm}strpos(lower(events.search_text), lower(${needle})) > 0`;
    const indexed = termIndex ?? sql<boolean>`text_bigrams(events.search_text) @> text_bigrams(${needle}::text)`;
    q = [...needle].length >= BIGRAM_MIN_CHARS ? q.where(indexed).where(substring) : q.where(substring);
  }
  return q;
}

export const EVENT_SORTS = ['reportedAt', 'dueAt', 'updatedAt', 'id', 'status'] as const;
export type EventSort = (typeof EVENT_SORTS)[number];

export const listColumns = [
  'events.id',
  'events.code',
  'events.title',
  'events.status',
  'events.source',
  'events.priority',
  'events.categoryId',
  'events.gridId',
  'events.departmentId',
  'events.enterpriseId',
  'events.address',
  'events.lng',
  'events.lat',
  'events.reportedAt',
  'events.closedAt',
  'events.stage',
  'events.dueAt',
  'events.overdue',
  'events.reporterName',
  'events.version',
  'events.updatedAt',
] as const;

type PageOrder = { sort: EventSort; order: 'asc' | 'desc'; limit: number; offset: number };
/** A row count of a query's window: a value (a parameter) or a number written into the text (see jurisdictionPage). */
type RowCount = number | RawBuilder<number>;
type PageWindow = Omit<PageOrder, 'limit' | 'offset'> & { limit: RowCount; offset: RowCount };

/** Ordered by `key` then `id`, both in the page's direction; due times are null for finished events: last either way. */
function inOrder<T, TB extends keyof T, O>(q: SelectQueryBuilder<T, TB, O>, key: string, id: string, o: Pick<PageOrder, 'sort' | 'order'>): SelectQueryBuilder<T, TB, O> {
  const dir = sql.raw(o.order);
  return q.orderBy(sql`${sql.ref(key)} ${dir}${sql.raw(o.sort === 'dueAt' ? ' nulls last' : '')}`).orderBy(sql`${sql.ref(id)} ${dir}`);
}

/** The page's order (ties broken by id) and window. */
function paged<O>(q: SelectQueryBuilder<DB, 'events', O>, o: PageWindow): SelectQueryBuilder<DB, 'events', O> {
  return inOrder(q, `events.${o.sort}`, 'events.id', o).limit(o.limit).offset(o.offset);
}

/** A page of events, without a count. */
function listPage(db: Executor, f: EventFilter, o: PageWindow) {
  return paged(filtered(db.selectFrom('events').select(listColumns), f), o);
}

export function listEvents(db: Executor, f: EventFilter, o: PageOrder) {
  return listPage(db, f, o).execute();
}

/**
 * A page of events and how many match (counted up to `cap` + 1), in one statement. A list walks its page and,
 * separately, counts (an uncorrelated sub-select, evaluated once). A text search finds its matches once: `hits`
 * takes the first cap + 1 in the page's order (ids and sort keys only; newest or oldest first week by week, see
 * weeklyHits) and the count is their number and the page a window of them — finding a term's matches twice costs
 * more than sorting a hundred ids, while a list's two walks are cheap and sorting its 10,001 ids is not (measured:
 * 600 vs 300 lists/s). A page past the end has no row to carry the count: then it is counted on its own. A whole
 * jurisdiction known to be past the cap is not counted again (pastCap).
 */
export async function listEventsCounted(
  db: Executor,
  f: EventFilter,
  o: PageOrder,
  cap: number,
): Promise<{ rows: ListRow[]; counted: number }> {
  const whole = wholeJurisdiction(f);
  const known = whole ? pastCap(db) : undefined;
  const key = `${f.jurisdictionId} ${cap}`;
  if (known?.has(key)) return { rows: await jurisdictionPage(o, null)(db, f.jurisdictionId, o.offset), counted: cap + 1 };
  const rows = f.q?.trim()
    ? await searchPage(db, f, o, cap).execute()
    : whole
      ? await jurisdictionPage(o, cap + 1)(db, f.jurisdictionId, o.offset)
      : await countedPage(db, f, o, cap + 1).execute();
  const counted = rows.length > 0 ? Number(rows[0].matchCount) : o.offset === 0 ? 0 : await countEvents(db, f, cap);
  if (known && counted > cap) known.add(key);
  return { rows, counted };
}

/**
 * The whole jurisdictions known to hold more events than a cap ("<jurisdiction> <cap>"), for each database (its root
 * query builder; none inside a transaction, whose builder is its own). Events are never deleted, and a restore goes
 * only into an empty database (backup.ts), so a jurisdiction once past a cap stays past it: its pages then need no
 * count, which was most of a first page's time (the walk of cap + 1 index entries). Measured on PGlite at 30,000
 * events, a first page: 0.5 ms against 2.1 ms counted.
 */
const pastCaps = new WeakMap<Executor, Set<string>>();
function pastCap(db: Executor): Set<string> | undefined {
  if (db.isTransaction) return undefined;
  let known = pastCaps.get(db);
  if (!known) {
    known = new Set();
    pastCaps.set(db, known);
  }
  return known;
}

function countedPage(db: Executor, f: EventFilter, o: PageWindow, walk: RowCount) {
  return paged(filtered(db.selectFrom('events').select(listColumns).select(countWalk(db, f, walk).as('matchCount')), f), o);
}

/**
 * The page of a whole jurisdiction (the default view of everyone who sees all of it), compiled once for each order,
 * page size and count cap: building and compiling it was ~6 % of a list's server time on PGlite. Measured at 100,000
 * events, interleaved runs: 415–427 lists/s against 368–412 built each time, p95 42–43 ms against 44–45.
 *
 * Its LIMITs are numbers in the text, and so is the first page's OFFSET 0. With a parameter there the planner, not
 * knowing how many rows are wanted, costs the statement's generic plan for a tenth of the table, finds it dearer than
 * the plans made for the actual values, and so plans every execution anew (on PGlite a look-up of the size of every
 * index of events, through the WebAssembly file layer). With numbers the generic plan costs the same and is kept from
 * the sixth execution. Measured on PGlite at 30,000 events, a first page: 2.1–2.2 ms against 2.6–3.2 ms.
 */
const jurisdictionPages = new Map<string, (db: Executor, jurisdictionId: number, offset: number) => Promise<ListRow[]>>();
/** The page, with its count (up to `walk`) or, given null, without. */
function jurisdictionPage(o: PageOrder, walk: number | null) {
  const first = o.offset === 0;
  const key = `${o.sort} ${o.order} ${o.limit} ${walk ?? 'uncounted'} ${first ? 'first' : 'any'}`;
  let page = jurisdictionPages.get(key);
  if (!page) {
    const build = (db: Executor, jurisdictionId: number, offset: RowCount) => {
      const f = { jurisdictionId, scope: {} };
      const w: PageWindow = { sort: o.sort, order: o.order, limit: sql.lit(o.limit), offset };
      return walk === null ? listPage(db, f, w) : countedPage(db, f, w, sql.lit(walk));
    };
    if (first) {
      const firstPage = precompiled((db: Executor, jurisdictionId: number) => build(db, jurisdictionId, sql.lit(0)));
      page = (db, jurisdictionId) => firstPage(db, jurisdictionId);
    } else {
      page = precompiled((db: Executor, jurisdictionId: number, offset: number) => build(db, jurisdictionId, offset));
    }
    jurisdictionPages.set(key, page);
  }
  return page;
}
type CountedRow = Awaited<ReturnType<ReturnType<typeof countedPage>['execute']>>[number];
/** A row of a page: the list's columns, and the count of matches where the page carried it. */
type ListRow = Omit<CountedRow, 'matchCount'> & { matchCount?: CountedRow['matchCount'] };

function searchPage(db: Executor, f: EventFilter, o: PageOrder, cap: number) {
  const weekly = o.sort === 'reportedAt' && [...(f.q ?? '').trim()].length >= BIGRAM_MIN_CHARS;
  // The weekly search is prepared (no plan of it depends on the term): its row counts are numbers in its text, and
  // so is the first page's offset, for its generic plan to be kept (see jurisdictionPage). Measured on PGlite at
  // 200,000 events, interleaved runs: 310–325 → 506–566 searches/s against planned for each term; PostgreSQL
  // 742–746 → 1,077–1,133.
  const n = (v: number): RowCount => (weekly ? sql.lit(v) : v);
  const window: PageWindow = { ...o, limit: n(Math.max(cap + 1, o.offset + o.limit)), offset: n(0) };
  const hits = weekly
    ? weeklyHits(db, f, window)
    : paged(filtered(db.selectFrom('events').select((eb) => ['events.id', eb.ref(`events.${o.sort}`).as('sortKey')]), f), window);
  return inOrder(
    db
      .with('hits', () => hits)
      .selectFrom('events')
      .select(listColumns)
      .select((eb) => eb.selectFrom('hits').select(sql<number>`least(count(*), ${n(cap + 1)})`.as('n')).as('matchCount'))
      .where('events.id', 'in', (eb) =>
        inOrder(eb.selectFrom('hits').select('hits.id'), 'hits.sortKey', 'hits.id', o)
          .limit(n(o.limit))
          .offset(o.offset === 0 ? n(0) : o.offset),
      ),
    `events.${o.sort}`,
    'events.id',
    o,
  );
}

/**
 * The weeks (event_week numbers, as `w`) holding any of the jurisdiction's events within the filter's dates, newest
 * first or oldest first: a walk of the time index, one probe for each next week that has events.
 */
export function weeksWithEvents(f: Pick<EventFilter, 'jurisdictionId' | 'from' | 'to'>, order: 'asc' | 'desc') {
  const desc = order === 'desc';
  const agg = sql.raw(desc ? 'max' : 'min');
  const inDates = sql`${f.from ? sql` and e.reported_at >= ${f.from}` : sql``}${f.to ? sql` and e.reported_at < ${f.to}` : sql``}`;
  const beyond = desc ? sql`e.reported_at < to_timestamp(wks.w * 604800)` : sql`e.reported_at >= to_timestamp((wks.w + 1) * 604800)`;
  const weekOf = (after: RawBuilder<unknown>) =>
    sql<number>`(select event_week(${agg}(e.reported_at)) from events e where e.jurisdiction_id = ${f.jurisdictionId}${inDates}${after})`;
  return sql<{ w: number }>`(with recursive wks(w) as (select ${weekOf(sql``)} union all select ${weekOf(sql` and ${beyond}`)} from wks where wks.w is not null)
    select w from wks where w is not null)`;
}

/**
 * The first `o.limit` matches of a text search in time order, week by week (migration 0012): from the newest week
 * holding any of the jurisdiction's events (within the filter's dates) to the oldest — the other way for oldest
 * first — each week's matches looked up by their week keys and ordered, stopping as soon as there are enough. The
 * database runs the weeks in order and each week's rows in their order, so the first rows are the first in time.
 * Empty weeks are skipped (weeksWithEvents): six empty years cost 310 look-ups (2.9 ms) before, now one probe.
 */
function weeklyHits(db: Executor, f: EventFilter, o: PageWindow) {
  const weeks = sql<{ keys: string[] }>`(select array(select b || '#' || wks.w from unnest(text_bigrams(${f.q!.trim()}::text)) b) as keys
    from ${weeksWithEvents(f, o.order)} wks)`;
  // A week's matches come from the index, then are ordered: `offset 0` keeps the planner from walking the time index
  // instead (filtering every event with text_bigram_weeks), which its estimate for a few rows can prefer.
  return db
    .selectFrom(weeks.as('wk'))
    .innerJoinLateral(
      (eb) =>
        inOrder(
          eb
            .selectFrom(
              filtered(
                eb.selectFrom('events').select(['events.id', 'events.reportedAt as sortKey']) as SelectQueryBuilder<DB, 'events', { id: number; sortKey: Date }>,
                f,
                sql<boolean>`text_bigram_weeks(events.search_text, events.reported_at) @> wk.keys`,
              )
                .offset(sql.lit(0))
                .as('m'),
            )
            .select(['m.id', 'm.sortKey']),
          'm.sortKey',
          'm.id',
          o,
        )
          .limit(o.limit)
          .as('x'),
      (join) => join.onTrue(),
    )
    .select(['x.id', 'x.sortKey'])
    .limit(o.limit);
}

export async function eventRefs(db: Executor, jurisdictionId: number, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('events')
    .select(['id', 'code', 'status'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
}

/**
 * How many events match, counting no further than `cap` + 1 (so a broad filter over a million events costs a
 * bounded index walk, not a full count).
 */
export async function countEvents(db: Executor, f: EventFilter, cap?: number): Promise<number> {
  if (cap === undefined) {
    const r = await filtered(db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')), f).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  const r = await countWalk(db, f, cap + 1).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A filter that narrows by jurisdiction and dates only: its matches are a range of the time index (events_reported). */
const byTimeOnly = (f: EventFilter) =>
  Object.values(f.scope).every((v) => v === undefined) &&
  (Object.keys(f) as (keyof EventFilter)[]).every((k) => k === 'jurisdictionId' || k === 'scope' || k === 'from' || k === 'to' || f[k] === undefined);
/** A filter that narrows by jurisdiction only. */
const wholeJurisdiction = (f: EventFilter) => byTimeOnly(f) && f.from === undefined && f.to === undefined;

/**
 * How many events match, up to `walk` (a count of `cap` + 1 tells "more than cap"): a walk that stops there. Over
 * the time index it walks from the oldest end: the newest rows are the ones written since the last vacuum, whose
 * pages are not yet all-visible, so counting them costs a visit to each row's page; the old end is counted from the
 * index alone. Measured on PGlite at 100,000 events, right after the bench's intakes and moves: the jurisdiction's
 * first page p95 56–58 → 43 ms, median 30 → 22.
 */
export function countWalk(db: Executor, f: EventFilter, walk: RowCount) {
  let matches = filtered(db.selectFrom('events').select(sql<number>`1`.as('one')), f);
  if (byTimeOnly(f)) matches = matches.orderBy('events.reportedAt', 'asc').orderBy('events.id', 'asc');
  return db.selectFrom(matches.limit(walk).as('m')).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** Open events of a category reported since `since` whose position lies in the box (duplicate candidates). */
export function openEventsNear(
  db: Executor,
  jurisdictionId: number,
  categoryId: number,
  since: Date,
  box: { minLng: number; maxLng: number; minLat: number; maxLat: number },
  openStatuses: readonly EventStatus[],
) {
  return db
    .selectFrom('events')
    .select(['id', 'code', 'title', 'status', 'address', 'lng', 'lat', 'reportedAt', 'gridId', 'departmentId', 'enterpriseId'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('categoryId', '=', categoryId)
    .where('reportedAt', '>=', since)
    .where('status', 'in', [...openStatuses])
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .orderBy('reportedAt', 'desc')
    .limit(50)
    .execute();
}

export function mapPoints(db: Executor, f: EventFilter, limit: number) {
  return filtered(
    db
      .selectFrom('events')
      .select(['events.id', 'events.code', 'events.title', 'events.status', 'events.overdue', 'events.lng', 'events.lat', 'events.gridId', 'events.categoryId']),
    f,
  )
    .where('events.lng', 'is not', null)
    .where('events.lat', 'is not', null)
    .orderBy('events.reportedAt', 'desc')
    .limit(limit)
    .execute();
}

export function exportRows(db: Executor, f: EventFilter, limit: number) {
  return filtered(
    db
      .selectFrom('events')
      .leftJoin('eventCategories as c', 'c.id', 'events.categoryId')
      .leftJoin('grids as g', 'g.id', 'events.gridId')
      .leftJoin('orgUnits as d', 'd.id', 'events.departmentId')
      .select([
        'events.code',
        'events.title',
        'events.description',
        'events.status',
        'events.source',
        'events.address',
        'events.reportedAt',
        'events.dueAt',
        'events.closedAt',
        'events.overdue',
        'events.overdueCount',
        'events.reporterName',
        'events.contactMasked',
        'c.name as categoryName',
        'g.name as gridName',
        'd.name as departmentName',
      ]),
    f,
  )
    .orderBy('events.reportedAt', 'desc')
    .orderBy('events.id', 'desc')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- timeline, photos

export function insertTimeline(db: Executor, v: Insertable<EventTimelineTable>) {
  return db.insertInto('eventTimeline').values(v).returningAll().executeTakeFirstOrThrow();
}

export function insertTimelineQuery(db: Executor, v: Insertable<EventTimelineTable> | readonly Insertable<EventTimelineTable>[]) {
  return db.insertInto('eventTimeline').values(v).returning(['id', 'eventId']);
}

export function listTimeline(db: Executor, eventId: number) {
  return db.selectFrom('eventTimeline').selectAll().where('eventId', '=', eventId).orderBy('id').execute();
}

export function insertPhoto(db: Executor, v: Insertable<EventPhotosTable>) {
  return db.insertInto('eventPhotos').values(v).returningAll().executeTakeFirstOrThrow();
}

export function listPhotos(db: Executor, eventId: number) {
  return db.selectFrom('eventPhotos').selectAll().where('eventId', '=', eventId).orderBy('id').execute();
}

export async function countPhotos(db: Executor, eventId: number, phase: string): Promise<number> {
  const r = await db
    .selectFrom('eventPhotos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('eventId', '=', eventId)
    .where('phase', '=', phase as EventPhotosTable['phase'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findPhoto(db: Executor, eventId: number, photoId: number) {
  return db.selectFrom('eventPhotos').selectAll().where('id', '=', photoId).where('eventId', '=', eventId).executeTakeFirst();
}

// ---------------------------------------------------------------- supervision, extensions

export function insertSupervision(db: Executor, v: Insertable<EventSupervisionsTable>) {
  return db.insertInto('eventSupervisions').values(v).returningAll().executeTakeFirstOrThrow();
}

export function listSupervisions(db: Executor, eventId: number) {
  return db.selectFrom('eventSupervisions').selectAll().where('eventId', '=', eventId).orderBy('id').execute();
}

export function findSupervision(db: Executor, eventId: number, id: number) {
  return db.selectFrom('eventSupervisions').selectAll().where('id', '=', id).where('eventId', '=', eventId).executeTakeFirst();
}

/** Resolves the open supervision of an event (all, or only the overdue ones of one stage). */
export async function resolveSupervisions(
  db: Executor,
  eventId: number,
  v: { resolvedBy: number | null; resolution: string; at: Date; stage?: string },
): Promise<number> {
  let q = db
    .updateTable('eventSupervisions')
    .set((eb) => ({ status: 'resolved' as const, resolvedAt: v.at, resolvedBy: v.resolvedBy, resolution: v.resolution, version: eb('version', '+', 1) }))
    .where('eventId', '=', eventId)
    .where('status', '=', 'open');
  if (v.stage) q = q.where('kind', '=', 'overdue').where('stage', '=', v.stage);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export function resolveSupervisionById(db: Executor, id: number, v: { resolvedBy: number | null; resolution: string; at: Date }) {
  return db
    .updateTable('eventSupervisions')
    .set((eb) => ({ status: 'resolved' as const, resolvedAt: v.at, resolvedBy: v.resolvedBy, resolution: v.resolution, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function openSupervisionCount(db: Executor, eventId: number): Promise<number> {
  const r = await db
    .selectFrom('eventSupervisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('eventId', '=', eventId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function insertExtension(db: Executor, v: Insertable<EventExtensionsTable>) {
  return db.insertInto('eventExtensions').values(v).returningAll().executeTakeFirstOrThrow();
}

export function listExtensions(db: Executor, eventId: number) {
  return db.selectFrom('eventExtensions').selectAll().where('eventId', '=', eventId).orderBy('id').execute();
}

export function findExtension(db: Executor, eventId: number, id: number, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('eventExtensions').selectAll().where('id', '=', id).where('eventId', '=', eventId);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function pendingExtension(db: Executor, eventId: number) {
  return db.selectFrom('eventExtensions').selectAll().where('eventId', '=', eventId).where('status', '=', 'pending').executeTakeFirst();
}

export function updateExtension(db: Executor, id: number, version: number, v: Updateable<EventExtensionsTable>) {
  return db
    .updateTable('eventExtensions')
    .set((eb) => ({ ...v, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Cancels the pending extension request of an event (its stage ended). */
export function dropPendingExtensions(db: Executor, eventId: number, at: Date) {
  return db
    .updateTable('eventExtensions')
    .set((eb) => ({ status: 'rejected' as const, decidedAt: at, decisionNote: '环节已结束，申请自动失效', version: eb('version', '+', 1) }))
    .where('eventId', '=', eventId)
    .where('status', '=', 'pending')
    .execute();
}

// ---------------------------------------------------------------- API clients

export function insertApiClient(db: Executor, v: Insertable<EventApiClientsTable>) {
  return db.insertInto('eventApiClients').values(v).returningAll().executeTakeFirstOrThrow();
}

export function listApiClients(db: Executor, jurisdictionId: number) {
  return db.selectFrom('eventApiClients').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('id').execute();
}

export function findApiClientByHash(db: Executor, keyHash: string) {
  return db.selectFrom('eventApiClients').selectAll().where('keyHash', '=', keyHash).where('active', '=', true).executeTakeFirst();
}

export function touchApiClient(db: Executor, id: number, at: Date) {
  return db.updateTable('eventApiClients').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

export function deactivateApiClient(db: Executor, jurisdictionId: number, id: number) {
  return db
    .updateTable('eventApiClients')
    .set({ active: false })
    .where('id', '=', id)
    .where('jurisdictionId', '=', jurisdictionId)
    .returningAll()
    .executeTakeFirst();
}

// ---------------------------------------------------------------- names for display

export async function orgUnitNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function categoryNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('eventCategories').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every grid's name in the jurisdiction (inactive ones too: old events keep their grid). */
export async function allGridNames(db: Executor, jurisdictionId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('grids').select(['id', 'name']).where('jurisdictionId', '=', jurisdictionId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every org unit's name in the jurisdiction. */
export async function allOrgUnitNames(db: Executor, jurisdictionId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('orgUnits').select(['id', 'name']).where('jurisdictionId', '=', jurisdictionId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function gridNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('grids').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findOrgUnit(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'jurisdictionId', 'name', 'active']).where('id', '=', id).executeTakeFirst();
}

export function findGridParent(db: Executor, id: number) {
  return db.selectFrom('grids').select(['id', 'parentId', 'level']).where('id', '=', id).executeTakeFirst();
}

export function findJurisdictionByCode(db: Executor, code: string) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'timezone']).where('code', '=', code).executeTakeFirst();
}

export function firstJurisdiction(db: Executor) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'timezone']).orderBy('id').executeTakeFirst();
}

// ---------------------------------------------------------------- figures rollup

const ROLLUP_KEY = ['jurisdictionId', 'grain', 'day', 'gridId', 'categoryId', 'departmentId', 'source'] as const;

/**
 * A contribution as a rollup row of one grain, its fields set one by one: made as one object spread
 * ({...key, ...counters, grain, day}, V8's slow path), an intake batch's rollup rows were most of the time the
 * server took to build its statement (measured: 250 µs for five events' rows; 13 µs so).
 */
function rollupRow(r: Contribution, grain: RollupRow['grain'], day: string): RollupRow {
  const { jurisdictionId, gridId, categoryId, departmentId, source } = r.key;
  const row = { jurisdictionId, day, gridId, categoryId, departmentId, source, grain, durationHist: [...r.hist] } as RollupRow;
  for (const f of STAT_COUNTERS) row[f] = r.counters[f];
  return row;
}

/** The deltas as rollup rows of both grains, merged per row and in key order (the order every writer locks them in). */
function mergedRollup(rows: readonly Contribution[]): RollupRow[] {
  const merged = new Map<string, RollupRow>();
  for (const grain of ['day', 'month'] as const) {
    for (const r of rows) {
      const day = grain === 'day' ? r.key.day : `${r.key.day.slice(0, 7)}-01`;
      const k = `${grain}|${r.key.jurisdictionId}|${day}|${r.key.gridId}|${r.key.categoryId}|${r.key.departmentId}|${r.key.source}`;
      const prev = merged.get(k);
      if (!prev) {
        merged.set(k, rollupRow(r, grain, day));
        continue;
      }
      for (const f of STAT_COUNTERS) prev[f] += r.counters[f];
      for (let i = 0; i < r.hist.length; i++) prev.durationHist[i] = (prev.durationHist[i] ?? 0) + r.hist[i];
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Adds the deltas to the rollup rows of both grains (creating them as needed). */
export async function applyRollup(db: Executor, rows: readonly Contribution[]): Promise<void> {
  const all = mergedRollup(rows);
  // About 33 parameters a row: stay well under the protocol's 65,535 per statement.
  for (let i = 0; i < all.length; i += 1000) await rollupUpsert(all.slice(i, i + 1000)).execute(db);
}

/**
 * The one statement adding one change's deltas (a few rows) to the rollup, with a RETURNING clause, to be sent
 * with the transaction's audit row (appendAudit's write alongside); null when the change moves no figure.
 */
export function rollupStatement(rows: readonly Contribution[]): RawBuilder<unknown> | null {
  const all = mergedRollup(rows);
  if (all.length > 1000) throw new Error('rollupStatement: one change writes a few rows; use applyRollup');
  return all.length ? sql`${rollupUpsert(all)} returning 1` : null;
}

type RollupRow = Contribution['key'] & Contribution['counters'] & { grain: 'day' | 'month'; durationHist: number[] };
const snake = (c: string) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const ROLLUP_COLUMNS = [...ROLLUP_KEY, ...STAT_COUNTERS, 'durationHist'] as const;
// The statement's fixed text, written once: it runs in every workflow move, where building it with the query
// builder cost more time than the database took to run it.
const ROLLUP_INSERT = sql.raw(`insert into event_stats (${ROLLUP_COLUMNS.map(snake).join(', ')}) values `);
const ROLLUP_ON_CONFLICT = sql.raw(
  ` on conflict (${ROLLUP_KEY.map(snake).join(', ')}) do update set ` +
    [...STAT_COUNTERS.map((k) => `${snake(k)} = event_stats.${snake(k)} + excluded.${snake(k)}`), 'duration_hist = int_array_add(event_stats.duration_hist, excluded.duration_hist)'].join(', '),
);

function rollupUpsert(values: RollupRow[]) {
  const tuples = values.map((v) => sql`(${sql.join(ROLLUP_COLUMNS.map((c) => v[c as keyof RollupRow]))})`);
  return sql`${ROLLUP_INSERT}${sql.join(tuples)}${ROLLUP_ON_CONFLICT}`;
}

export interface StatsFilter {
  jurisdictionId: number;
  from: string;
  /** Inclusive. */
  to: string;
  gridIds?: readonly number[];
  categoryIds?: readonly number[];
  departmentId?: number;
  sources?: readonly string[];
}

export const STATS_DIMENSIONS = ['grid', 'category', 'department', 'source', 'month'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number] | 'total';

const DIM_EXPR: Record<Exclude<StatsDimension, 'total'>, string> = {
  grid: 'grid_id::text',
  category: 'category_id::text',
  department: 'department_id::text',
  source: 'source',
  month: `to_char(day, 'YYYY-MM')`,
};

/**
 * The rollup rows covering a period: whole months inside [from, to] from the month rows, the days before and
 * after them from the day rows — each an index range scan on the primary key — with the filters applied.
 */
function rollupRows(f: StatsFilter) {
  const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
  const nextMonth = (d: string) => {
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  };
  const toNext = new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const fullFrom = f.from === monthStart(f.from) ? f.from : nextMonth(f.from);
  const fullTo = monthStart(toNext); // exclusive
  const filters = [sql`jurisdiction_id = ${f.jurisdictionId}`];
  if (f.gridIds) filters.push(f.gridIds.length ? sql`grid_id in (${sql.join(f.gridIds)})` : sql`false`);
  if (f.categoryIds) filters.push(f.categoryIds.length ? sql`category_id in (${sql.join(f.categoryIds)})` : sql`false`);
  if (f.departmentId !== undefined) filters.push(sql`department_id = ${f.departmentId}`);
  if (f.sources) filters.push(f.sources.length ? sql`source in (${sql.join(f.sources)})` : sql`false`);
  const where = sql.join(filters, sql` and `);
  const range = (grain: 'day' | 'month', from: string, toExclusive: string) =>
    sql`select * from event_stats where ${where} and grain = ${grain} and day >= ${from}::date and day < ${toExclusive}::date`;
  const parts =
    fullFrom < fullTo
      ? [range('day', f.from, fullFrom), range('month', fullFrom, fullTo), range('day', fullTo, toNext)]
      : [range('day', f.from, toNext)];
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** Sums of every counter in total and by each dimension, in one GROUPING SETS pass over the period's rollup rows. */
export async function statsSums(db: Executor, f: StatsFilter, counterColumns: readonly string[]) {
  const sums = counterColumns.map((c) => sql`coalesce(sum(${sql.ref(c)}), 0)::bigint as ${sql.ref(c)}`);
  const dims = Object.entries(DIM_EXPR) as [Exclude<StatsDimension, 'total'>, string][];
  const dimCase = sql.raw(`case ${dims.map(([d, e]) => `when grouping(${e}) = 0 then '${d}'`).join(' ')} else 'total' end`);
  const keyCase = sql.raw(`case ${dims.map(([, e]) => `when grouping(${e}) = 0 then ${e}`).join(' ')} else 'all' end`);
  const sets = sql.raw(`grouping sets ((), ${dims.map(([, e]) => `(${e})`).join(', ')})`);
  const r = await sql<Record<string, number | string>>`
    select ${dimCase} as dim, ${keyCase} as key, ${sql.join(sums)}
    from ${rollupRows(f)} as r
    group by ${sets}
    order by 1, 2`.execute(db);
  return r.rows as (Record<string, number | string> & { dim: StatsDimension; key: string })[];
}

/** The handling-time histogram of the period's closed events (count per bucket), summed in the database. */
export async function statsHistogram(db: Executor, f: StatsFilter): Promise<number[]> {
  const r = await sql<{ i: number; n: number }>`
    select u.i::int as i, sum(u.x)::bigint as n
    from ${rollupRows(f)} as r, unnest(r.duration_hist) with ordinality as u(x, i)
    group by u.i`.execute(db);
  const hist: number[] = [];
  for (const row of r.rows) hist[Number(row.i) - 1] = Number(row.n);
  return Array.from(hist, (n) => n ?? 0);
}

/** The exact q-quantile of handling minutes of closed events in scope (for small scopes). */
export async function exactHandlingQuantile(
  db: Executor,
  f: StatsFilter & { timeZone: string },
  q: number,
): Promise<number | null> {
  const conds = [
    sql`jurisdiction_id = ${f.jurisdictionId}`,
    sql`status = 'closed'`,
    sql`(reported_at at time zone ${f.timeZone})::date >= ${f.from}::date`,
    sql`(reported_at at time zone ${f.timeZone})::date <= ${f.to}::date`,
    // Bound the index range first; the time-zone test above makes it exact.
    sql`reported_at >= ${f.from}::date - interval '1 day'`,
    sql`reported_at < ${f.to}::date + interval '2 day'`,
  ];
  if (f.gridIds) conds.push(f.gridIds.length ? sql`coalesce(grid_id, 0) in (${sql.join(f.gridIds)})` : sql`false`);
  if (f.categoryIds) conds.push(f.categoryIds.length ? sql`category_id in (${sql.join(f.categoryIds)})` : sql`false`);
  if (f.departmentId !== undefined) conds.push(sql`coalesce(department_id, 0) = ${f.departmentId}`);
  if (f.sources) conds.push(f.sources.length ? sql`source in (${sql.join(f.sources)})` : sql`false`);
  const r = await sql<{ v: number | null }>`
    select percentile_disc(${q}) within group (
      order by greatest(0, round(extract(epoch from (closed_at - reported_at)) / 60))
    ) as v
    from events where ${sql.join(conds, sql` and `)}`.execute(db);
  const v = r.rows[0]?.v;
  return v === null || v === undefined ? null : Number(v);
}
