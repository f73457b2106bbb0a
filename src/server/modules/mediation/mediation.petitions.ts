// Petitions (信访) under the 信访工作条例: registration with a public tracking code (Art. 21), the decision within
// 15 days to forward, accept (with a procedure) or not accept with a written reason (Art. 22–23), handling within
// 60 days with one extension of at most 30 told to the petitioner (Art. 34), the written decision, review and
// re-review each requested within 30 days and answered within 30 (Art. 35–36), and then no further acceptance.
import { randomInt } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { assertRowAccess } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { isOverdue, localDate } from '../../platform/deadlines/index.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { audit, authorized, calendarFor, checkNotFuture, requireCentre, timeline, type Authorized } from './mediation.common.ts';
import { insertDisputeTx, type DisputeDraft } from './mediation.disputes.ts';
import { schedulePetitionJobs } from './mediation.jobs.ts';
import * as limits from './mediation.limits.ts';
import { notifyDepartment } from './mediation.notify.ts';
import { copyPeople, personView, sealPerson, type PersonInput, type PersonView } from './mediation.people.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import type { MediationPeopleTable } from './mediation.table.ts';
import { evaluateWageRule, onCollective, openStage } from './mediation.warnings.ts';
import {
  DISPUTE_TYPE_LABELS,
  MAX_REPRESENTATIVES,
  PETITION_STATUS_LABELS,
  PROCEDURE_LABELS,
  RATABLE_PETITION_STATUSES,
  isCollective,
  petitionActionsFrom,
  petitionStep,
  subjectKey,
  type DisputeType,
  type PetitionAction,
  type PetitionForm,
  type PetitionProcedure,
} from './mediation.workflow.ts';

export interface PetitionDraft {
  form: PetitionForm;
  type: DisputeType;
  title?: string;
  matter: string;
  registeredAt?: Date;
  peopleCount?: number;
  projectName?: string;
  contractorName?: string;
  petitioners?: PersonInput[];
  /** The earlier petition on the same facts and grounds, if any: refused when it has been re-reviewed. */
  previousPetitionId?: number;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of Crockford base32 (60 bits): unguessable, easy to read out on the phone. */
export function newTrackCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}
export const normalizeTrackCode = (raw: string): string => raw.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

export function checkRepresentatives(peopleCount: number, people: readonly { representative?: boolean }[], field: string): void {
  const reps = people.filter((p) => p.representative).length;
  if (people.length > peopleCount) {
    throw errors.validation({ field }, { zh: '登记人员多于来访人数', en: 'More people recorded than came' });
  }
  if (reps > MAX_REPRESENTATIVES) {
    throw errors.rule('mediation.too_many_representatives', {
      zh: `多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过${MAX_REPRESENTATIVES}人（信访工作条例第二十条）`,
      en: `A group chooses at most ${MAX_REPRESENTATIVES} representatives (Art. 20)`,
    });
  }
  if (reps > 0 && !isCollective(peopleCount)) {
    throw errors.validation({ field }, { zh: '5人以下来访无须推选代表', en: 'Representatives are for groups of five or more' });
  }
}

