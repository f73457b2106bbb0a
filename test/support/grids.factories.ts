// Builders for grids, written straight through the database (bbox and area computed as the service does).
import type { Executor } from '../../src/server/db/database.ts';
import { areaKm2, boundingBox } from '../../src/server/modules/grids/grids.geometry.ts';
import type { GeoJsonPolygonal, GridLevel, Position } from '../../src/server/modules/grids/grids.table.ts';

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

/** A closed counter-clockwise rectangle ring. */
export function rectRing(minLng: number, minLat: number, maxLng: number, maxLat: number): Position[] {
  return [
    [minLng, minLat],
    [maxLng, minLat],
    [maxLng, maxLat],
    [minLng, maxLat],
    [minLng, minLat],
  ];
}

export function rectBoundary(minLng: number, minLat: number, maxLng: number, maxLat: number, ...holes: Position[][]): GeoJsonPolygonal {
  return { type: 'Polygon', coordinates: [rectRing(minLng, minLat, maxLng, maxLat), ...holes] };
}

export async function buildGrid(
  db: Executor,
  jurisdictionId: number,
  over: { level?: GridLevel; parentId?: number | null; code?: string; name?: string; boundary?: GeoJsonPolygonal | null; active?: boolean } = {},
) {
  const code = over.code ?? `G${uniq()}`;
  const boundary = over.boundary === undefined ? rectBoundary(117.1, 39.2, 117.2, 39.27) : over.boundary;
  const bbox = boundary ? boundingBox(boundary) : null;
  return db
    .insertInto('grids')
    .values({
      jurisdictionId,
      level: over.level ?? 'zone',
      parentId: over.parentId ?? null,
      code,
      name: over.name ?? `网格${code}`,
      boundary: boundary ? JSON.stringify(boundary) : null,
      minLng: bbox?.minLng ?? null,
      minLat: bbox?.minLat ?? null,
      maxLng: bbox?.maxLng ?? null,
      maxLat: bbox?.maxLat ?? null,
      areaKm2: boundary ? areaKm2(boundary) : null,
      active: over.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function assignGridWorker(db: Executor, jurisdictionId: number, gridId: number, userId: number) {
  await db.insertInto('gridWorkers').values({ jurisdictionId, gridId, userId }).execute();
}
