// What one event contributes to the figures rollup (event_stats, by day and by month), and the handling-time histogram.
// Figures are by cohort: an event counts on the day it was reported (in the jurisdiction's time zone), in its
// current state. Every change to an event writes contribution(after) − contribution(before) in the same
// transaction, so the rollup always equals what a full scan of the events would give.
import { localDate } from '../../platform/deadlines/index.ts';
import type { StatCounters } from './events.table.ts';
import type { EventSource, EventStatus } from './events.workflow.ts';

export const STAT_COUNTERS: readonly (keyof StatCounters)[] = [
  'reported',
  'accepted',
  'dispatched',
  'rejected',
  'merged',
  'closed',
  'closedVerified',
  'closedOnTime',
  'open',
  'overdueOpen',
  'everOverdue',
  'handled',
  'reopened',
  'extended',
  'acceptDone',
  'acceptOnTime',
  'dispatchDone',
  'dispatchOnTime',
  'handleDone',
  'handleOnTime',
  'verifyDone',
  'verifyOnTime',
  'rated',
  'satisfactionSum',
  'durationMinutesSum',
];

/** The fields of an event the figures depend on. */
export interface StatEvent {
  jurisdictionId: number;
  reportedAt: Date;
  gridId: number | null;
  categoryId: number;
  departmentId: number | null;
  source: EventSource;
  status: EventStatus;
  acceptedAt: Date | null;
  dispatchedAt: Date | null;
  handledAt: Date | null;
  verifiedAt: Date | null;
  closedAt: Date | null;
  overdue: boolean;
  overdueCount: number;
  acceptOnTime: boolean | null;
  dispatchOnTime: boolean | null;
  handleOnTime: boolean | null;
  verifyOnTime: boolean | null;
  reopenCount: number;
  extensionCount: number;
  satisfaction: number | null;
}

export interface StatKey {
  jurisdictionId: number;
  day: string;
  gridId: number;
  categoryId: number;
  departmentId: number;
  source: string;
}

export interface Contribution {
  key: StatKey;
  counters: StatCounters;
  /** Handling-time histogram: a count per bucket (index = bucket), trailing zeros omitted. */
  hist: number[];
}

// ---------------------------------------------------------------- handling-time histogram

/** Bucket 0 is [0, 10 min); bucket k ≥ 1 is [10·1.1^(k−1), 10·1.1^k) minutes; the last is open-ended (≈ 1 year+). */
export const HIST_FIRST_EDGE_MIN = 10;
export const HIST_RATIO = 1.1;
export const HIST_BUCKETS = 116;

export function bucketOf(minutes: number): number {
  if (minutes < HIST_FIRST_EDGE_MIN) return 0;
  const k = Math.floor(Math.log(minutes / HIST_FIRST_EDGE_MIN) / Math.log(HIST_RATIO)) + 1;
  return Math.min(k, HIST_BUCKETS - 1);
}

export function bucketBounds(k: number): [number, number] {
  if (k === 0) return [0, HIST_FIRST_EDGE_MIN];
  return [HIST_FIRST_EDGE_MIN * HIST_RATIO ** (k - 1), HIST_FIRST_EDGE_MIN * HIST_RATIO ** k];
}

/** The q-quantile (nearest rank, interpolated inside its bucket) of a histogram, in minutes; null when empty. */
export function histQuantile(hist: readonly number[], q: number): number | null {
  const total = hist.reduce((s, n) => s + n, 0);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let cum = 0;
  for (let k = 0; k < hist.length; k++) {
    const n = hist[k] ?? 0;
    if (n <= 0) continue;
    if (cum + n >= rank) {
      const [lo, hi] = bucketBounds(k);
      return lo + ((hi - lo) * (rank - cum)) / n;
    }
    cum += n;
  }
  return bucketBounds(hist.length - 1)[1];
}

// ---------------------------------------------------------------- contributions

const ZERO = Object.freeze(Object.fromEntries(STAT_COUNTERS.map((k) => [k, 0])) as unknown as StatCounters);
// A copy of one object made once: building it from the list each time cost 2 µs, ~7 times a copy (several per change).
const zero = (): StatCounters => ({ ...ZERO });
const b = (v: boolean) => (v ? 1 : 0);

