// Event categories (事件分类): a two-level taxonomy, each with its default department and time limits per
// stage. A sub-category inherits what it leaves unset from its parent, then from the platform defaults.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { checkLimit, describeLimit, type TimeLimit } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import type { CategoryRow } from './events.repository.ts';
import type { StageLimits } from './events.table.ts';
import { STAGES, type Stage } from './events.workflow.ts';

export const DEFAULT_LIMITS: Record<Stage, TimeLimit> = {
  accept: { amount: 2, unit: 'hours' },
  dispatch: { amount: 4, unit: 'hours' },
  handle: { amount: 5, unit: 'working_days' },
  verify: { amount: 2, unit: 'working_days' },
};

export function effectiveLimits(cat: Pick<CategoryRow, 'timeLimits'>, parent?: Pick<CategoryRow, 'timeLimits'> | null): Record<Stage, TimeLimit> {
  const out = { ...DEFAULT_LIMITS };
  for (const s of STAGES) {
    const own = (cat.timeLimits as StageLimits)?.[s];
    const inherited = (parent?.timeLimits as StageLimits | undefined)?.[s];
    out[s] = own ?? inherited ?? DEFAULT_LIMITS[s];
  }
  return out;
}

/** The category with what it inherits: department and limits. */
export async function resolveCategory(db: Executor, id: number) {
  const cat = await repo.findCategory(db, id);
  if (!cat) return null;
  return describeCategory(cat, cat.parentId ? ((await repo.findCategory(db, cat.parentId)) ?? null) : null);
}

export function describeCategory(cat: CategoryRow, parent: CategoryRow | null) {
  return {
    cat,
    parent,
    departmentId: cat.departmentId ?? parent?.departmentId ?? null,
    limits: effectiveLimits(cat, parent),
    path: parent ? `${parent.name} / ${cat.name}` : cat.name,
  };
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

export function categoryDto(c: CategoryRow, parent: CategoryRow | null, departmentNames: Map<number, string>) {
  const limits = effectiveLimits(c, parent);
  const departmentId = c.departmentId ?? parent?.departmentId ?? null;
  return {
    id: c.id,
    parentId: c.parentId,
    code: c.code,
    name: c.name,
    description: c.description,
    departmentId: c.departmentId,
    effectiveDepartmentId: departmentId,
    effectiveDepartmentName: departmentId ? (departmentNames.get(departmentId) ?? null) : null,
    timeLimits: (c.timeLimits ?? {}) as StageLimits,
    effectiveTimeLimits: limits,
    timeLimitText: Object.fromEntries(STAGES.map((s) => [s, describeLimit(limits[s])])) as Record<Stage, string>,
    publicVisible: c.publicVisible,
    sort: c.sort,
    active: c.active,
    version: c.version,
  };
}

export async function listCategories(db: Executor, ctx: RequestContext, opts: { includeInactive?: boolean } = {}) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_categories.read']);
  const rows = await repo.listCategories(db, actor.jurisdictionId, { activeOnly: !opts.includeInactive });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = await repo.orgUnitNames(db, rows.map((r) => r.departmentId).filter((x): x is number => x !== null));
  const dtos = rows.map((r) => categoryDto(r, r.parentId ? (byId.get(r.parentId) ?? null) : null, names));
  const roots = dtos.filter((d) => d.parentId === null);
  return roots.map((r) => ({ ...r, children: dtos.filter((d) => d.parentId === r.id) }));
}

export interface CategoryInput {
  parentId?: number | null;
  code?: string;
  name?: string;
  description?: string;
  departmentId?: number | null;
  timeLimits?: StageLimits;
  publicVisible?: boolean;
  sort?: number;
  active?: boolean;
}

