// All SQL for grids and their workers. No rules here.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { BBox } from './grids.geometry.ts';
import type { GeoJsonPolygonal, GridLevel } from './grids.table.ts';

/** Depth of each level, deepest last: zone → base grid → micro grid. */
export const levelDepth = sql<number>`case grids.level when 'zone' then 0 when 'base' then 1 else 2 end`;

const workerCount = (eb: ExpressionBuilder<DB, 'grids'>) =>
  eb
    .selectFrom('gridWorkers')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('gridWorkers.gridId', '=', 'grids.id')
    .as('workerCount');

export function findGrid(db: Executor, id: number) {
  return db.selectFrom('grids').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findGridByCode(db: Executor, jurisdictionId: number, code: string) {
  return db.selectFrom('grids').select(['id']).where('jurisdictionId', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

export interface GridFilter {
  level?: GridLevel;
  parentId?: number;
  active?: boolean;
  q?: string;
}

export type GridSort = 'code' | 'name' | 'level' | 'updatedAt' | 'areaKm2';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Executor, jurisdictionId: number, f: GridFilter) {
  let q = db.selectFrom('grids').where('grids.jurisdictionId', '=', jurisdictionId);
  if (f.level) q = q.where('grids.level', '=', f.level);
  if (f.parentId !== undefined) q = q.where('grids.parentId', '=', f.parentId);
  if (f.active !== undefined) q = q.where('grids.active', '=', f.active);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('grids.code', 'ilike', like), eb('grids.name', 'ilike', like)]));
  }
  return q;
}

