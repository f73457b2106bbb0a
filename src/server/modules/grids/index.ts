// Grids (网格): the zone's multi-level grids with GeoJSON boundaries, their workers, and point → grid lookup.
// Other modules use gridIdsForUser (data scope of grid workers), locateGrid (put a point in its grid),
// listGrids / getGridName (pickers and labels), gridWorkerIds (whom to notify) and distanceMeters (nearby duplicates).
import type { Executor } from '../../db/database.ts';
import * as repo from './grids.repository.ts';
import type { GridLevel } from './grids.table.ts';

export { gridsRoutes } from './grids.routes.ts';
export { gridsActions } from './grids.policy.ts';
export { activeGridShapes, locateGrid, locateIn, LEVEL_LABELS, GRID_LEVELS, type GridRef, type GridShape } from './grids.service.ts';
export { distanceMeters, pointInBoundary, areaKm2, boundingBox } from './grids.geometry.ts';
export type { GeoJsonPolygonal, GridLevel, Position } from './grids.table.ts';

/** The grids a user works in (their data scope as a grid worker). */
export function gridIdsForUser(db: Executor, userId: number): Promise<number[]> {
  return repo.gridIdsOfWorker(db, userId);
}

/** The same as a column expression, for the session lookup to read in its own query. */
export const gridIdsOfUserColumn = (userIdRef: string) => repo.gridIdsOfWorkerExpr(userIdRef);

/** The grid workers assigned to a grid. */
export function gridWorkerIds(db: Executor, gridId: number): Promise<number[]> {
  return repo.workerIdsOfGrid(db, gridId);
}

export interface GridSummary {
  id: number;
  parentId: number | null;
  level: GridLevel;
  code: string;
  name: string;
  active: boolean;
}

/** The jurisdiction's grids (zone first, then by code), optionally of one level or only active ones. */
export async function listGrids(
  db: Executor,
  jurisdictionId: number,
  opts: { level?: GridLevel; active?: boolean } = {},
): Promise<GridSummary[]> {
  const rows = await repo.allGrids(db, jurisdictionId, opts);
  return rows.map(({ id, parentId, level, code, name, active }) => ({ id, parentId, level, code, name, active }));
}

/** A grid's name, or null when there is no such grid. */
export async function getGridName(db: Executor, gridId: number): Promise<string | null> {
  return (await repo.gridName(db, gridId))?.name ?? null;
}

/** Outlines of the active zone and base grids, name and shape only: the public portal's map (no account). */
export async function publicGridOutlines(db: Executor, jurisdictionId: number) {
  const rows = await repo.gridFeatures(db, jurisdictionId, { active: true });
  return rows
    .filter((r) => r.level !== 'micro')
    .map((r) => ({ id: r.id, level: r.level, name: r.name, geometry: r.boundary as import('./grids.table.ts').GeoJsonPolygonal }));
}
