import { describe, expect, it } from 'vitest';
import { bucketBounds, bucketOf, contribution, histQuantile, HIST_BUCKETS, rollupDelta, type StatEvent } from './events.stats.ts';

const base: StatEvent = {
  jurisdictionId: 1,
  reportedAt: new Date('2020-06-01T02:00:00Z'),
  gridId: 3,
  categoryId: 5,
  departmentId: null,
  source: 'grid_worker',
  status: 'reported',
  acceptedAt: null,
  dispatchedAt: null,
  handledAt: null,
  verifiedAt: null,
  closedAt: null,
  overdue: false,
  overdueCount: 0,
  acceptOnTime: null,
  dispatchOnTime: null,
  handleOnTime: null,
  verifyOnTime: null,
  reopenCount: 0,
  extensionCount: 0,
  satisfaction: null,
};

describe('handling-time histogram', () => {
  it('puts each duration in a bucket whose bounds hold it', () => {
    for (const m of [0, 5, 10, 11, 59, 60, 61, 600, 1440, 7200, 43_200, 525_600]) {
      const k = bucketOf(m);
      const [lo, hi] = bucketBounds(k);
      expect(m >= lo && (m < hi || k === HIST_BUCKETS - 1), `${m} in [${lo}, ${hi})`).toBe(true);
    }
    expect(bucketOf(10 ** 9)).toBe(HIST_BUCKETS - 1);
  });

  it('estimates a quantile within one bucket (10 %) of the true value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 30 + i * 7);
    const hist: number[] = [];
    for (const v of values) hist[bucketOf(v)] = (hist[bucketOf(v)] ?? 0) + 1;
    const exact = [...values].sort((a, b) => a - b)[Math.ceil(0.9 * values.length) - 1];
    const est = histQuantile(Array.from(hist, (n) => n ?? 0), 0.9)!;
    expect(Math.abs(est - exact) / exact).toBeLessThan(0.1);
    expect(histQuantile([], 0.9)).toBeNull();
  });
});

describe('rollup contributions', () => {
  it('counts a new report on its Beijing date, with no department as 0', () => {
    const c = contribution({ ...base, reportedAt: new Date('2020-06-01T17:00:00Z') }, 'Asia/Shanghai');
    expect(c.key).toEqual({ jurisdictionId: 1, day: '2020-06-02', gridId: 3, categoryId: 5, departmentId: 0, source: 'grid_worker' });
    expect(c.counters).toMatchObject({ reported: 1, open: 1, closed: 0 });
  });

  it('moves counts between rows when the department changes, and drops rows that cancel out', () => {
    const before = contribution({ ...base, status: 'accepted', acceptedAt: base.reportedAt, acceptOnTime: true }, 'Asia/Shanghai');
    const after = contribution(
      { ...base, status: 'dispatched', acceptedAt: base.reportedAt, acceptOnTime: true, dispatchedAt: base.reportedAt, dispatchOnTime: true, departmentId: 9 },
      'Asia/Shanghai',
    );
    const d = rollupDelta(before, after);
    expect(d).toHaveLength(2);
    const [from, to] = d[0].key.departmentId === 0 ? d : [d[1], d[0]];
    expect(from.counters).toMatchObject({ reported: -1, accepted: -1, acceptDone: -1, open: -1 });
    expect(to.counters).toMatchObject({ reported: 1, accepted: 1, dispatched: 1, dispatchDone: 1, dispatchOnTime: 1, open: 1 });
    expect(rollupDelta(before, before)).toEqual([]);
  });

  it('adds the handling time and its histogram bucket when closed', () => {
    const closedAt = new Date(base.reportedAt.getTime() + 90 * 60_000);
    const c = contribution({ ...base, status: 'closed', closedAt, verifiedAt: closedAt, handledAt: closedAt }, 'Asia/Shanghai');
    expect(c.counters).toMatchObject({ closed: 1, closedVerified: 1, closedOnTime: 1, durationMinutesSum: 90, open: 0 });
    expect(c.hist.length).toBe(bucketOf(90) + 1);
    expect(c.hist[bucketOf(90)]).toBe(1);
  });
});
