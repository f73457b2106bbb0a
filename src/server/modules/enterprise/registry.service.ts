// The enterprise registry: create, edit, search, the whole contact phone behind a reason, projects.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor, type Scope } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { openPersonal, requirePhone, sealPersonal } from '../../platform/crypto/sensitive.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { listEventsByEnterprise } from '../events/index.ts';
import { locateGrid } from '../grids/index.ts';
import { validateCreditCode } from './credit-code.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import { ENTERPRISE_SIZES, PROJECT_STAGES, type EnterpriseSize, type ProjectStage } from './enterprise.enums.ts';
import * as repo from './registry.repository.ts';

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

export const notFound = () => errors.notFound('enterprise', '企业');

/** A 400 naming the bad character of a credit code. */
export function requireCreditCode(raw: string, field = 'creditCode'): string {
  const r = validateCreditCode(raw);
  if (!r.ok) throw errors.validation({ field, problem: r.problem }, { zh: r.zh, en: r.en });
  return r.code;
}

export function cleanTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    const v = t.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  if (out.length > 10) throw errors.validation({ field: 'tags' }, { zh: '标签最多 10 个', en: 'At most 10 tags' });
  if (out.some((t) => t.length > 20)) throw errors.validation({ field: 'tags' }, { zh: '每个标签最多 20 个字', en: 'A tag has at most 20 characters' });
  return out;
}

export function checkLocation(lng: number | null | undefined, lat: number | null | undefined): void {
  if ((lng == null) !== (lat == null)) {
    throw errors.validation({ field: 'lng' }, { zh: '经度和纬度须同时填写', en: 'Give both longitude and latitude' });
  }
  if (lng != null && (lng < 73 || lng > 136 || lat! < 3 || lat! > 54)) {
    throw errors.validation({ field: 'lng' }, { zh: '坐标不在中国境内（经度 73–136，纬度 3–54）', en: 'The point is outside China' });
  }
}

/** The base grid a point lies in (null without a point or outside every grid). */
export async function placeInGrid(db: Executor, jurisdictionId: number, lng: number | null | undefined, lat: number | null | undefined) {
  if (lng == null || lat == null) return null;
  const grid = await locateGrid(db, jurisdictionId, lng, lat);
  return grid?.id ?? null;
}

export async function checkOfficers(db: Executor, jurisdictionId: number, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const found = await repo.usersWithRole(db, jurisdictionId, unique, 'enterprise_officer');
  const missing = unique.filter((id) => !found.some((u) => u.id === id));
  if (missing.length > 0) {
    throw errors.validation({ field: 'officerIds', missing }, { zh: '包联干部须为本区企业服务专员', en: 'Service officers must be enterprise officers of this zone' });
  }
  return unique;
}

type EnterpriseRow = NonNullable<Awaited<ReturnType<typeof repo.findEnterprise>>>;
type ListRow = Awaited<ReturnType<typeof repo.searchEnterprises>>['items'][number];
type OfficerRow = Awaited<ReturnType<typeof repo.officersOf>>[number];

