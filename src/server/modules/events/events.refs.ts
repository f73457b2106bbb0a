// The reference data the events module reads on nearly every request — categories, grid and department names,
// grid shapes for locating a point, the holiday calendar — cached per jurisdiction and reference version
// (platform/refcache.ts). Without a reference version in the context (public requests, jobs) it is read afresh.
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../../platform/context.ts';
import { loadCalendar, type Calendar } from '../../platform/deadlines/index.ts';
import { cachedRef } from '../../platform/refcache.ts';
import { activeGridShapes, type GridShape } from '../grids/index.ts';
import { describeCategory, resolveCategory } from './events.categories.ts';
import * as repo from './events.repository.ts';
import type { CategoryRow } from './events.repository.ts';

interface Names {
  categories: Map<number, CategoryRow>;
  categoryNames: Map<number, string>;
  grids: Map<number, string>;
  departments: Map<number, string>;
}

// Inside a transaction the value is always read afresh: a shared load started elsewhere could need the very
// connection the transaction holds (PGlite has one).
const usable = (db: Executor, ctx: RequestContext | undefined, jurisdictionId: number): ctx is RequestContext =>
  !db.isTransaction && ctx?.refs?.jurisdictionId === jurisdictionId;

function names(db: Executor, ctx: RequestContext | undefined, jurisdictionId: number): Promise<Names> | null {
  if (!usable(db, ctx, jurisdictionId)) return null;
  return cachedRef(ctx, jurisdictionId, 'events.names', async () => {
    const [cats, grids, units] = await Promise.all([
      repo.listCategories(db, jurisdictionId),
      repo.allGridNames(db, jurisdictionId),
      repo.allOrgUnitNames(db, jurisdictionId),
    ]);
    return { categories: new Map(cats.map((c) => [c.id, c])), categoryNames: new Map(cats.map((c) => [c.id, c.name])), grids, departments: units };
  });
}

export function calendarFor(db: Executor, ctx: RequestContext | undefined, jurisdictionId: number): Promise<Calendar> {
  return usable(db, ctx, jurisdictionId) ? cachedRef(ctx, jurisdictionId, 'calendar', () => loadCalendar(db, jurisdictionId)) : loadCalendar(db, jurisdictionId);
}

/** The active grid shapes, when the cache may be used (else null: locate with the database). */
export function gridShapesFor(db: Executor, ctx: RequestContext | undefined, jurisdictionId: number): Promise<GridShape[]> | null {
  return usable(db, ctx, jurisdictionId) ? cachedRef(ctx, jurisdictionId, 'grids.shapes', () => activeGridShapes(db, jurisdictionId)) : null;
}

/** resolveCategory, from the cache when it has the category (else from the database). */
export async function categoryFor(db: Executor, ctx: RequestContext | undefined, jurisdictionId: number, id: number) {
  const n = await names(db, ctx, jurisdictionId);
  const cat = n?.categories.get(id);
  if (!n || !cat) return resolveCategory(db, id);
  const parent = cat.parentId ? (n.categories.get(cat.parentId) ?? null) : null;
  return describeCategory(cat, parent);
}

/** Names of the rows' categories, grids and departments (from the cache when it has them all). */
export async function namesFor(
  db: Executor,
  ctx: RequestContext | undefined,
  jurisdictionId: number,
  rows: readonly { categoryId: number; gridId: number | null; departmentId: number | null }[],
) {
  const n = await names(db, ctx, jurisdictionId);
  const complete =
    n !== null &&
    rows.every((r) => n.categories.has(r.categoryId) && (r.gridId === null || n.grids.has(r.gridId)) && (r.departmentId === null || n.departments.has(r.departmentId)));
  if (n && complete) return { categories: n.categoryNames, grids: n.grids, departments: n.departments };
  const catIds = [...new Set(rows.map((r) => r.categoryId))];
  return {
    categories: await repo.categoryNames(db, catIds),
    grids: await repo.gridNames(db, rows.map((r) => r.gridId).filter((x): x is number => x !== null)),
    departments: await repo.orgUnitNames(db, rows.map((r) => r.departmentId).filter((x): x is number => x !== null)),
  };
}
