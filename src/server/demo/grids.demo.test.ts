import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db.ts';
import { DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from '../db/database.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { areaKm2, boundariesOverlap, pointInBoundary, validateBoundary } from '../modules/grids/grids.geometry.ts';
import { getGridName, gridIdsForUser, gridWorkerIds, listGrids, locateGrid } from '../modules/grids/index.ts';
import { DEMO_BASE_GRIDS, DEMO_ZONE, gridCentroid, randomPointInGrid, seedGridsDemo } from './grids.demo.ts';
import { seedIdentityDemo, type DemoContext } from './identity.demo.ts';

/** A small seeded generator (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('demo grid outlines', () => {
  it('are valid, lie near Tianjin Beichen ETDZ and do not overlap', () => {
    expect(DEMO_BASE_GRIDS).toHaveLength(7);
    for (const g of [DEMO_ZONE, ...DEMO_BASE_GRIDS]) {
      expect(validateBoundary(g.boundary).ok).toBe(true);
      for (const [lng, lat] of g.boundary.coordinates[0] as [number, number][]) {
        expect(lng).toBeGreaterThanOrEqual(117.1);
        expect(lng).toBeLessThanOrEqual(117.2);
        expect(lat).toBeGreaterThanOrEqual(39.2);
        expect(lat).toBeLessThanOrEqual(39.27);
      }
    }
    for (let i = 0; i < 7; i++) {
      for (let j = i + 1; j < 7; j++) expect(boundariesOverlap(DEMO_BASE_GRIDS[i].boundary, DEMO_BASE_GRIDS[j].boundary), `${i + 1} vs ${j + 1}`).toBe(false);
    }
  });

  it('tile the zone: their areas add up to the zone\'s and random zone points fall in exactly one', () => {
    const sum = DEMO_BASE_GRIDS.reduce((s, g) => s + areaKm2(g.boundary), 0);
    expect(sum).toBeCloseTo(areaKm2(DEMO_ZONE.boundary), 6);
    expect(sum).toBeGreaterThan(40);
    expect(sum).toBeLessThan(80);
    const r = rng(7);
    for (let n = 0; n < 500; n++) {
      const p = randomPointInGrid(DEMO_ZONE.boundary, r);
      const holders = DEMO_BASE_GRIDS.filter((g) => pointInBoundary(g.boundary, p));
      expect(holders.length, `point ${p}`).toBe(1);
    }
  });

  it('place random points inside the grid they were drawn for', () => {
    const r = rng(42);
    for (const g of DEMO_BASE_GRIDS) {
      expect(pointInBoundary(g.boundary, gridCentroid(g.boundary))).toBe(true);
      for (let n = 0; n < 50; n++) expect(pointInBoundary(g.boundary, randomPointInGrid(g.boundary, r))).toBe(true);
    }
  });
});

describe.each(DB_KINDS)('grids demo seeder on %s', (kind) => {
  let database: Database;
  let ctx: DemoContext;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const box = new SecretBox(randomBytes(32));
    ctx = await seedIdentityDemo(database.db, box);
    await seedGridsDemo(database.db, box, ctx);
  });
  afterAll(() => database.close());

  it('produces the zone and exactly 7 base grids, each with its own grid worker', async () => {
    const zones = await listGrids(database.db, ctx.jurisdictionId, { level: 'zone' });
    expect(zones).toHaveLength(1);
    expect(zones[0].name).toBe('天津北辰经济技术开发区');
    const base = await listGrids(database.db, ctx.jurisdictionId, { level: 'base' });
    expect(base).toHaveLength(7);
    expect(base.every((g) => g.parentId === zones[0].id && g.active)).toBe(true);
    expect(base.map((g) => g.name)).toEqual(DEMO_BASE_GRIDS.map((g) => g.name));
    for (const [i, g] of base.entries()) {
      const worker = ctx.users[`wangge${i + 1}`];
      expect(await gridWorkerIds(database.db, g.id)).toEqual([worker]);
      expect(await gridIdsForUser(database.db, worker)).toEqual([g.id]);
      expect(await getGridName(database.db, g.id)).toBe(g.name);
    }
    expect(await getGridName(database.db, 999_999)).toBeNull();
  });

  it('locates each grid\'s centroid and random points in that grid, and nothing outside the zone', async () => {
    const base = await listGrids(database.db, ctx.jurisdictionId, { level: 'base' });
    const r = rng(1);
    for (const [i, g] of base.entries()) {
      const demo = DEMO_BASE_GRIDS[i];
      const [lng, lat] = gridCentroid(demo.boundary);
      expect(await locateGrid(database.db, ctx.jurisdictionId, lng, lat)).toMatchObject({ id: g.id, code: demo.code, name: demo.name });
      for (let n = 0; n < 10; n++) {
        const p = randomPointInGrid(demo.boundary, r);
        expect((await locateGrid(database.db, ctx.jurisdictionId, p[0], p[1]))?.id, `point ${p}`).toBe(g.id);
      }
    }
    expect(await locateGrid(database.db, ctx.jurisdictionId, 117.25, 39.23)).toBeNull();
    expect(await locateGrid(database.db, ctx.jurisdictionId + 1000, 117.15, 39.23)).toBeNull();
  });
});