export async function insertPetitionTx(
  tx: Executor,
  ctx: RequestContext,
  box: SecretBox,
  jurisdictionId: number,
  draft: PetitionDraft,
  opts: { intakeId?: number | null; clueId?: number | null; petitioners?: Insertable<MediationPeopleTable>[]; fallbackTitle?: string } = {},
): Promise<repo.PetitionRow> {
  const registeredAt = draft.registeredAt ?? new Date();
  checkNotFuture(registeredAt, 'registeredAt');
  if (draft.previousPetitionId) {
    const prev = await repo.findPetition(tx, draft.previousPetitionId);
    if (!prev || prev.jurisdictionId !== jurisdictionId) throw errors.notFound('mediation_petition', '信访事项');
    if (prev.status === 'rereviewed') {
      throw errors.rule('mediation.petition.final', {
        zh: `信访事项${prev.code}已复核终结，同一事实和理由不再受理（信访工作条例第三十六条）`,
        en: `Petition ${prev.code} was re-reviewed; the same matter is not accepted again (Art. 36)`,
      });
    }
  }
  const peopleCount = draft.peopleCount ?? Math.max(1, (opts.petitioners ?? draft.petitioners ?? []).length);
  checkRepresentatives(peopleCount, [...(opts.petitioners ?? []), ...(draft.petitioners ?? [])], 'petitioners');
  const title = (draft.title ?? opts.fallbackTitle ?? draft.matter).trim().slice(0, 200);
  if (!draft.matter.trim()) throw errors.validation({ field: 'matter' }, { zh: '请填写信访事项', en: 'The matter is required' });
  const year = Number(localDate(registeredAt).slice(0, 4));
  const n = await repo.nextNumber(tx, jurisdictionId, 'petition', year);
  const cal = await calendarFor(tx, jurisdictionId);
  const p = await repo.insertPetition(tx, {
    jurisdictionId,
    code: `XF${year}-${String(n).padStart(4, '0')}`,
    trackCode: newTrackCode(),
    intakeId: opts.intakeId ?? null,
    disputeId: null,
    clueId: opts.clueId ?? null,
    form: draft.form,
    type: draft.type,
    title,
    matter: draft.matter.trim(),
    peopleCount,
    collective: isCollective(peopleCount),
    projectName: draft.projectName?.trim() || null,
    contractorName: draft.contractorName?.trim() || null,
    projectKey: subjectKey(draft.projectName),
    contractorKey: subjectKey(draft.contractorName),
    registeredAt,
    acceptDueAt: limits.acceptDueAt(registeredAt, cal),
  });
  await repo.insertPeople(tx, [
    ...(opts.petitioners ?? []).map((x) => ({ ...x, petitionId: p.id })),
    ...(draft.petitioners ?? []).map((x, i) => sealPerson(box, jurisdictionId, { petitionId: p.id }, 'petitioner', x, (opts.petitioners?.length ?? 0) + i, 'petitioners')),
  ]);
  await timeline(tx, ctx, { jurisdictionId, entity: 'petition', entityId: p.id, action: 'register', to: 'registered', at: registeredAt, details: { acceptDueAt: p.acceptDueAt } });
  await audit(tx, ctx, 'mediation.petition.register', 'mediation_petition', p.id, { code: p.code, form: p.form, collective: p.collective }, jurisdictionId);
  await schedulePetitionJobs(tx, p, registeredAt);
  if (p.type === 'wage') await evaluateWageRule(tx, jurisdictionId, registeredAt);
  // A collective visit registered directly as a petition (not through the intake desk) warns too.
  if (!opts.intakeId && p.collective && p.form === 'visit') {
    await onCollective(tx, { jurisdictionId, peopleCount, code: p.code, matter: p.matter, at: registeredAt, petitionId: p.id });
  }
  return p;
}

export async function registerPetition(db: Executor, ctx: RequestContext, box: SecretBox, draft: PetitionDraft): Promise<PetitionDetail> {
  const a = authorized(ctx, mediationActions['mediation.petitions.write']);
  requireCentre(a);
  const p = await db.transaction().execute((tx) => insertPetitionTx(tx, ctx, box, a.actor.jurisdictionId, draft));
  return getPetition(db, ctx, p.id);
}

// ---------------------------------------------------------------- views

export interface PetitionView {
  id: number;
  code: string;
  trackCode: string;
  intakeId: number | null;
  disputeId: number | null;
  clueId: number | null;
  form: PetitionForm;
  type: DisputeType;
  typeLabel: string;
  title: string;
  matter: string;
  peopleCount: number;
  collective: boolean;
  projectName: string | null;
  contractorName: string | null;
  status: repo.PetitionRow['status'];
  statusLabel: string;
  registeredAt: Date;
  acceptDueAt: Date;
  acceptDecidedAt: Date | null;
  acceptDecision: repo.PetitionRow['acceptDecision'];
  acceptReason: string | null;
  acceptOnTime: boolean | null;
  forwardedTo: string | null;
  forwardedOrgUnitId: number | null;
  objectionDueAt: Date | null;
  procedure: string | null;
  procedureLabel: string | null;
  handlingOrgUnitId: number | null;
  handleDueAt: Date | null;
  extended: boolean;
  extensionDays: number | null;
  extensionReason: string | null;
  extensionToldAt: Date | null;
  decidedAt: Date | null;
  decisionOutcome: repo.PetitionRow['decisionOutcome'];
  decisionDocNo: string | null;
  decisionText: string | null;
  handleOnTime: boolean | null;
  reviewRequestUntil: Date | null;
  reviewRequestedAt: Date | null;
  reviewDueAt: Date | null;
  reviewedAt: Date | null;
  reviewOutcome: repo.PetitionRow['reviewOutcome'];
  reviewText: string | null;
  rereviewRequestUntil: Date | null;
  rereviewRequestedAt: Date | null;
  rereviewDueAt: Date | null;
  rereviewedAt: Date | null;
  rereviewOutcome: repo.PetitionRow['rereviewOutcome'];
  rereviewText: string | null;
  final: boolean;
  currentStage: string | null;
  currentDueAt: Date | null;
  overdue: boolean;
  rating: repo.PetitionRow['rating'];
  ratingComment: string | null;
  ratedAt: Date | null;
  version: number;
}

