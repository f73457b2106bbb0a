// Annual-report use cases: draft a year's report from the default text (or last year's) and the findings,
// edit it as new immutable versions, move it through review, approval and publication, compare versions,
// render it with the year's figures, and export DOCX / HTML / Markdown. The portal reads published reports.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize, type Actor } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageArgs } from '../../platform/http/schemas.ts';
import { figuresFor, findingsFor, yearPeriod, type Finding } from '../assessment/index.ts';
import { checkBody, missingContents, type ReportBody } from './report.body.ts';
import { defaultBody, planItems, shortcomingItems } from './report.defaults.ts';
import { diffBodies, summarizeDiff } from './report.diff.ts';
import { toDocx } from './report.docx.ts';
import { toHtml, toMarkdown, type ReportDoc } from './report.output.ts';
import { reportActions } from './report.policy.ts';
import { findPersonalData } from './report.privacy.ts';
import { freeze, type PublishedReport } from './report.publish.ts';
import { bodyFigureKeys, plainText, renderReport, type RenderedReport } from './report.render.ts';
import * as repo from './report.repository.ts';
import type { VersionChanges } from './report.table.ts';
import { actionsFor, findTransition, REPORT_ACTION_LABELS, statusAfterEdit, type ReportAction, type ReportStatus } from './report.workflow.ts';

