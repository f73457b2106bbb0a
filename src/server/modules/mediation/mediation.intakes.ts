// One-door intake (来访登记, 只进一扇门): every visit or call is registered with its people, then routed to one
// track — answered on the spot, dispute mediation, petition, legal-aid referral, litigation/arbitration guidance
// (诉访分离) or another department. The receiver stays responsible (首接负责): the intake shows where it is now.
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { localDate } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { audit, authorized, checkNotFuture, requireCentre, timeline } from './mediation.common.ts';
import { insertDisputeTx, type DisputeDraft } from './mediation.disputes.ts';
import { notifyDepartment } from './mediation.notify.ts';
import { copyPeople, personView, sealPerson, type PartyInput, type PersonInput, type PersonView } from './mediation.people.ts';
import { checkRepresentatives, insertPetitionTx } from './mediation.petitions.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import { onCollectiveVisit } from './mediation.warnings.ts';
import {
  CHANNEL_LABELS,
  DISPUTE_STATUS_LABELS,
  DISPUTE_TYPE_LABELS,
  LITIGATION_ROUTES,
  PETITION_STATUS_LABELS,
  TRACK_LABELS,
  isCollective,
  type DisputeType,
  type IntakeChannel,
  type PetitionForm,
  type Track,
} from './mediation.workflow.ts';

export interface RouteInput {
  track: Track;
  /** consultation: the answer given; other tracks: the receiver's note. */
  note?: string;
  /** legal_aid: the institution; litigation: court | arbitration | administrative_review. */
  referredTo?: string;
  /** department: the department it goes to. */
  referredOrgUnitId?: number;
  dispute?: Omit<DisputeDraft, 'parties' | 'receivedAt'> & { respondents?: Omit<PartyInput, 'role'>[] };
  petition?: { type?: DisputeType; title?: string };
}

export interface IntakeInput {
  receivedAt?: Date;
  channel: IntakeChannel;
  peopleCount: number;
  matter: string;
  matterType?: DisputeType;
  projectName?: string;
  contractorName?: string;
  eventId?: number;
  visitors: PersonInput[];
  route?: RouteInput;
}

export interface WhereNow {
  track: Track | null;
  label: string;
  entity: 'dispute' | 'petition' | null;
  entityId: number | null;
  code: string | null;
  status: string | null;
  department: string | null;
}

export interface IntakeView {
  id: number;
  code: string;
  receivedAt: Date;
  channel: IntakeChannel;
  channelLabel: string;
  peopleCount: number;
  collective: boolean;
  matter: string;
  matterType: DisputeType;
  matterTypeLabel: string;
  projectName: string | null;
  contractorName: string | null;
  track: Track | null;
  trackLabel: string | null;
  trackNote: string;
  referredTo: string | null;
  referredOrgUnitId: number | null;
  routedAt: Date | null;
  eventId: number | null;
  receiverId: number;
  receiverName: string | null;
  disputeId: number | null;
  petitionId: number | null;
  version: number;
}

export interface IntakeDetail extends IntakeView {
  visitors: PersonView[];
  where: WhereNow;
  timeline: Awaited<ReturnType<typeof repo.timelineFor>>;
}

function intakeView(i: repo.IntakeRow, receiverName: string | null): IntakeView {
  return {
    id: i.id,
    code: i.code,
    receivedAt: i.receivedAt,
    channel: i.channel,
    channelLabel: CHANNEL_LABELS[i.channel],
    peopleCount: i.peopleCount,
    collective: i.collective,
    matter: i.matter,
    matterType: i.matterType,
    matterTypeLabel: DISPUTE_TYPE_LABELS[i.matterType],
    projectName: i.projectName,
    contractorName: i.contractorName,
    track: i.track,
    trackLabel: i.track ? TRACK_LABELS[i.track] : null,
    trackNote: i.trackNote,
    referredTo: i.referredTo,
    referredOrgUnitId: i.referredOrgUnitId,
    routedAt: i.routedAt,
    eventId: i.eventId,
    receiverId: i.receiverId,
    receiverName,
    disputeId: i.disputeId,
    petitionId: i.petitionId,
    version: i.version,
  };
}

