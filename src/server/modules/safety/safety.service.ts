// Safety (平安建设) rules: patrol logs (a grid worker logs patrols in their own grids), monthly police figures
// entered from the police system with their source, and corrections/resettlement subjects whose identity is
// encrypted, masked everywhere, shown whole only to the safety role with a stated reason (audited), and whose
// minors never leave the system in an export.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, rowInScope, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { openPersonal, requireIdCard, sealPersonal } from '../../platform/crypto/sensitive.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageArgs } from '../../platform/http/schemas.ts';
import { createEventFromSource, eventRefs } from '../events/index.ts';
import { safetyActions } from './safety.policy.ts';
import * as repo from './safety.repository.ts';
import { PATROLLER_TYPES, SUBJECT_KINDS, type CheckinMethod, type PatrollerType, type SubjectKind } from './safety.table.ts';

function granted(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

/** The instants that bound the China-time days from..to (inclusive). */
export function dayBounds(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86400_000);
  return { start, end };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const MAX_PATROL_HOURS = 24;

// ── patrols ──

export interface FindingInput {
  description: string;
  location?: string;
  lng?: number | null;
  lat?: number | null;
}

export interface PatrolInput {
  patrollerType: PatrollerType;
  patrollers: string[];
  peopleCount?: number;
  gridId?: number | null;
  route?: string;
  startedAt: string;
  endedAt: string;
  notes?: string;
  findings?: FindingInput[];
}

function checkTimes(startedAt: Date, endedAt: Date) {
  if (!(endedAt > startedAt)) throw errors.validation({ field: 'endedAt' }, { zh: '结束时间须晚于开始时间', en: 'End must be after start' });
  if (endedAt.getTime() - startedAt.getTime() > MAX_PATROL_HOURS * 3600_000) {
    throw errors.validation({ field: 'endedAt' }, { zh: `单次巡逻不超过 ${MAX_PATROL_HOURS} 小时`, en: `A patrol lasts at most ${MAX_PATROL_HOURS} hours` });
  }
  if (startedAt.getTime() > Date.now() + 60_000) throw errors.validation({ field: 'startedAt' }, { zh: '巡逻开始时间不能晚于现在', en: 'Start is in the future' });
}

async function checkGrid(db: Executor, actor: Actor, scope: string, gridId: number | null, route: string) {
  if (gridId === null) {
    if (scope === 'grid') throw errors.validation({ field: 'gridId' }, { zh: '网格员的巡逻须选择所在网格', en: 'A grid worker’s patrol needs a grid' });
    if (!route.trim()) throw errors.validation({ field: 'route' }, { zh: '请选择网格或填写巡逻路线', en: 'Give a grid or a route' });
    return;
  }
  const g = await repo.gridOf(db, gridId);
  if (!g || !rowInScope(actor, scope as never, { jurisdictionId: g.jurisdictionId, gridId: g.id })) throw errors.notFound('grid', '网格');
}

const patrolView = <T extends { startedAt: Date; endedAt: Date; findingCount?: number | string | null }>(p: T) => ({
  ...p,
  hours: round1((p.endedAt.getTime() - p.startedAt.getTime()) / 3600_000),
  ...(p.findingCount !== undefined ? { findingCount: Number(p.findingCount ?? 0) } : {}),
});

export async function createPatrol(db: Executor, ctx: RequestContext, input: PatrolInput) {
  const { actor, scope } = granted(ctx, safetyActions['safety.patrols.write']);
  // A grid worker's own patrol is a grid-worker patrol, whatever the form says.
  const patrollerType: PatrollerType = actor.role === 'grid_worker' ? 'grid_worker' : input.patrollerType;
  const startedAt = new Date(input.startedAt);
  const endedAt = new Date(input.endedAt);
  checkTimes(startedAt, endedAt);
  const patrollers = input.patrollers.map((p) => p.trim()).filter(Boolean);
  if (patrollers.length === 0) throw errors.validation({ field: 'patrollers' }, { zh: '请填写巡逻人员', en: 'Name the patrollers' });
  await checkGrid(db, actor, scope, input.gridId ?? null, input.route ?? '');
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertPatrol(tx, {
      jurisdictionId: actor.jurisdictionId,
      patrollerType,
      patrollers,
      peopleCount: input.peopleCount ?? patrollers.length,
      gridId: input.gridId ?? null,
      route: (input.route ?? '').trim(),
      startedAt,
      endedAt,
      notes: input.notes ?? '',
      createdBy: actor.userId,
    });
    await repo.insertFindings(
      tx,
      (input.findings ?? []).map((f) => ({
        jurisdictionId: actor.jurisdictionId,
        patrolId: id,
        description: f.description.trim(),
        location: f.location ?? '',
        lng: f.lng ?? null,
        lat: f.lat ?? null,
        createdBy: actor.userId,
      })),
    );
    await appendAudit(tx, ctx, { action: 'safety.patrol.create', entity: 'patrol', entityId: id, details: { patrollerType, gridId: input.gridId ?? null, findings: (input.findings ?? []).length } });
    return getPatrolTx(tx, id);
  });
}

