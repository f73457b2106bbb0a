// Org units (departments, the mediation centre, the police station, the judicial office...) and the
// jurisdiction itself. Units are never deleted, only deactivated, because records keep pointing at them.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { identityActions } from './identity.policy.ts';
import * as repo from './identity.repository.ts';

export const ORG_UNIT_KINDS = [
  'committee',
  'office',
  'command_centre',
  'department',
  'mediation_centre',
  'police_station',
  'judicial_office',
  'court',
  'company',
  'community',
  'other',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKind, { zh: string; en: string }> = {
  committee: { zh: '党工委管委会', en: 'Committee' },
  office: { zh: '办公室', en: 'Office' },
  command_centre: { zh: '指挥中心', en: 'Command centre' },
  department: { zh: '职能部门', en: 'Department' },
  mediation_centre: { zh: '矛调中心', en: 'Mediation centre' },
  police_station: { zh: '派出所', en: 'Police station' },
  judicial_office: { zh: '司法所', en: 'Judicial office' },
  court: { zh: '法庭', en: 'Court' },
  company: { zh: '公司', en: 'Company' },
  community: { zh: '社区', en: 'Community' },
  other: { zh: '其他', en: 'Other' },
};

export interface OrgUnitDto {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  sort: number;
  active: boolean;
  userCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type OrgUnitRow = NonNullable<Awaited<ReturnType<typeof repo.findOrgUnit>>>;

const toDto = (r: OrgUnitRow): OrgUnitDto => ({
  id: r.id,
  parentId: r.parentId,
  code: r.code,
  name: r.name,
  kind: r.kind,
  sort: r.sort,
  active: r.active,
  userCount: Number(r.userCount),
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

function actorFor(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor as Actor, scope };
}

async function loadOrgUnit(db: Executor, ctx: RequestContext, action: string, id: number): Promise<OrgUnitRow> {
  const { actor, scope } = actorFor(ctx, action);
  const row = await repo.findOrgUnit(db, id);
  assertRowAccess(actor, scope, row ? { jurisdictionId: row.jurisdictionId, departmentIds: [row.id] } : undefined, 'org_unit', '部门');
  return row as OrgUnitRow;
}

export interface ListOrgUnitsQuery {
  q?: string;
  kind?: string;
  active?: boolean;
  parentId?: number;
  page?: number;
  pageSize?: number;
  sort?: repo.OrgUnitSort;
  order?: 'asc' | 'desc';
}

export async function listOrgUnits(db: Executor, ctx: RequestContext, query: ListOrgUnitsQuery): Promise<PageResult<OrgUnitDto>> {
  const { actor } = actorFor(ctx, identityActions['org_units.read']);
  const { page, pageSize, offset } = pageBounds(query);
  const { items, total } = await repo.listOrgUnits(
    db,
    actor.jurisdictionId,
    { q: query.q?.trim() || undefined, kind: query.kind, active: query.active, parentId: query.parentId },
    { sort: query.sort ?? 'sort', order: query.order ?? 'asc', limit: pageSize, offset },
  );
  return { items: items.map(toDto), total, page, pageSize };
}

/** All units in tree order (each parent before its children), with their depth; orphans become roots. */
export async function orgUnitTree(db: Executor, ctx: RequestContext, includeInactive: boolean): Promise<{ items: (OrgUnitDto & { depth: number })[] }> {
  const { actor } = actorFor(ctx, identityActions['org_units.read']);
  const rows = (await repo.allOrgUnits(db, actor.jurisdictionId, includeInactive)).map(toDto);
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, OrgUnitDto[]>();
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: (OrgUnitDto & { depth: number })[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ ...r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return { items: out };
}

export async function getOrgUnit(db: Executor, ctx: RequestContext, id: number): Promise<OrgUnitDto> {
  return toDto(await loadOrgUnit(db, ctx, identityActions['org_units.read'], id));
}

async function checkParent(db: Executor, jurisdictionId: number, parentId: number | null, selfId: number | null): Promise<void> {
  if (parentId === null) return;
  const parent = await repo.findOrgUnit(db, parentId);
  if (!parent || parent.jurisdictionId !== jurisdictionId) {
    throw errors.unprocessable('org_unit.parent_missing', { zh: '上级部门不存在', en: 'The parent unit does not exist' }, { parentId });
  }
  if (!parent.active) throw errors.unprocessable('org_unit.parent_inactive', { zh: '上级部门已停用', en: 'The parent unit is deactivated' });
  if (selfId !== null && (parentId === selfId || (await repo.orgUnitAncestors(db, parentId)).includes(selfId))) {
    throw errors.unprocessable('org_unit.cycle', { zh: '不能把部门移到它自己的下级', en: 'A unit cannot be moved under itself' });
  }
}

async function checkCodeFree(db: Executor, jurisdictionId: number, code: string, selfId: number | null) {
  const other = await repo.findOrgUnitByCode(db, jurisdictionId, code);
  if (other && other.id !== selfId) {
    throw errors.conflict('org_unit.code_taken', { zh: '部门编码已被使用', en: 'The code is taken' }, { code });
  }
}

export interface CreateOrgUnitInput {
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentId?: number | null;
  sort?: number;
}

export async function createOrgUnit(db: Executor, ctx: RequestContext, input: CreateOrgUnitInput): Promise<OrgUnitDto> {
  const { actor } = actorFor(ctx, identityActions['org_units.manage']);
  const name = input.name.trim();
  if (!name) throw errors.validation({ field: 'name' }, { zh: '名称不能为空', en: 'The name is required' });
  await checkParent(db, actor.jurisdictionId, input.parentId ?? null, null);
  await checkCodeFree(db, actor.jurisdictionId, input.code, null);
  const id = await db.transaction().execute(async (tx) => {
    const row = await repo.insertOrgUnit(tx, {
      jurisdictionId: actor.jurisdictionId,
      code: input.code,
      name,
      kind: input.kind,
      parentId: input.parentId ?? null,
      sort: input.sort ?? 0,
    });
    await appendAudit(tx, ctx, {
      action: 'org_unit.create',
      entity: 'org_unit',
      entityId: row.id,
      details: { code: input.code, name, kind: input.kind, parentId: input.parentId ?? null },
    });
    return row.id;
  });
  return toDto((await repo.findOrgUnit(db, id)) as OrgUnitRow);
}

export interface UpdateOrgUnitInput {
  version: number;
  code?: string;
  name?: string;
  kind?: OrgUnitKind;
  parentId?: number | null;
  sort?: number;
}

export async function updateOrgUnit(db: Executor, ctx: RequestContext, id: number, input: UpdateOrgUnitInput): Promise<OrgUnitDto> {
  const row = await loadOrgUnit(db, ctx, identityActions['org_units.manage'], id);
  const set: Parameters<typeof repo.updateOrgUnitVersioned>[3] = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const note = <K extends 'code' | 'name' | 'kind' | 'parentId' | 'sort'>(k: K, to: OrgUnitRow[K] | undefined) => {
    if (to === undefined || to === row[k]) return;
    (set as Record<string, unknown>)[k] = to;
    changes[k] = { from: row[k], to };
  };
  if (input.name !== undefined && !input.name.trim()) throw errors.validation({ field: 'name' }, { zh: '名称不能为空', en: 'The name is required' });
  note('code', input.code);
  note('name', input.name?.trim());
  note('kind', input.kind);
  note('parentId', input.parentId);
  note('sort', input.sort);
  if (input.version !== row.version) throw errors.stale('org_unit', { currentVersion: row.version });
  if ('parentId' in changes) await checkParent(db, row.jurisdictionId, input.parentId ?? null, id);
  if ('code' in changes) await checkCodeFree(db, row.jurisdictionId, input.code as string, id);
  if (Object.keys(changes).length === 0) return toDto(row);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateOrgUnitVersioned(tx, id, input.version, set))) throw errors.stale('org_unit');
    await appendAudit(tx, ctx, { action: 'org_unit.update', entity: 'org_unit', entityId: id, details: { changes } });
  });
  return toDto((await repo.findOrgUnit(db, id)) as OrgUnitRow);
}

