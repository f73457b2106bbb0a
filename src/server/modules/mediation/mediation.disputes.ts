// Disputes (矛盾纠纷): registration with parties and, for wage cases, project, contractor, workers and amounts;
// the workflow of mediation.workflow.ts; linked departments (联动调处) that see and write on the cases linked to
// them and nothing else; sessions, agreements, payments, court confirmation (司法确认) and follow-up calls.
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { assertRowAccess } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { checkLimit, isOverdue, localDate, type TimeLimit } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { audit, authorized, calendarFor, checkNotFuture, money, requireCentre, timeline, type Authorized } from './mediation.common.ts';
import { cancelDisputeJob, scheduleDisputeJob } from './mediation.jobs.ts';
import { COURT_CONFIRMATION_LIMIT, DEFAULT_DISPUTE_LIMIT, courtConfirmationUntil, disputeDueAt } from './mediation.limits.ts';
import { notifyDepartment } from './mediation.notify.ts';
import { personView, sealPerson, type PartyInput, type PersonView } from './mediation.people.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import type { MediationPeopleTable } from './mediation.table.ts';
import { evaluateWageRule, onDisputeReopened } from './mediation.warnings.ts';
import {
  DISPUTE_STATUS_LABELS,
  DISPUTE_TYPE_LABELS,
  consentComplete,
  disputeActionsFrom,
  disputeStep,
  isDisputeOpen,
  subjectKey,
  type DisputeAction,
  type DisputeType,
  type OtherRoute,
} from './mediation.workflow.ts';

export const DISPUTE_LIMIT_SETTING = 'mediation.dispute_time_limit';

export interface DisputeDraft {
  type: DisputeType;
  title?: string;
  summary?: string;
  receivedAt?: Date;
  amountClaimed?: number;
  workersInvolved?: number;
  projectName?: string;
  contractorName?: string;
  contractorEnterpriseId?: number;
  parties?: PartyInput[];
}

export interface DisputeView {
  id: number;
  code: string;
  intakeId: number | null;
  clueId: number | null;
  type: DisputeType;
  typeLabel: string;
  title: string;
  summary: string;
  status: repo.DisputeRow['status'];
  statusLabel: string;
  outcome: repo.DisputeRow['outcome'];
  amountClaimed: number;
  workersInvolved: number;
  projectName: string | null;
  contractorName: string | null;
  contractorEnterpriseId: number | null;
  mediatorId: number | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  mediationStartedAt: Date | null;
  concludedAt: Date | null;
  closedAt: Date | null;
  timeLimit: TimeLimit | null;
  dueAt: Date | null;
  overdue: boolean;
  declineReason: string | null;
  failureReason: string | null;
  routesTold: string[];
  routesNote: string | null;
  closeNote: string | null;
  reopenedCount: number;
  version: number;
}

export function disputeView(d: repo.DisputeRow, now = new Date()): DisputeView {
  return {
    id: d.id,
    code: d.code,
    intakeId: d.intakeId,
    clueId: d.clueId,
    type: d.type,
    typeLabel: DISPUTE_TYPE_LABELS[d.type],
    title: d.title,
    summary: d.summary,
    status: d.status,
    statusLabel: DISPUTE_STATUS_LABELS[d.status],
    outcome: d.outcome,
    amountClaimed: Number(d.amountClaimed),
    workersInvolved: d.workersInvolved,
    projectName: d.projectName,
    contractorName: d.contractorName,
    contractorEnterpriseId: d.contractorEnterpriseId,
    mediatorId: d.mediatorId,
    receivedAt: d.receivedAt,
    acceptedAt: d.acceptedAt,
    mediationStartedAt: d.mediationStartedAt,
    concludedAt: d.concludedAt,
    closedAt: d.closedAt,
    timeLimit: d.timeLimitAmount !== null && d.timeLimitUnit ? { amount: d.timeLimitAmount, unit: d.timeLimitUnit } : null,
    dueAt: d.dueAt,
    overdue: isDisputeOpen(d.status) && isOverdue(d.dueAt, now),
    declineReason: d.declineReason,
    failureReason: d.failureReason,
    routesTold: d.routesTold,
    routesNote: d.routesNote,
    closeNote: d.closeNote,
    reopenedCount: d.reopenedCount,
    version: d.version,
  };
}

// ---------------------------------------------------------------- scope

interface ScopedDispute {
  a: Authorized;
  d: repo.DisputeRow;
  linkUnits: number[];
  leadUnit: number | null;
}