export function petitionView(p: repo.PetitionRow, now = new Date()): PetitionView {
  const s = openStage(p);
  return {
    id: p.id,
    code: p.code,
    trackCode: p.trackCode,
    intakeId: p.intakeId,
    disputeId: p.disputeId,
    clueId: p.clueId,
    form: p.form,
    type: p.type,
    typeLabel: DISPUTE_TYPE_LABELS[p.type],
    title: p.title,
    matter: p.matter,
    peopleCount: p.peopleCount,
    collective: p.collective,
    projectName: p.projectName,
    contractorName: p.contractorName,
    status: p.status,
    statusLabel: PETITION_STATUS_LABELS[p.status],
    registeredAt: p.registeredAt,
    acceptDueAt: p.acceptDueAt,
    acceptDecidedAt: p.acceptDecidedAt,
    acceptDecision: p.acceptDecision,
    acceptReason: p.acceptReason,
    acceptOnTime: p.acceptOnTime,
    forwardedTo: p.forwardedTo,
    forwardedOrgUnitId: p.forwardedOrgUnitId,
    objectionDueAt: p.objectionDueAt,
    procedure: p.procedure,
    procedureLabel: p.procedure ? (PROCEDURE_LABELS[p.procedure as PetitionProcedure] ?? p.procedure) : null,
    handlingOrgUnitId: p.handlingOrgUnitId,
    handleDueAt: p.handleDueAt,
    extended: p.extended,
    extensionDays: p.extensionDays,
    extensionReason: p.extensionReason,
    extensionToldAt: p.extensionToldAt,
    decidedAt: p.decidedAt,
    decisionOutcome: p.decisionOutcome,
    decisionDocNo: p.decisionDocNo,
    decisionText: p.decisionText,
    handleOnTime: p.handleOnTime,
    reviewRequestUntil: p.reviewRequestUntil,
    reviewRequestedAt: p.reviewRequestedAt,
    reviewDueAt: p.reviewDueAt,
    reviewedAt: p.reviewedAt,
    reviewOutcome: p.reviewOutcome,
    reviewText: p.reviewText,
    rereviewRequestUntil: p.rereviewRequestUntil,
    rereviewRequestedAt: p.rereviewRequestedAt,
    rereviewDueAt: p.rereviewDueAt,
    rereviewedAt: p.rereviewedAt,
    rereviewOutcome: p.rereviewOutcome,
    rereviewText: p.rereviewText,
    final: p.status === 'rereviewed',
    currentStage: s?.stage ?? null,
    currentDueAt: s?.dueAt ?? null,
    overdue: s ? isOverdue(s.dueAt, now) : false,
    rating: p.rating,
    ratingComment: p.ratingComment,
    ratedAt: p.ratedAt,
    version: p.version,
  };
}

export interface PetitionDetail extends PetitionView {
  petitioners: PersonView[];
  timeline: Awaited<ReturnType<typeof repo.timelineFor>>;
  actions: PetitionAction[];
  handlingOrgUnitName: string | null;
  forwardedOrgUnitName: string | null;
}

function departmentIds(p: repo.PetitionRow): number[] {
  return [p.handlingOrgUnitId, p.status === 'forwarded' ? p.forwardedOrgUnitId : null].filter((x): x is number => x !== null);
}