const LITIGATION_LABELS: Record<string, string> = { court: '人民法院', arbitration: '劳动人事争议仲裁委员会', administrative_review: '行政复议机关' };

/** Where the matter is now (首接负责: the receiver follows it through from the intake record). */
export async function whereNow(db: Executor, i: repo.IntakeRow): Promise<WhereNow> {
  const base = { track: i.track, entity: null, entityId: null, code: null, status: null, department: null };
  switch (i.track) {
    case null:
      return { ...base, label: '待分流' };
    case 'consultation':
      return { ...base, label: '已当场解答，办结' };
    case 'legal_aid':
      return { ...base, label: `已转介法律援助：${i.referredTo ?? ''}` };
    case 'litigation':
      return { ...base, label: `已引导通过${LITIGATION_LABELS[i.referredTo ?? ''] ?? i.referredTo ?? ''}依法解决` };
    case 'department': {
      const [u] = await repo.orgUnitNames(db, i.referredOrgUnitId ? [i.referredOrgUnitId] : []);
      return { ...base, label: `已转交${u?.name ?? '职能部门'}办理`, department: u?.name ?? null };
    }
    case 'dispute': {
      const d = i.disputeId ? await repo.findDispute(db, i.disputeId) : undefined;
      if (!d) return { ...base, label: '纠纷调解' };
      const lead = (await repo.linksOf(db, d.id)).find((l) => l.active && l.lead);
      return {
        ...base, entity: 'dispute', entityId: d.id, code: d.code, status: d.status, department: lead?.orgUnitName ?? null,
        label: `纠纷${d.code}：${DISPUTE_STATUS_LABELS[d.status]}${lead && d.status === 'transferred' ? `（${lead.orgUnitName}）` : ''}`,
      };
    }
    case 'petition': {
      const p = i.petitionId ? await repo.findPetition(db, i.petitionId) : undefined;
      if (!p) return { ...base, label: '信访事项' };
      const [u] = await repo.orgUnitNames(db, p.handlingOrgUnitId ? [p.handlingOrgUnitId] : []);
      return {
        ...base, entity: 'petition', entityId: p.id, code: p.code, status: p.status, department: u?.name ?? null,
        label: `信访${p.code}：${PETITION_STATUS_LABELS[p.status]}`,
      };
    }
    default: {
      const never: never = i.track;
      throw new Error(`unhandled track ${String(never)}`);
    }
  }
}

const PETITION_FORM: Record<IntakeChannel, PetitionForm> = {
  visit: 'visit', phone: 'phone', letter: 'letter', online: 'online', transferred: 'transferred', grid_event: 'transferred',
};