async function scopedDispute(db: Executor, ctx: RequestContext, action: string, id: number, lock = false): Promise<ScopedDispute> {
  const a = authorized(ctx, action);
  const d = await repo.findDispute(db, id, lock);
  const links = d ? await repo.linksOf(db, d.id) : [];
  const active = links.filter((l) => l.active);
  assertRowAccess(a.actor, a.scope, d ? { jurisdictionId: d.jurisdictionId, departmentIds: active.map((l) => l.orgUnitId) } : undefined, 'mediation_dispute', '纠纷');
  return { a, d: d!, linkUnits: active.map((l) => l.orgUnitId), leadUnit: active.find((l) => l.lead)?.orgUnitId ?? null };
}

const isLead = (s: ScopedDispute) => s.a.actor.orgUnitId !== null && s.leadUnit === s.a.actor.orgUnitId;

// ---------------------------------------------------------------- settings

export async function disputeTimeLimit(db: Executor, jurisdictionId: number): Promise<TimeLimit> {
  return (await repo.getSetting<TimeLimit>(db, jurisdictionId, DISPUTE_LIMIT_SETTING)) ?? DEFAULT_DISPUTE_LIMIT;
}

export async function getSettings(db: Executor, ctx: RequestContext): Promise<{ disputeTimeLimit: TimeLimit }> {
  const a = authorized(ctx, mediationActions['mediation.disputes.read']);
  return { disputeTimeLimit: await disputeTimeLimit(db, a.actor.jurisdictionId) };
}

export async function updateSettings(db: Executor, ctx: RequestContext, input: { disputeTimeLimit: TimeLimit }): Promise<{ disputeTimeLimit: TimeLimit }> {
  const a = authorized(ctx, mediationActions['mediation.settings.manage']);
  try {
    checkLimit(input.disputeTimeLimit);
  } catch {
    throw errors.validation({ field: 'disputeTimeLimit' }, { zh: '期限须为非负整数', en: 'Invalid time limit' });
  }
  if (input.disputeTimeLimit.amount < 1) throw errors.validation({ field: 'disputeTimeLimit.amount' }, { zh: '调解期限至少为1', en: 'At least 1' });
  await db.transaction().execute(async (tx) => {
    await repo.putSetting(tx, a.actor.jurisdictionId, DISPUTE_LIMIT_SETTING, input.disputeTimeLimit);
    await audit(tx, ctx, 'mediation.settings.update', 'settings', 0, { key: DISPUTE_LIMIT_SETTING, ...input.disputeTimeLimit });
  });
  return { disputeTimeLimit: input.disputeTimeLimit };
}

// ---------------------------------------------------------------- registration

/** Inserts a dispute with its parties in the caller's transaction (intake routing, clue or petition conversion). */
export async function insertDisputeTx(
  tx: Executor,
  ctx: RequestContext,
  box: SecretBox,
  jurisdictionId: number,
  draft: DisputeDraft,
  opts: { intakeId?: number | null; clueId?: number | null; applicants?: Insertable<MediationPeopleTable>[]; fallbackTitle?: string } = {},
): Promise<repo.DisputeRow> {
  const receivedAt = draft.receivedAt ?? new Date();
  checkNotFuture(receivedAt, 'receivedAt');
  const title = (draft.title ?? opts.fallbackTitle ?? '').trim().slice(0, 200);
  if (!title) throw errors.validation({ field: 'title' }, { zh: '请填写纠纷事由', en: 'A title is required' });
  const year = Number(localDate(receivedAt).slice(0, 4));
  const n = await repo.nextNumber(tx, jurisdictionId, 'dispute', year);
  const d = await repo.insertDispute(tx, {
    jurisdictionId,
    code: `TJ${year}-${String(n).padStart(4, '0')}`,
    intakeId: opts.intakeId ?? null,
    clueId: opts.clueId ?? null,
    type: draft.type,
    title,
    summary: (draft.summary ?? '').trim(),
    status: 'registered',
    outcome: null,
    amountClaimed: money(draft.amountClaimed ?? 0, 'amountClaimed'),
    workersInvolved: draft.workersInvolved ?? 0,
    projectName: draft.projectName?.trim() || null,
    contractorName: draft.contractorName?.trim() || null,
    contractorEnterpriseId: draft.contractorEnterpriseId ?? null,
    projectKey: subjectKey(draft.projectName),
    contractorKey: subjectKey(draft.contractorName),
    mediatorId: null,
    receivedAt,
    routesTold: [],
  });
  const people = [
    ...(opts.applicants ?? []).map((p) => ({ ...p, disputeId: d.id })),
    ...(draft.parties ?? []).map((p, i) => sealPerson(box, jurisdictionId, { disputeId: d.id }, p.role, p, (opts.applicants?.length ?? 0) + i, 'parties')),
  ];
  await repo.insertPeople(tx, people);
  await timeline(tx, ctx, { jurisdictionId, entity: 'dispute', entityId: d.id, action: 'register', to: 'registered', at: receivedAt });
  await audit(tx, ctx, 'mediation.dispute.register', 'mediation_dispute', d.id, { code: d.code, type: d.type, parties: people.length }, jurisdictionId);
  if (d.type === 'wage') await evaluateWageRule(tx, jurisdictionId, receivedAt);
  return d;
}