export function handlingMinutes(e: Pick<StatEvent, 'reportedAt' | 'closedAt'>): number | null {
  if (!e.closedAt) return null;
  return Math.max(0, Math.round((e.closedAt.getTime() - e.reportedAt.getTime()) / 60_000));
}

export function contribution(e: StatEvent, timeZone: string): Contribution {
  const c = zero();
  const closed = e.status === 'closed';
  const open = !closed && e.status !== 'rejected' && e.status !== 'merged';
  c.reported = 1;
  c.accepted = b(e.acceptedAt !== null);
  c.dispatched = b(e.dispatchedAt !== null);
  c.rejected = b(e.status === 'rejected');
  c.merged = b(e.status === 'merged');
  c.closed = b(closed);
  c.closedVerified = b(closed && e.verifiedAt !== null);
  c.closedOnTime = b(closed && e.overdueCount === 0);
  c.open = b(open);
  c.overdueOpen = b(open && e.overdue);
  c.everOverdue = b(e.overdueCount > 0);
  c.handled = b(e.handledAt !== null);
  c.reopened = b(e.reopenCount > 0);
  c.extended = b(e.extensionCount > 0);
  c.acceptDone = b(e.acceptOnTime !== null);
  c.acceptOnTime = b(e.acceptOnTime === true);
  c.dispatchDone = b(e.dispatchOnTime !== null);
  c.dispatchOnTime = b(e.dispatchOnTime === true);
  c.handleDone = b(e.handleOnTime !== null);
  c.handleOnTime = b(e.handleOnTime === true);
  c.verifyDone = b(e.verifyOnTime !== null);
  c.verifyOnTime = b(e.verifyOnTime === true);
  c.rated = b(e.satisfaction !== null);
  c.satisfactionSum = e.satisfaction ?? 0;
  const minutes = closed ? handlingMinutes(e) : null;
  c.durationMinutesSum = minutes ?? 0;
  const hist: number[] = [];
  if (minutes !== null) {
    const k = bucketOf(minutes);
    for (let i = 0; i < k; i++) hist.push(0);
    hist.push(1);
  }
  return {
    key: {
      jurisdictionId: e.jurisdictionId,
      day: localDate(e.reportedAt, timeZone),
      gridId: e.gridId ?? 0,
      categoryId: e.categoryId,
      departmentId: e.departmentId ?? 0,
      source: e.source,
    },
    counters: c,
    hist,
  };
}

export const keyString = (k: StatKey) => `${k.jurisdictionId}|${k.day}|${k.gridId}|${k.categoryId}|${k.departmentId}|${k.source}`;

/**
 * The rows to add to the rollup so that it moves from `before` to `after` (either may be null: a new event,
 * or none). Rows whose counters and histogram are all zero are dropped; rows come sorted by key so that
 * concurrent transactions lock rollup rows in the same order.
 */
export function rollupDelta(before: Contribution | null, after: Contribution | null): Contribution[] {
  const rows = new Map<string, Contribution>();
  const add = (c: Contribution, sign: 1 | -1) => {
    const k = keyString(c.key);
    let row = rows.get(k);
    if (!row) {
      row = { key: c.key, counters: zero(), hist: [] };
      rows.set(k, row);
    }
    for (const f of STAT_COUNTERS) row.counters[f] += sign * c.counters[f];
    for (let i = 0; i < c.hist.length; i++) row.hist[i] = (row.hist[i] ?? 0) + sign * c.hist[i];
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  const out: Contribution[] = [];
  for (const [k, row] of [...rows.entries()].sort(([a], [b2]) => a.localeCompare(b2))) {
    while (row.hist.length > 0 && row.hist[row.hist.length - 1] === 0) row.hist.pop();
    const nonZero = STAT_COUNTERS.some((f) => row.counters[f] !== 0) || row.hist.some((n) => n !== 0);
    if (nonZero) out.push(row);
    void k;
  }
  return out;
}