async function scopedPetition(db: Executor, ctx: RequestContext, action: string, id: number, lock = false): Promise<{ a: Authorized; p: repo.PetitionRow }> {
  const a = authorized(ctx, action);
  const p = await repo.findPetition(db, id, lock);
  assertRowAccess(a.actor, a.scope, p ? { jurisdictionId: p.jurisdictionId, departmentIds: departmentIds(p) } : undefined, 'mediation_petition', '信访事项');
  return { a, p: p! };
}

/** The department that may act: the one forwarded to while forwarded, else the handling unit. */
function actorIsLead(a: Authorized, p: repo.PetitionRow): boolean {
  if (a.actor.orgUnitId === null) return false;
  return p.status === 'forwarded' ? p.forwardedOrgUnitId === a.actor.orgUnitId : p.handlingOrgUnitId === a.actor.orgUnitId;
}

export async function getPetition(db: Executor, ctx: RequestContext, id: number): Promise<PetitionDetail> {
  const { a, p } = await scopedPetition(db, ctx, mediationActions['mediation.petitions.read'], id);
  return detailOf(db, a, p);
}

async function detailOf(db: Executor, a: Authorized, p: repo.PetitionRow): Promise<PetitionDetail> {
  const [people, tl, units] = await Promise.all([
    repo.peopleOf(db, 'petition', p.id),
    repo.timelineFor(db, 'petition', p.id),
    repo.orgUnitNames(db, [p.handlingOrgUnitId, p.forwardedOrgUnitId].filter((x): x is number => x !== null)),
  ]);
  const name = (id: number | null) => units.find((u) => u.id === id)?.name ?? null;
  return {
    ...petitionView(p),
    petitioners: people.map(personView),
    timeline: tl,
    actions: petitionActionsFrom(p.status, a.actor.role, actorIsLead(a, p)),
    handlingOrgUnitName: name(p.handlingOrgUnitId),
    forwardedOrgUnitName: name(p.forwardedOrgUnitId),
  };
}

export async function listPetitions(
  db: Executor,
  ctx: RequestContext,
  q: { status?: string; type?: string; from?: Date; to?: Date; q?: string; page?: number; pageSize?: number; sort?: string; order?: 'asc' | 'desc' },
): Promise<PageResult<PetitionView>> {
  const a = authorized(ctx, mediationActions['mediation.petitions.read']);
  const { page, pageSize, offset } = pageBounds(q);
  if (a.scope === 'department' && a.actor.orgUnitId === null) return { items: [], total: 0, page, pageSize };
  const { rows, total } = await repo.listPetitions(
    db,
    { jurisdictionId: a.actor.jurisdictionId, orgUnitId: a.scope === 'department' ? a.actor.orgUnitId! : undefined, status: q.status, type: q.type, from: q.from, to: q.to, q: q.q },
    { offset, limit: pageSize, sort: q.sort ?? 'registeredAt', desc: q.order !== 'asc' },
  );
  const now = new Date();
  return { items: rows.map((r) => petitionView(r, now)), total, page, pageSize };
}

// ---------------------------------------------------------------- the workflow

export interface PetitionTransitionInput {
  action: PetitionAction;
  version: number;
  /** The written reason, notice or opinion of the step. */
  reason?: string;
  forwardedTo?: string;
  forwardedOrgUnitId?: number;
  procedure?: PetitionProcedure;
  handlingOrgUnitId?: number;
  extensionDays?: number;
  outcome?: 'supported' | 'partly_supported' | 'not_supported' | 'upheld' | 'changed' | 'revoked';
  docNo?: string;
  /** accept with the mediation procedure: the dispute to open (respondents, amounts). */
  dispute?: Omit<DisputeDraft, 'type' | 'receivedAt'>;
}

const DECISION_OUTCOMES = ['supported', 'partly_supported', 'not_supported'] as const;
const REVIEW_OUTCOMES = ['upheld', 'changed', 'revoked'] as const;

