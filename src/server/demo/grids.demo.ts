// Demo grids: the zone of 天津北辰经济技术开发区 and its 7 base grids (基础网格), each with one grid worker.
// The outlines are drawn for the demo near the zone's real position (lng 117.10–117.20, lat 39.20–39.27);
// road names are plausible, not surveyed. The base grids share their edges exactly, so they tile the zone
// without overlapping, and every point of the zone lies in exactly one of them (or on a shared edge).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { areaKm2, boundingBox, interiorPoint, pointInBoundary, validateBoundary } from '../modules/grids/grids.geometry.ts';
import * as gridsRepo from '../modules/grids/grids.repository.ts';
import type { GeoJsonPolygonal, Position } from '../modules/grids/grids.table.ts';
import type { DemoContext } from './identity.demo.ts';

// Corners of the zone (A…J, clockwise from the north-west) and the inner junctions where grid edges meet.
const V = {
  A: [117.102, 39.268],
  B: [117.149, 39.27],
  C: [117.196, 39.266],
  D: [117.199, 39.245],
  E: [117.197, 39.226],
  F: [117.193, 39.202],
  G: [117.153, 39.2],
  H: [117.106, 39.203],
  I: [117.101, 39.222],
  J: [117.1, 39.249],
  K: [117.149, 39.247],
  L: [117.131, 39.248],
  M: [117.164, 39.246],
  P: [117.129, 39.223],
  Q: [117.166, 39.225],
  R: [117.152, 39.224],
  Bk: [117.147, 39.258],
  Lp: [117.133, 39.236],
  Mq: [117.162, 39.235],
  Rg: [117.155, 39.212],
} satisfies Record<string, Position>;

type Vertex = keyof typeof V;
const ring = (...names: Vertex[]): GeoJsonPolygonal => ({
  type: 'Polygon',
  coordinates: [[...names, names[0]].map((n) => [...V[n]] as Position)],
});

export interface DemoGrid {
  code: string;
  name: string;
  description: string;
  boundary: GeoJsonPolygonal;
}

export const DEMO_ZONE: DemoGrid = {
  code: '120113-KFQ',
  name: '天津北辰经济技术开发区',
  description: '开发区全域（园区网格），下设 7 个基础网格',
  boundary: ring('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'),
};

/** The 7 base grids, in order; grid i+1 is worked by the demo user wangge{i+1}. */
export const DEMO_BASE_GRIDS: (DemoGrid & { worker: string })[] = [
  {
    code: '120113-KFQ-01',
    name: '第一网格（京津路片区）',
    description: '京津公路以西、开发区北部，装备制造企业集中',
    boundary: ring('A', 'B', 'Bk', 'K', 'L', 'J'),
    worker: 'wangge1',
  },
  {
    code: '120113-KFQ-02',
    name: '第二网格（高新大道片区）',
    description: '高新大道两侧，科技型企业和孵化载体',
    boundary: ring('B', 'C', 'D', 'M', 'K', 'Bk'),
    worker: 'wangge2',
  },
  {
    code: '120113-KFQ-03',
    name: '第三网格（双辰路片区）',
    description: '双辰路沿线，物流仓储和职工宿舍',
    boundary: ring('J', 'L', 'Lp', 'P', 'I'),
    worker: 'wangge3',
  },
  {
    code: '120113-KFQ-04',
    name: '第四网格（永兴道片区）',
    description: '管委会及商务配套区，在建项目较多',
    boundary: ring('L', 'K', 'M', 'Mq', 'Q', 'R', 'P', 'Lp'),
    worker: 'wangge4',
  },
  {
    code: '120113-KFQ-05',
    name: '第五网格（医药园片区）',
    description: '医药医疗器械工业园，危化品使用单位较多',
    boundary: ring('M', 'D', 'E', 'Q', 'Mq'),
    worker: 'wangge5',
  },
  {
    code: '120113-KFQ-06',
    name: '第六网格（景观路片区）',
    description: '景观路以南，人才公寓和生活服务配套',
    boundary: ring('I', 'P', 'R', 'Rg', 'G', 'H'),
    worker: 'wangge6',
  },
  {
    code: '120113-KFQ-07',
    name: '第七网格（星光路片区）',
    description: '星光路沿线，新材料和汽车零部件企业',
    boundary: ring('R', 'Q', 'E', 'F', 'G', 'Rg'),
    worker: 'wangge7',
  },
];

/** A point well inside the grid (its centroid when that is inside), e.g. to pin a label or a demo event. */
export function gridCentroid(boundary: GeoJsonPolygonal): Position {
  return interiorPoint(boundary);
}

/** A uniformly random point inside the boundary (rejection sampling in its box), rounded to 6 decimals (~0.1 m). */
export function randomPointInGrid(boundary: GeoJsonPolygonal, rng: () => number = Math.random): Position {
  const box = boundingBox(boundary);
  for (let i = 0; i < 10_000; i++) {
    const p: Position = [
      Math.round((box.minLng + rng() * (box.maxLng - box.minLng)) * 1e6) / 1e6,
      Math.round((box.minLat + rng() * (box.maxLat - box.minLat)) * 1e6) / 1e6,
    ];
    if (pointInBoundary(boundary, p)) return p;
  }
  return gridCentroid(boundary);
}

async function insertDemoGrid(
  db: Kysely<DB>,
  jurisdictionId: number,
  level: 'zone' | 'base',
  parentId: number | null,
  g: DemoGrid,
): Promise<number> {
  const checked = validateBoundary(g.boundary);
  if (!checked.ok) throw new Error(`demo grid ${g.code}: ${checked.issues.map((i) => i.en).join('; ')}`);
  const row = await gridsRepo.insertGrid(db, jurisdictionId, level, {
    parentId,
    code: g.code,
    name: g.name,
    description: g.description,
    boundary: checked.boundary,
    bbox: boundingBox(checked.boundary),
    areaKm2: Math.round(areaKm2(checked.boundary) * 1e6) / 1e6,
  });
  return row.id;
}

export async function seedGridsDemo(db: Kysely<DB>, _box: SecretBox, ctx: DemoContext): Promise<void> {
  const zoneId = await insertDemoGrid(db, ctx.jurisdictionId, 'zone', null, DEMO_ZONE);
  for (const g of DEMO_BASE_GRIDS) {
    const id = await insertDemoGrid(db, ctx.jurisdictionId, 'base', zoneId, g);
    const userId = ctx.users[g.worker];
    if (userId !== undefined) await gridsRepo.insertGridWorker(db, { jurisdictionId: ctx.jurisdictionId, gridId: id, userId });
  }
}
