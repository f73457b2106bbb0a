// Export of the filtered event list to CSV (UTF-8 with BOM, so Excel opens it in Chinese) and XLSX.
// Cells that a spreadsheet would run as a formula (starting with = + - @, or a tab / carriage return) are
// prefixed with an apostrophe (OWASP CSV injection).
import ExcelJS from 'exceljs';
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { localDate, loadCalendar, utcOffsetMinutes } from '../../platform/deadlines/index.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import { actorOf, buildFilter, type ListQuery } from './events.service.ts';
import { SOURCE_LABELS, STATUS_LABELS } from './events.workflow.ts';

export const EXPORT_MAX_ROWS = 50_000;

/** Neutralises a cell a spreadsheet would evaluate. */
export function escapeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const HEADERS = ['编号', '标题', '事件描述', '分类', '来源', '状态', '网格', '承办部门', '地址', '上报人', '联系电话', '上报时间', '当前时限', '结案时间', '是否超期', '超期次数'];

async function rows(db: Executor, ctx: RequestContext, q: ListQuery) {
  const actor = actorOf(ctx);
  const f = await buildFilter(db, ctx, eventActions['events.export'], q);
  const cal = await loadCalendar(db, actor.jurisdictionId);
  const list = await repo.exportRows(db, f, EXPORT_MAX_ROWS);
  const fmt = (d: Date | null) => {
    if (!d) return '';
    const local = new Date(d.getTime() + utcOffsetMinutes(d, cal.timeZone) * 60_000).toISOString();
    return `${localDate(d, cal.timeZone)} ${local.slice(11, 16)}`;
  };
  await appendAudit(db, ctx, { action: 'event.export', entity: 'event', details: { rows: list.length, filter: { ...q, q: q.q ? '(search)' : undefined } } });
  return list.map((r) => [
    r.code,
    r.title,
    r.description,
    r.categoryName ?? '',
    SOURCE_LABELS[r.source].zh,
    STATUS_LABELS[r.status].zh,
    r.gridName ?? '',
    r.departmentName ?? '',
    r.address,
    r.reporterName,
    r.contactMasked ?? '',
    fmt(r.reportedAt),
    fmt(r.dueAt),
    fmt(r.closedAt),
    r.overdue ? '是' : '否',
    String(r.overdueCount),
  ]);
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function exportCsv(db: Executor, ctx: RequestContext, q: ListQuery): Promise<string> {
  const data = await rows(db, ctx, q);
  const lines = [HEADERS, ...data].map((r) => r.map((c) => csvField(escapeCell(c))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function exportXlsx(db: Executor, ctx: RequestContext, q: ListQuery): Promise<Buffer> {
  const data = await rows(db, ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhili';
  const ws = wb.addWorksheet('事件列表');
  ws.addRow(HEADERS).font = { bold: true };
  // Every cell is written as text (never a formula), escaped as for CSV in case it is re-saved as CSV.
  for (const r of data) ws.addRow(r.map(escapeCell));
  ws.columns.forEach((c, i) => (c.width = [14, 30, 40, 14, 14, 10, 14, 18, 30, 10, 14, 17, 17, 17, 8, 8][i] ?? 14));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