export function toEnterpriseDto(r: ListRow | EnterpriseRow, officers: OfficerRow[]) {
  return {
    id: r.id,
    creditCode: r.creditCode,
    name: r.name,
    industry: r.industry,
    size: r.size as EnterpriseSize,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    gridId: r.gridId,
    gridName: r.gridName ?? null,
    legalRepresentative: r.legalRepresentative,
    contactName: r.contactName,
    contactPhoneMasked: r.contactPhoneMasked,
    tags: r.tags,
    officers: officers.filter((o) => o.enterpriseId === r.id).map((o) => ({ userId: o.userId, displayName: o.displayName, isPrimary: o.isPrimary })),
    active: r.active,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
export type EnterpriseDto = ReturnType<typeof toEnterpriseDto>;

/** The row check for an enterprise: handlers reach it through their unit's demands, enterprise users are it. */
export async function assertEnterpriseAccess(db: Executor, actor: Actor, scope: Scope, row: { id: number; jurisdictionId: number } | undefined) {
  const departmentIds = row && scope === 'department' ? await repo.unitsServingEnterprise(db, row.id) : [];
  assertRowAccess(actor, scope, row && { jurisdictionId: row.jurisdictionId, departmentIds, enterpriseId: row.id }, 'enterprise', '企业');
}

/** Loads an enterprise the actor may read for the action, or 404. */
export async function loadEnterprise(db: Executor, actor: Actor, action: string, id: number): Promise<EnterpriseRow> {
  const scope = authorize(actor, action);
  const row = await repo.findEnterprise(db, id);
  await assertEnterpriseAccess(db, actor, scope, row);
  return row!;
}

export function scopeFilter(actor: Actor, scope: Scope): Partial<repo.EnterpriseFilter> {
  switch (scope) {
    case 'jurisdiction':
      return {};
    case 'department':
      return { servedByUnitId: actor.orgUnitId ?? -1 };
    case 'enterprise':
      return { enterpriseId: actor.enterpriseId ?? -1 };
    case 'grid':
    case 'own':
      return { enterpriseId: -1 };
    default: {
      const never: never = scope;
      throw new Error(`unhandled scope ${String(never)}`);
    }
  }
}

export interface EnterpriseInput {
  creditCode: string;
  name: string;
  industry?: string;
  size?: EnterpriseSize;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  legalRepresentative?: string;
  contactName?: string;
  contactPhone?: string | null;
  tags?: string[];
  officerIds?: number[];
}

export async function createEnterprise(db: Executor, ctx: RequestContext, box: SecretBox, input: EnterpriseInput): Promise<EnterpriseDto> {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.manage']);
  const creditCode = requireCreditCode(input.creditCode);
  const name = input.name.trim();
  if (!name) throw errors.validation({ field: 'name' }, { zh: '企业名称不能为空', en: 'The name is empty' });
  checkLocation(input.lng, input.lat);
  const tags = cleanTags(input.tags);
  const phone = input.contactPhone ? sealPersonal(box, requirePhone(input.contactPhone, 'contactPhone'), 'phone') : null;
  const officerIds = await checkOfficers(db, actor.jurisdictionId, input.officerIds ?? []);
  const id = await db.transaction().execute(async (tx) => {
    const dup = await repo.findEnterpriseByCode(tx, actor.jurisdictionId, creditCode);
    if (dup) {
      throw errors.conflict('enterprise.duplicate_credit_code', { zh: `统一社会信用代码已登记（${dup.name}）`, en: 'This credit code is already registered' }, { enterpriseId: dup.id });
    }
    const gridId = await placeInGrid(tx, actor.jurisdictionId, input.lng, input.lat);
    const { id } = await repo.insertEnterprise(tx, {
      jurisdictionId: actor.jurisdictionId,
      creditCode,
      name,
      industry: input.industry?.trim() ?? '',
      size: input.size ?? 'unknown',
      address: input.address?.trim() ?? '',
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      gridId,
      legalRepresentative: input.legalRepresentative?.trim() ?? '',
      contactName: input.contactName?.trim() ?? '',
      contactPhoneEnc: phone?.enc ?? null,
      contactPhoneMasked: phone?.masked ?? null,
      tags,
      importId: null,
      createdBy: actor.userId,
    });
    await repo.replaceOfficers(tx, actor.jurisdictionId, id, officerIds);
    await appendAudit(tx, ctx, { action: 'enterprise.create', entity: 'enterprise', entityId: id, details: { creditCode, name, gridId, officerIds } });
    return id;
  });
  return getEnterprise(db, ctx, id);
}

export async function getEnterprise(db: Executor, ctx: RequestContext, id: number): Promise<EnterpriseDto> {
  const actor = requireActor(ctx);
  const row = await loadEnterprise(db, actor, enterpriseActions['enterprise.read'], id);
  return toEnterpriseDto(row, await repo.officersOf(db, [id]));
}

/** The enterprise's grid events for its 360° view: whoever may read the enterprise sees their summary rows. */
export async function enterpriseEvents(db: Executor, ctx: RequestContext, id: number, q: { page?: number; pageSize?: number }) {
  const actor = requireActor(ctx);
  await loadEnterprise(db, actor, enterpriseActions['enterprise.read'], id);
  return listEventsByEnterprise(db, ctx, id, q);
}

export type EnterprisePatch = Partial<EnterpriseInput> & { version: number; active?: boolean };

export async function updateEnterprise(db: Executor, ctx: RequestContext, box: SecretBox, id: number, input: EnterprisePatch): Promise<EnterpriseDto> {
  const actor = requireActor(ctx);
  const row = await loadEnterprise(db, actor, enterpriseActions['enterprise.manage'], id);
  const patch: Parameters<typeof repo.updateEnterprise>[3] = {};
  const changed: string[] = [];
  if (input.creditCode !== undefined) {
    patch.creditCode = requireCreditCode(input.creditCode);
    if (patch.creditCode !== row.creditCode) {
      const dup = await repo.findEnterpriseByCode(db, actor.jurisdictionId, patch.creditCode);
      if (dup) throw errors.conflict('enterprise.duplicate_credit_code', { zh: `统一社会信用代码已登记（${dup.name}）`, en: 'This credit code is already registered' });
    }
  }
  if (input.name !== undefined) {
    patch.name = input.name.trim();
    if (!patch.name) throw errors.validation({ field: 'name' }, { zh: '企业名称不能为空', en: 'The name is empty' });
  }
  for (const k of ['industry', 'address', 'legalRepresentative', 'contactName'] as const) if (input[k] !== undefined) patch[k] = input[k]!.trim();
  if (input.size !== undefined) patch.size = input.size;
  if (input.tags !== undefined) patch.tags = cleanTags(input.tags);
  if (input.active !== undefined) patch.active = input.active;
  if (input.contactPhone !== undefined) {
    const phone = input.contactPhone ? sealPersonal(box, requirePhone(input.contactPhone, 'contactPhone'), 'phone') : null;
    patch.contactPhoneEnc = phone?.enc ?? null;
    patch.contactPhoneMasked = phone?.masked ?? null;
  }
  const moved = input.lng !== undefined || input.lat !== undefined;
  if (moved) {
    const lng = input.lng !== undefined ? input.lng : row.lng;
    const lat = input.lat !== undefined ? input.lat : row.lat;
    checkLocation(lng, lat);
    patch.lng = lng ?? null;
    patch.lat = lat ?? null;
  }
  const officerIds = input.officerIds !== undefined ? await checkOfficers(db, actor.jurisdictionId, input.officerIds) : null;
  for (const k of Object.keys(patch)) changed.push(k === 'contactPhoneEnc' ? 'contactPhone' : k);
  await db.transaction().execute(async (tx) => {
    if (moved) patch.gridId = await placeInGrid(tx, actor.jurisdictionId, patch.lng, patch.lat);
    const r = await repo.updateEnterprise(tx, id, input.version, patch);
    if (!r) throw errors.stale('enterprise', { currentVersion: row.version });
    if (officerIds) {
      await repo.replaceOfficers(tx, actor.jurisdictionId, id, officerIds);
      changed.push('officerIds');
    }
    await appendAudit(tx, ctx, {
      action: 'enterprise.update',
      entity: 'enterprise',
      entityId: id,
      details: { changed: changed.filter((c) => c !== 'contactPhoneMasked'), ...(officerIds ? { officerIds } : {}) },
    });
  });
  return getEnterprise(db, ctx, id);
}

export interface EnterpriseQuery {
  page?: number;
  pageSize?: number;
  sort?: repo.EnterpriseSort;
  order?: 'asc' | 'desc';
  q?: string;
  industry?: string;
  size?: string;
  tag?: string;
  gridId?: number;
  officerId?: number;
  active?: boolean;
}

export function filterOf(actor: Actor, scope: Scope, q: EnterpriseQuery): repo.EnterpriseFilter {
  const term = q.q?.trim();
  return {
    jurisdictionId: actor.jurisdictionId,
    q: term ? term : undefined,
    industry: q.industry,
    size: q.size,
    tag: q.tag,
    gridId: q.gridId,
    officerId: q.officerId,
    active: q.active,
    ...scopeFilter(actor, scope),
  };
}

export async function listEnterprises(db: Executor, ctx: RequestContext, q: EnterpriseQuery) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.searchEnterprises(db, filterOf(actor, scope, q), {
    offset,
    limit: pageSize,
    sort: q.sort ?? 'name',
    order: q.order ?? 'asc',
  });
  const officers = await repo.officersOf(db, items.map((i) => i.id));
  return { items: items.map((i) => toEnterpriseDto(i, officers)), total, page, pageSize };
}

/** The whole contact phone, for an officer who gives a reason; the view is audited (not the number). */
export async function revealContact(db: Executor, ctx: RequestContext, box: SecretBox, id: number, reason: string) {
  const actor = requireActor(ctx);
  const row = await loadEnterprise(db, actor, enterpriseActions['enterprise.reveal'], id);
  if (reason.trim().length < 2) throw errors.validation({ field: 'reason' }, { zh: '请填写查看原因', en: 'Give a reason' });
  const phone = row.contactPhoneEnc ? openPersonal(box, row.contactPhoneEnc) : null;
  await appendAudit(db, ctx, { action: 'enterprise.contact_reveal', entity: 'enterprise', entityId: id, details: { reason: reason.trim().slice(0, 200), field: 'contactPhone' } });
  return { contactName: row.contactName, contactPhone: phone };
}

export async function listOfficers(db: Executor, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.read']);
  return repo.officersOfJurisdiction(db, actor.jurisdictionId);
}

// ------------------------------------------------------------------------------------------------ projects

export interface ProjectInput {
  name: string;
  investmentWan: number;
  stage: ProjectStage;
}

export function checkProject(p: ProjectInput): ProjectInput {
  const name = p.name.trim();
  if (!name) throw errors.validation({ field: 'project.name' }, { zh: '项目名称不能为空', en: 'The project name is empty' });
  if (!(p.investmentWan >= 0)) throw errors.validation({ field: 'project.investmentWan' }, { zh: '投资额不能为负', en: 'Investment cannot be negative' });
  if (!PROJECT_STAGES.includes(p.stage)) throw errors.validation({ field: 'project.stage' });
  return { name, investmentWan: Math.round(p.investmentWan * 100) / 100, stage: p.stage };
}

export async function createProject(db: Executor, ctx: RequestContext, enterpriseId: number, input: ProjectInput) {
  const actor = requireActor(ctx);
  await loadEnterprise(db, actor, enterpriseActions['enterprise.projects.write'], enterpriseId);
  const p = checkProject(input);
  return db.transaction().execute(async (tx) => {
    const row = await repo.insertProject(tx, { jurisdictionId: actor.jurisdictionId, enterpriseId, ...p });
    await appendAudit(tx, ctx, { action: 'enterprise.project_create', entity: 'enterprise_project', entityId: row.id, details: { enterpriseId, ...p } });
    return row;
  });
}

export async function updateProject(db: Executor, ctx: RequestContext, id: number, input: Partial<ProjectInput> & { version: number }) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.projects.write']);
  const row = await repo.findProject(db, id);
  assertRowAccess(actor, scope, row, 'enterprise_project', '项目');
  const p = checkProject({ name: input.name ?? row!.name, investmentWan: input.investmentWan ?? row!.investmentWan, stage: (input.stage ?? row!.stage) as ProjectStage });
  return db.transaction().execute(async (tx) => {
    const updated = await repo.updateProject(tx, id, input.version, p);
    if (!updated) throw errors.stale('enterprise_project', { currentVersion: row!.version });
    await appendAudit(tx, ctx, { action: 'enterprise.project_update', entity: 'enterprise_project', entityId: id, details: { ...p } });
    return updated;
  });
}

export async function listProjects(db: Executor, ctx: RequestContext, enterpriseId?: number) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.projects.read']);
  if (enterpriseId !== undefined) await loadEnterprise(db, actor, enterpriseActions['enterprise.projects.read'], enterpriseId);
  else if (scope !== 'jurisdiction') {
    if (scope === 'enterprise') return repo.projectsOf(db, actor.jurisdictionId, actor.enterpriseId ?? -1);
    throw errors.validation({ field: 'enterpriseId' }, { zh: '请指定企业', en: 'Name the enterprise' });
  }
  return repo.projectsOf(db, actor.jurisdictionId, enterpriseId);
}

export const ENTERPRISE_SIZE_VALUES = ENTERPRISE_SIZES;