export async function transitionPetition(
  db: Executor,
  ctx: RequestContext,
  box: SecretBox,
  id: number,
  input: PetitionTransitionInput,
  now = new Date(),
): Promise<PetitionDetail> {
  const a = authorized(ctx, mediationActions['mediation.petitions.write']);
  const after = await db.transaction().execute(async (tx) => {
    const { p } = await scopedPetition(tx, ctx, mediationActions['mediation.petitions.write'], id, true);
    if (p.version !== input.version) throw errors.stale('mediation_petition');
    const reason = (input.reason ?? '').trim();
    const step = petitionStep(input.action, a.actor.role, {
      status: p.status,
      now,
      reason,
      extended: p.extended,
      extensionDays: input.extensionDays ?? 0,
      handleDueAt: p.handleDueAt,
      reviewRequestUntil: p.reviewRequestUntil,
      rereviewRequestUntil: p.rereviewRequestUntil,
      objectionDueAt: p.objectionDueAt,
      actorIsLead: actorIsLead(a, p),
    });
    if (!step.ok) {
      if (step.code === 'auth.forbidden') throw errors.forbidden({ action: input.action });
      if (step.code === 'mediation.invalid_transition') throw errors.conflict(step.code, { zh: step.zh, en: step.en }, { action: input.action, status: p.status });
      throw errors.rule(step.code, { zh: step.zh, en: step.en });
    }
    const cal = await calendarFor(tx, p.jurisdictionId);
    const patch: Parameters<typeof repo.updatePetition>[3] = { status: step.to };
    const details: Record<string, unknown> = {};
    const acceptOnTime = now.getTime() <= p.acceptDueAt.getTime();
    const unitIn = async (unitId: number | undefined, field: string) => {
      if (unitId === undefined) return null;
      const u = await repo.findOrgUnit(tx, unitId);
      if (!u || u.jurisdictionId !== p.jurisdictionId || !u.active) throw errors.validation({ field }, { zh: '部门不存在', en: 'No such department' });
      return u;
    };
    switch (input.action) {
      case 'forward': {
        const unit = await unitIn(input.forwardedOrgUnitId, 'forwardedOrgUnitId');
        const to = input.forwardedTo?.trim() || unit?.name;
        if (!to) throw errors.validation({ field: 'forwardedTo' }, { zh: '请填写转送的有权处理机关', en: 'Name the body it is forwarded to' });
        Object.assign(patch, {
          acceptDecidedAt: now, acceptDecision: 'forwarded', acceptReason: reason, acceptOnTime,
          forwardedTo: to, forwardedOrgUnitId: unit?.id ?? null, objectionDueAt: limits.objectionDueAt(now, cal),
        });
        details.forwardedTo = to;
        if (unit) {
          await notifyDepartment(tx, { jurisdictionId: p.jurisdictionId, orgUnitId: unit.id, entity: 'mediation_petition', entityId: p.id, title: `信访事项${p.code}已转送本部门`, body: p.title });
        }
        break;
      }
      case 'accept': {
        if (!input.procedure) throw errors.validation({ field: 'procedure' }, { zh: '请选择受理后的办理程序', en: 'Choose the procedure' });
        const unit = await unitIn(input.handlingOrgUnitId, 'handlingOrgUnitId');
        Object.assign(patch, {
          acceptDecidedAt: now, acceptDecision: 'accepted', acceptReason: reason || null, acceptOnTime, procedure: input.procedure,
          handlingOrgUnitId: unit?.id ?? null, handleDueAt: limits.handleDueAt(now, cal),
        });
        details.procedure = input.procedure;
        if (input.procedure === 'mediation') {
          const petitioners = await repo.peopleOf(tx, 'petition', p.id);
          const d = await insertDisputeTx(
            tx, ctx, box, p.jurisdictionId,
            { type: p.type, title: p.title, summary: p.matter, projectName: p.projectName ?? undefined, contractorName: p.contractorName ?? undefined, ...input.dispute, receivedAt: now },
            { applicants: copyPeople(petitioners, { disputeId: 0 }, 'applicant') },
          );
          patch.disputeId = d.id;
          details.disputeId = d.id;
        }
        if (unit) {
          await notifyDepartment(tx, { jurisdictionId: p.jurisdictionId, orgUnitId: unit.id, entity: 'mediation_petition', entityId: p.id, title: `信访事项${p.code}交由本部门办理`, body: p.title });
        }
        break;
      }
      case 'not_accept':
        Object.assign(patch, { acceptDecidedAt: now, acceptDecision: 'not_accepted', acceptReason: reason, acceptOnTime });
        break;
      case 'object':
        Object.assign(patch, { acceptDecidedAt: null, acceptDecision: null, acceptOnTime: null, forwardedTo: null, forwardedOrgUnitId: null, objectionDueAt: null });
        details.objectedBy = a.actor.orgUnitId;
        break;
      case 'extend': {
        const days = input.extensionDays!;
        Object.assign(patch, {
          extended: true, extensionDays: days, extensionReason: reason, extensionToldAt: now, handleDueAt: limits.extendedDueAt(p.handleDueAt!, days, cal),
        });
        details.extensionDays = days;
        break;
      }
      case 'decide':
        if (!input.outcome || !(DECISION_OUTCOMES as readonly string[]).includes(input.outcome)) {
          throw errors.validation({ field: 'outcome' }, { zh: '请选择处理结果（支持、部分支持、不支持）', en: 'Choose the outcome' });
        }
        Object.assign(patch, {
          decidedAt: now, decisionOutcome: input.outcome, decisionText: reason, decisionDocNo: input.docNo?.trim() || null,
          handleOnTime: now.getTime() <= p.handleDueAt!.getTime(), reviewRequestUntil: limits.reviewRequestUntil(now, cal),
        });
        details.outcome = input.outcome;
        break;
      case 'request_review':
        Object.assign(patch, { reviewRequestedAt: now, reviewDueAt: limits.reviewDueAt(now, cal) });
        break;
      case 'answer_review':
        if (!input.outcome || !(REVIEW_OUTCOMES as readonly string[]).includes(input.outcome)) {
          throw errors.validation({ field: 'outcome' }, { zh: '请选择复查结论（维持、变更、撤销）', en: 'Choose the outcome' });
        }
        Object.assign(patch, {
          reviewedAt: now, reviewOutcome: input.outcome, reviewText: reason, reviewOnTime: now.getTime() <= p.reviewDueAt!.getTime(),
          rereviewRequestUntil: limits.rereviewRequestUntil(now, cal),
        });
        details.outcome = input.outcome;
        break;
      case 'request_rereview':
        Object.assign(patch, { rereviewRequestedAt: now, rereviewDueAt: limits.rereviewDueAt(now, cal) });
        break;
      case 'answer_rereview':
        if (!input.outcome || !(REVIEW_OUTCOMES as readonly string[]).includes(input.outcome)) {
          throw errors.validation({ field: 'outcome' }, { zh: '请选择复核结论（维持、变更、撤销）', en: 'Choose the outcome' });
        }
        Object.assign(patch, { rereviewedAt: now, rereviewOutcome: input.outcome, rereviewText: reason, rereviewOnTime: now.getTime() <= p.rereviewDueAt!.getTime() });
        details.outcome = input.outcome;
        break;
      default: {
        const never: never = input.action;
        throw new Error(`unhandled action ${String(never)}`);
      }
    }
    const updated = await repo.updatePetition(tx, p.id, p.version, patch);
    if (!updated) throw errors.stale('mediation_petition');
    await schedulePetitionJobs(tx, updated, now);
    await timeline(tx, ctx, { jurisdictionId: p.jurisdictionId, entity: 'petition', entityId: p.id, action: input.action, from: p.status, to: updated.status, note: reason, details, at: now });
    await audit(tx, ctx, `mediation.petition.${input.action}`, 'mediation_petition', p.id, { from: p.status, to: updated.status, ...details });
    return updated;
  });
  // An objection hands the matter back: the department answers with the result though it no longer sees it.
  return detailOf(db, a, after);
}

