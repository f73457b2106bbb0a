// Risk clues (线索共享): any department records a clue (a site not paying wages, workers gathering), shares it with
// named departments, follows it up, and it may become a dispute, a petition or a grid event — or is closed with a
// note. A department sees the clues it recorded and those shared with it.
import type { Executor } from '../../db/database.ts';
import { assertRowAccess } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { localDate } from '../../platform/deadlines/index.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { createEventFromSource, eventRefs } from '../events/index.ts';
import { audit, authorized, checkNotFuture, requireCentre, timeline, type Authorized } from './mediation.common.ts';
import { insertDisputeTx, type DisputeDraft } from './mediation.disputes.ts';
import { notifyDepartment } from './mediation.notify.ts';
import { insertPetitionTx, type PetitionDraft } from './mediation.petitions.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import { CLUE_KIND_LABELS, subjectKey, type ClueKind } from './mediation.workflow.ts';

export interface ClueInput {
  reportedAt?: Date;
  kind: ClueKind;
  riskLevel?: 'low' | 'medium' | 'high';
  title: string;
  content?: string;
  location?: string;
  projectName?: string;
  contractorName?: string;
  workersInvolved?: number;
  shareWith?: number[];
}

export interface ClueView {
  id: number;
  code: string;
  kind: ClueKind;
  kindLabel: string;
  riskLevel: 'low' | 'medium' | 'high';
  title: string;
  content: string;
  location: string | null;
  projectName: string | null;
  contractorName: string | null;
  workersInvolved: number;
  sourceOrgUnitId: number | null;
  sourceOrgUnitName: string | null;
  reportedAt: Date;
  status: repo.ClueRow['status'];
  convertedTo: repo.ClueRow['convertedTo'];
  disputeId: number | null;
  petitionId: number | null;
  eventId: number | null;
  closeNote: string | null;
  closedAt: Date | null;
  version: number;
}

export interface ClueDetail extends ClueView {
  /** The grid event's code (SJ…) when the clue became or was linked to one. */
  eventCode: string | null;
  sharedWith: { orgUnitId: number; orgUnitName: string; sharedAt: Date }[];
  followups: { id: number; at: Date; note: string; userName: string | null; orgUnitName: string | null }[];
  timeline: Awaited<ReturnType<typeof repo.timelineFor>>;
}

function clueView(c: repo.ClueRow, sourceName: string | null): ClueView {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    kindLabel: CLUE_KIND_LABELS[c.kind],
    riskLevel: c.riskLevel,
    title: c.title,
    content: c.content,
    location: c.location,
    projectName: c.projectName,
    contractorName: c.contractorName,
    workersInvolved: c.workersInvolved,
    sourceOrgUnitId: c.sourceOrgUnitId,
    sourceOrgUnitName: sourceName,
    reportedAt: c.reportedAt,
    status: c.status,
    convertedTo: c.convertedTo,
    disputeId: c.disputeId,
    petitionId: c.petitionId,
    eventId: c.eventId,
    closeNote: c.closeNote,
    closedAt: c.closedAt,
    version: c.version,
  };
}

async function scopedClue(db: Executor, ctx: RequestContext, action: string, id: number, lock = false): Promise<{ a: Authorized; c: repo.ClueRow; shares: number[] }> {
  const a = authorized(ctx, action);
  const c = await repo.findClue(db, id, lock);
  const shares = c ? (await repo.sharesOf(db, c.id)).map((s) => s.orgUnitId) : [];
  assertRowAccess(
    a.actor, a.scope, c ? { jurisdictionId: c.jurisdictionId, departmentIds: [c.sourceOrgUnitId, ...shares] } : undefined, 'mediation_clue', '线索',
  );
  return { a, c: c!, shares };
}

async function checkUnits(db: Executor, jurisdictionId: number, ids: readonly number[]): Promise<{ id: number; name: string }[]> {
  const out: { id: number; name: string }[] = [];
  for (const id of new Set(ids)) {
    const u = await repo.findOrgUnit(db, id);
    if (!u || u.jurisdictionId !== jurisdictionId || !u.active) throw errors.validation({ field: 'shareWith', orgUnitId: id }, { zh: '共享的部门不存在', en: 'No such department' });
    out.push({ id: u.id, name: u.name });
  }
  return out;
}

