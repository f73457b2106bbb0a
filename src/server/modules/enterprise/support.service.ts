// Job-posting help (帮助企业线上发布招聘), bank–enterprise matching (银企对接), campaigns (专项活动) and the
// office's yearly collection targets.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor, type Scope } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { JOB_CHANNELS, type ApplicationStatus, type JobChannel } from './enterprise.enums.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import * as repo from './support.repository.ts';
import { loadEnterprise, requireActor } from './registry.service.ts';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function enterpriseScope(actor: Actor, scope: Scope, enterpriseId: number | undefined): number | undefined {
  if (scope === 'jurisdiction') return enterpriseId;
  return actor.enterpriseId ?? -1;
}

async function checkCampaign(db: Executor, actor: Actor, campaignId: number | null | undefined): Promise<number | null> {
  if (!campaignId) return null;
  const c = await repo.findCampaign(db, campaignId);
  if (!c || c.jurisdictionId !== actor.jurisdictionId) throw errors.validation({ field: 'campaignId' }, { zh: '专项活动不存在', en: 'No such campaign' });
  return c.id;
}

function notFuture(day: string, field: string) {
  if (day > today()) throw errors.validation({ field }, { zh: '日期不能晚于今天', en: 'The date cannot be in the future' });
}

const money = (v: number) => Math.round(v * 100) / 100;

// ------------------------------------------------------------------------------------------------ job posts

export interface JobPostInput {
  enterpriseId: number;
  postedOn: string;
  channel: JobChannel;
  positionsCount: number;
  positionTitles?: string[];
  hiredCount?: number | null;
  campaignId?: number | null;
  notes?: string;
}

const jobPostDto = (j: repo.JobPostRow) => ({
  id: j.id,
  enterpriseId: j.enterpriseId,
  enterpriseName: j.enterpriseName,
  postedOn: j.postedOn,
  channel: j.channel as JobChannel,
  positionsCount: j.positionsCount,
  positionTitles: j.positionTitles,
  hiredCount: j.hiredCount,
  officerId: j.officerId,
  officerName: j.officerName,
  campaignId: j.campaignId,
  campaignName: j.campaignName,
  notes: j.notes,
  version: j.version,
  createdAt: j.createdAt,
});

function cleanTitles(titles: string[] | undefined): string[] {
  const out = [...new Set((titles ?? []).map((t) => t.trim()).filter(Boolean))];
  if (out.length > 200 || out.some((t) => t.length > 50)) throw errors.validation({ field: 'positionTitles' }, { zh: '岗位名称过多或过长', en: 'Too many or too long titles' });
  return out;
}

export async function createJobPost(db: Executor, ctx: RequestContext, input: JobPostInput) {
  const actor = requireActor(ctx);
  await loadEnterprise(db, actor, enterpriseActions['enterprise.support.write'], input.enterpriseId);
  if (!JOB_CHANNELS.includes(input.channel)) throw errors.validation({ field: 'channel' });
  notFuture(input.postedOn, 'postedOn');
  const titles = cleanTitles(input.positionTitles);
  if (titles.length > input.positionsCount) {
    throw errors.validation({ field: 'positionTitles' }, { zh: '岗位名称数不能多于岗位数', en: 'More titles than positions' });
  }
  const campaignId = await checkCampaign(db, actor, input.campaignId);
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await repo.insertJobPost(tx, {
      jurisdictionId: actor.jurisdictionId,
      enterpriseId: input.enterpriseId,
      postedOn: input.postedOn,
      channel: input.channel,
      positionsCount: input.positionsCount,
      positionTitles: titles,
      hiredCount: input.hiredCount ?? null,
      officerId: actor.userId,
      campaignId,
      notes: input.notes?.trim() ?? '',
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'enterprise.job_post_create', entity: 'enterprise_job_post', entityId: id, details: { enterpriseId: input.enterpriseId, positionsCount: input.positionsCount } });
    return id;
  });
  return jobPostDto((await repo.findJobPost(db, id))!);
}