export async function createDispute(db: Executor, ctx: RequestContext, box: SecretBox, draft: DisputeDraft): Promise<DisputeDetail> {
  const a = authorized(ctx, mediationActions['mediation.disputes.write']);
  requireCentre(a);
  const d = await db.transaction().execute((tx) => insertDisputeTx(tx, ctx, box, a.actor.jurisdictionId, draft));
  return getDispute(db, ctx, d.id);
}

// ---------------------------------------------------------------- reading

export interface DisputeDetail extends DisputeView {
  parties: PersonView[];
  consentComplete: boolean;
  links: { orgUnitId: number; orgUnitName: string; lead: boolean; active: boolean; note: string; linkedAt: Date }[];
  sessions: { id: number; heldAt: Date; place: string; mediatorName: string; attendees: string; record: string; result: string; orgUnitName: string | null }[];
  agreements: {
    id: number;
    form: 'written' | 'oral';
    signedOn: string;
    content: string;
    amountAgreed: number;
    workersCovered: number;
    paymentDueOn: string | null;
    current: boolean;
    courtStatus: string;
    courtName: string | null;
    courtRequestedOn: string | null;
    courtDecidedOn: string | null;
    courtConfirmationUntil: Date | null;
    version: number;
  }[];
  payments: { id: number; agreementId: number; paidOn: string; amount: number; workersPaid: number; note: string }[];
  amountAgreed: number;
  amountPaid: number;
  followups: { id: number; calledAt: Date; fulfilment: string; satisfaction: string; note: string; userName: string | null }[];
  timeline: Awaited<ReturnType<typeof repo.timelineFor>>;
  actions: DisputeAction[];
  mediatorName: string | null;
}

export async function getDispute(db: Executor, ctx: RequestContext, id: number): Promise<DisputeDetail> {
  const s = await scopedDispute(db, ctx, mediationActions['mediation.disputes.read'], id);
  const d = s.d;
  const [people, links, sessions, agreements, payments, followups, tl, mediator, cal] = await Promise.all([
    repo.peopleOf(db, 'dispute', d.id),
    repo.linksOf(db, d.id),
    repo.sessionsOf(db, d.id),
    repo.agreementsOf(db, d.id),
    repo.paymentsOf(db, d.id),
    repo.followupsOf(db, d.id),
    repo.timelineFor(db, 'dispute', d.id),
    d.mediatorId ? repo.userNames(db, [d.mediatorId]) : Promise.resolve([]),
    calendarFor(db, d.jurisdictionId),
  ]);
  const current = agreements.find((x) => x.current);
  return {
    ...disputeView(d),
    parties: people.map(personView),
    consentComplete: consentComplete(people),
    links: links.map((l) => ({ orgUnitId: l.orgUnitId, orgUnitName: l.orgUnitName, lead: l.lead, active: l.active, note: l.note, linkedAt: l.linkedAt })),
    sessions: sessions.map((x) => ({
      id: x.id, heldAt: x.heldAt, place: x.place, mediatorName: x.mediatorName, attendees: x.attendees, record: x.record, result: x.result, orgUnitName: x.orgUnitName,
    })),
    agreements: agreements.map((x) => ({
      id: x.id,
      form: x.form,
      signedOn: x.signedOn,
      content: x.content,
      amountAgreed: Number(x.amountAgreed),
      workersCovered: x.workersCovered,
      paymentDueOn: x.paymentDueOn,
      current: x.current,
      courtStatus: x.courtStatus,
      courtName: x.courtName,
      courtRequestedOn: x.courtRequestedOn,
      courtDecidedOn: x.courtDecidedOn,
      courtConfirmationUntil: x.form === 'written' ? courtConfirmationUntil(x.signedOn, cal) : null,
      version: x.version,
    })),
    payments: payments.map((p) => ({ id: p.id, agreementId: p.agreementId, paidOn: p.paidOn, amount: Number(p.amount), workersPaid: p.workersPaid, note: p.note })),
    amountAgreed: current ? Number(current.amountAgreed) : 0,
    amountPaid: current ? sumCents(payments.filter((p) => p.agreementId === current.id).map((p) => Number(p.amount))) : 0,
    followups: followups.map((f) => ({ id: f.id, calledAt: f.calledAt, fulfilment: f.fulfilment, satisfaction: f.satisfaction, note: f.note, userName: f.userName })),
    timeline: tl,
    actions: disputeActionsFrom(d.status, s.a.actor.role, isLead(s)),
    mediatorName: mediator[0]?.displayName ?? null,
  };
}