export const EXPORT_FORMATS = ['docx', 'html', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function granted(ctx: RequestContext, action: string) {
  const scope = authorize(ctx.actor, action);
  return { actor: ctx.actor!, scope };
}

const notFound = () => errors.notFound('report', '报告');

async function loadReport(db: Executor, ctx: RequestContext, id: number, action: string) {
  const { actor, scope } = granted(ctx, action);
  const report = await repo.findReport(db, id);
  assertRowAccess(actor, scope, report, 'report', '报告');
  return { actor, report: report! };
}

async function bodyOf(db: Executor, reportId: number, number: number): Promise<ReportBody> {
  const v = await repo.findVersion(db, reportId, number);
  if (!v) throw errors.notFound('report.version', '报告版本');
  return v.body;
}

// ── rendering ──

/** The body rendered with the jurisdiction's figures for the year. */
export async function renderFor(db: Executor, jurisdictionId: number, year: number, body: ReportBody): Promise<RenderedReport> {
  const j = await repo.jurisdiction(db, jurisdictionId);
  if (!j) throw errors.notFound('jurisdiction', '辖区');
  const figures = await figuresFor(db, jurisdictionId, yearPeriod(year), bodyFigureKeys(body));
  return renderReport(body, figures, { year, jurisdictionName: j.name, jurisdictionShortName: j.shortName });
}

/** A new draft body for a year: the default text with the year's findings in 存在不足 and 工作思路. */
export async function draftBody(db: Executor, jurisdictionId: number, year: number): Promise<{ body: ReportBody; findings: Finding[] }> {
  const findings = await findingsFor(db, jurisdictionId, yearPeriod(year));
  return { body: defaultBody(findings), findings };
}

export async function exportDocument(doc: ReportDoc, format: ExportFormat, opts: { link?: (figure: string) => string | null } = {}) {
  const base = doc.title || `${doc.year}年法治政府建设情况报告`;
  switch (format) {
    case 'docx':
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        filename: `${base}.docx`,
        data: await toDocx(doc),
      };
    case 'html':
      return { contentType: 'text/html; charset=utf-8', filename: `${base}.html`, data: Buffer.from(toHtml(doc, opts), 'utf8') };
    case 'md':
      return { contentType: 'text/markdown; charset=utf-8', filename: `${base}.md`, data: Buffer.from(toMarkdown(doc), 'utf8') };
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

// ── reports ──

export async function listReports(db: Executor, ctx: RequestContext, q: PageArgs) {
  const { actor } = granted(ctx, reportActions['report.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const j = await repo.jurisdiction(db, actor.jurisdictionId);
  const { items, total } = await repo.listReports(db, actor.jurisdictionId, { offset, limit: pageSize });
  return {
    items: items.map((r) => ({ ...r, title: `${j?.name ?? ''}${r.year}年法治政府建设情况报告` })),
    total,
    page,
    pageSize,
  };
}

async function reportView(db: Executor, actor: Actor, report: NonNullable<Awaited<ReturnType<typeof repo.findReport>>>) {
  const body = await bodyOf(db, report.id, report.currentVersion);
  const [reviewer, approver] = await Promise.all([repo.userName(db, report.reviewedBy), repo.userName(db, report.approvedBy)]);
  return {
    id: report.id,
    year: report.year,
    status: report.status,
    currentVersion: report.currentVersion,
    version: report.version,
    body,
    reviewedBy: reviewer?.displayName ?? null,
    reviewedAt: report.reviewedAt,
    approvedBy: approver?.displayName ?? null,
    approvedAt: report.approvedAt,
    publishedAt: report.publishedAt,
    publishedVersion: report.publishedVersion,
    actions: actionsFor(report.status, actor.role),
    editable: statusAfterEdit(report.status) !== null,
    missingContents: missingContents(body),
    events: await repo.listEvents(db, report.id),
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
  };
}

export async function getReport(db: Executor, ctx: RequestContext, id: number) {
  const { actor, report } = await loadReport(db, ctx, id, reportActions['report.read']);
  return reportView(db, actor, report);
}

export async function createReport(db: Executor, ctx: RequestContext, input: { year: number; basis?: 'default' | 'previous_year' }) {
  const { actor } = granted(ctx, reportActions['report.write']);
  let body: ReportBody;
  let note: string;
  if (input.basis === 'previous_year') {
    const prev = await repo.findReportByYear(db, actor.jurisdictionId, input.year - 1);
    if (!prev) throw errors.unprocessable('report.no_previous', { zh: `没有${input.year - 1}年的报告可供沿用`, en: `No report for ${input.year - 1}` });
    body = await bodyOf(db, prev.id, prev.currentVersion);
    const findings = await findingsFor(db, actor.jurisdictionId, yearPeriod(input.year));
    body = { ...body, shortcomings: { ...body.shortcomings, items: findings.length ? shortcomingItems(findings) : body.shortcomings.items } };
    note = `沿用${input.year - 1}年报告文本，存在不足按本年数据更新`;
  } else {
    body = (await draftBody(db, actor.jurisdictionId, input.year)).body;
    note = '按默认模板和本年数据发现的问题生成初稿';
  }
  return db.transaction().execute(async (tx) => {
    const existing = await repo.findReportByYear(tx, actor.jurisdictionId, input.year);
    if (existing) throw errors.conflict('report.exists', { zh: `${input.year}年的报告已存在`, en: `The ${input.year} report exists` }, { id: existing.id });
    const report = await repo.insertReport(tx, { jurisdictionId: actor.jurisdictionId, year: input.year, createdBy: actor.userId });
    await repo.insertVersion(tx, { jurisdictionId: actor.jurisdictionId, reportId: report.id, number: 1, body, note, changes: {}, authorId: actor.userId, authorName: actor.displayName });
    await repo.insertEvent(tx, { jurisdictionId: actor.jurisdictionId, reportId: report.id, action: 'create', fromStatus: null, toStatus: 'draft', versionNumber: 1, actorId: actor.userId, actorName: actor.displayName, note });
    await appendAudit(tx, ctx, { action: 'report.create', entity: 'annual_report', entityId: report.id, details: { year: input.year, basis: input.basis ?? 'default' } });
    return reportView(tx, actor, report);
  });
}

/** Saves an edited body as the next version; only the law office edits, and only a draft (or a reviewed report, which goes back to draft). */
export async function saveBody(db: Executor, ctx: RequestContext, id: number, input: { version: number; body: ReportBody; note?: string }) {
  const { actor, report } = await loadReport(db, ctx, id, reportActions['report.write']);
  const next = statusAfterEdit(report.status);
  if (next === null) {
    throw errors.conflict('report.not_editable', { zh: '报告已批准或已公开，需退回后才能修改', en: 'An approved or published report must be returned before editing' }, { status: report.status });
  }
  const problems = checkBody(input.body);
  if (problems.length) throw errors.unprocessable('report.invalid_body', { zh: `报告内容有${problems.length}处错误：${problems[0].label}${problems[0].message}`, en: 'The report body has errors' }, { problems });
  return db.transaction().execute(async (tx) => {
    const previous = await bodyOf(tx, report.id, report.currentVersion);
    const changes = summarizeDiff(diffBodies(previous, input.body));
    if (changes.changed + changes.added + changes.removed === 0) {
      throw errors.unprocessable('report.no_changes', { zh: '内容没有变化', en: 'Nothing changed' });
    }
    const number = report.currentVersion + 1;
    const updated = await repo.updateReport(tx, report.id, input.version, {
      status: next,
      currentVersion: number,
      ...(report.status === 'reviewed' ? { reviewedBy: null, reviewedAt: null } : {}),
    });
    if (!updated) throw errors.stale('report', { current: report.version });
    await repo.insertVersion(tx, { jurisdictionId: report.jurisdictionId, reportId: report.id, number, body: input.body, note: input.note ?? '', changes, authorId: actor.userId, authorName: actor.displayName });
    await repo.insertEvent(tx, { jurisdictionId: report.jurisdictionId, reportId: report.id, action: 'edit', fromStatus: report.status, toStatus: next, versionNumber: number, actorId: actor.userId, actorName: actor.displayName, note: input.note ?? '' });
    await appendAudit(tx, ctx, { action: 'report.edit', entity: 'annual_report', entityId: report.id, details: { year: report.year, versionNumber: number, changes } });
    return reportView(tx, actor, updated);
  });
}

async function checkGuard(db: Executor, report: { jurisdictionId: number; year: number; id: number; currentVersion: number }, guard: 'contents' | 'complete' | 'publishable') {
  const body = await bodyOf(db, report.id, report.currentVersion);
  const missing = missingContents(body);
  if (missing.length) {
    throw errors.unprocessable('report.incomplete', { zh: `报告缺少规定内容：${missing.join('；')}`, en: 'The report lacks required contents' }, { missing });
  }
  if (guard === 'contents') return null;
  const rendered = await renderFor(db, report.jurisdictionId, report.year, body);
  if (rendered.templateErrors.length) {
    throw errors.unprocessable('report.template_errors', { zh: '报告中有无法解析的占位符', en: 'The report has template errors' }, { errors: rendered.templateErrors });
  }
  if (rendered.missing.length) {
    throw errors.unprocessable(
      'report.missing_figures',
      { zh: `报告中有${rendered.missing.length}个数据无法计算：${rendered.missing.map((m) => m.name).join('、')}`, en: 'Some figures of the report cannot be computed' },
      { missing: rendered.missing },
    );
  }
  const hits = findPersonalData(plainText(rendered));
  if (hits.length) {
    throw errors.unprocessable('report.personal_data', { zh: '报告中含有身份证号或电话号码，不能批准或公开', en: 'The report contains ID or phone numbers' }, { hits });
  }
  return guard === 'publishable' ? rendered : null;
}

export async function transition(db: Executor, ctx: RequestContext, id: number, input: { action: ReportAction; version: number; note?: string }) {
  const { actor, report } = await loadReport(db, ctx, id, reportActions['report.transition']);
  const t = findTransition(report.status, input.action);
  if (!t) {
    throw errors.conflict('report.invalid_transition', { zh: `当前状态不能执行“${REPORT_ACTION_LABELS[input.action]}”`, en: `Cannot ${input.action} a ${report.status} report` }, { status: report.status });
  }
  if (!t.roles.includes(actor.role)) throw errors.forbidden({ action: `report.${input.action}` });
  const guard = input.action === 'approve' ? 'complete' : t.guard;
  const rendered = guard ? await checkGuard(db, report, guard) : null;
  return db.transaction().execute(async (tx) => {
    const now = new Date();
    const changes: Parameters<typeof repo.updateReport>[3] = { status: t.to as ReportStatus };
    if (input.action === 'review') Object.assign(changes, { reviewedBy: actor.userId, reviewedAt: now });
    if (input.action === 'approve') Object.assign(changes, { approvedBy: actor.userId, approvedAt: now });
    if (input.action === 'return') Object.assign(changes, { reviewedBy: null, reviewedAt: null, approvedBy: null, approvedAt: null });
    if (input.action === 'publish') Object.assign(changes, { publishedAt: now, publishedVersion: report.currentVersion, published: freeze(rendered!, report.currentVersion, now) });
    if (input.action === 'withdraw') Object.assign(changes, { publishedAt: null, publishedVersion: null, published: null });
    const updated = await repo.updateReport(tx, report.id, input.version, changes);
    if (!updated) throw errors.stale('report', { current: report.version });
    await repo.insertEvent(tx, {
      jurisdictionId: report.jurisdictionId,
      reportId: report.id,
      action: input.action,
      fromStatus: report.status,
      toStatus: t.to,
      versionNumber: report.currentVersion,
      actorId: actor.userId,
      actorName: actor.displayName,
      note: input.note ?? '',
    });
    await appendAudit(tx, ctx, { action: `report.${input.action}`, entity: 'annual_report', entityId: report.id, details: { year: report.year, from: report.status, to: t.to, versionNumber: report.currentVersion } });
    return reportView(tx, actor, updated);
  });
}

export async function listVersions(db: Executor, ctx: RequestContext, id: number) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const rows = await repo.listVersions(db, report.id);
  return rows.map((r) => ({
    number: r.number,
    note: r.note,
    changes: 'changed' in r.changes ? (r.changes as VersionChanges) : null,
    authorName: r.authorName,
    createdAt: r.createdAt,
    current: r.number === report.currentVersion,
    published: r.number === report.publishedVersion,
  }));
}

export async function getVersion(db: Executor, ctx: RequestContext, id: number, number: number) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const v = await repo.findVersion(db, report.id, number);
  if (!v) throw errors.notFound('report.version', '报告版本');
  return { number: v.number, note: v.note, authorName: v.authorName, createdAt: v.createdAt, body: v.body };
}

export async function diff(db: Executor, ctx: RequestContext, id: number, from: number, to: number) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const [a, b] = await Promise.all([bodyOf(db, report.id, from), bodyOf(db, report.id, to)]);
  const entries = diffBodies(a, b);
  return { from, to, summary: summarizeDiff(entries), entries };
}

export async function rendered(db: Executor, ctx: RequestContext, id: number, version?: number) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const body = await bodyOf(db, report.id, version ?? report.currentVersion);
  return renderFor(db, report.jurisdictionId, report.year, body);
}