export async function updateJobPost(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; hiredCount?: number | null; positionsCount?: number; positionTitles?: string[]; notes?: string },
) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.support.write']);
  const row = await repo.findJobPost(db, id);
  assertRowAccess(actor, scope, row, 'enterprise_job_post', '招聘帮扶记录');
  const patch: Parameters<typeof repo.updateJobPost>[3] = {};
  if (input.hiredCount !== undefined) patch.hiredCount = input.hiredCount;
  if (input.positionsCount !== undefined) patch.positionsCount = input.positionsCount;
  if (input.positionTitles !== undefined) patch.positionTitles = cleanTitles(input.positionTitles);
  if (input.notes !== undefined) patch.notes = input.notes.trim();
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateJobPost(tx, id, input.version, patch))) throw errors.stale('enterprise_job_post', { currentVersion: row!.version });
    await appendAudit(tx, ctx, { action: 'enterprise.job_post_update', entity: 'enterprise_job_post', entityId: id, details: { changed: Object.keys(patch), hiredCount: patch.hiredCount } });
  });
  return jobPostDto((await repo.findJobPost(db, id))!);
}

export async function listJobPosts(db: Executor, ctx: RequestContext, q: { page?: number; pageSize?: number; enterpriseId?: number; campaignId?: number; from?: string; to?: string }) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.support.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.listJobPosts(
    db,
    { jurisdictionId: actor.jurisdictionId, enterpriseId: enterpriseScope(actor, scope, q.enterpriseId), campaignId: q.campaignId, from: q.from, to: q.to },
    { offset, limit: pageSize },
  );
  return { items: items.map(jobPostDto), total, page, pageSize };
}

// ------------------------------------------------------------------------------------------------ bank matching

export interface BankEventInput {
  heldOn: string;
  name: string;
  place?: string;
  banks: string[];
  campaignId?: number | null;
  notes?: string;
}

export async function createBankEvent(db: Executor, ctx: RequestContext, input: BankEventInput) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.support.write']);
  const name = input.name.trim();
  if (!name) throw errors.validation({ field: 'name' }, { zh: '活动名称不能为空', en: 'The name is empty' });
  const banks = [...new Set(input.banks.map((b) => b.trim()).filter(Boolean))];
  if (banks.length === 0) throw errors.validation({ field: 'banks' }, { zh: '请填写参加的银行', en: 'Name the banks present' });
  const campaignId = await checkCampaign(db, actor, input.campaignId);
  return db.transaction().execute(async (tx) => {
    const row = await repo.insertBankEvent(tx, {
      jurisdictionId: actor.jurisdictionId,
      heldOn: input.heldOn,
      name,
      place: input.place?.trim() ?? '',
      banks,
      campaignId,
      notes: input.notes?.trim() ?? '',
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'enterprise.bank_event_create', entity: 'enterprise_bank_event', entityId: row.id, details: { name, heldOn: input.heldOn, banks } });
    return { ...row, campaignName: null as string | null, enterpriseCount: 0 };
  });
}

export async function listBankEvents(db: Executor, ctx: RequestContext, q: { page?: number; pageSize?: number; campaignId?: number; from?: string; to?: string }) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.support.read']);
  if (scope !== 'jurisdiction') throw errors.forbidden();
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.listBankEvents(db, { jurisdictionId: actor.jurisdictionId, campaignId: q.campaignId, from: q.from, to: q.to }, { offset, limit: pageSize });
  return { items: items.map((i) => ({ ...i, enterpriseCount: Number(i.enterpriseCount ?? 0) })), total, page, pageSize };
}

export interface ApplicationInput {
  enterpriseId: number;
  eventId?: number | null;
  bank: string;
  requestedWan: number;
  purpose?: string;
  appliedOn: string;
  campaignId?: number | null;
}

const applicationDto = (a: repo.ApplicationRow) => ({
  id: a.id,
  enterpriseId: a.enterpriseId,
  enterpriseName: a.enterpriseName,
  eventId: a.eventId,
  eventName: a.eventName,
  bank: a.bank,
  requestedWan: a.requestedWan,
  purpose: a.purpose,
  appliedOn: a.appliedOn,
  status: a.status as ApplicationStatus,
  grantedWan: a.grantedWan,
  grantedOn: a.grantedOn,
  declinedReason: a.declinedReason,
  campaignId: a.campaignId,
  campaignName: a.campaignName,
  version: a.version,
  createdAt: a.createdAt,
});