export async function createClue(db: Executor, ctx: RequestContext, input: ClueInput): Promise<ClueDetail> {
  const a = authorized(ctx, mediationActions['mediation.clues.write']);
  if (a.scope === 'department' && a.actor.orgUnitId === null) throw errors.forbidden();
  const reportedAt = input.reportedAt ?? new Date();
  checkNotFuture(reportedAt, 'reportedAt');
  if (!input.title.trim()) throw errors.validation({ field: 'title' }, { zh: '请填写线索标题', en: 'A title is required' });
  const id = await db.transaction().execute(async (tx) => {
    const units = await checkUnits(tx, a.actor.jurisdictionId, (input.shareWith ?? []).filter((u) => u !== a.actor.orgUnitId));
    const year = Number(localDate(reportedAt).slice(0, 4));
    const n = await repo.nextNumber(tx, a.actor.jurisdictionId, 'clue', year);
    const c = await repo.insertClue(tx, {
      jurisdictionId: a.actor.jurisdictionId,
      code: `XS${year}-${String(n).padStart(4, '0')}`,
      sourceOrgUnitId: a.actor.orgUnitId,
      recordedBy: a.actor.userId,
      reportedAt,
      kind: input.kind,
      riskLevel: input.riskLevel ?? 'medium',
      title: input.title.trim(),
      content: input.content?.trim() ?? '',
      location: input.location?.trim() || null,
      projectName: input.projectName?.trim() || null,
      contractorName: input.contractorName?.trim() || null,
      projectKey: subjectKey(input.projectName),
      contractorKey: subjectKey(input.contractorName),
      workersInvolved: input.workersInvolved ?? 0,
      convertedTo: null,
      disputeId: null,
      petitionId: null,
      eventId: null,
      closeNote: null,
      closedAt: null,
    });
    await repo.insertShares(tx, units.map((u) => ({ clueId: c.id, orgUnitId: u.id, jurisdictionId: c.jurisdictionId, sharedBy: a.actor.userId })));
    await timeline(tx, ctx, { jurisdictionId: c.jurisdictionId, entity: 'clue', entityId: c.id, action: 'record', to: 'open', at: reportedAt, details: { sharedWith: units.map((u) => u.id) } });
    await audit(tx, ctx, 'mediation.clue.record', 'mediation_clue', c.id, { code: c.code, kind: c.kind, sharedWith: units.map((u) => u.id) });
    for (const u of units) {
      await notifyDepartment(tx, { jurisdictionId: c.jurisdictionId, orgUnitId: u.id, entity: 'mediation_clue', entityId: c.id, title: `共享线索：${c.title}`, body: CLUE_KIND_LABELS[c.kind] });
    }
    return c.id;
  });
  return getClue(db, ctx, id);
}

export async function getClue(db: Executor, ctx: RequestContext, id: number): Promise<ClueDetail> {
  const { c } = await scopedClue(db, ctx, mediationActions['mediation.clues.read'], id);
  const [shares, followups, tl, source, event] = await Promise.all([
    repo.sharesOf(db, id),
    repo.clueFollowupsOf(db, id),
    repo.timelineFor(db, 'clue', id),
    repo.orgUnitNames(db, c.sourceOrgUnitId ? [c.sourceOrgUnitId] : []),
    eventRefs(db, c.jurisdictionId, c.eventId !== null ? [c.eventId] : []),
  ]);
  return { ...clueView(c, source[0]?.name ?? null), eventCode: event[0]?.code ?? null, sharedWith: shares, followups, timeline: tl };
}