async function checkInput(db: Executor, jurisdictionId: number, input: CategoryInput, selfId: number | null) {
  if (input.parentId) {
    const parent = await repo.findCategory(db, input.parentId);
    if (!parent || parent.jurisdictionId !== jurisdictionId) throw errors.notFound('event_category', '事件分类');
    if (parent.parentId !== null) {
      throw errors.rule('event_categories.too_deep', { zh: '事件分类最多两级', en: 'Categories have at most two levels' });
    }
    if (selfId !== null && parent.id === selfId) throw errors.rule('event_categories.self_parent', { zh: '不能以自身为上级', en: 'Cannot be its own parent' });
    if (selfId !== null && (await repo.childCategoryIds(db, selfId)).length > 0) {
      throw errors.rule('event_categories.has_children', { zh: '有下级分类的分类不能再设上级', en: 'A category with children cannot get a parent' });
    }
  }
  if (input.departmentId) {
    const ou = await repo.findOrgUnit(db, input.departmentId);
    if (!ou || ou.jurisdictionId !== jurisdictionId) throw errors.notFound('org_unit', '部门');
  }
  for (const [stage, limit] of Object.entries(input.timeLimits ?? {})) {
    if (!(STAGES as readonly string[]).includes(stage)) throw errors.validation({ stage }, { zh: `未知环节 ${stage}`, en: `Unknown stage ${stage}` });
    try {
      checkLimit(limit as TimeLimit);
    } catch {
      throw errors.validation({ stage }, { zh: '时限不合法', en: 'Invalid time limit' });
    }
  }
}

export async function createCategory(db: Executor, ctx: RequestContext, input: CategoryInput & { code: string; name: string }) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_categories.manage']);
  await checkInput(db, actor.jurisdictionId, input, null);
  if (await repo.findCategoryByCode(db, actor.jurisdictionId, input.code)) {
    throw errors.conflict('event_categories.code_taken', { zh: '分类编码已存在', en: 'The code is taken' });
  }
  const row = await db.transaction().execute(async (tx) => {
    const r = await repo.insertCategory(tx, {
      jurisdictionId: actor.jurisdictionId,
      parentId: input.parentId ?? null,
      code: input.code,
      name: input.name,
      description: input.description ?? '',
      departmentId: input.departmentId ?? null,
      timeLimits: JSON.stringify(input.timeLimits ?? {}),
      publicVisible: input.publicVisible ?? false,
      sort: input.sort ?? 0,
    });
    await appendAudit(tx, ctx, { action: 'event_category.create', entity: 'event_category', entityId: r.id, details: { code: r.code, name: r.name } });
    return r;
  });
  return categoryOut(db, row.id);
}

export async function updateCategory(db: Executor, ctx: RequestContext, id: number, input: CategoryInput & { version: number }) {
  const actor = actorOf(ctx);
  authorize(actor, eventActions['event_categories.manage']);
  const existing = await repo.findCategory(db, id);
  if (!existing || existing.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('event_category', '事件分类');
  await checkInput(db, actor.jurisdictionId, input, id);
  if (input.code && input.code !== existing.code && (await repo.findCategoryByCode(db, actor.jurisdictionId, input.code))) {
    throw errors.conflict('event_categories.code_taken', { zh: '分类编码已存在', en: 'The code is taken' });
  }
  await db.transaction().execute(async (tx) => {
    const { version, timeLimits, ...rest } = input;
    const r = await repo.updateCategory(tx, id, version, {
      ...rest,
      ...(timeLimits !== undefined ? { timeLimits: JSON.stringify(timeLimits) } : {}),
    });
    if (!r) throw errors.stale('event_category', { currentVersion: existing.version });
    await appendAudit(tx, ctx, {
      action: 'event_category.update',
      entity: 'event_category',
      entityId: id,
      details: { changed: Object.keys(input).filter((k) => k !== 'version') },
    });
  });
  return categoryOut(db, id);
}

async function categoryOut(db: Executor, id: number) {
  const c = await repo.findCategory(db, id);
  if (!c) throw errors.notFound('event_category', '事件分类');
  const parent = c.parentId ? ((await repo.findCategory(db, c.parentId)) ?? null) : null;
  const dep = c.departmentId ?? parent?.departmentId ?? null;
  return categoryDto(c, parent, await repo.orgUnitNames(db, dep ? [dep] : []));
}