/** Deactivates a unit that has no active sub-units and no enabled users (move them first). */
export async function deactivateOrgUnit(db: Executor, ctx: RequestContext, id: number, version: number): Promise<OrgUnitDto> {
  const row = await loadOrgUnit(db, ctx, identityActions['org_units.manage'], id);
  if (row.version !== version) throw errors.stale('org_unit', { currentVersion: row.version });
  if (!row.active) return toDto(row);
  const [children, users] = await Promise.all([repo.countActiveChildren(db, id), repo.countEnabledUsersInOrgUnit(db, id)]);
  if (children > 0 || users > 0) {
    throw errors.unprocessable(
      'org_unit.in_use',
      { zh: `该部门仍有 ${children} 个下级部门和 ${users} 名在用人员，请先调整`, en: `The unit still has ${children} active sub-units and ${users} enabled users` },
      { activeChildren: children, enabledUsers: users },
    );
  }
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateOrgUnitVersioned(tx, id, version, { active: false }))) throw errors.stale('org_unit');
    await appendAudit(tx, ctx, { action: 'org_unit.deactivate', entity: 'org_unit', entityId: id, details: { code: row.code } });
  });
  return toDto((await repo.findOrgUnit(db, id)) as OrgUnitRow);
}

export async function activateOrgUnit(db: Executor, ctx: RequestContext, id: number, version: number): Promise<OrgUnitDto> {
  const row = await loadOrgUnit(db, ctx, identityActions['org_units.manage'], id);
  if (row.version !== version) throw errors.stale('org_unit', { currentVersion: row.version });
  if (row.active) return toDto(row);
  await checkParent(db, row.jurisdictionId, row.parentId, id);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateOrgUnitVersioned(tx, id, version, { active: true }))) throw errors.stale('org_unit');
    await appendAudit(tx, ctx, { action: 'org_unit.activate', entity: 'org_unit', entityId: id, details: { code: row.code } });
  });
  return toDto((await repo.findOrgUnit(db, id)) as OrgUnitRow);
}