export async function createApplication(db: Executor, ctx: RequestContext, input: ApplicationInput) {
  const actor = requireActor(ctx);
  await loadEnterprise(db, actor, enterpriseActions['enterprise.support.write'], input.enterpriseId);
  const bank = input.bank.trim();
  if (!bank) throw errors.validation({ field: 'bank' }, { zh: '请填写银行', en: 'Name the bank' });
  if (!(input.requestedWan > 0)) throw errors.validation({ field: 'requestedWan' }, { zh: '申请金额须大于 0', en: 'The amount must be positive' });
  notFuture(input.appliedOn, 'appliedOn');
  let campaignId = await checkCampaign(db, actor, input.campaignId);
  if (input.eventId) {
    const ev = await repo.findBankEvent(db, input.eventId);
    if (!ev || ev.jurisdictionId !== actor.jurisdictionId) throw errors.validation({ field: 'eventId' }, { zh: '对接活动不存在', en: 'No such matching event' });
    campaignId ??= ev.campaignId;
  }
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await repo.insertApplication(tx, {
      jurisdictionId: actor.jurisdictionId,
      enterpriseId: input.enterpriseId,
      eventId: input.eventId ?? null,
      bank,
      requestedWan: money(input.requestedWan),
      purpose: input.purpose?.trim() ?? '',
      appliedOn: input.appliedOn,
      status: 'pending',
      grantedWan: null,
      grantedOn: null,
      declinedReason: null,
      officerId: actor.userId,
      campaignId,
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'enterprise.bank_application_create', entity: 'enterprise_bank_application', entityId: id, details: { enterpriseId: input.enterpriseId, bank, requestedWan: money(input.requestedWan) } });
    return id;
  });
  return applicationDto((await repo.findApplication(db, id))!);
}

export type OutcomeInput =
  | { version: number; outcome: 'granted'; grantedWan: number; grantedOn: string }
  | { version: number; outcome: 'declined'; declinedReason: string };

/** Records the bank's decision. A recorded outcome may be corrected (it keeps the version check and the audit). */
export async function recordOutcome(db: Executor, ctx: RequestContext, id: number, input: OutcomeInput) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.support.write']);
  const row = await repo.findApplication(db, id);
  assertRowAccess(actor, scope, row, 'enterprise_bank_application', '融资申请');
  let patch: Parameters<typeof repo.updateApplication>[3];
  if (input.outcome === 'granted') {
    if (!(input.grantedWan > 0)) throw errors.validation({ field: 'grantedWan' }, { zh: '放款金额须大于 0', en: 'The granted amount must be positive' });
    if (input.grantedOn < row!.appliedOn) throw errors.validation({ field: 'grantedOn' }, { zh: '放款日期不能早于申请日期', en: 'Granted before applied' });
    notFuture(input.grantedOn, 'grantedOn');
    patch = { status: 'granted', grantedWan: money(input.grantedWan), grantedOn: input.grantedOn, declinedReason: null };
  } else {
    const reason = input.declinedReason.trim();
    if (reason.length < 2) throw errors.validation({ field: 'declinedReason' }, { zh: '请填写未获批原因', en: 'Give the reason' });
    patch = { status: 'declined', grantedWan: null, grantedOn: null, declinedReason: reason };
  }
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateApplication(tx, id, input.version, patch))) throw errors.stale('enterprise_bank_application', { currentVersion: row!.version });
    await appendAudit(tx, ctx, {
      action: 'enterprise.bank_application_outcome',
      entity: 'enterprise_bank_application',
      entityId: id,
      details: { previous: row!.status, ...patch },
    });
  });
  return applicationDto((await repo.findApplication(db, id))!);
}

export async function listApplications(
  db: Executor,
  ctx: RequestContext,
  q: { page?: number; pageSize?: number; enterpriseId?: number; eventId?: number; status?: ApplicationStatus; campaignId?: number; from?: string; to?: string },
) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.support.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.listApplications(
    db,
    {
      jurisdictionId: actor.jurisdictionId,
      enterpriseId: enterpriseScope(actor, scope, q.enterpriseId),
      eventId: q.eventId,
      status: q.status,
      campaignId: q.campaignId,
      from: q.from,
      to: q.to,
    },
    { offset, limit: pageSize },
  );
  return { items: items.map(applicationDto), total, page, pageSize };
}

