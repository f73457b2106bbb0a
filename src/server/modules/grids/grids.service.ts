// Grids use cases: read (list, tree, one with its workers, map outlines, point lookup) for all staff, and
// create / edit / (de)activate / assign workers for the administrator, each write with its audit row.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { areaKm2, boundingBox, describeIssues, pointInBoundary, validateBoundary } from './grids.geometry.ts';
import { gridsActions } from './grids.policy.ts';
import * as repo from './grids.repository.ts';
import type { GeoJsonPolygonal, GridLevel } from './grids.table.ts';

export const GRID_LEVELS: readonly GridLevel[] = ['zone', 'base', 'micro'];
export const LEVEL_LABELS: Record<GridLevel, { zh: string; en: string }> = {
  zone: { zh: '园区网格', en: 'zone' },
  base: { zh: '基础网格', en: 'base grid' },
  micro: { zh: '微网格', en: 'micro grid' },
};
/** The level a grid's parent must have: a zone is a root, a base grid sits in a zone, a micro grid in a base grid. */
const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = { zone: null, base: 'zone', micro: 'base' };

type GridRow = NonNullable<Awaited<ReturnType<typeof repo.findGrid>>>;

export interface GridRef {
  id: number;
  code: string;
  name: string;
  level: GridLevel;
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

async function loadGrid(db: Executor, actor: Actor, action: string, id: number, lock = false): Promise<GridRow> {
  const scope = authorize(actor, action);
  const row = lock
    ? await db.selectFrom('grids').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    : await repo.findGrid(db, id);
  assertRowAccess(actor, scope, row, 'grids', '网格');
  return row!;
}

// ---------------------------------------------------------------- reads

export interface ListQuery {
  level?: GridLevel;
  parentId?: number;
  active?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: repo.GridSort;
  order?: 'asc' | 'desc';
}

export async function list(db: Executor, ctx: RequestContext, query: ListQuery) {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.read']);
  const { page, pageSize, offset } = pageBounds(query);
  const q = query.q?.trim();
  const { items, total } = await repo.listGrids(
    db,
    actor.jurisdictionId,
    { level: query.level, parentId: query.parentId, active: query.active, q: q || undefined },
    { offset, limit: pageSize, sort: query.sort ?? 'code', order: query.order ?? 'asc' },
  );
  return {
    items: items.map((r) => ({ ...r, workerCount: Number(r.workerCount ?? 0) })),
    total,
    page,
    pageSize,
  } satisfies PageResult<unknown>;
}

export interface TreeNode {
  id: number;
  parentId: number | null;
  level: GridLevel;
  code: string;
  name: string;
  active: boolean;
  workerCount: number;
  children: TreeNode[];
}

export async function tree(db: Executor, ctx: RequestContext, opts: { includeInactive?: boolean }): Promise<{ roots: TreeNode[] }> {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.read']);
  const rows = await repo.allGrids(db, actor.jurisdictionId, opts.includeInactive ? {} : { active: true });
  const nodes = new Map<number, TreeNode>(
    rows.map((r) => [r.id, { ...r, workerCount: Number(r.workerCount ?? 0), children: [] }]),
  );
  const roots: TreeNode[] = [];
  // Rows come zone first, so a parent is always known before its children; an orphan (its parent filtered out) is a root.
  for (const n of nodes.values()) {
    const parent = n.parentId !== null ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return { roots };
}

const bboxOf = (r: GridRow): [number, number, number, number] | null =>
  r.minLng === null || r.minLat === null || r.maxLng === null || r.maxLat === null ? null : [r.minLng, r.minLat, r.maxLng, r.maxLat];

async function detail(db: Executor, row: GridRow) {
  const [workers, parent] = await Promise.all([
    repo.gridWorkers(db, row.id),
    row.parentId !== null ? repo.findGrid(db, row.parentId) : Promise.resolve(undefined),
  ]);
  return {
    id: row.id,
    parentId: row.parentId,
    parent: parent ? { id: parent.id, code: parent.code, name: parent.name, level: parent.level } : null,
    level: row.level,
    code: row.code,
    name: row.name,
    description: row.description,
    boundary: row.boundary ?? null,
    bbox: bboxOf(row),
    areaKm2: row.areaKm2,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    workers,
  };
}

export async function get(db: Executor, ctx: RequestContext, id: number) {
  const row = await loadGrid(db, actorOf(ctx), gridsActions['grids.read'], id);
  return detail(db, row);
}

/** The most specific active grid holding the point (deepest level; on a shared edge, the smaller grid). */
export async function locateGrid(db: Executor, jurisdictionId: number, lng: number, lat: number): Promise<GridRef | null> {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  const c = firstHolding(await repo.gridsWhoseBoxHolds(db, jurisdictionId, lng, lat), lng, lat);
  return c ? { id: c.id, code: c.code, name: c.name, level: c.level } : null;
}

export type GridShape = Awaited<ReturnType<typeof repo.activeGridShapes>>[number];

/** The jurisdiction's active grids as locateIn needs them (for a caller that keeps them, see platform/refcache.ts). */
export const activeGridShapes = (db: Executor, jurisdictionId: number) => repo.activeGridShapes(db, jurisdictionId);

/** The same answer as locateGrid, from grids already in hand (ordered as activeGridShapes returns them). */
export function locateIn(shapes: readonly GridShape[], lng: number, lat: number): GridShape | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  return firstHolding(
    shapes.filter((g) => g.minLng !== null && g.minLng <= lng && g.maxLng! >= lng && g.minLat! <= lat && g.maxLat! >= lat),
    lng,
    lat,
  );
}

function firstHolding<G extends { boundary: GeoJsonPolygonal | null }>(candidates: readonly G[], lng: number, lat: number): G | null {
  return candidates.find((c) => c.boundary !== null && pointInBoundary(c.boundary, [lng, lat])) ?? null;
}

export async function locate(db: Executor, ctx: RequestContext, lng: number, lat: number): Promise<{ grid: GridRef | null }> {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.read']);
  return { grid: await locateGrid(db, actor.jurisdictionId, lng, lat) };
}

export async function featureCollection(
  db: Executor,
  ctx: RequestContext,
  f: { level?: GridLevel; parentId?: number; includeInactive?: boolean },
) {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.read']);
  const rows = await repo.gridFeatures(db, actor.jurisdictionId, {
    level: f.level,
    parentId: f.parentId,
    active: f.includeInactive ? undefined : true,
  });
  const features = rows.map((r) => ({
    type: 'Feature' as const,
    id: r.id,
    geometry: r.boundary as GeoJsonPolygonal,
    properties: {
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      parentId: r.parentId,
      active: r.active,
      workerCount: Number(r.workerCount ?? 0),
    },
  }));
  let bbox: [number, number, number, number] | undefined;
  for (const ft of features) {
    const b = boundingBox(ft.geometry);
    bbox = bbox
      ? [Math.min(bbox[0], b.minLng), Math.min(bbox[1], b.minLat), Math.max(bbox[2], b.maxLng), Math.max(bbox[3], b.maxLat)]
      : [b.minLng, b.minLat, b.maxLng, b.maxLat];
  }
  return { type: 'FeatureCollection' as const, ...(bbox ? { bbox } : {}), features };
}

// ---------------------------------------------------------------- writes

/** Validates a submitted boundary; 400 listing every problem in Chinese (and English) when it is wrong. */
function checkBoundary(input: unknown): { boundary: GeoJsonPolygonal; vertexCount: number } | null {
  if (input === null || input === undefined) return null;
  const r = validateBoundary(input);
  if (!r.ok) {
    throw errors.validation({ boundary: r.issues }, { zh: describeIssues(r.issues, 'zh'), en: describeIssues(r.issues, 'en') });
  }
  return r;
}

const geometryColumns = (b: GeoJsonPolygonal | null) => {
  if (!b) return { boundary: null, bbox: null, areaKm2: null };
  return { boundary: b, bbox: boundingBox(b), areaKm2: Math.round(areaKm2(b) * 1e6) / 1e6 };
};

const invalidParent = (zh: string, en: string) => errors.rule('grids.invalid_parent', { zh, en });

async function checkParent(db: Executor, actor: Actor, level: GridLevel, parentId: number | null): Promise<void> {
  const expected = PARENT_LEVEL[level];
  if (expected === null) {
    if (parentId !== null) throw invalidParent('园区网格是最上级网格，不能指定上级网格', 'A zone is a top-level grid and has no parent');
    return;
  }
  if (parentId === null) {
    throw invalidParent(
      `${LEVEL_LABELS[level].zh}必须指定所属的${LEVEL_LABELS[expected].zh}`,
      `A ${LEVEL_LABELS[level].en} needs a parent ${LEVEL_LABELS[expected].en}`,
    );
  }
  const parent = await repo.findGrid(db, parentId);
  if (!parent || parent.jurisdictionId !== actor.jurisdictionId) throw invalidParent('上级网格不存在', 'The parent grid does not exist');
  if (parent.level !== expected) {
    throw invalidParent(
      `${LEVEL_LABELS[level].zh}的上级必须是${LEVEL_LABELS[expected].zh}，而“${parent.name}”是${LEVEL_LABELS[parent.level].zh}`,
      `The parent of a ${LEVEL_LABELS[level].en} must be a ${LEVEL_LABELS[expected].en}`,
    );
  }
  if (!parent.active) throw invalidParent(`上级网格“${parent.name}”已停用`, 'The parent grid is inactive');
}

async function checkCodeFree(db: Executor, jurisdictionId: number, code: string, selfId: number | null): Promise<void> {
  const other = await repo.findGridByCode(db, jurisdictionId, code);
  if (other && other.id !== selfId) {
    throw errors.conflict('grids.code_taken', { zh: `网格编码“${code}”已被使用`, en: `Grid code ${code} is already in use` }, { code });
  }
}

export interface CreateInput {
  level: GridLevel;
  parentId?: number | null;
  code: string;
  name: string;
  description?: string;
  boundary?: unknown;
}

export async function create(db: Executor, ctx: RequestContext, input: CreateInput) {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.manage']);
  const checked = checkBoundary(input.boundary);
  const code = input.code.trim();
  const name = input.name.trim();
  const parentId = input.parentId ?? null;
  return db.transaction().execute(async (tx) => {
    await checkParent(tx, actor, input.level, parentId);
    await checkCodeFree(tx, actor.jurisdictionId, code, null);
    const geo = geometryColumns(checked?.boundary ?? null);
    const row = await repo.insertGrid(tx, actor.jurisdictionId, input.level, {
      parentId,
      code,
      name,
      description: input.description?.trim() ?? '',
      ...geo,
    });
    await appendAudit(tx, ctx, {
      action: 'grids.create',
      entity: 'grid',
      entityId: row.id,
      details: { code, name, level: input.level, parentId, vertexCount: checked?.vertexCount ?? 0, areaKm2: geo.areaKm2 },
    });
    return detail(tx, row);
  });
}

export interface UpdateInput {
  version: number;
  parentId?: number | null;
  code?: string;
  name?: string;
  description?: string;
  /** undefined leaves the boundary; null removes it. */
  boundary?: unknown;
}

export async function update(db: Executor, ctx: RequestContext, id: number, input: UpdateInput) {
  const actor = actorOf(ctx);
  authorize(actor, gridsActions['grids.manage']);
  const checked = checkBoundary(input.boundary);
  return db.transaction().execute(async (tx) => {
    const row = await loadGrid(tx, actor, gridsActions['grids.manage'], id, true);
    if (row.version !== input.version) throw errors.stale('grids', { currentVersion: row.version });
    const next = {
      parentId: input.parentId !== undefined ? input.parentId : row.parentId,
      code: input.code !== undefined ? input.code.trim() : row.code,
      name: input.name !== undefined ? input.name.trim() : row.name,
      description: input.description !== undefined ? input.description.trim() : row.description,
    };
    const changed: string[] = [];
    if (next.parentId !== row.parentId) {
      changed.push('parentId');
      await checkParent(tx, actor, row.level, next.parentId);
    }
    if (next.code !== row.code) {
      changed.push('code');
      await checkCodeFree(tx, actor.jurisdictionId, next.code, row.id);
    }
    if (next.name !== row.name) changed.push('name');
    if (next.description !== row.description) changed.push('description');
    const boundaryGiven = input.boundary !== undefined;
    const geo = boundaryGiven ? geometryColumns(checked?.boundary ?? null) : geometryColumns(row.boundary ?? null);
    if (boundaryGiven) changed.push('boundary');
    const updated = await repo.updateGrid(tx, id, input.version, { ...next, ...geo });
    if (!updated) throw errors.stale('grids');
    await appendAudit(tx, ctx, {
      action: 'grids.update',
      entity: 'grid',
      entityId: id,
      details: {
        code: next.code,
        changed,
        ...(boundaryGiven ? { vertexCount: checked?.vertexCount ?? 0, areaKm2: geo.areaKm2 } : {}),
      },
    });
    return detail(tx, updated);
  });
}

export async function setActive(db: Executor, ctx: RequestContext, id: number, version: number, active: boolean) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const row = await loadGrid(tx, actor, gridsActions['grids.manage'], id, true);
    if (row.version !== version) throw errors.stale('grids', { currentVersion: row.version });
    if (row.active === active) return detail(tx, row);
    if (!active) {
      const children = await repo.countActiveChildren(tx, id);
      if (children > 0) {
        throw errors.rule(
          'grids.has_active_children',
          { zh: `该网格下还有 ${children} 个启用的下级网格，请先停用它们`, en: `${children} active child grids remain; deactivate them first` },
          { children },
        );
      }
    } else if (row.parentId !== null) {
      const parent = await repo.findGrid(tx, row.parentId);
      if (parent && !parent.active) {
        throw errors.rule('grids.parent_inactive', { zh: `上级网格“${parent.name}”已停用，请先启用上级网格`, en: 'The parent grid is inactive' });
      }
    }
    const updated = await repo.setGridActive(tx, id, version, active);
    if (!updated) throw errors.stale('grids');
    await appendAudit(tx, ctx, { action: active ? 'grids.activate' : 'grids.deactivate', entity: 'grid', entityId: id, details: { code: row.code } });
    return detail(tx, updated);
  });
}

