// Legal-service rules: a duty lawyer records and reads only their own services; the rule-of-law office records
// for any duty lawyer and reads all. A service happens at an enterprise (registry) or a named place.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, rowInScope, type Scope } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageArgs } from '../../platform/http/schemas.ts';
import { legalActions } from './legal-services.policy.ts';
import * as repo from './legal-services.repository.ts';
import { SERVICE_KINDS, type ServiceKind } from './legal-services.table.ts';

function actorOf(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

const firmNotFound = () => errors.notFound('legal.firm', '律所');
const serviceNotFound = () => errors.notFound('legal.service', '法律服务记录');

// ── firms and lawyers ──

export async function listFirms(db: Executor, ctx: RequestContext) {
  const { actor } = actorOf(ctx, legalActions['legal.firms.read']);
  return (await repo.listFirms(db, actor.jurisdictionId)).map((f) => ({ ...f, lawyerCount: Number(f.lawyerCount ?? 0) }));
}

export async function createFirm(db: Executor, ctx: RequestContext, input: { name: string; address?: string; phone?: string }) {
  const { actor } = actorOf(ctx, legalActions['legal.firms.manage']);
  return db.transaction().execute(async (tx) => {
    const firm = await repo.insertFirm(tx, { jurisdictionId: actor.jurisdictionId, name: input.name.trim(), address: input.address ?? '', phone: input.phone ?? '' }).catch((e: unknown) => {
      if (String((e as { code?: string }).code) === '23505') {
        throw errors.conflict('legal.firm_exists', { zh: '同名律所已存在', en: 'A firm with this name exists' });
      }
      throw e;
    });
    await appendAudit(tx, ctx, { action: 'legal.firm.create', entity: 'law_firm', entityId: firm.id, details: { name: firm.name } });
    return firm;
  });
}

export async function updateFirm(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; name?: string; address?: string; phone?: string; active?: boolean },
) {
  const { actor } = actorOf(ctx, legalActions['legal.firms.manage']);
  return db.transaction().execute(async (tx) => {
    const firm = await repo.findFirm(tx, id);
    if (!firm || firm.jurisdictionId !== actor.jurisdictionId) throw firmNotFound();
    const { version, ...changes } = input;
    const updated = await repo.updateFirm(tx, id, version, changes);
    if (!updated) throw errors.stale('legal.firm', { current: firm.version });
    await appendAudit(tx, ctx, { action: 'legal.firm.update', entity: 'law_firm', entityId: id, details: { fields: Object.keys(changes) } });
    return updated;
  });
}

export async function listLawyers(db: Executor, ctx: RequestContext) {
  const { actor } = actorOf(ctx, legalActions['legal.firms.read']);
  const rows = await repo.listLawyers(db, actor.jurisdictionId);
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    firmId: r.firmId,
    firmName: r.firmName,
    licenceNo: r.licenceNo ?? '',
    onDuty: r.firmId !== null && r.active === true && !r.disabled,
    version: r.version ?? 0,
  }));
}

/** Puts a user with the lawyer role on the duty roster of a firm (or changes their firm, or takes them off). */
export async function setDutyLawyer(
  db: Executor,
  ctx: RequestContext,
  userId: number,
  input: { firmId: number; licenceNo?: string; active?: boolean },
) {
  const { actor } = actorOf(ctx, legalActions['legal.firms.manage']);
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, userId);
    if (!user || user.jurisdictionId !== actor.jurisdictionId || user.role !== 'lawyer') throw errors.notFound('legal.lawyer', '值班律师');
    const firm = await repo.findFirm(tx, input.firmId);
    if (!firm || firm.jurisdictionId !== actor.jurisdictionId) throw firmNotFound();
    const row = await repo.upsertDutyLawyer(tx, {
      userId,
      jurisdictionId: actor.jurisdictionId,
      firmId: firm.id,
      licenceNo: input.licenceNo ?? '',
      active: input.active ?? true,
    });
    await appendAudit(tx, ctx, { action: 'legal.lawyer.set', entity: 'duty_lawyer', entityId: userId, details: { firmId: firm.id, active: row.active } });
    return { userId, firmId: row.firmId, licenceNo: row.licenceNo, active: row.active };
  });
}

// ── service records ──

export interface ServiceInput {
  lawyerId?: number;
  kind: ServiceKind;
  servedOn: string;
  enterpriseId?: number | null;
  place?: string;
  peopleServed: number;
  topic: string;
  summary?: string;
}

async function checkSite(db: Executor, jurisdictionId: number, enterpriseId: number | null | undefined, place: string | undefined) {
  if ((enterpriseId === null || enterpriseId === undefined) && !(place ?? '').trim()) {
    throw errors.validation({ field: 'place' }, { zh: '请选择企业或填写服务地点', en: 'Give an enterprise or a place' });
  }
  if (enterpriseId !== null && enterpriseId !== undefined) {
    const e = await repo.findEnterprise(db, enterpriseId);
    if (!e || e.jurisdictionId !== jurisdictionId) throw errors.notFound('enterprise', '企业');
  }
}

/** The lawyer a new record belongs to: a duty lawyer writes for themself; the office names the lawyer. */
async function resolveLawyer(db: Executor, ctx: RequestContext, scope: Scope, lawyerId: number | undefined): Promise<number> {
  const actor = ctx.actor!;
  if (scope === 'own') {
    if (lawyerId !== undefined && lawyerId !== actor.userId) throw errors.forbidden({ reason: 'own_records_only' });
    return actor.userId;
  }
  if (lawyerId === undefined) throw errors.validation({ field: 'lawyerId' }, { zh: '请选择值班律师', en: 'Choose the duty lawyer' });
  const user = await repo.findUser(db, lawyerId);
  if (!user || user.jurisdictionId !== actor.jurisdictionId || user.role !== 'lawyer') throw errors.notFound('legal.lawyer', '值班律师');
  return lawyerId;
}