const sumCents = (xs: number[]) => xs.reduce((acc, x) => acc + Math.round(x * 100), 0) / 100;

export interface DisputeListQuery {
  status?: string;
  type?: string;
  from?: Date;
  to?: Date;
  q?: string;
  project?: string;
  contractor?: string;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export async function listDisputes(db: Executor, ctx: RequestContext, q: DisputeListQuery): Promise<PageResult<DisputeView>> {
  const a = authorized(ctx, mediationActions['mediation.disputes.read']);
  const { page, pageSize, offset } = pageBounds(q);
  if (a.scope === 'department' && a.actor.orgUnitId === null) return { items: [], total: 0, page, pageSize };
  const now = new Date();
  const { rows, total } = await repo.listDisputes(
    db,
    {
      jurisdictionId: a.actor.jurisdictionId,
      linkedOrgUnitId: a.scope === 'department' ? a.actor.orgUnitId! : undefined,
      status: q.status,
      type: q.type,
      from: q.from,
      to: q.to,
      q: q.q,
      projectKey: subjectKey(q.project) ?? undefined,
      contractorKey: subjectKey(q.contractor) ?? undefined,
      overdueAt: q.overdue ? now : undefined,
    },
    { offset, limit: pageSize, sort: q.sort ?? 'receivedAt', desc: q.order !== 'asc' },
  );
  return { items: rows.map((r) => disputeView(r, now)), total, page, pageSize };
}

// ---------------------------------------------------------------- the workflow

export interface AgreementInput {
  form: 'written' | 'oral';
  signedOn: string;
  content: string;
  amountAgreed?: number;
  workersCovered?: number;
  paymentDueOn?: string;
}

export interface DisputeTransitionInput {
  action: DisputeAction;
  version: number;
  note?: string;
  reason?: string;
  /** transfer: the department that leads the case from now on. */
  orgUnitId?: number;
  /** fail: the other routes the parties were told of (人民调解法 Art. 26). */
  routesTold?: OtherRoute[];
  routesNote?: string;
  /** agree: the agreement. */
  agreement?: AgreementInput;
}

export async function transitionDispute(db: Executor, ctx: RequestContext, id: number, input: DisputeTransitionInput, now = new Date()): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    const d = s.d;
    if (d.version !== input.version) throw errors.stale('mediation_dispute');
    const people = await repo.peopleOf(tx, 'dispute', d.id);
    const reason = (input.reason ?? input.note ?? '').trim();
    const step = disputeStep(input.action, s.a.actor.role, {
      status: d.status,
      outcome: d.outcome,
      consentComplete: consentComplete(people),
      followups: input.action === 'close' ? await repo.countFollowups(tx, d.id) : 0,
      actorIsLead: isLead(s),
      reason,
      routesTold: input.routesTold?.length ?? 0,
    });
    if (!step.ok) {
      if (step.code === 'auth.forbidden') throw errors.forbidden({ action: input.action });
      if (step.code === 'mediation.invalid_transition') throw errors.conflict(step.code, { zh: step.zh, en: step.en }, { action: input.action, status: d.status });
      throw errors.rule(step.code, { zh: step.zh, en: step.en });
    }
    const patch: Parameters<typeof repo.updateDispute>[3] = { status: step.to };
    const details: Record<string, unknown> = {};
    let agreement: repo.AgreementRow | null = null;
    switch (input.action) {
      case 'accept': {
        const cal = await calendarFor(tx, d.jurisdictionId);
        const limit = await disputeTimeLimit(tx, d.jurisdictionId);
        Object.assign(patch, {
          acceptedAt: now,
          mediatorId: s.a.actor.userId,
          timeLimitAmount: limit.amount,
          timeLimitUnit: limit.unit,
          dueAt: disputeDueAt(now, limit, cal),
        });
        break;
      }
      case 'decline':
        Object.assign(patch, { outcome: 'declined', declineReason: reason, closedAt: now, closeNote: reason });
        break;
      case 'start':
        Object.assign(patch, { mediationStartedAt: now });
        break;
      case 'transfer': {
        if (!input.orgUnitId) throw errors.validation({ field: 'orgUnitId' }, { zh: '请选择联动调处的职能部门', en: 'Choose the department' });
        const unit = await repo.findOrgUnit(tx, input.orgUnitId);
        if (!unit || unit.jurisdictionId !== d.jurisdictionId || !unit.active) throw errors.notFound('org_unit', '部门');
        await repo.clearLead(tx, d.id);
        await repo.upsertLink(tx, { jurisdictionId: d.jurisdictionId, disputeId: d.id, orgUnitId: unit.id, lead: true, note: reason, linkedBy: s.a.actor.userId });
        details.orgUnitId = unit.id;
        details.orgUnitName = unit.name;
        await notifyDepartment(tx, {
          jurisdictionId: d.jurisdictionId, orgUnitId: unit.id, entity: 'mediation_dispute', entityId: d.id,
          title: `纠纷${d.code}已转由本部门联动调处`, body: d.title,
        });
        break;
      }
      case 'resume':
        break;
      case 'agree': {
        const ag = input.agreement;
        if (!ag) throw errors.validation({ field: 'agreement' }, { zh: '请填写调解协议', en: 'The agreement is required' });
        if (!ag.content.trim()) throw errors.validation({ field: 'agreement.content' }, { zh: '请填写协议内容', en: 'Agreement content is required' });
        if (ag.signedOn > localDate(now)) throw errors.validation({ field: 'agreement.signedOn' }, { zh: '协议日期不能晚于今天', en: 'The agreement date is in the future' });
        agreement = await repo.insertAgreement(tx, {
          jurisdictionId: d.jurisdictionId,
          disputeId: d.id,
          form: ag.form,
          signedOn: ag.signedOn,
          content: ag.content.trim(),
          amountAgreed: money(ag.amountAgreed ?? 0, 'agreement.amountAgreed'),
          workersCovered: ag.workersCovered ?? 0,
          paymentDueOn: ag.paymentDueOn ?? null,
          createdBy: s.a.actor.userId,
        });
        Object.assign(patch, { outcome: 'agreement', concludedAt: now });
        details.agreementId = agreement.id;
        details.amountAgreed = Number(agreement.amountAgreed);
        break;
      }
      case 'fail':
        Object.assign(patch, { outcome: 'failed', concludedAt: now, failureReason: reason, routesTold: [...new Set(input.routesTold)], routesNote: input.routesNote?.trim() || null });
        details.routesTold = input.routesTold;
        break;
      case 'close':
        Object.assign(patch, { closedAt: now, closeNote: reason || null });
        break;
      case 'reopen': {
        const cal = await calendarFor(tx, d.jurisdictionId);
        const limit = await disputeTimeLimit(tx, d.jurisdictionId);
        Object.assign(patch, {
          outcome: null,
          concludedAt: null,
          closedAt: null,
          reopenedCount: d.reopenedCount + 1,
          lastReopenedAt: now,
          timeLimitAmount: limit.amount,
          timeLimitUnit: limit.unit,
          dueAt: disputeDueAt(now, limit, cal),
        });
        break;
      }
      default: {
        const never: never = input.action;
        throw new Error(`unhandled action ${String(never)}`);
      }
    }
    const updated = await repo.updateDispute(tx, d.id, d.version, patch);
    if (!updated) throw errors.stale('mediation_dispute');
    if (input.action === 'accept' || input.action === 'reopen') await scheduleDisputeJob(tx, updated);
    if (!isDisputeOpen(updated.status)) await cancelDisputeJob(tx, d.id);
    await timeline(tx, ctx, {
      jurisdictionId: d.jurisdictionId, entity: 'dispute', entityId: d.id, action: input.action, from: d.status, to: updated.status, note: reason, details, at: now,
    });
    await audit(tx, ctx, `mediation.dispute.${input.action}`, 'mediation_dispute', d.id, { from: d.status, to: updated.status, ...details });
    if (input.action === 'reopen') await onDisputeReopened(tx, updated);
  });
  return getDispute(db, ctx, id);
}