async function routeTx(tx: Executor, ctx: RequestContext, box: SecretBox, i: repo.IntakeRow, r: RouteInput): Promise<repo.IntakeRow> {
  const a = authorized(ctx, mediationActions['mediation.intakes.write']);
  if (i.track !== null) throw errors.conflict('mediation.intake.already_routed', { zh: '该来访已分流', en: 'Already routed' });
  const note = (r.note ?? '').trim();
  const patch: Parameters<typeof repo.updateIntake>[3] = { track: r.track, trackNote: note, routedAt: new Date(), routedBy: a.actor.userId };
  const visitors = await repo.peopleOf(tx, 'intake', i.id);
  switch (r.track) {
    case 'consultation':
      if (!note) throw errors.validation({ field: 'route.note' }, { zh: '请填写当场解答的内容', en: 'Record the answer given' });
      break;
    case 'legal_aid':
      if (!r.referredTo?.trim()) throw errors.validation({ field: 'route.referredTo' }, { zh: '请填写转介的法律援助机构', en: 'Name the legal-aid institution' });
      patch.referredTo = r.referredTo.trim();
      break;
    case 'litigation':
      if (!r.referredTo || !(LITIGATION_ROUTES as readonly string[]).includes(r.referredTo)) {
        throw errors.validation({ field: 'route.referredTo' }, { zh: '请选择引导的途径（诉讼、仲裁、行政复议）', en: 'Choose court, arbitration or administrative review' });
      }
      patch.referredTo = r.referredTo;
      break;
    case 'department': {
      const u = r.referredOrgUnitId ? await repo.findOrgUnit(tx, r.referredOrgUnitId) : undefined;
      if (!u || u.jurisdictionId !== i.jurisdictionId || !u.active) throw errors.validation({ field: 'route.referredOrgUnitId' }, { zh: '请选择职能部门', en: 'Choose the department' });
      patch.referredOrgUnitId = u.id;
      patch.referredTo = u.name;
      await notifyDepartment(tx, { jurisdictionId: i.jurisdictionId, orgUnitId: u.id, entity: 'mediation_intake', entityId: i.id, title: `矛调中心转来来访事项${i.code}`, body: i.matter.slice(0, 200) });
      break;
    }
    case 'dispute': {
      const dr = r.dispute ?? { type: i.matterType };
      const d = await insertDisputeTx(
        tx, ctx, box, i.jurisdictionId,
        {
          ...dr,
          type: dr.type ?? i.matterType,
          projectName: dr.projectName ?? i.projectName ?? undefined,
          contractorName: dr.contractorName ?? i.contractorName ?? undefined,
          summary: dr.summary ?? i.matter,
          receivedAt: i.receivedAt,
          parties: (r.dispute?.respondents ?? []).map((p) => ({ ...p, role: 'respondent' as const })),
        },
        { intakeId: i.id, applicants: copyPeople(visitors, { disputeId: 0 }, 'applicant'), fallbackTitle: i.matter },
      );
      patch.disputeId = d.id;
      break;
    }
    case 'petition': {
      const p = await insertPetitionTx(
        tx, ctx, box, i.jurisdictionId,
        {
          form: PETITION_FORM[i.channel], type: r.petition?.type ?? i.matterType, title: r.petition?.title, matter: i.matter, registeredAt: i.receivedAt,
          peopleCount: i.peopleCount, projectName: i.projectName ?? undefined, contractorName: i.contractorName ?? undefined,
        },
        { intakeId: i.id, petitioners: copyPeople(visitors, { petitionId: 0 }, 'petitioner') },
      );
      patch.petitionId = p.id;
      break;
    }
    default: {
      const never: never = r.track;
      throw new Error(`unhandled track ${String(never)}`);
    }
  }
  const updated = await repo.updateIntake(tx, i.id, i.version, patch);
  if (!updated) throw errors.stale('mediation_intake');
  await timeline(tx, ctx, {
    jurisdictionId: i.jurisdictionId, entity: 'intake', entityId: i.id, action: 'route', to: r.track, note,
    details: { disputeId: updated.disputeId, petitionId: updated.petitionId, referredTo: updated.referredTo },
  });
  await audit(tx, ctx, 'mediation.intake.route', 'mediation_intake', i.id, { track: r.track, disputeId: updated.disputeId, petitionId: updated.petitionId });
  return updated;
}