const ownerRow = (r: { jurisdictionId: number; lawyerId: number }) => ({ jurisdictionId: r.jurisdictionId, ownerId: r.lawyerId });

export async function createService(db: Executor, ctx: RequestContext, input: ServiceInput) {
  const { actor, scope } = actorOf(ctx, legalActions['legal.services.write']);
  return db.transaction().execute(async (tx) => {
    await checkSite(tx, actor.jurisdictionId, input.enterpriseId, input.place);
    const lawyerId = await resolveLawyer(tx, ctx, scope, input.lawyerId);
    const id = await repo.insertService(tx, {
      jurisdictionId: actor.jurisdictionId,
      lawyerId,
      kind: input.kind,
      servedOn: input.servedOn,
      enterpriseId: input.enterpriseId ?? null,
      place: (input.place ?? '').trim(),
      peopleServed: input.peopleServed,
      topic: input.topic.trim(),
      summary: input.summary ?? '',
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'legal.service.create', entity: 'legal_service', entityId: id, details: { kind: input.kind, lawyerId } });
    return (await repo.findService(tx, id))!;
  });
}

export async function getService(db: Executor, ctx: RequestContext, id: number) {
  const { actor, scope } = actorOf(ctx, legalActions['legal.services.read']);
  const row = await repo.findService(db, id);
  if (!row || !rowInScope(actor, scope, ownerRow(row))) throw serviceNotFound();
  return row;
}

export async function updateService(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: Partial<Omit<ServiceInput, 'lawyerId'>> & { version: number },
) {
  const { actor, scope } = actorOf(ctx, legalActions['legal.services.write']);
  return db.transaction().execute(async (tx) => {
    const row = await repo.findService(tx, id);
    if (!row || !rowInScope(actor, scope, ownerRow(row))) throw serviceNotFound();
    const { version, ...changes } = input;
    const enterpriseId = changes.enterpriseId !== undefined ? changes.enterpriseId : row.enterpriseId;
    const place = changes.place !== undefined ? changes.place : row.place;
    if (changes.enterpriseId !== undefined || changes.place !== undefined) await checkSite(tx, actor.jurisdictionId, enterpriseId, place);
    const updated = await repo.updateService(tx, id, version, {
      ...changes,
      ...(changes.place !== undefined ? { place: changes.place.trim() } : {}),
      ...(changes.topic !== undefined ? { topic: changes.topic.trim() } : {}),
    });
    if (!updated) throw errors.stale('legal.service', { current: row.version });
    await appendAudit(tx, ctx, { action: 'legal.service.update', entity: 'legal_service', entityId: id, details: { fields: Object.keys(changes) } });
    return (await repo.findService(tx, id))!;
  });
}

export interface ServiceListQuery extends PageArgs {
  kind?: ServiceKind;
  lawyerId?: number;
  enterpriseId?: number;
  from?: string;
  to?: string;
  sort?: 'servedOn' | 'id';
  order?: 'asc' | 'desc';
}

export async function listServices(db: Executor, ctx: RequestContext, q: ServiceListQuery) {
  const { actor, scope } = actorOf(ctx, legalActions['legal.services.read']);
  const { page, pageSize, offset } = pageBounds(q);
  // A duty lawyer's list is their own, whatever lawyer they ask for.
  const lawyerId = scope === 'own' ? actor.userId : q.lawyerId;
  const { items, total } = await repo.listServices(
    db,
    { jurisdictionId: actor.jurisdictionId, lawyerId, kind: q.kind, from: q.from, to: q.to, enterpriseId: q.enterpriseId },
    { offset, limit: pageSize, sort: q.sort ?? 'servedOn', order: q.order ?? 'desc' },
  );
  return { items, total, page, pageSize };
}

// ── figures ──

export interface LegalServicesFigures {
  from: string;
  to: string;
  services: number;
  byKind: Record<ServiceKind, { services: number; peopleServed: number }>;
  /** Distinct sites: an enterprise, or else a place name. */
  sites: number;
  enterprisesReached: number;
  peopleServed: number;
  lawyers: number;
  byMonth: { month: string; services: number }[];
}

/** The module's figures for a period (dates inclusive), for the dashboard and the annual report. */
export async function legalServicesFigures(db: Executor, jurisdictionId: number, from: string, to: string, lawyerId?: number): Promise<LegalServicesFigures> {
  const f = await repo.figures(db, jurisdictionId, from, to, lawyerId);
  const byKind = Object.fromEntries(SERVICE_KINDS.map((k) => [k, { services: 0, peopleServed: 0 }])) as LegalServicesFigures['byKind'];
  for (const r of f.byKind) byKind[r.kind] = { services: Number(r.services), peopleServed: Number(r.peopleServed) };
  return {
    from,
    to,
    services: Number(f.totals.services),
    byKind,
    sites: Number(f.totals.sites),
    enterprisesReached: Number(f.totals.enterprises),
    peopleServed: Number(f.totals.peopleServed),
    lawyers: Number(f.totals.lawyers),
    byMonth: f.byMonth.map((m) => ({ month: m.month, services: Number(m.services) })),
  };
}

export async function figuresFor(db: Executor, ctx: RequestContext, from: string, to: string) {
  const { actor, scope } = actorOf(ctx, legalActions['legal.figures.read']);
  return legalServicesFigures(db, actor.jurisdictionId, from, to, scope === 'own' ? actor.userId : undefined);
}