// ---------------------------------------------------------------- parties and consent

export async function addParty(db: Executor, ctx: RequestContext, box: SecretBox, id: number, input: PartyInput): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    requireCentre(s.a);
    if (!isDisputeOpen(s.d.status)) throw closedCase();
    const existing = await repo.peopleOf(tx, 'dispute', id);
    const [row] = await repo.insertPeople(tx, [sealPerson(box, s.d.jurisdictionId, { disputeId: id }, input.role, input, existing.length, 'party')]);
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'party', note: `${input.role === 'respondent' ? '被申请人' : input.role === 'applicant' ? '申请人' : '第三人'}：${row.nameMasked}` });
    await audit(tx, ctx, 'mediation.dispute.party_add', 'mediation_dispute', id, { personId: row.id, role: input.role });
  });
  return getDispute(db, ctx, id);
}

/** Records (or withdraws) one party's consent to mediation (人民调解法 Art. 17). */
export async function recordConsent(
  db: Executor,
  ctx: RequestContext,
  id: number,
  personId: number,
  input: { consent: boolean; note?: string },
): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    requireCentre(s.a);
    if (!isDisputeOpen(s.d.status)) throw closedCase();
    const p = await repo.findPerson(tx, personId);
    if (!p || p.disputeId !== id) throw errors.notFound('mediation_person', '当事人');
    await repo.setConsent(tx, personId, input.consent ? new Date() : null, input.note?.trim() || null);
    await timeline(tx, ctx, {
      jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: input.consent ? 'consent' : 'consent_withdrawn',
      note: `${p.nameMasked}${input.consent ? '同意调解' : '不同意/撤回同意'}${input.note ? `：${input.note}` : ''}`,
    });
    await audit(tx, ctx, 'mediation.dispute.consent', 'mediation_dispute', id, { personId, consent: input.consent });
  });
  return getDispute(db, ctx, id);
}