export async function registerIntake(db: Executor, ctx: RequestContext, box: SecretBox, input: IntakeInput): Promise<IntakeDetail> {
  const a = authorized(ctx, mediationActions['mediation.intakes.write']);
  requireCentre(a);
  const receivedAt = input.receivedAt ?? new Date();
  checkNotFuture(receivedAt, 'receivedAt');
  if (!input.matter.trim()) throw errors.validation({ field: 'matter' }, { zh: '请填写来访事项', en: 'The matter is required' });
  if (input.visitors.length === 0) throw errors.validation({ field: 'visitors' }, { zh: '请至少登记一名来访人', en: 'Register at least one visitor' });
  checkRepresentatives(input.peopleCount, input.visitors, 'visitors');
  if (isCollective(input.peopleCount) && !input.visitors.some((v) => v.representative)) {
    throw errors.rule('mediation.representatives_required', {
      zh: '5人以上集体来访应推选代表（不超过5人），请标明代表',
      en: 'A group of five or more chooses representatives (at most five); mark them',
    });
  }
  const id = await db.transaction().execute(async (tx) => {
    const year = Number(localDate(receivedAt).slice(0, 4));
    const n = await repo.nextNumber(tx, a.actor.jurisdictionId, 'intake', year);
    let intake = await repo.insertIntake(tx, {
      jurisdictionId: a.actor.jurisdictionId,
      code: `LF${year}-${String(n).padStart(4, '0')}`,
      receivedAt,
      channel: input.channel,
      peopleCount: input.peopleCount,
      collective: isCollective(input.peopleCount),
      matter: input.matter.trim(),
      matterType: input.matterType ?? 'other',
      projectName: input.projectName?.trim() || null,
      contractorName: input.contractorName?.trim() || null,
      track: null,
      referredOrgUnitId: null,
      referredTo: null,
      routedAt: null,
      routedBy: null,
      eventId: input.eventId ?? null,
      receiverId: a.actor.userId,
      receiverOrgUnitId: a.actor.orgUnitId,
      disputeId: null,
      petitionId: null,
    });
    await repo.insertPeople(tx, input.visitors.map((v, i) => sealPerson(box, a.actor.jurisdictionId, { intakeId: intake.id }, 'visitor', v, i, 'visitors')));
    await timeline(tx, ctx, {
      jurisdictionId: intake.jurisdictionId, entity: 'intake', entityId: intake.id, action: 'register', at: receivedAt,
      details: { peopleCount: intake.peopleCount, collective: intake.collective, channel: intake.channel },
    });
    await audit(tx, ctx, 'mediation.intake.register', 'mediation_intake', intake.id, {
      code: intake.code, channel: intake.channel, peopleCount: intake.peopleCount, collective: intake.collective,
    });
    if (intake.collective) await onCollectiveVisit(tx, intake);
    if (input.route) intake = await routeTx(tx, ctx, box, intake, input.route);
    return intake.id;
  });
  return getIntake(db, ctx, id);
}

export async function routeIntake(db: Executor, ctx: RequestContext, box: SecretBox, id: number, input: RouteInput & { version: number }): Promise<IntakeDetail> {
  const a = authorized(ctx, mediationActions['mediation.intakes.write']);
  requireCentre(a);
  await db.transaction().execute(async (tx) => {
    const i = await repo.findIntake(tx, id, true);
    if (!i || i.jurisdictionId !== a.actor.jurisdictionId) throw errors.notFound('mediation_intake', '来访登记');
    if (i.version !== input.version) throw errors.stale('mediation_intake');
    await routeTx(tx, ctx, box, i, input);
  });
  return getIntake(db, ctx, id);
}

export async function getIntake(db: Executor, ctx: RequestContext, id: number): Promise<IntakeDetail> {
  const a = authorized(ctx, mediationActions['mediation.intakes.read']);
  const i = await repo.findIntake(db, id);
  if (!i || i.jurisdictionId !== a.actor.jurisdictionId) throw errors.notFound('mediation_intake', '来访登记');
  const [people, tl, receiver, where] = await Promise.all([
    repo.peopleOf(db, 'intake', id),
    repo.timelineFor(db, 'intake', id),
    repo.userNames(db, [i.receiverId]),
    whereNow(db, i),
  ]);
  return { ...intakeView(i, receiver[0]?.displayName ?? null), visitors: people.map(personView), where, timeline: tl };
}

export async function listIntakes(
  db: Executor,
  ctx: RequestContext,
  q: { from?: Date; to?: Date; channel?: string; track?: string; collective?: boolean; q?: string; page?: number; pageSize?: number; sort?: string; order?: 'asc' | 'desc' },
): Promise<PageResult<IntakeView>> {
  const a = authorized(ctx, mediationActions['mediation.intakes.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { rows, total } = await repo.listIntakes(
    db,
    { jurisdictionId: a.actor.jurisdictionId, from: q.from, to: q.to, channel: q.channel, track: q.track, collective: q.collective, q: q.q },
    { offset, limit: pageSize, sort: q.sort ?? 'receivedAt', desc: q.order !== 'asc' },
  );
  return { items: rows.map((r) => intakeView(r, r.receiverName)), total, page, pageSize };
}