async function getPatrolTx(db: Executor, id: number) {
  const p = (await repo.findPatrol(db, id))!;
  const findings = await repo.findingsOf(db, id);
  const linked = findings.flatMap((f) => (f.eventId !== null ? [f.eventId] : []));
  const codes = new Map((await eventRefs(db, p.jurisdictionId, linked)).map((e) => [e.id, e.code]));
  return { ...patrolView(p), findings: findings.map((f) => ({ ...f, eventCode: f.eventId !== null ? (codes.get(f.eventId) ?? null) : null })) };
}

async function patrolInScope(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = granted(ctx, action);
  const p = await repo.findPatrol(db, id);
  if (!p || !rowInScope(actor, scope, { jurisdictionId: p.jurisdictionId, gridId: p.gridId })) throw errors.notFound('safety.patrol', '巡逻记录');
  return { actor, scope, patrol: p };
}

export async function getPatrol(db: Executor, ctx: RequestContext, id: number) {
  await patrolInScope(db, ctx, safetyActions['safety.patrols.read'], id);
  return getPatrolTx(db, id);
}

export async function updatePatrol(db: Executor, ctx: RequestContext, id: number, input: Partial<Omit<PatrolInput, 'findings'>> & { version: number }) {
  return db.transaction().execute(async (tx) => {
    const { actor, scope, patrol } = await patrolInScope(tx, ctx, safetyActions['safety.patrols.write'], id);
    const startedAt = input.startedAt !== undefined ? new Date(input.startedAt) : patrol.startedAt;
    const endedAt = input.endedAt !== undefined ? new Date(input.endedAt) : patrol.endedAt;
    checkTimes(startedAt, endedAt);
    const gridId = input.gridId !== undefined ? input.gridId : patrol.gridId;
    await checkGrid(tx, actor, scope, gridId, input.route ?? patrol.route);
    const { version, startedAt: _s, endedAt: _e, ...rest } = input;
    const changes = {
      ...rest,
      ...(actor.role === 'grid_worker' ? { patrollerType: 'grid_worker' as const } : {}),
      ...(input.startedAt !== undefined ? { startedAt } : {}),
      ...(input.endedAt !== undefined ? { endedAt } : {}),
      ...(rest.patrollers !== undefined ? { patrollers: rest.patrollers.map((p) => p.trim()).filter(Boolean) } : {}),
    };
    if (!(await repo.updatePatrol(tx, id, version, changes))) throw errors.stale('safety.patrol', { current: patrol.version });
    await appendAudit(tx, ctx, { action: 'safety.patrol.update', entity: 'patrol', entityId: id, details: { fields: Object.keys(input).filter((k) => k !== 'version') } });
    return getPatrolTx(tx, id);
  });
}

export async function addFindings(db: Executor, ctx: RequestContext, patrolId: number, findings: FindingInput[]) {
  return db.transaction().execute(async (tx) => {
    const { actor, patrol } = await patrolInScope(tx, ctx, safetyActions['safety.patrols.write'], patrolId);
    await repo.insertFindings(
      tx,
      findings.map((f) => ({ jurisdictionId: patrol.jurisdictionId, patrolId, description: f.description.trim(), location: f.location ?? '', lng: f.lng ?? null, lat: f.lat ?? null, createdBy: actor.userId })),
    );
    await appendAudit(tx, ctx, { action: 'safety.finding.create', entity: 'patrol', entityId: patrolId, details: { findings: findings.length } });
    return getPatrolTx(tx, patrolId);
  });
}