// ---------------------------------------------------------------- linked departments

export async function linkDepartment(db: Executor, ctx: RequestContext, id: number, input: { orgUnitId: number; note?: string }): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    requireCentre(s.a);
    const unit = await repo.findOrgUnit(tx, input.orgUnitId);
    if (!unit || unit.jurisdictionId !== s.d.jurisdictionId || !unit.active) throw errors.notFound('org_unit', '部门');
    const links = await repo.linksOf(tx, id);
    const existing = links.find((l) => l.orgUnitId === unit.id);
    await repo.upsertLink(tx, {
      jurisdictionId: s.d.jurisdictionId, disputeId: id, orgUnitId: unit.id, lead: existing?.active ? existing.lead : false, note: input.note?.trim() ?? '', linkedBy: s.a.actor.userId,
    });
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'link', note: `联动部门：${unit.name}`, details: { orgUnitId: unit.id } });
    await audit(tx, ctx, 'mediation.dispute.link', 'mediation_dispute', id, { orgUnitId: unit.id });
    await notifyDepartment(tx, {
      jurisdictionId: s.d.jurisdictionId, orgUnitId: unit.id, entity: 'mediation_dispute', entityId: id, title: `纠纷${s.d.code}邀请本部门联动调处`, body: s.d.title,
    });
  });
  return getDispute(db, ctx, id);
}

export async function unlinkDepartment(db: Executor, ctx: RequestContext, id: number, orgUnitId: number): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    requireCentre(s.a);
    if (s.d.status === 'transferred' && s.leadUnit === orgUnitId) {
      throw errors.conflict('mediation.lead_link', { zh: '牵头部门正在调处，请先收回再解除联动', en: 'The lead department is handling the case; resume it first' });
    }
    const r = await repo.deactivateLink(tx, id, orgUnitId);
    if (Number(r.numUpdatedRows) === 0) throw errors.notFound('mediation_link', '联动部门');
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'unlink', details: { orgUnitId } });
    await audit(tx, ctx, 'mediation.dispute.unlink', 'mediation_dispute', id, { orgUnitId });
  });
  return getDispute(db, ctx, id);
}

// ---------------------------------------------------------------- sessions, notes, payments, court, follow-up

const closedCase = () => errors.conflict('mediation.case_closed', { zh: '案件当前状态不能进行该操作', en: 'Not possible in the current status' });