// ---------------------------------------------------------------- the petitioner's view (public, by code)

const STEP_LABELS: Record<string, string> = {
  register: '信访事项已登记',
  forward: '已转送有权处理机关',
  accept: '已受理',
  not_accept: '不予受理，已书面告知',
  object: '转送机关提出异议，重新决定',
  extend: '办理期限延长，已告知理由',
  decide: '已出具信访处理意见书',
  request_review: '已申请复查',
  answer_review: '已出具复查意见',
  request_rereview: '已申请复核',
  answer_rereview: '已出具复核意见',
  overdue: '已超过办理期限，正在督办',
  rate: '已评价',
};

export interface PublicPetitionStatus {
  trackCode: string;
  typeLabel: string;
  status: repo.PetitionRow['status'];
  statusLabel: string;
  registeredOn: string;
  acceptDueAt: Date;
  acceptDecision: repo.PetitionRow['acceptDecision'];
  handleDueAt: Date | null;
  extended: boolean;
  extensionDays: number | null;
  decidedAt: Date | null;
  decisionOutcome: repo.PetitionRow['decisionOutcome'];
  reviewRequestUntil: Date | null;
  reviewDueAt: Date | null;
  rereviewRequestUntil: Date | null;
  rereviewDueAt: Date | null;
  final: boolean;
  steps: { at: Date; label: string }[];
  rating: repo.PetitionRow['rating'];
  canRate: boolean;
}