export async function listPatrols(
  db: Executor,
  ctx: RequestContext,
  q: PageArgs & { from?: string; to?: string; gridId?: number; patrollerType?: PatrollerType; order?: 'asc' | 'desc' },
) {
  const { actor, scope } = granted(ctx, safetyActions['safety.patrols.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const b = q.from || q.to ? dayBounds(q.from ?? '1970-01-01', q.to ?? '2999-12-31') : null;
  const r = await repo.listPatrols(
    db,
    {
      jurisdictionId: actor.jurisdictionId,
      gridIds: scope === 'grid' ? actor.gridIds : undefined,
      gridId: q.gridId,
      patrollerType: q.patrollerType,
      startFrom: b?.start,
      startBefore: b?.end,
    },
    { offset, limit: pageSize, order: q.order ?? 'desc' },
  );
  return { items: r.items.map(patrolView), total: r.total, page, pageSize };
}

const findingHasEvent = (eventId: number, code: string | null) =>
  errors.conflict(
    'safety.finding_has_event',
    { zh: `该发现已转为网格事件${code ? ` ${code}` : ''}`, en: `The finding is already event ${code ?? eventId}` },
    { eventId, eventCode: code },
  );

/** A finding the caller may turn into an event (row-locked in `tx`), or 404; 409 naming the event when it is one already. */
async function findingForEvent(tx: Executor, ctx: RequestContext, findingId: number) {
  const { actor, scope } = granted(ctx, safetyActions['safety.findings.to_event']);
  const f = await repo.findFinding(tx, findingId, true);
  if (!f || !rowInScope(actor, scope, { jurisdictionId: f.jurisdictionId, gridId: f.gridId })) throw errors.notFound('safety.finding', '巡逻发现');
  if (f.eventId !== null) {
    const [ref] = await eventRefs(tx, f.jurisdictionId, [f.eventId]);
    throw findingHasEvent(f.eventId, ref?.code ?? null);
  }
  return f;
}

export interface FindingEventInput {
  categoryId: number;
  title?: string;
  /** Defaults to the finding's description and location. */
  description?: string;
  address?: string;
  priority?: 'normal' | 'urgent';
}

/**
 * One click: the finding becomes a grid event (through the events module's intake, source 巡逻发现, at the
 * finding's point or in the patrol's grid) and is linked to it — event, link and audit in one transaction.
 */
export async function findingToEvent(db: Executor, ctx: RequestContext, findingId: number, input: FindingEventInput) {
  return db.transaction().execute(async (tx) => {
    const f = await findingForEvent(tx, ctx, findingId);
    const event = await createEventFromSource(tx, ctx, {
      source: 'patrol',
      categoryId: input.categoryId,
      title: input.title,
      description: input.description?.trim() || f.description,
      address: input.address?.trim() || f.location,
      lng: f.lng,
      lat: f.lat,
      gridId: f.gridId,
      priority: input.priority,
      refModule: 'safety.finding',
      refId: f.id,
    });
    if (!(await repo.linkFindingEvent(tx, f.id, event.id))) throw findingHasEvent(event.id, event.code);
    await appendAudit(tx, ctx, {
      action: 'safety.finding.to_event',
      entity: 'patrol_finding',
      entityId: f.id,
      details: { patrolId: f.patrolId, eventId: event.id, eventCode: event.code, categoryId: input.categoryId },
    });
    return { event: { id: event.id, code: event.code, status: event.status }, patrol: await getPatrolTx(tx, f.patrolId) };
  });
}

/** Records which grid event a finding became when it was reported on the events page instead. */
export async function linkFindingToEvent(db: Executor, ctx: RequestContext, findingId: number, eventId: number) {
  return db.transaction().execute(async (tx) => {
    const f = await findingForEvent(tx, ctx, findingId);
    const [ref] = await eventRefs(tx, f.jurisdictionId, [eventId]);
    if (!ref) throw errors.notFound('event', '网格事件');
    if (!(await repo.linkFindingEvent(tx, findingId, eventId))) throw findingHasEvent(eventId, ref.code);
    await appendAudit(tx, ctx, { action: 'safety.finding.to_event', entity: 'patrol_finding', entityId: findingId, details: { patrolId: f.patrolId, eventId, eventCode: ref.code, linked: true } });
    return getPatrolTx(tx, f.patrolId);
  });
}

// ── police figures ──

export interface PoliceInput {
  criminalFiled: number;
  criminalSolved: number;
  publicSecurityAccepted: number;
  publicSecurityClosed: number;
  source: string;
  note?: string;
}

const policeView = (r: Awaited<ReturnType<typeof repo.listPolice>>[number]) => ({ ...r, month: r.periodMonth.slice(0, 7) });

export async function listPolice(db: Executor, ctx: RequestContext, year: number) {
  const { actor } = granted(ctx, safetyActions['safety.police.read']);
  return (await repo.listPolice(db, actor.jurisdictionId, `${year}-01-01`, `${year}-12-01`)).map(policeView);
}

export async function enterPolice(db: Executor, ctx: RequestContext, input: PoliceInput & { month: string }) {
  const { actor } = granted(ctx, safetyActions['safety.police.write']);
  const periodMonth = `${input.month}-01`;
  return db.transaction().execute(async (tx) => {
    const id = await repo
      .insertPolice(tx, {
        jurisdictionId: actor.jurisdictionId,
        periodMonth,
        criminalFiled: input.criminalFiled,
        criminalSolved: input.criminalSolved,
        publicSecurityAccepted: input.publicSecurityAccepted,
        publicSecurityClosed: input.publicSecurityClosed,
        source: input.source.trim(),
        note: input.note ?? '',
        enteredBy: actor.userId,
      })
      .catch((e: unknown) => {
        if ((e as { code?: string }).code === '23505') {
          throw errors.conflict('safety.police_month_exists', { zh: '该月数据已录入，请修改原记录', en: 'The month is already entered; correct it instead' });
        }
        throw e;
      });
    const { source: _s, note: _n, ...numbers } = input;
    await appendAudit(tx, ctx, { action: 'safety.police.enter', entity: 'police_figures', entityId: id, details: numbers });
    return policeView((await repo.listPolice(tx, actor.jurisdictionId, periodMonth, periodMonth))[0]);
  });
}

/** A correction keeps the old numbers in the audit log, so the history of a month's figures can be read back. */
export async function correctPolice(db: Executor, ctx: RequestContext, id: number, input: Partial<PoliceInput> & { version: number }) {
  const { actor } = granted(ctx, safetyActions['safety.police.write']);
  return db.transaction().execute(async (tx) => {
    const row = await repo.findPolice(tx, id);
    if (!row || row.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('safety.police', '公安数据');
    const { version, ...changes } = input;
    if (!(await repo.updatePolice(tx, id, version, { ...changes, enteredBy: actor.userId }))) throw errors.stale('safety.police', { current: row.version });
    const before = {
      criminalFiled: row.criminalFiled,
      criminalSolved: row.criminalSolved,
      publicSecurityAccepted: row.publicSecurityAccepted,
      publicSecurityClosed: row.publicSecurityClosed,
      source: row.source,
    };
    await appendAudit(tx, ctx, { action: 'safety.police.correct', entity: 'police_figures', entityId: id, details: { month: row.periodMonth.slice(0, 7), before, after: changes } });
    return policeView((await repo.listPolice(tx, actor.jurisdictionId, row.periodMonth, row.periodMonth))[0]);
  });
}

// ── subjects ──

export interface SubjectInput {
  kind: SubjectKind;
  name: string;
  idNumber: string;
  supervisionStart: string;
  supervisionEnd?: string | null;
  officerId: number;
  note?: string;
}

/** Under 18 on the first day of supervision (未成年人: 社区矫正法 第七章, records sealed). */
export function minorAt(birthDate: string, on: string): boolean {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age < 18;
}

async function checkOfficer(db: Executor, actor: Actor, officerId: number) {
  const u = await repo.findUser(db, officerId);
  if (!u || u.jurisdictionId !== actor.jurisdictionId || u.disabled || u.role !== 'safety') throw errors.notFound('safety.officer', '监管民警/司法所工作人员');
}

function checkPeriod(start: string, end: string | null | undefined) {
  if (end && end < start) throw errors.validation({ field: 'supervisionEnd' }, { zh: '解除日期不能早于开始日期', en: 'End is before start' });
}

type SubjectRow = NonNullable<Awaited<ReturnType<typeof repo.findSubject>>>;
const subjectView = (s: SubjectRow) => ({ ...s, checkinCount: Number(s.checkinCount ?? 0), lastCheckinAt: (s.lastCheckinAt as Date | null) ?? null });

export async function createSubject(db: Executor, ctx: RequestContext, box: SecretBox, input: SubjectInput) {
  const { actor } = granted(ctx, safetyActions['safety.subjects.write']);
  const id = requireIdCard(input.idNumber, 'idNumber');
  checkPeriod(input.supervisionStart, input.supervisionEnd);
  const name = input.name.trim();
  if (!name) throw errors.validation({ field: 'name' }, { zh: '请填写姓名', en: 'Name is required' });
  return db.transaction().execute(async (tx) => {
    await checkOfficer(tx, actor, input.officerId);
    const sealedName = sealPersonal(box, name, 'other');
    const sealedId = sealPersonal(box, id.value, 'id_card');
    const subjectId = await repo
      .insertSubject(tx, {
        jurisdictionId: actor.jurisdictionId,
        kind: input.kind,
        nameEnc: sealedName.enc,
        nameMasked: sealedName.masked,
        idNumberEnc: sealedId.enc,
        idNumberMasked: sealedId.masked,
        idNumberIndex: sealedId.index,
        isMinor: minorAt(id.birthDate, input.supervisionStart),
        supervisionStart: input.supervisionStart,
        supervisionEnd: input.supervisionEnd ?? null,
        officerId: input.officerId,
        reoffended: false,
        reoffendedOn: null,
        noteEnc: input.note ? box.encrypt(input.note) : null,
        createdBy: actor.userId,
      })
      .catch((e: unknown) => {
        if ((e as { code?: string }).code === '23505') {
          throw errors.conflict('safety.subject_exists', { zh: '该对象在同一开始日期已有同类登记', en: 'This subject is already registered for that start date' });
        }
        throw e;
      });
    await appendAudit(tx, ctx, { action: 'safety.subject.create', entity: 'supervision_subject', entityId: subjectId, details: { kind: input.kind } });
    return subjectView((await repo.findSubject(tx, subjectId))!);
  });
}

async function subjectInScope(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = granted(ctx, action);
  const s = await repo.findSubject(db, id);
  if (!s || !rowInScope(actor, scope, { jurisdictionId: s.jurisdictionId })) throw errors.notFound('safety.subject', '监管对象');
  return { actor, subject: s };
}

export async function getSubject(db: Executor, ctx: RequestContext, id: number) {
  const { subject } = await subjectInScope(db, ctx, safetyActions['safety.subjects.read'], id);
  return { ...subjectView(subject), checkins: await repo.checkinsOf(db, id) };
}

export async function listSubjects(
  db: Executor,
  ctx: RequestContext,
  box: SecretBox,
  q: PageArgs & { kind?: SubjectKind; from?: string; to?: string; idNumber?: string },
) {
  const { actor } = granted(ctx, safetyActions['safety.subjects.read']);
  const { page, pageSize, offset } = pageBounds(q);
  // Exact lookup by ID number through the blind index; the number itself is never stored in clear or logged.
  const idNumberIndex = q.idNumber ? box.blindIndex(q.idNumber) : undefined;
  const r = await repo.listSubjects(db, { jurisdictionId: actor.jurisdictionId, kind: q.kind, from: q.from, to: q.to, idNumberIndex }, { offset, limit: pageSize });
  return { items: r.items.map(subjectView), total: r.total, page, pageSize };
}

/** The whole identity, for the safety role only, with a stated reason written to the audit log. */
export async function revealSubject(db: Executor, ctx: RequestContext, box: SecretBox, id: number, reason: string) {
  const why = reason.trim();
  if (why.length < 2) throw errors.validation({ field: 'reason' }, { zh: '查看完整身份信息须说明理由', en: 'A reason is required' });
  return db.transaction().execute(async (tx) => {
    const { subject } = await subjectInScope(tx, ctx, safetyActions['safety.subjects.reveal'], id);
    const secret = (await repo.findSubjectSecret(tx, id))!;
    await appendAudit(tx, ctx, { action: 'safety.subject.reveal', entity: 'supervision_subject', entityId: id, details: { reason: why, kind: subject.kind } });
    return {
      id,
      name: openPersonal(box, secret.nameEnc),
      idNumber: openPersonal(box, secret.idNumberEnc),
      note: secret.noteEnc ? box.decrypt(secret.noteEnc) : '',
    };
  });
}

export async function updateSubject(
  db: Executor,
  ctx: RequestContext,
  box: SecretBox,
  id: number,
  input: Partial<SubjectInput> & { version: number; reoffended?: boolean; reoffendedOn?: string | null },
) {
  return db.transaction().execute(async (tx) => {
    const { actor, subject } = await subjectInScope(tx, ctx, safetyActions['safety.subjects.write'], id);
    const { version, name, idNumber, note, ...plain } = input;
    const start = plain.supervisionStart ?? subject.supervisionStart;
    checkPeriod(start, plain.supervisionEnd !== undefined ? plain.supervisionEnd : subject.supervisionEnd);
    if (plain.officerId !== undefined) await checkOfficer(tx, actor, plain.officerId);
    const reoffended = plain.reoffended ?? subject.reoffended;
    const reoffendedOn = plain.reoffendedOn !== undefined ? plain.reoffendedOn : subject.reoffendedOn;
    if (reoffended && !reoffendedOn) throw errors.validation({ field: 'reoffendedOn' }, { zh: '请填写重新犯罪日期', en: 'Give the date of reoffending' });
    const changes: Parameters<typeof repo.updateSubject>[3] = { ...plain, reoffended, reoffendedOn: reoffended ? reoffendedOn : null };
    if (name !== undefined) {
      const s = sealPersonal(box, name.trim(), 'other');
      Object.assign(changes, { nameEnc: s.enc, nameMasked: s.masked });
    }
    if (idNumber !== undefined || plain.supervisionStart !== undefined) {
      const value = idNumber ?? openPersonal(box, (await repo.findSubjectSecret(tx, id))!.idNumberEnc);
      const info = requireIdCard(value, 'idNumber');
      const s = sealPersonal(box, info.value, 'id_card');
      Object.assign(changes, { idNumberEnc: s.enc, idNumberMasked: s.masked, idNumberIndex: s.index, isMinor: minorAt(info.birthDate, start) });
    }
    if (note !== undefined) changes.noteEnc = note ? box.encrypt(note) : null;
    if (!(await repo.updateSubject(tx, id, version, changes))) throw errors.stale('safety.subject', { current: subject.version });
    // Field names only: the values are personal data.
    await appendAudit(tx, ctx, {
      action: 'safety.subject.update',
      entity: 'supervision_subject',
      entityId: id,
      details: { fields: Object.keys(input).filter((k) => k !== 'version'), reoffended },
    });
    return subjectView((await repo.findSubject(tx, id))!);
  });
}

export async function addCheckin(db: Executor, ctx: RequestContext, id: number, input: { checkedAt: string; method: CheckinMethod; note?: string }) {
  return db.transaction().execute(async (tx) => {
    const { actor, subject } = await subjectInScope(tx, ctx, safetyActions['safety.subjects.write'], id);
    const checkedAt = new Date(input.checkedAt);
    if (checkedAt.getTime() > Date.now() + 60_000) throw errors.validation({ field: 'checkedAt' }, { zh: '报到时间不能晚于现在', en: 'Check-in time is in the future' });
    const checkinId = await repo.insertCheckin(tx, { jurisdictionId: subject.jurisdictionId, subjectId: id, checkedAt, method: input.method, note: input.note ?? '', recordedBy: actor.userId });
    await appendAudit(tx, ctx, { action: 'safety.subject.checkin', entity: 'supervision_subject', entityId: id, details: { checkinId, method: input.method } });
    return { ...subjectView((await repo.findSubject(tx, id))!), checkins: await repo.checkinsOf(tx, id) };
  });
}

const KIND_LABELS: Record<SubjectKind, string> = { community_correction: '社区矫正', resettlement: '安置帮教' };
const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * A CSV of the subjects under supervision in a period, masked, for reporting upward. Minors' records are never
 * exported (their records are sealed); the export itself is audited.
 */
export async function exportSubjects(db: Executor, ctx: RequestContext, q: { from: string; to: string }) {
  const { actor } = granted(ctx, safetyActions['safety.subjects.export']);
  const rows: SubjectRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await repo.listSubjects(db, { jurisdictionId: actor.jurisdictionId, from: q.from, to: q.to, excludeMinors: true }, { offset, limit: 500 });
    rows.push(...page.items);
    if (page.items.length < 500) break;
  }
  const header = ['类别', '姓名', '身份证号', '监管开始', '监管结束', '监管人员', '报到次数', '最近报到', '重新犯罪'];
  const lines = [header.join(',')];
  for (const r of rows.map(subjectView)) {
    lines.push(
      [
        KIND_LABELS[r.kind],
        r.nameMasked,
        r.idNumberMasked,
        r.supervisionStart,
        r.supervisionEnd,
        r.officerName,
        r.checkinCount,
        r.lastCheckinAt ? new Date(r.lastCheckinAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '',
        r.reoffended ? '是' : '否',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  await appendAudit(db, ctx, { action: 'safety.subjects.export', entity: 'supervision_subject', details: { from: q.from, to: q.to, rows: rows.length, minorsExcluded: true } });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ── figures ──

export interface SafetyFigures {
  from: string;
  to: string;
  patrols: number;
  patrolHours: number;
  patrolPersonHours: number;
  byPatrollerType: Record<PatrollerType, { patrols: number; hours: number }>;
  findings: number;
  findingsToEvents: number;
  /** Police figures: sums of the monthly entries whose month starts in the period. */
  police: { criminalFiled: number; criminalSolved: number; publicSecurityAccepted: number; publicSecurityClosed: number; monthsEntered: number };
  /** Subjects under supervision at any time in the period. */
  subjectsUnderSupervision: number;
  subjectsByKind: Record<SubjectKind, number>;
  subjectsReceived: number;
  subjectsReleased: number;
  checkins: number;
  /** Subjects who reoffended in the period. */
  reoffended: number;
}

/** The module's figures for a period (dates inclusive, China time), for the dashboard and the annual report. */
export async function safetyFigures(db: Executor, jurisdictionId: number, from: string, to: string): Promise<SafetyFigures> {
  const { start, end } = dayBounds(from, to);
  const p = await repo.patrolFigures(db, jurisdictionId, start, end);
  const byPatrollerType = Object.fromEntries(PATROLLER_TYPES.map((t) => [t, { patrols: 0, hours: 0 }])) as SafetyFigures['byPatrollerType'];
  let patrols = 0;
  let hours = 0;
  let personHours = 0;
  for (const r of p.byType) {
    byPatrollerType[r.patrollerType] = { patrols: Number(r.patrols), hours: round1(Number(r.hours)) };
    patrols += Number(r.patrols);
    hours += Number(r.hours);
    personHours += Number(r.personHours);
  }
  const police = await repo.policeTotals(db, jurisdictionId, `${from.slice(0, 7)}-01`, to);
  const s = await repo.subjectFigures(db, jurisdictionId, from, to);
  const subjectsByKind = Object.fromEntries(SUBJECT_KINDS.map((k) => [k, 0])) as Record<SubjectKind, number>;
  for (const r of s.byKind) subjectsByKind[r.kind] = Number(r.n);
  return {
    from,
    to,
    patrols,
    patrolHours: round1(hours),
    patrolPersonHours: round1(personHours),
    byPatrollerType,
    findings: Number(p.findings.findings),
    findingsToEvents: Number(p.findings.toEvents),
    police: {
      criminalFiled: Number(police.criminalFiled),
      criminalSolved: Number(police.criminalSolved),
      publicSecurityAccepted: Number(police.publicSecurityAccepted),
      publicSecurityClosed: Number(police.publicSecurityClosed),
      monthsEntered: Number(police.months),
    },
    subjectsUnderSupervision: Object.values(subjectsByKind).reduce((a, b) => a + b, 0),
    subjectsByKind,
    subjectsReceived: s.received,
    subjectsReleased: s.released,
    checkins: s.checkins,
    reoffended: s.reoffended,
  };
}

export async function figuresFor(db: Executor, ctx: RequestContext, from: string, to: string) {
  const { actor } = granted(ctx, safetyActions['safety.figures.read']);
  return safetyFigures(db, actor.jurisdictionId, from, to);
}