export async function listGrids(
  db: Executor,
  jurisdictionId: number,
  f: GridFilter,
  page: { offset: number; limit: number; sort: GridSort; order: 'asc' | 'desc' },
) {
  const base = filtered(db, jurisdictionId, f);
  let q = base.select((eb) => [
    'grids.id',
    'grids.parentId',
    'grids.level',
    'grids.code',
    'grids.name',
    'grids.description',
    'grids.areaKm2',
    'grids.active',
    'grids.version',
    'grids.updatedAt',
    workerCount(eb),
  ]);
  q = page.sort === 'level' ? q.orderBy(levelDepth, page.order) : q.orderBy(`grids.${page.sort}`, page.order);
  const [items, total] = await Promise.all([
    q.orderBy('grids.code').orderBy('grids.id').offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Every grid of the jurisdiction, small columns only (for the tree and for other modules' pickers). */
export function allGrids(db: Executor, jurisdictionId: number, f: { level?: GridLevel; active?: boolean } = {}) {
  let q = db
    .selectFrom('grids')
    .select((eb) => ['grids.id', 'grids.parentId', 'grids.level', 'grids.code', 'grids.name', 'grids.active', workerCount(eb)])
    .where('grids.jurisdictionId', '=', jurisdictionId);
  if (f.level) q = q.where('grids.level', '=', f.level);
  if (f.active !== undefined) q = q.where('grids.active', '=', f.active);
  return q.orderBy(levelDepth).orderBy('grids.code').orderBy('grids.id').execute();
}

/** Grids with a boundary, for the map. */
export function gridFeatures(db: Executor, jurisdictionId: number, f: { level?: GridLevel; parentId?: number; active?: boolean }) {
  return filtered(db, jurisdictionId, { level: f.level, parentId: f.parentId, active: f.active })
    .select((eb) => [
      'grids.id',
      'grids.parentId',
      'grids.level',
      'grids.code',
      'grids.name',
      'grids.active',
      'grids.boundary',
      workerCount(eb),
    ])
    .where('grids.boundary', 'is not', null)
    .orderBy(levelDepth)
    .orderBy('grids.code')
    .execute();
}

/**
 * Active grids whose bounding box holds the point, deepest level first, then smallest: candidates for the exact
 * point-in-polygon test.
 */
/** Every active grid of the jurisdiction with its boundary and box, deepest and smallest first (as locate tries them). */
export function activeGridShapes(db: Executor, jurisdictionId: number) {
  return db
    .selectFrom('grids')
    .select(['id', 'code', 'name', 'level', 'parentId', 'boundary', 'minLng', 'maxLng', 'minLat', 'maxLat'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('active', '=', true)
    .orderBy(levelDepth, 'desc')
    .orderBy('areaKm2')
    .orderBy('id')
    .execute();
}

export function gridsWhoseBoxHolds(db: Executor, jurisdictionId: number, lng: number, lat: number) {
  return db
    .selectFrom('grids')
    .select(['id', 'code', 'name', 'level', 'boundary'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('active', '=', true)
    .where('minLng', '<=', lng)
    .where('maxLng', '>=', lng)
    .where('minLat', '<=', lat)
    .where('maxLat', '>=', lat)
    .orderBy(levelDepth, 'desc')
    .orderBy('areaKm2')
    .orderBy('id')
    .execute();
}

export interface GridValues {
  parentId: number | null;
  code: string;
  name: string;
  description: string;
  boundary: GeoJsonPolygonal | null;
  bbox: BBox | null;
  areaKm2: number | null;
}

const boundaryColumns = (v: { boundary: GeoJsonPolygonal | null; bbox: BBox | null; areaKm2: number | null }) => ({
  boundary: v.boundary ? JSON.stringify(v.boundary) : null,
  minLng: v.bbox?.minLng ?? null,
  minLat: v.bbox?.minLat ?? null,
  maxLng: v.bbox?.maxLng ?? null,
  maxLat: v.bbox?.maxLat ?? null,
  areaKm2: v.areaKm2,
});

export function insertGrid(db: Executor, jurisdictionId: number, level: GridLevel, v: GridValues) {
  return db
    .insertInto('grids')
    .values({
      jurisdictionId,
      level,
      parentId: v.parentId,
      code: v.code,
      name: v.name,
      description: v.description,
      ...boundaryColumns(v),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a grid if it still has the given version; undefined when it does not (stale). */
export function updateGrid(db: Executor, id: number, version: number, v: GridValues) {
  return db
    .updateTable('grids')
    .set((eb) => ({
      parentId: v.parentId,
      code: v.code,
      name: v.name,
      description: v.description,
      ...boundaryColumns(v),
      updatedAt: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function setGridActive(db: Executor, id: number, version: number, active: boolean) {
  return db
    .updateTable('grids')
    .set((eb) => ({ active, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function countActiveChildren(db: Executor, id: number): Promise<number> {
  const r = await db
    .selectFrom('grids')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parentId', '=', id)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function gridWorkers(db: Executor, gridId: number) {
  return db
    .selectFrom('gridWorkers')
    .innerJoin('users', 'users.id', 'gridWorkers.userId')
    .select(['users.id as userId', 'users.username', 'users.displayName', 'users.disabled', 'gridWorkers.assignedAt'])
    .where('gridWorkers.gridId', '=', gridId)
    .orderBy('gridWorkers.assignedAt')
    .orderBy('users.id')
    .execute();
}

export async function workerIdsOfGrid(db: Executor, gridId: number): Promise<number[]> {
  const rows = await db.selectFrom('gridWorkers').select('userId').where('gridId', '=', gridId).orderBy('userId').execute();
  return rows.map((r) => r.userId);
}

/** The grid ids of the user named by `userIdRef`, as an expression another query can select (one round trip). */
export function gridIdsOfWorkerExpr(userIdRef: string) {
  return sql<number[]>`array(select gw.grid_id from grid_workers gw where gw.user_id = ${sql.ref(userIdRef)} order by gw.grid_id)`;
}

export async function gridIdsOfWorker(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('gridWorkers').select('gridId').where('userId', '=', userId).orderBy('gridId').execute();
  return rows.map((r) => r.gridId);
}

/** The user as the assignment rule needs them (the users table is the platform's; only these columns are read). */
export function findUserForAssignment(db: Executor, userId: number) {
  return db.selectFrom('users').select(['id', 'jurisdictionId', 'role', 'disabled']).where('id', '=', userId).executeTakeFirst();
}

/** Inserts the assignment unless it exists; true when a row was added. */
export async function insertGridWorker(db: Executor, row: { jurisdictionId: number; gridId: number; userId: number }): Promise<boolean> {
  const r = await db
    .insertInto('gridWorkers')
    .values(row)
    .onConflict((oc) => oc.columns(['gridId', 'userId']).doNothing())
    .returning('gridId')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteGridWorker(db: Executor, gridId: number, userId: number): Promise<boolean> {
  const r = await db.deleteFrom('gridWorkers').where('gridId', '=', gridId).where('userId', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function gridName(db: Executor, id: number) {
  return db.selectFrom('grids').select(['id', 'name', 'jurisdictionId']).where('id', '=', id).executeTakeFirst();
}