export async function listClues(
  db: Executor,
  ctx: RequestContext,
  q: { status?: string; kind?: string; from?: Date; to?: Date; page?: number; pageSize?: number; order?: 'asc' | 'desc' },
): Promise<PageResult<ClueView>> {
  const a = authorized(ctx, mediationActions['mediation.clues.read']);
  const { page, pageSize, offset } = pageBounds(q);
  if (a.scope === 'department' && a.actor.orgUnitId === null) return { items: [], total: 0, page, pageSize };
  const { rows, total } = await repo.listClues(
    db,
    { jurisdictionId: a.actor.jurisdictionId, orgUnitId: a.scope === 'department' ? a.actor.orgUnitId! : undefined, status: q.status, kind: q.kind, from: q.from, to: q.to },
    { offset, limit: pageSize, desc: q.order !== 'asc' },
  );
  return { items: rows.map((r) => clueView(r, r.sourceOrgUnitName)), total, page, pageSize };
}

const finished = (c: repo.ClueRow) => c.status === 'closed' || c.status === 'converted';
const clueDone = () => errors.conflict('mediation.clue_finished', { zh: '线索已办结', en: 'The clue is finished' });

export async function shareClue(db: Executor, ctx: RequestContext, id: number, input: { orgUnitIds: number[] }): Promise<ClueDetail> {
  await db.transaction().execute(async (tx) => {
    const { a, c, shares } = await scopedClue(tx, ctx, mediationActions['mediation.clues.write'], id, true);
    if (finished(c)) throw clueDone();
    const units = (await checkUnits(tx, c.jurisdictionId, input.orgUnitIds)).filter((u) => u.id !== c.sourceOrgUnitId && !shares.includes(u.id));
    await repo.insertShares(tx, units.map((u) => ({ clueId: id, orgUnitId: u.id, jurisdictionId: c.jurisdictionId, sharedBy: a.actor.userId })));
    await timeline(tx, ctx, { jurisdictionId: c.jurisdictionId, entity: 'clue', entityId: id, action: 'share', note: units.map((u) => u.name).join('、'), details: { orgUnitIds: units.map((u) => u.id) } });
    await audit(tx, ctx, 'mediation.clue.share', 'mediation_clue', id, { orgUnitIds: units.map((u) => u.id) });
    for (const u of units) {
      await notifyDepartment(tx, { jurisdictionId: c.jurisdictionId, orgUnitId: u.id, entity: 'mediation_clue', entityId: id, title: `共享线索：${c.title}`, body: CLUE_KIND_LABELS[c.kind] });
    }
  });
  return getClue(db, ctx, id);
}

export async function followClue(db: Executor, ctx: RequestContext, id: number, input: { note: string }): Promise<ClueDetail> {
  await db.transaction().execute(async (tx) => {
    const { a, c } = await scopedClue(tx, ctx, mediationActions['mediation.clues.write'], id, true);
    if (finished(c)) throw clueDone();
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, { zh: '请填写跟进情况', en: 'A note is required' });
    await repo.insertClueFollowup(tx, { jurisdictionId: c.jurisdictionId, clueId: id, userId: a.actor.userId, orgUnitId: a.actor.orgUnitId, note });
    if (c.status === 'open') {
      const u = await repo.updateClue(tx, id, c.version, { status: 'following' });
      if (!u) throw errors.stale('mediation_clue');
    }
    await timeline(tx, ctx, { jurisdictionId: c.jurisdictionId, entity: 'clue', entityId: id, action: 'follow', from: c.status, to: 'following', note });
    await audit(tx, ctx, 'mediation.clue.follow', 'mediation_clue', id);
  });
  return getClue(db, ctx, id);
}

export interface ConvertInput {
  to: 'dispute' | 'petition' | 'event';
  version: number;
  dispute?: Omit<DisputeDraft, 'receivedAt'>;
  petition?: Omit<PetitionDraft, 'registeredAt' | 'previousPetitionId'>;
  /** to event: the grid event to report for this clue (category required; text and place default to the clue's). */
  event?: { categoryId: number; title?: string; description?: string; address?: string; lng?: number; lat?: number; priority?: 'normal' | 'urgent' };
  /** to event: or link the grid event already reported for it on the events page. */
  eventId?: number;
  note?: string;
}