export async function addSession(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { heldAt: Date; place?: string; mediatorName: string; attendees?: string; record: string; result?: 'continued' | 'agreement' | 'no_agreement' },
): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    if (!['accepted', 'mediating', 'transferred'].includes(s.d.status)) throw closedCase();
    checkNotFuture(input.heldAt, 'heldAt');
    if (!input.record.trim()) throw errors.validation({ field: 'record' }, { zh: '请填写调解笔录', en: 'The record is required' });
    const row = await repo.insertSession(tx, {
      jurisdictionId: s.d.jurisdictionId,
      disputeId: id,
      heldAt: input.heldAt,
      place: input.place?.trim() ?? '',
      mediatorName: input.mediatorName.trim(),
      attendees: input.attendees?.trim() ?? '',
      record: input.record.trim(),
      result: input.result ?? 'continued',
      orgUnitId: s.a.actor.orgUnitId,
      createdBy: s.a.actor.userId,
    });
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'session', note: `调解会：${input.mediatorName}`, details: { sessionId: row.id } });
    await audit(tx, ctx, 'mediation.dispute.session', 'mediation_dispute', id, { sessionId: row.id });
  });
  return getDispute(db, ctx, id);
}

/** A note on the case from the centre or a linked department (联动部门在案件上留痕). */
export async function addNote(db: Executor, ctx: RequestContext, id: number, note: string): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id);
    const text = note.trim();
    if (!text) throw errors.validation({ field: 'note' }, { zh: '请填写内容', en: 'A note is required' });
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'note', note: text });
    await audit(tx, ctx, 'mediation.dispute.note', 'mediation_dispute', id);
  });
  return getDispute(db, ctx, id);
}

export async function recordPayment(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { paidOn: string; amount: number; workersPaid?: number; note?: string },
): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    if (s.d.outcome !== 'agreement') {
      throw errors.conflict('mediation.no_agreement', { zh: '达成调解协议后才能登记履行（支付）情况', en: 'Payments follow an agreement' });
    }
    const ag = await repo.currentAgreement(tx, id);
    if (!ag) throw errors.conflict('mediation.no_agreement', { zh: '没有有效的调解协议', en: 'No current agreement' });
    const amount = money(input.amount, 'amount');
    if (amount <= 0) throw errors.validation({ field: 'amount' }, { zh: '支付金额须大于0', en: 'The amount must be positive' });
    if (input.paidOn < ag.signedOn) throw errors.validation({ field: 'paidOn' }, { zh: '支付日期不能早于协议日期', en: 'Paid before the agreement' });
    if (input.paidOn > localDate(new Date())) throw errors.validation({ field: 'paidOn' }, { zh: '支付日期不能晚于今天', en: 'Paid in the future' });
    const paid = (await repo.paymentsOf(tx, id)).filter((p) => p.agreementId === ag.id);
    const total = sumCents([...paid.map((p) => Number(p.amount)), amount]);
    if (Number(ag.amountAgreed) > 0 && total > Number(ag.amountAgreed)) {
      throw errors.rule('mediation.payment_exceeds_agreement', {
        zh: `累计支付${total.toFixed(2)}元超过协议金额${Number(ag.amountAgreed).toFixed(2)}元`,
        en: 'Payments exceed the agreed amount',
      });
    }
    const row = await repo.insertPayment(tx, {
      jurisdictionId: s.d.jurisdictionId,
      disputeId: id,
      agreementId: ag.id,
      paidOn: input.paidOn,
      amount,
      workersPaid: input.workersPaid ?? 0,
      note: input.note?.trim() ?? '',
      orgUnitId: s.a.actor.orgUnitId,
      createdBy: s.a.actor.userId,
    });
    await timeline(tx, ctx, {
      jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'payment', note: `履行支付 ${amount.toFixed(2)} 元`, details: { paymentId: row.id, amount, paidOn: input.paidOn },
    });
    await audit(tx, ctx, 'mediation.dispute.payment', 'mediation_dispute', id, { paymentId: row.id, amount });
  });
  return getDispute(db, ctx, id);
}

