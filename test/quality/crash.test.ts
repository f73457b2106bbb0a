// Crash safety at CI size: the real server killed with SIGKILL during its first start and under write load,
// on PGlite and (with TEST_DATABASE_URL) on a fresh PostgreSQL database. See crash-drill.ts.
import { describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/db.ts';
import { runCrashDrill } from './crash-drill.ts';
import { FULL, recordFigures } from './figures.ts';

describe.each(DB_KINDS)('crash drill on %s', (kind) => {
  it('loses and duplicates no acknowledged write across SIGKILLs, and always comes back', async () => {
    const r = await runCrashDrill({ kind, kills: FULL ? 20 : 5, firstStartKills: FULL ? 6 : 3, workers: FULL ? 10 : 5, loadMs: FULL ? [2000, 6000] : [1500, 3500] });
    recordFigures('crash', kind, {
      'kills during the first start': r.firstStartKills,
      'kills under load': r.kills,
      restarts: r.restarts,
      'writes attempted': r.writesAttempted,
      'writes acknowledged': r.writesAcknowledged,
      lost: r.lost,
      duplicated: r.duplicated,
      'requests cut off and retried': r.interrupted,
      'indeterminate (resolved by reading back)': r.indeterminate,
      unresolved: r.unresolved,
      'events / demands written': `${r.events} / ${r.demands}`,
      'workflow invariant violations': r.invariantViolations.length,
      'audit chain': r.auditChainOk ? `verifies (${r.auditRows} rows)` : 'BROKEN',
      'median start to healthy (ms)': r.medianStartMs,
    });
    expect(r.invariantViolations).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.unresolved).toBe(0);
    expect(r.auditChainOk).toBe(true);
    expect(r.writesAcknowledged).toBeGreaterThan(10);
  }, 1_800_000);
});