export async function convertClue(db: Executor, ctx: RequestContext, box: SecretBox, id: number, input: ConvertInput): Promise<ClueDetail> {
  await db.transaction().execute(async (tx) => {
    const { a, c } = await scopedClue(tx, ctx, mediationActions['mediation.clues.write'], id, true);
    if (c.version !== input.version) throw errors.stale('mediation_clue');
    if (finished(c)) throw clueDone();
    const patch: Parameters<typeof repo.updateClue>[3] = { status: 'converted', convertedTo: input.to, closedAt: new Date(), closeNote: input.note?.trim() || null };
    const fallbackTitle = c.title;
    switch (input.to) {
      case 'dispute': {
        requireCentre(a);
        const d = await insertDisputeTx(
          tx, ctx, box, c.jurisdictionId,
          {
            type: c.kind === 'wage_arrears' ? 'wage' : 'other', summary: c.content, projectName: c.projectName ?? undefined, contractorName: c.contractorName ?? undefined,
            workersInvolved: c.workersInvolved, ...input.dispute,
          },
          { clueId: c.id, fallbackTitle },
        );
        patch.disputeId = d.id;
        break;
      }
      case 'petition': {
        requireCentre(a);
        const p = await insertPetitionTx(
          tx, ctx, box, c.jurisdictionId,
          {
            form: 'transferred', type: c.kind === 'wage_arrears' ? 'wage' : 'other', matter: c.content || c.title, projectName: c.projectName ?? undefined,
            contractorName: c.contractorName ?? undefined, ...input.petition,
          },
          { clueId: c.id, fallbackTitle },
        );
        patch.petitionId = p.id;
        break;
      }
      case 'event': {
        if (input.event) {
          // Reported through the events module's own intake, in this transaction: the clue and its event commit together.
          const e = await createEventFromSource(tx, ctx, {
            source: 'clue',
            categoryId: input.event.categoryId,
            title: input.event.title?.trim() || c.title,
            description: input.event.description?.trim() || c.content || c.title,
            address: input.event.address?.trim() || c.location || '',
            lng: input.event.lng,
            lat: input.event.lat,
            priority: input.event.priority ?? (c.riskLevel === 'high' ? 'urgent' : 'normal'),
            refModule: 'mediation.clue',
            refId: c.id,
          });
          patch.eventId = e.id;
        } else if (input.eventId) {
          const [ref] = await eventRefs(tx, c.jurisdictionId, [input.eventId]);
          if (!ref) throw errors.notFound('event', '网格事件');
          patch.eventId = ref.id;
        } else {
          throw errors.validation({ field: 'event' }, { zh: '请选择事件分类', en: 'The event category is required' });
        }
        break;
      }
      default: {
        const never: never = input.to;
        throw new Error(`unhandled target ${String(never)}`);
      }
    }
    const updated = await repo.updateClue(tx, id, c.version, patch);
    if (!updated) throw errors.stale('mediation_clue');
    await timeline(tx, ctx, {
      jurisdictionId: c.jurisdictionId, entity: 'clue', entityId: id, action: 'convert', from: c.status, to: 'converted', note: input.note ?? '',
      details: { to: input.to, disputeId: updated.disputeId, petitionId: updated.petitionId, eventId: updated.eventId },
    });
    await audit(tx, ctx, 'mediation.clue.convert', 'mediation_clue', id, { to: input.to, disputeId: updated.disputeId, petitionId: updated.petitionId, eventId: updated.eventId });
  });
  return getClue(db, ctx, id);
}

export async function closeClue(db: Executor, ctx: RequestContext, id: number, input: { note: string; version: number }): Promise<ClueDetail> {
  await db.transaction().execute(async (tx) => {
    const { c } = await scopedClue(tx, ctx, mediationActions['mediation.clues.write'], id, true);
    if (c.version !== input.version) throw errors.stale('mediation_clue');
    if (finished(c)) throw clueDone();
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, { zh: '办结线索须填写处置说明', en: 'Closing a clue needs a note' });
    const updated = await repo.updateClue(tx, id, c.version, { status: 'closed', closeNote: note, closedAt: new Date() });
    if (!updated) throw errors.stale('mediation_clue');
    await timeline(tx, ctx, { jurisdictionId: c.jurisdictionId, entity: 'clue', entityId: id, action: 'close', from: c.status, to: 'closed', note });
    await audit(tx, ctx, 'mediation.clue.close', 'mediation_clue', id);
  });
  return getClue(db, ctx, id);
}