const notFoundCode = () => errors.notFound('mediation_petition', '查询码对应的信访事项');

/** Progress for the petitioner: stages and dates only — no names, no matter text, no notes. */
export async function publicStatus(db: Executor, rawCode: string): Promise<PublicPetitionStatus> {
  const p = await repo.findPetitionByTrackCode(db, normalizeTrackCode(rawCode));
  if (!p) throw notFoundCode();
  const tz = await repo.jurisdictionTimeZone(db, p.jurisdictionId);
  const tl = await repo.timelineFor(db, 'petition', p.id);
  return {
    trackCode: p.trackCode,
    typeLabel: DISPUTE_TYPE_LABELS[p.type],
    status: p.status,
    statusLabel: PETITION_STATUS_LABELS[p.status],
    registeredOn: localDate(p.registeredAt, tz),
    acceptDueAt: p.acceptDueAt,
    acceptDecision: p.acceptDecision,
    handleDueAt: p.handleDueAt,
    extended: p.extended,
    extensionDays: p.extensionDays,
    decidedAt: p.decidedAt,
    decisionOutcome: p.decisionOutcome,
    reviewRequestUntil: p.reviewRequestUntil,
    reviewDueAt: p.reviewDueAt,
    rereviewRequestUntil: p.rereviewRequestUntil,
    rereviewDueAt: p.rereviewDueAt,
    final: p.status === 'rereviewed',
    steps: tl.filter((t) => STEP_LABELS[t.action]).map((t) => ({ at: t.at, label: STEP_LABELS[t.action] })),
    rating: p.rating,
    canRate: p.rating === null && RATABLE_PETITION_STATUSES.includes(p.status),
  };
}

/** The petitioner rates the handling once an answer exists (信访工作条例 Art. 21); once only. */
export async function ratePetition(
  db: Executor,
  ctx: RequestContext,
  rawCode: string,
  input: { rating: 'satisfied' | 'basic' | 'unsatisfied'; comment?: string },
): Promise<PublicPetitionStatus> {
  const code = normalizeTrackCode(rawCode);
  await db.transaction().execute(async (tx) => {
    const p = await repo.findPetitionByTrackCode(tx, code);
    if (!p) throw notFoundCode();
    if (!RATABLE_PETITION_STATUSES.includes(p.status)) {
      throw errors.conflict('mediation.petition.not_ratable', { zh: '信访事项尚未办结，暂不能评价', en: 'Not yet answered' });
    }
    const rated = await repo.ratePetition(tx, p.id, { rating: input.rating, ratingComment: (input.comment ?? '').trim().slice(0, 500) });
    if (!rated) throw errors.conflict('mediation.petition.already_rated', { zh: '已评价，不能重复评价', en: 'Already rated' });
    await repo.insertTimeline(tx, {
      jurisdictionId: p.jurisdictionId, entity: 'petition', entityId: p.id, at: new Date(), actorId: null, actorName: '信访人', orgUnitId: null,
      action: 'rate', fromStatus: null, toStatus: null, note: '', details: { rating: input.rating },
    });
    await appendAudit(tx, ctx, { action: 'mediation.petition.rate', entity: 'mediation_petition', entityId: p.id, jurisdictionId: p.jurisdictionId, actorName: 'public', details: { rating: input.rating } });
  });
  return publicStatus(db, code);
}
