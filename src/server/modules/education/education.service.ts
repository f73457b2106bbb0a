// Rule-of-law education rules: each official studies at least STUDY_HOURS_REQUIRED hours a year and sits the
// yearly online exam; the office keeps the records (or imports them), each official may log their own; the
// 谁执法谁普法 list belongs to departments; publicity events record where, for whom and what was handed out.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize, rowInScope } from '../../platform/auth/policy.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageArgs } from '../../platform/http/schemas.ts';
import { parseStudyWorkbook, type RowProblem } from './education.import.ts';
import { educationActions } from './education.policy.ts';
import * as repo from './education.repository.ts';
import type { FileRef, PlannedActivity, StudyForm } from './education.table.ts';

/** Hours of law study each official needs in a calendar year. */
export const STUDY_HOURS_REQUIRED = 40;

/**
 * Who counts as an official (国家工作人员) for study and the exam: active staff accounts of the zone's
 * departments. System, security and audit administrators, duty lawyers and enterprise contacts are not.
 */
export const OFFICIAL_ROLES: readonly Role[] = ['leader', 'law_office', 'dispatcher', 'grid_worker', 'handler', 'enterprise_officer', 'mediator', 'safety'];

function granted(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** A ratio with both of its terms, so every rate shown can be checked. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000,
});

// ── study records ──

async function requireOfficial(db: Executor, jurisdictionId: number, userId: number) {
  const user = await repo.findUser(db, userId);
  if (!user || user.jurisdictionId !== jurisdictionId || user.disabled || !OFFICIAL_ROLES.includes(user.role as Role)) {
    throw errors.notFound('education.official', '工作人员');
  }
  return user;
}

export interface StudyInput {
  userId?: number;
  course: string;
  hours: number;
  studiedOn: string;
  form: StudyForm;
}