// ------------------------------------------------------------------------------------------------ campaigns

export interface CampaignInput {
  code: string;
  name: string;
  year: number;
  startsOn?: string | null;
  endsOn?: string | null;
  description?: string;
}

export async function createCampaign(db: Executor, ctx: RequestContext, input: CampaignInput) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.campaigns.write']);
  const code = input.code.trim();
  const name = input.name.trim();
  if (!/^[A-Za-z0-9_-]{2,40}$/.test(code)) throw errors.validation({ field: 'code' }, { zh: '活动代码为 2–40 位字母、数字、-、_', en: 'Code: 2–40 letters, digits, - or _' });
  if (!name) throw errors.validation({ field: 'name' }, { zh: '活动名称不能为空', en: 'The name is empty' });
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw errors.validation({ field: 'endsOn' }, { zh: '结束日期早于开始日期', en: 'Ends before it starts' });
  if (await repo.findCampaignByCode(db, actor.jurisdictionId, code)) throw errors.conflict('enterprise.duplicate_campaign', { zh: '活动代码已存在', en: 'The code is taken' });
  return db.transaction().execute(async (tx) => {
    const row = await repo.insertCampaign(tx, {
      jurisdictionId: actor.jurisdictionId,
      code,
      name,
      year: input.year,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      description: input.description?.trim() ?? '',
    });
    await appendAudit(tx, ctx, { action: 'enterprise.campaign_create', entity: 'enterprise_campaign', entityId: row.id, details: { code, name, year: input.year } });
    return row;
  });
}

export async function updateCampaign(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; name?: string; startsOn?: string | null; endsOn?: string | null; description?: string; active?: boolean },
) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.campaigns.write']);
  const row = await repo.findCampaign(db, id);
  assertRowAccess(actor, scope, row, 'enterprise_campaign', '专项活动');
  const { version, ...patch } = input;
  if (patch.name !== undefined && !patch.name.trim()) throw errors.validation({ field: 'name' });
  return db.transaction().execute(async (tx) => {
    const updated = await repo.updateCampaign(tx, id, version, { ...patch, name: patch.name?.trim() });
    if (!updated) throw errors.stale('enterprise_campaign', { currentVersion: row!.version });
    await appendAudit(tx, ctx, { action: 'enterprise.campaign_update', entity: 'enterprise_campaign', entityId: id, details: { changed: Object.keys(patch) } });
    return updated;
  });
}

export async function listCampaigns(db: Executor, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.support.read']);
  return repo.listCampaigns(db, actor.jurisdictionId);
}

// ------------------------------------------------------------------------------------------------ targets

export async function listTargets(db: Executor, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.figures.read']);
  return repo.listTargets(db, actor.jurisdictionId);
}

/** Sets the year's collection target: a new year without a version, an existing one with its version. */
export async function setTarget(db: Executor, ctx: RequestContext, year: number, input: { collectionTarget: number; note?: string; version?: number }) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.targets.write']);
  if (!Number.isInteger(input.collectionTarget) || input.collectionTarget < 1) {
    throw errors.validation({ field: 'collectionTarget' }, { zh: '收集目标须为正整数', en: 'The target must be a positive whole number' });
  }
  const v = { collectionTarget: input.collectionTarget, note: input.note?.trim() ?? '', updatedBy: actor.userId };
  return db.transaction().execute(async (tx) => {
    const existing = await repo.findTarget(tx, actor.jurisdictionId, year);
    let row;
    if (!existing) {
      row = await repo.insertTarget(tx, { jurisdictionId: actor.jurisdictionId, year, ...v });
      if (!row) throw errors.stale('enterprise_target');
    } else {
      if (input.version === undefined) throw errors.stale('enterprise_target', { currentVersion: existing.version });
      row = await repo.updateTarget(tx, actor.jurisdictionId, year, input.version, v);
      if (!row) throw errors.stale('enterprise_target', { currentVersion: existing.version });
    }
    await appendAudit(tx, ctx, {
      action: 'enterprise.target_set',
      entity: 'enterprise_target',
      entityId: `${actor.jurisdictionId}:${year}`,
      details: { year, collectionTarget: input.collectionTarget, previous: existing?.collectionTarget ?? null },
    });
    return row;
  });
}
