// Grids (网格): the zone's multi-level grids with GeoJSON boundaries, their workers, and point → grid lookup.
// Other modules use gridIdsForUser (data scope of grid workers) and locateGrid (put a point in its grid).
import type { Executor } from '../../db/database.ts';

export async function gridIdsForUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('gridWorkers').select('gridId').where('userId', '=', userId).orderBy('gridId').execute();
  return rows.map((r) => r.gridId);
}