export async function createStudy(db: Executor, ctx: RequestContext, input: StudyInput) {
  const { actor, scope } = granted(ctx, educationActions['education.study.write']);
  const userId = input.userId ?? actor.userId;
  if (scope === 'own' && userId !== actor.userId) throw errors.forbidden({ reason: 'own_records_only' });
  return db.transaction().execute(async (tx) => {
    await requireOfficial(tx, actor.jurisdictionId, userId);
    const [id] = await repo.insertStudy(tx, {
      jurisdictionId: actor.jurisdictionId,
      userId,
      course: input.course.trim(),
      hours: input.hours,
      studiedOn: input.studiedOn,
      form: input.form,
      source: 'manual',
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx, { action: 'education.study.create', entity: 'study_record', entityId: id, details: { userId, hours: input.hours } });
    return (await repo.findStudy(tx, id))!;
  });
}

export interface StudyListQuery extends PageArgs {
  userId?: number;
  from?: string;
  to?: string;
  form?: StudyForm;
  order?: 'asc' | 'desc';
}

export async function listStudy(db: Executor, ctx: RequestContext, q: StudyListQuery) {
  const { actor, scope } = granted(ctx, educationActions['education.study.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const userId = scope === 'own' ? actor.userId : q.userId;
  const r = await repo.listStudy(db, { jurisdictionId: actor.jurisdictionId, userId, from: q.from, to: q.to, form: q.form }, { offset, limit: pageSize, order: q.order ?? 'desc' });
  return { items: r.items.map((i) => ({ ...i, hours: Number(i.hours) })), total: r.total, hours: r.hours, page, pageSize };
}

async function studyInScope(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = granted(ctx, action);
  const row = await repo.findStudy(db, id);
  if (!row || !rowInScope(actor, scope, { jurisdictionId: row.jurisdictionId, ownerId: row.userId })) throw errors.notFound('education.study', '学法记录');
  return row;
}

export async function updateStudy(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { version: number; course?: string; hours?: number; studiedOn?: string; form?: StudyForm },
) {
  return db.transaction().execute(async (tx) => {
    const row = await studyInScope(tx, ctx, educationActions['education.study.write'], id);
    const { version, ...changes } = input;
    if (changes.course !== undefined) changes.course = changes.course.trim();
    if (!(await repo.updateStudy(tx, id, version, changes))) throw errors.stale('education.study', { current: row.version });
    await appendAudit(tx, ctx, { action: 'education.study.update', entity: 'study_record', entityId: id, details: { fields: Object.keys(changes) } });
    const updated = (await repo.findStudy(tx, id))!;
    return { ...updated, hours: Number(updated.hours) };
  });
}

export async function deleteStudy(db: Executor, ctx: RequestContext, id: number, version: number) {
  await db.transaction().execute(async (tx) => {
    const row = await studyInScope(tx, ctx, educationActions['education.study.write'], id);
    if (!(await repo.deleteStudy(tx, id, version))) throw errors.stale('education.study', { current: row.version });
    await appendAudit(tx, ctx, {
      action: 'education.study.delete',
      entity: 'study_record',
      entityId: id,
      details: { userId: row.userId, hours: Number(row.hours), studiedOn: row.studiedOn, course: row.course },
    });
  });
}

/**
 * Imports an XLSX ledger: every row is checked and matched to an official (by user name, or by a name only one
 * official has) before anything is written; any problem rejects the whole file with the rows named.
 */
export async function importStudy(db: Executor, ctx: RequestContext, buffer: Buffer) {
  const { actor } = granted(ctx, educationActions['education.study.import']);
  const { rows, problems } = await parseStudyWorkbook(buffer);
  const users = (await repo.usersForImport(db, actor.jurisdictionId)).filter((u) => OFFICIAL_ROLES.includes(u.role as Role));
  const byUsername = new Map(users.map((u) => [u.username.toLowerCase(), u]));
  const byName = new Map<string, typeof users>();
  for (const u of users) byName.set(u.displayName, [...(byName.get(u.displayName) ?? []), u]);
  const matched: { row: number; userId: number }[] = [];
  const all: RowProblem[] = [...problems];
  for (const r of rows) {
    let user = r.username ? byUsername.get(r.username.toLowerCase()) : undefined;
    if (r.username && !user) {
      all.push({ row: r.row, message: `找不到用户名为“${r.username}”的工作人员` });
      continue;
    }
    if (!user && r.name) {
      const same = byName.get(r.name) ?? [];
      if (same.length === 1) user = same[0];
      else {
        all.push({ row: r.row, message: same.length === 0 ? `找不到姓名为“${r.name}”的工作人员` : `姓名“${r.name}”有重名，请填写用户名` });
        continue;
      }
    }
    if (user && r.name && user.displayName !== r.name) {
      all.push({ row: r.row, message: `用户名“${r.username}”对应的姓名是“${user.displayName}”，与表中“${r.name}”不符` });
      continue;
    }
    if (user) matched.push({ row: r.row, userId: user.id });
  }
  if (rows.length === 0 && all.length === 0) all.push({ row: 0, message: '表中没有数据行' });
  if (all.length > 0) {
    all.sort((a, b) => a.row - b.row);
    throw errors.unprocessable(
      'education.import_rejected',
      { zh: `导入未完成：${all.length} 处问题，请修改后重新上传`, en: `Import rejected: ${all.length} problems` },
      { problems: all.slice(0, 200) },
    );
  }
  const userOf = new Map(matched.map((m) => [m.row, m.userId]));
  return db.transaction().execute(async (tx) => {
    const ids = await repo.insertStudy(
      tx,
      rows.map((r) => ({
        jurisdictionId: actor.jurisdictionId,
        userId: userOf.get(r.row)!,
        course: r.course,
        hours: r.hours!,
        studiedOn: r.studiedOn!,
        form: r.form!,
        source: 'import' as const,
        createdBy: actor.userId,
      })),
    );
    const hours = rows.reduce((s, r) => s + r.hours!, 0);
    await appendAudit(tx, ctx, {
      action: 'education.study.import',
      entity: 'study_record',
      details: { rows: ids.length, officials: new Set(matched.map((m) => m.userId)).size, hours: Math.round(hours * 10) / 10 },
    });
    return { imported: ids.length, officials: new Set(matched.map((m) => m.userId)).size, hours: Math.round(hours * 10) / 10 };
  });
}

// ── exams ──

export async function recordExam(
  db: Executor,
  ctx: RequestContext,
  input: { userId: number; year: number; passed: boolean; score?: number | null; takenOn?: string | null; version?: number },
) {
  const { actor } = granted(ctx, educationActions['education.exam.write']);
  return db.transaction().execute(async (tx) => {
    await requireOfficial(tx, actor.jurisdictionId, input.userId);
    const values = { score: input.score ?? null, passed: input.passed, takenOn: input.takenOn ?? null, recordedBy: actor.userId };
    const existing = await repo.findExam(tx, input.userId, input.year);
    let row;
    if (existing) {
      if (input.version === undefined || input.version !== existing.version) throw errors.stale('education.exam', { current: existing.version });
      row = await repo.updateExam(tx, existing.id, existing.version, values);
      if (!row) throw errors.stale('education.exam', { current: existing.version });
    } else {
      row = await repo.insertExam(tx, { jurisdictionId: actor.jurisdictionId, userId: input.userId, year: input.year, ...values });
    }
    await appendAudit(tx, ctx, {
      action: existing ? 'education.exam.update' : 'education.exam.create',
      entity: 'law_exam_result',
      entityId: row.id,
      details: { userId: input.userId, year: input.year, passed: input.passed },
    });
    return { id: row.id, userId: row.userId, year: row.year, score: row.score === null ? null : Number(row.score), passed: row.passed, takenOn: row.takenOn, version: row.version };
  });
}

export async function listExams(db: Executor, ctx: RequestContext, year: number) {
  const { actor, scope } = granted(ctx, educationActions['education.exam.read']);
  const rows = await repo.listExams(db, actor.jurisdictionId, year, scope === 'own' ? actor.userId : undefined);
  return rows.map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
}

// ── compliance ──

export interface ComplianceRow {
  userId: number;
  name: string;
  role: string;
  orgUnitName: string | null;
  hours: number;
  hoursMet: boolean;
  examPassed: boolean | null;
  examScore: number | null;
  compliant: boolean;
}

/** Every official's hours and exam result for a year, and who falls short (below 40 hours, or not passed). */
export async function complianceFor(db: Executor, jurisdictionId: number, year: number, onlyUserId?: number) {
  const { from, to } = yearBounds(year);
  const people = await repo.officials(db, jurisdictionId, OFFICIAL_ROLES, onlyUserId);
  const hours = await repo.hoursByUser(db, jurisdictionId, from, to);
  const exams = await repo.examsByUser(db, jurisdictionId, year);
  const rows: ComplianceRow[] = people.map((p) => {
    const h = Math.round((hours.get(p.id) ?? 0) * 10) / 10;
    const exam = exams.get(p.id);
    const examPassed = exam ? exam.passed : null;
    return {
      userId: p.id,
      name: p.displayName,
      role: p.role,
      orgUnitName: p.orgUnitName,
      hours: h,
      hoursMet: h >= STUDY_HOURS_REQUIRED,
      examPassed,
      examScore: exam?.score === null || exam?.score === undefined ? null : Number(exam.score),
      compliant: h >= STUDY_HOURS_REQUIRED && examPassed === true,
    };
  });
  return {
    year,
    requiredHours: STUDY_HOURS_REQUIRED,
    officials: rows.length,
    belowHours: rows.filter((r) => !r.hoursMet).length,
    notPassed: rows.filter((r) => r.examPassed !== true).length,
    rows,
  };
}

export async function compliance(db: Executor, ctx: RequestContext, q: PageArgs & { year: number; only?: 'all' | 'short' | 'below_hours' | 'not_passed' }) {
  const { actor } = granted(ctx, educationActions['education.compliance.read']);
  const c = await complianceFor(db, actor.jurisdictionId, q.year);
  const only = q.only ?? 'all';
  const filtered = c.rows.filter((r) =>
    only === 'all' ? true : only === 'short' ? !r.compliant : only === 'below_hours' ? !r.hoursMet : r.examPassed !== true,
  );
  const { page, pageSize, offset } = pageBounds(q);
  return { ...c, rows: undefined, items: filtered.slice(offset, offset + pageSize), total: filtered.length, page, pageSize };
}

// ── 谁执法谁普法 ──

export async function listDuties(db: Executor, ctx: RequestContext, year: number, orgUnitId?: number) {
  const { actor } = granted(ctx, educationActions['education.duties.read']);
  const rows = await repo.listDuties(db, actor.jurisdictionId, year, orgUnitId);
  return rows.map((r) => ({ ...r, eventsHeld: Number(r.eventsHeld ?? 0) }));
}

export async function createDuty(db: Executor, ctx: RequestContext, input: { orgUnitId: number; year: number; law: string; plannedActivities: PlannedActivity[] }) {
  const { actor, scope } = granted(ctx, educationActions['education.duties.write']);
  return db.transaction().execute(async (tx) => {
    const ou = await repo.findOrgUnit(tx, input.orgUnitId);
    if (!ou || !rowInScope(actor, scope, { jurisdictionId: ou.jurisdictionId, departmentIds: [ou.id] })) throw errors.notFound('org_unit', '部门');
    const row = await repo
      .insertDuty(tx, { jurisdictionId: actor.jurisdictionId, orgUnitId: ou.id, year: input.year, law: input.law.trim(), plannedActivities: input.plannedActivities })
      .catch((e: unknown) => {
        if ((e as { code?: string }).code === '23505') {
          throw errors.conflict('education.duty_exists', { zh: '该部门本年度已列入此法律', en: 'This law is already on the department’s list for the year' });
        }
        throw e;
      });
    await appendAudit(tx, ctx, { action: 'education.duty.create', entity: 'publicity_duty', entityId: row.id, details: { orgUnitId: ou.id, year: input.year, law: input.law } });
    return (await repo.listDuties(tx, actor.jurisdictionId, input.year, ou.id)).map((r) => ({ ...r, eventsHeld: Number(r.eventsHeld ?? 0) })).find((r) => r.id === row.id)!;
  });
}

export async function updateDuty(db: Executor, ctx: RequestContext, id: number, input: { version: number; law?: string; plannedActivities?: PlannedActivity[] }) {
  const { actor, scope } = granted(ctx, educationActions['education.duties.write']);
  return db.transaction().execute(async (tx) => {
    const row = await repo.findDuty(tx, id);
    if (!row || !rowInScope(actor, scope, { jurisdictionId: row.jurisdictionId, departmentIds: [row.orgUnitId] })) throw errors.notFound('education.duty', '普法责任');
    const { version, ...changes } = input;
    if (!(await repo.updateDuty(tx, id, version, changes))) throw errors.stale('education.duty', { current: row.version });
    await appendAudit(tx, ctx, { action: 'education.duty.update', entity: 'publicity_duty', entityId: id, details: { fields: Object.keys(changes) } });
    return (await repo.listDuties(tx, actor.jurisdictionId, row.year, row.orgUnitId)).map((r) => ({ ...r, eventsHeld: Number(r.eventsHeld ?? 0) })).find((r) => r.id === id)!;
  });
}

// ── publicity events ──

export interface PublicityInput {
  title: string;
  theme: string;
  heldOn: string;
  enterpriseId?: number | null;
  place?: string;
  organiserOrgUnitId?: number | null;
  organiser?: string;
  participants?: number;
  materials?: { kind: string; count: number }[];
  photos?: FileRef[];
  dutyId?: number | null;
}

async function withMaterials<T extends { id: number }>(db: Executor, rows: T[]) {
  const m = await repo.materialsFor(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const materials = m.get(r.id) ?? [];
    return { ...r, materials, materialsTotal: materials.reduce((s, x) => s + x.count, 0) };
  });
}

function mergeMaterials(list: { kind: string; count: number }[]) {
  const merged = new Map<string, number>();
  for (const m of list) {
    const kind = m.kind.trim();
    if (!kind) throw errors.validation({ field: 'materials' }, { zh: '宣传品种类不能为空', en: 'Material kind is empty' });
    merged.set(kind, (merged.get(kind) ?? 0) + m.count);
  }
  return [...merged].map(([kind, count]) => ({ kind, count }));
}

async function checkPublicityRefs(db: Executor, ctx: RequestContext, scope: ReturnType<typeof granted>['scope'], input: Partial<PublicityInput>, current?: { enterpriseId: number | null; place: string }) {
  const actor = ctx.actor!;
  const enterpriseId = input.enterpriseId !== undefined ? input.enterpriseId : (current?.enterpriseId ?? null);
  const place = input.place !== undefined ? input.place : (current?.place ?? '');
  if (enterpriseId === null && !place.trim()) {
    throw errors.validation({ field: 'place' }, { zh: '请选择企业或填写活动地点', en: 'Give an enterprise or a place' });
  }
  if (input.enterpriseId !== undefined && input.enterpriseId !== null) {
    const e = await repo.findEnterprise(db, input.enterpriseId);
    if (!e || e.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('enterprise', '企业');
  }
  if (input.organiserOrgUnitId !== undefined && input.organiserOrgUnitId !== null) {
    const ou = await repo.findOrgUnit(db, input.organiserOrgUnitId);
    if (!ou || ou.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('org_unit', '部门');
  }
  if (scope === 'department') {
    // A department records its own events only.
    const organiser = input.organiserOrgUnitId;
    if (organiser !== undefined && organiser !== actor.orgUnitId) throw errors.forbidden({ reason: 'own_department_only' });
  }
  if (input.dutyId !== undefined && input.dutyId !== null) {
    const duty = await repo.findDuty(db, input.dutyId);
    if (!duty || duty.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('education.duty', '普法责任');
  }
}

export async function createPublicity(db: Executor, ctx: RequestContext, input: PublicityInput) {
  const { actor, scope } = granted(ctx, educationActions['education.publicity.write']);
  const organiserOrgUnitId = scope === 'department' ? (input.organiserOrgUnitId ?? actor.orgUnitId) : (input.organiserOrgUnitId ?? null);
  await checkPublicityRefs(db, ctx, scope, { ...input, organiserOrgUnitId });
  const materials = mergeMaterials(input.materials ?? []);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertPublicity(tx, {
      jurisdictionId: actor.jurisdictionId,
      title: input.title.trim(),
      theme: input.theme.trim(),
      heldOn: input.heldOn,
      enterpriseId: input.enterpriseId ?? null,
      place: (input.place ?? '').trim(),
      organiserOrgUnitId,
      organiser: input.organiser ?? '',
      participants: input.participants ?? 0,
      photos: input.photos ?? [],
      dutyId: input.dutyId ?? null,
      createdBy: actor.userId,
    });
    await repo.replaceMaterials(tx, actor.jurisdictionId, id, materials);
    await appendAudit(tx, ctx, {
      action: 'education.publicity.create',
      entity: 'publicity_event',
      entityId: id,
      details: { theme: input.theme, enterpriseId: input.enterpriseId ?? null, materials: materials.reduce((s, m) => s + m.count, 0) },
    });
    return (await withMaterials(tx, [(await repo.findPublicity(tx, id))!]))[0];
  });
}

async function publicityInScope(db: Executor, ctx: RequestContext, action: string, id: number) {
  const { actor, scope } = granted(ctx, action);
  const row = await repo.findPublicity(db, id);
  if (!row || !rowInScope(actor, scope, { jurisdictionId: row.jurisdictionId, departmentIds: [row.organiserOrgUnitId] })) {
    throw errors.notFound('education.publicity', '普法活动');
  }
  return { row, scope };
}

export async function getPublicity(db: Executor, ctx: RequestContext, id: number) {
  const { row } = await publicityInScope(db, ctx, educationActions['education.publicity.read'], id);
  return (await withMaterials(db, [row]))[0];
}

export async function updatePublicity(db: Executor, ctx: RequestContext, id: number, input: Partial<PublicityInput> & { version: number }) {
  return db.transaction().execute(async (tx) => {
    const { row, scope } = await publicityInScope(tx, ctx, educationActions['education.publicity.write'], id);
    await checkPublicityRefs(tx, ctx, scope, input, row);
    const { version, materials, ...changes } = input;
    const clean = {
      ...changes,
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.theme !== undefined ? { theme: changes.theme.trim() } : {}),
      ...(changes.place !== undefined ? { place: changes.place.trim() } : {}),
    };
    if (!(await repo.updatePublicity(tx, id, version, clean))) throw errors.stale('education.publicity', { current: row.version });
    if (materials !== undefined) await repo.replaceMaterials(tx, row.jurisdictionId, id, mergeMaterials(materials));
    await appendAudit(tx, ctx, {
      action: 'education.publicity.update',
      entity: 'publicity_event',
      entityId: id,
      details: { fields: [...Object.keys(changes), ...(materials !== undefined ? ['materials'] : [])] },
    });
    return (await withMaterials(tx, [(await repo.findPublicity(tx, id))!]))[0];
  });
}

export async function listPublicity(
  db: Executor,
  ctx: RequestContext,
  q: PageArgs & { from?: string; to?: string; theme?: string; enterpriseId?: number; organiserOrgUnitId?: number; order?: 'asc' | 'desc' },
) {
  const { actor } = granted(ctx, educationActions['education.publicity.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const r = await repo.listPublicity(
    db,
    { jurisdictionId: actor.jurisdictionId, from: q.from, to: q.to, theme: q.theme, enterpriseId: q.enterpriseId, organiserOrgUnitId: q.organiserOrgUnitId },
    { offset, limit: pageSize, order: q.order ?? 'desc' },
  );
  return { items: await withMaterials(db, r.items), total: r.total, page, pageSize };
}

// ── figures ──

export interface EducationFigures {
  from: string;
  to: string;
  /** The exam year: the year of `to`. */
  year: number;
  requiredHours: number;
  officials: number;
  studyHours: number;
  /** Officials with at least requiredHours hours of study in the period ÷ officials. */
  hoursMet: Rate;
  /** Officials who passed the year's online exam ÷ officials. */
  examPassed: Rate;
  publicity: {
    events: number;
    participants: number;
    materials: number;
    materialsByKind: { kind: string; count: number }[];
    enterprisesReached: number;
    byTheme: { theme: string; events: number; materials: number; participants: number }[];
    byMonth: { month: string; events: number; materials: number }[];
  };
}

/** The module's figures for a period (dates inclusive; normally one calendar year), for dashboards and the report. */
export async function educationFigures(db: Executor, jurisdictionId: number, from: string, to: string): Promise<EducationFigures> {
  const year = Number(to.slice(0, 4));
  const people = await repo.officials(db, jurisdictionId, OFFICIAL_ROLES);
  const hours = await repo.hoursByUser(db, jurisdictionId, from, to);
  const exams = await repo.examsByUser(db, jurisdictionId, year);
  const ids = new Set(people.map((p) => p.id));
  let studyHours = 0;
  for (const [uid, h] of hours) if (ids.has(uid)) studyHours += h;
  const met = people.filter((p) => (hours.get(p.id) ?? 0) >= STUDY_HOURS_REQUIRED).length;
  const passed = people.filter((p) => exams.get(p.id)?.passed === true).length;
  const p = await repo.publicityFigures(db, jurisdictionId, from, to);
  const materialsByKind = p.materialsByKind.map((m) => ({ kind: m.kind, count: Number(m.count) }));
  return {
    from,
    to,
    year,
    requiredHours: STUDY_HOURS_REQUIRED,
    officials: people.length,
    studyHours: Math.round(studyHours * 10) / 10,
    hoursMet: rate(met, people.length),
    examPassed: rate(passed, people.length),
    publicity: {
      events: Number(p.totals.events),
      participants: Number(p.totals.participants),
      materials: materialsByKind.reduce((s, m) => s + m.count, 0),
      materialsByKind,
      enterprisesReached: Number(p.totals.enterprises),
      byTheme: p.byTheme.map((t) => ({ theme: t.theme, events: Number(t.events), materials: Number(t.materials), participants: Number(t.participants) })),
      byMonth: p.byMonth.map((m) => ({ month: m.month, events: Number(m.events), materials: Number(m.materials) })),
    },
  };
}

export async function figuresFor(db: Executor, ctx: RequestContext, from: string, to: string) {
  const { actor } = granted(ctx, educationActions['education.figures.read']);
  return educationFigures(db, actor.jurisdictionId, from, to);
}