/** Findings of the report's year and the items they suggest for 存在不足 and 工作思路. */
export async function suggestions(db: Executor, ctx: RequestContext, id: number) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const findings = await findingsFor(db, report.jurisdictionId, yearPeriod(report.year));
  return { findings, shortcomings: shortcomingItems(findings), plans: planItems(findings).filter((i) => i.finding) };
}

export async function exportReport(db: Executor, ctx: RequestContext, id: number, q: { format: ExportFormat; version?: number }) {
  const { report } = await loadReport(db, ctx, id, reportActions['report.read']);
  const body = await bodyOf(db, report.id, q.version ?? report.currentVersion);
  const r = await renderFor(db, report.jurisdictionId, report.year, body);
  const figures = new Map(r.figures.map((f) => [f.key, f]));
  return exportDocument(r, q.format, {
    link: (key) => {
      const d = figures.get(key)?.drill;
      if (!d) return null;
      // The web app's drill-down page lists the rows behind the figure.
      const q = new URLSearchParams({ api: d.api, label: d.label });
      for (const [k, v] of Object.entries(d.query)) q.append(`q.${k}`, String(v));
      return `/assessment/drill?${q.toString()}`;
    },
  });
}

/** The document for a jurisdiction and year as the CLI exports it: the published text, else the stored report's current text, else a fresh draft. */
export async function documentForYear(db: Executor, jurisdictionId: number, year: number, opts: { source?: 'current' | 'published' | 'draft' } = {}) {
  const report = await repo.findReportByYear(db, jurisdictionId, year);
  const source = opts.source ?? 'current';
  if (source === 'published') {
    if (!report?.published) throw errors.notFound('report.published', '已公开的报告');
    return { doc: report.published as ReportDoc, rendered: null, stored: true };
  }
  const body = report && source === 'current' ? await bodyOf(db, report.id, report.currentVersion) : (await draftBody(db, jurisdictionId, year)).body;
  const r = await renderFor(db, jurisdictionId, year, body);
  return { doc: r as ReportDoc, rendered: r, stored: !!report && source === 'current' };
}

// ── the public portal ──

export async function listPublished(db: Executor, q: PageArgs) {
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.listPublished(db, { offset, limit: pageSize });
  return {
    items: items.map((r) => ({
      id: r.id,
      year: r.year,
      jurisdictionName: r.jurisdictionName,
      title: (r.published as PublishedReport | null)?.title ?? `${r.jurisdictionName}${r.year}年法治政府建设情况报告`,
      publishedAt: r.publishedAt!,
    })),
    total,
    page,
    pageSize,
  };
}

export async function getPublished(db: Executor, id: number): Promise<PublishedReport> {
  const r = await repo.findPublished(db, id);
  if (!r?.published) throw errors.notFound('report', '报告');
  return r.published;
}

export async function exportPublished(db: Executor, id: number, format: ExportFormat) {
  return exportDocument(await getPublished(db, id), format);
}