/** 司法确认: the parties apply jointly within 30 days of the agreement (人民调解法 Art. 33); then the court decides. */
export async function courtConfirmation(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { step: 'request' | 'decide'; on: string; courtName?: string; result?: 'confirmed' | 'rejected'; version: number },
): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    requireCentre(s.a);
    if (s.d.outcome !== 'agreement') throw errors.conflict('mediation.no_agreement', { zh: '尚未达成调解协议', en: 'No agreement' });
    const ag = await repo.currentAgreement(tx, id);
    if (!ag) throw errors.conflict('mediation.no_agreement', { zh: '没有有效的调解协议', en: 'No current agreement' });
    if (ag.version !== input.version) throw errors.stale('mediation_agreement');
    if (input.on > localDate(new Date())) throw errors.validation({ field: 'on' }, { zh: '日期不能晚于今天', en: 'The date is in the future' });
    const cal = await calendarFor(tx, s.d.jurisdictionId);
    let patch: Parameters<typeof repo.updateAgreement>[3];
    if (input.step === 'request') {
      if (ag.form !== 'written') throw errors.rule('mediation.court_needs_written', { zh: '申请司法确认须有书面调解协议', en: 'Court confirmation needs a written agreement' });
      if (ag.courtStatus !== 'none') throw errors.conflict('mediation.court_already_requested', { zh: '已申请司法确认', en: 'Already requested' });
      if (input.on < ag.signedOn) throw errors.validation({ field: 'on' }, { zh: '申请日期不能早于协议日期', en: 'Before the agreement' });
      const until = courtConfirmationUntil(ag.signedOn, cal);
      if (localDate(until, cal.timeZone) < input.on) {
        throw errors.rule('mediation.court_confirmation_late', {
          zh: `司法确认应自调解协议生效之日起${COURT_CONFIRMATION_LIMIT.amount}日内申请（人民调解法第三十三条），截止${localDate(until, cal.timeZone)}`,
          en: `Court confirmation must be applied for within 30 days of the agreement (until ${localDate(until, cal.timeZone)})`,
        });
      }
      if (!input.courtName?.trim()) throw errors.validation({ field: 'courtName' }, { zh: '请填写人民法院名称', en: 'The court is required' });
      patch = { courtStatus: 'requested', courtRequestedOn: input.on, courtName: input.courtName.trim() };
    } else {
      if (ag.courtStatus !== 'requested') throw errors.conflict('mediation.court_not_requested', { zh: '尚未申请司法确认', en: 'Not requested' });
      if (!input.result) throw errors.validation({ field: 'result' }, { zh: '请选择法院裁定结果', en: 'The result is required' });
      if (input.on < (ag.courtRequestedOn ?? ag.signedOn)) throw errors.validation({ field: 'on' }, { zh: '裁定日期不能早于申请日期', en: 'Before the request' });
      patch = { courtStatus: input.result, courtDecidedOn: input.on };
    }
    const updated = await repo.updateAgreement(tx, ag.id, ag.version, patch);
    if (!updated) throw errors.stale('mediation_agreement');
    await timeline(tx, ctx, {
      jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: input.step === 'request' ? 'court_request' : 'court_decision',
      note: input.step === 'request' ? `申请司法确认：${input.courtName}` : input.result === 'confirmed' ? '法院裁定调解协议有效' : '法院裁定驳回申请',
    });
    await audit(tx, ctx, `mediation.dispute.court_${input.step}`, 'mediation_dispute', id, { agreementId: ag.id, result: input.result ?? null });
  });
  return getDispute(db, ctx, id);
}

export async function addFollowup(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { calledAt: Date; fulfilment: 'fulfilled' | 'partly' | 'not_fulfilled'; satisfaction: 'satisfied' | 'basic' | 'unsatisfied'; note?: string },
): Promise<DisputeDetail> {
  await db.transaction().execute(async (tx) => {
    const s = await scopedDispute(tx, ctx, mediationActions['mediation.disputes.write'], id, true);
    if (!['agreement', 'failed', 'closed'].includes(s.d.status)) throw closedCase();
    checkNotFuture(input.calledAt, 'calledAt');
    const row = await repo.insertFollowup(tx, {
      jurisdictionId: s.d.jurisdictionId, disputeId: id, calledAt: input.calledAt, fulfilment: input.fulfilment, satisfaction: input.satisfaction,
      note: input.note?.trim() ?? '', userId: s.a.actor.userId,
    });
    await timeline(tx, ctx, { jurisdictionId: s.d.jurisdictionId, entity: 'dispute', entityId: id, action: 'followup', note: input.note?.trim() ?? '', details: { fulfilment: input.fulfilment, satisfaction: input.satisfaction } });
    await audit(tx, ctx, 'mediation.dispute.followup', 'mediation_dispute', id, { followupId: row.id });
  });
  return getDispute(db, ctx, id);
}