export async function assignWorker(db: Executor, ctx: RequestContext, gridId: number, userId: number) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const grid = await loadGrid(tx, actor, gridsActions['grids.manage'], gridId, true);
    if (!grid.active) throw errors.rule('grids.inactive', { zh: '该网格已停用，不能分配网格员', en: 'The grid is inactive' });
    const user = await repo.findUserForAssignment(tx, userId);
    if (!user || user.jurisdictionId !== actor.jurisdictionId || user.role !== 'grid_worker') {
      throw errors.rule(
        'grids.not_grid_worker',
        { zh: '只能分配本辖区角色为“网格员”的用户', en: 'Only users of this jurisdiction with the grid-worker role can be assigned' },
        { userId },
      );
    }
    if (user.disabled) throw errors.rule('grids.user_disabled', { zh: '该用户已停用，不能分配', en: 'The user is disabled' }, { userId });
    const added = await repo.insertGridWorker(tx, { jurisdictionId: grid.jurisdictionId, gridId, userId });
    await appendAudit(tx, ctx, { action: 'grids.assign_worker', entity: 'grid', entityId: gridId, details: { userId, added } });
    return detail(tx, grid);
  });
}

export async function unassignWorker(db: Executor, ctx: RequestContext, gridId: number, userId: number) {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const grid = await loadGrid(tx, actor, gridsActions['grids.manage'], gridId, true);
    const removed = await repo.deleteGridWorker(tx, gridId, userId);
    if (!removed) throw errors.notFound('grid_worker', '网格员分配');
    await appendAudit(tx, ctx, { action: 'grids.unassign_worker', entity: 'grid', entityId: gridId, details: { userId } });
    return detail(tx, grid);
  });
}