export async function getJurisdiction(db: Executor, ctx: RequestContext) {
  const { actor } = actorFor(ctx, identityActions['jurisdiction.read']);
  const j = await repo.findJurisdiction(db, actor.jurisdictionId);
  if (!j) throw errors.notFound('jurisdiction', '辖区');
  const workYear = await workYearOf(db, j.id, j.timezone);
  return { id: j.id, code: j.code, name: j.name, shortName: j.shortName, region: j.region, timezone: j.timezone, workYear };
}

// ---- Work year (当前工作年度) ------------------------------------------------------------------------
// The year the office is working on: what every year picker (figures, dashboards, the annual report)
// opens on. Kept in `settings`; when unset it is the current calendar year in the jurisdiction's zone.

export const WORK_YEAR_SETTING = 'work_year';
export const MIN_WORK_YEAR = 2000;

/** The calendar year now in a time zone (Asia/Shanghai unless the jurisdiction says otherwise). */
export function currentYearIn(timeZone: string | null | undefined, now: Date = new Date()): number {
  return Number(yearFormat(timeZone || 'Asia/Shanghai').format(now));
}

// Building an Intl formatter costs far more than using one: keep one per time zone (an unknown zone falls back).
const yearFormats = new Map<string, Intl.DateTimeFormat>();
function yearFormat(timeZone: string): Intl.DateTimeFormat {
  let f = yearFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' });
    } catch {
      f = yearFormat('Asia/Shanghai');
    }
    if (yearFormats.size < 100) yearFormats.set(timeZone, f);
  }
  return f;
}

export async function workYearOf(db: Executor, jurisdictionId: number, timeZone?: string | null): Promise<number> {
  const stored = await repo.getSetting<unknown>(db, jurisdictionId, WORK_YEAR_SETTING);
  if (typeof stored === 'number' && Number.isInteger(stored)) return stored;
  const tz = timeZone ?? (await repo.findJurisdiction(db, jurisdictionId))?.timezone;
  return currentYearIn(tz);
}

export async function setWorkYear(db: Executor, ctx: RequestContext, year: number): Promise<{ workYear: number }> {
  const { actor } = actorFor(ctx, identityActions['jurisdiction.manage']);
  const j = await repo.findJurisdiction(db, actor.jurisdictionId);
  if (!j) throw errors.notFound('jurisdiction', '辖区');
  const max = currentYearIn(j.timezone) + 1;
  if (!Number.isInteger(year) || year < MIN_WORK_YEAR || year > max) {
    throw errors.validation({ field: 'year' }, { zh: `工作年度须在 ${MIN_WORK_YEAR}–${max} 之间`, en: `The work year must be between ${MIN_WORK_YEAR} and ${max}` });
  }
  await db.transaction().execute(async (tx) => {
    const previous = await repo.getSetting<unknown>(tx, j.id, WORK_YEAR_SETTING);
    await repo.putSetting(tx, j.id, WORK_YEAR_SETTING, year);
    await appendAudit(tx, ctx, {
      action: 'jurisdiction.work_year.update',
      entity: 'jurisdiction',
      entityId: j.id,
      details: { key: WORK_YEAR_SETTING, from: typeof previous === 'number' ? previous : null, to: year },
    });
  });
  return { workYear: year };
}
