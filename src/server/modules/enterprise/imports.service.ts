// Registry import from XLSX or CSV. Every row is checked first (a dry run stops there); every bad row is listed
// with its reason; nothing is imported while any row is bad, unless the good rows are asked for. Progress is kept
// on the import row (rows checked, rows imported), which the page polls and the CLI prints.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { normalizePhone, sealPersonal } from '../../platform/crypto/sensitive.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds } from '../../platform/http/schemas.ts';
import { validateCreditCode } from './credit-code.ts';
import { ENTERPRISE_SIZE_LABELS, ENTERPRISE_SIZES, type EnterpriseSize } from './enterprise.enums.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import * as repo from './imports.repository.ts';
import * as registryRepo from './registry.repository.ts';
import { placeInGrid, requireActor } from './registry.service.ts';
import { formatOf, readSheet, type SheetRow } from './spreadsheet.ts';

export const IMPORT_COLUMNS = [
  { key: 'name', header: '企业名称', aliases: ['名称', '企业', 'name'], required: true },
  { key: 'creditCode', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码', 'creditcode', 'credit_code'], required: true },
  { key: 'industry', header: '所属行业', aliases: ['行业', 'industry'], required: false },
  { key: 'size', header: '企业规模', aliases: ['规模', 'size'], required: false },
  { key: 'address', header: '地址', aliases: ['注册地址', '经营地址', 'address'], required: false },
  { key: 'lng', header: '经度', aliases: ['lng', 'longitude'], required: false },
  { key: 'lat', header: '纬度', aliases: ['lat', 'latitude'], required: false },
  { key: 'legalRepresentative', header: '法定代表人', aliases: ['法人', 'legalrepresentative'], required: false },
  { key: 'contactName', header: '联系人', aliases: ['contactname'], required: false },
  { key: 'contactPhone', header: '联系电话', aliases: ['联系人电话', '电话', '手机', 'contactphone'], required: false },
  { key: 'tags', header: '标签', aliases: ['tags'], required: false },
  { key: 'officers', header: '包联干部', aliases: ['服务专员', 'officers'], required: false },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

const COLUMN_HEADER = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<ImportColumn, string>;
const BATCH = 500;
const LIST_SEP = /[、,，;；|\s]+/;

/** Which spreadsheet column holds which field, or the required headers that are missing. */
export function mapHeaders(headers: string[]): { index: Partial<Record<ImportColumn, number>>; missing: string[] } {
  const index: Partial<Record<ImportColumn, number>> = {};
  const norm = (h: string) => h.replace(/[\s*＊（）()]/g, '').replace(/（必填）|必填/g, '').toLowerCase();
  headers.forEach((h, i) => {
    const n = norm(h);
    for (const c of IMPORT_COLUMNS) {
      if (index[c.key] !== undefined) continue;
      if (n === norm(c.header) || (c.aliases as readonly string[]).some((a) => norm(a) === n)) {
        index[c.key] = i;
        break;
      }
    }
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && index[c.key] === undefined).map((c) => c.header);
  return { index, missing };
}

export interface ImportValue {
  name: string;
  creditCode: string;
  industry: string;
  size: EnterpriseSize;
  address: string;
  lng: number | null;
  lat: number | null;
  legalRepresentative: string;
  contactName: string;
  /** Canonical phone, or null (also for a masked phone copied from an export). */
  contactPhone: string | null;
  tags: string[];
  officerIds: number[];
}

export interface RowProblem {
  column: string;
  reason: string;
}

const SIZE_BY_TEXT = new Map<string, EnterpriseSize>([
  ...ENTERPRISE_SIZES.map((s) => [s, s] as [string, EnterpriseSize]),
  ...ENTERPRISE_SIZES.map((s) => [ENTERPRISE_SIZE_LABELS[s], s] as [string, EnterpriseSize]),
  ['大型企业', 'large'],
  ['中型企业', 'medium'],
  ['小型企业', 'small'],
  ['微型企业', 'micro'],
  ['', 'unknown'],
]);

/**
 * Checks one row on its own (pure): every problem of the row, each naming its column. `officers` maps an
 * officer's user name or display name to their user id.
 */
export function checkImportRow(
  cells: string[],
  index: Partial<Record<ImportColumn, number>>,
  officers: ReadonlyMap<string, number>,
): { value: ImportValue | null; problems: RowProblem[] } {
  const get = (k: ImportColumn) => {
    const i = index[k];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const bad = (k: ImportColumn, reason: string) => problems.push({ column: COLUMN_HEADER[k], reason });

  const name = get('name');
  if (!name) bad('name', '企业名称不能为空');
  else if (name.length > 100) bad('name', '企业名称超过 100 个字');

  const cc = validateCreditCode(get('creditCode'));
  if (!cc.ok) bad('creditCode', cc.zh);

  const sizeText = get('size');
  const size = SIZE_BY_TEXT.get(sizeText) ?? SIZE_BY_TEXT.get(sizeText.toLowerCase());
  if (!size) bad('size', `企业规模“${sizeText.slice(0, 20)}”无法识别，应为大型、中型、小型或微型`);

  const lngText = get('lng');
  const latText = get('lat');
  let lng: number | null = null;
  let lat: number | null = null;
  if (lngText || latText) {
    lng = Number(lngText);
    lat = Number(latText);
    if (!lngText || !latText) bad(lngText ? 'lat' : 'lng', '经度和纬度须同时填写');
    else if (!Number.isFinite(lng) || lng < 73 || lng > 136) bad('lng', `经度“${lngText.slice(0, 20)}”不正确（中国境内为 73–136）`);
    else if (!Number.isFinite(lat) || lat < 3 || lat > 54) bad('lat', `纬度“${latText.slice(0, 20)}”不正确（中国境内为 3–54）`);
  }

  // The number itself is personal data: the reason never repeats it.
  const phoneText = get('contactPhone');
  let contactPhone: string | null = null;
  if (phoneText && !phoneText.includes('*')) {
    const p = normalizePhone(phoneText);
    if (!p) bad('contactPhone', '联系电话格式不正确（手机 11 位，固话需带区号）');
    else contactPhone = p.value;
  }

  const tags = [...new Set(get('tags').split(LIST_SEP).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > 10) bad('tags', '标签最多 10 个');
  else if (tags.some((t) => t.length > 20)) bad('tags', '每个标签最多 20 个字');

  const officerIds: number[] = [];
  for (const o of get('officers').split(LIST_SEP).map((t) => t.trim()).filter(Boolean)) {
    const id = officers.get(o);
    if (id === undefined) bad('officers', `包联干部“${o.slice(0, 20)}”不是本区的企业服务专员`);
    else if (!officerIds.includes(id)) officerIds.push(id);
  }

  const address = get('address');
  if (address.length > 200) bad('address', '地址超过 200 个字');

  if (problems.length > 0) return { value: null, problems };
  return {
    value: {
      name,
      creditCode: cc.code,
      industry: get('industry').slice(0, 50),
      size: size!,
      address,
      lng,
      lat,
      legalRepresentative: get('legalRepresentative').slice(0, 50),
      contactName: get('contactName').slice(0, 50),
      contactPhone,
      tags,
      officerIds,
    },
    problems,
  };
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.findImport>>>;

export const importDto = (r: ImportRow) => ({
  id: r.id,
  fileName: r.fileName,
  format: r.format,
  dryRun: r.dryRun,
  goodRowsOnly: r.goodRowsOnly,
  status: r.status as 'queued' | 'running' | 'done' | 'rejected' | 'failed',
  phase: r.phase,
  totalRows: r.totalRows,
  processedRows: r.processedRows,
  validRows: r.validRows,
  errorRows: r.errorRows,
  importedRows: r.importedRows,
  message: r.message,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  finishedAt: r.finishedAt,
});
export type ImportDto = ReturnType<typeof importDto>;

export interface RunOptions {
  ctx: RequestContext;
  /** Called after each batch with the import's counts (the CLI prints them). */
  onProgress?: (p: { phase: string; totalRows: number; processedRows: number; importedRows: number; errorRows: number }) => void;
}

/** Runs an import to its end; the import row tells how it went. Never throws for bad data. */
export async function executeImport(db: Executor, box: SecretBox, importId: number, buf: Buffer, opts: RunOptions): Promise<ImportDto> {
  const imp = (await repo.findImport(db, importId))!;
  const jid = imp.jurisdictionId;
  const progress = (p: { phase: string; totalRows: number; processedRows: number; importedRows: number; errorRows: number }) => opts.onProgress?.(p);
  const finish = async (status: string, message: string, counts: Partial<ImportRow> = {}) => {
    await repo.updateImport(db, importId, { status, phase: 'finished', message, finishedAt: new Date(), ...counts });
    return importDto((await repo.findImport(db, importId))!);
  };
  try {
    await repo.updateImport(db, importId, { status: 'running', phase: 'reading' });
    const sheet = await readSheet(buf, imp.format as 'xlsx' | 'csv');
    const { index, missing } = mapHeaders(sheet.headers);
    if (missing.length > 0) {
      return await finish('rejected', `缺少必需的列：${missing.join('、')}（第 1 行应为表头）`);
    }
    const total = sheet.rows.length;
    if (total === 0) return await finish('rejected', '文件中没有数据行');
    await repo.updateImport(db, importId, { phase: 'validating', totalRows: total });

    const officerRows = await registryRepo.officersOfJurisdiction(db, jid);
    const officers = new Map<string, number>();
    for (const o of officerRows) officers.set(o.displayName, o.id);
    for (const o of officerRows) officers.set(o.username, o.id);

    const good: { rowNo: number; value: ImportValue }[] = [];
    const problems: { rowNo: number; column: string; reason: string }[] = [];
    const badRows = new Set<number>();
    const seen = new Map<string, number>();
    for (let start = 0; start < total; start += BATCH) {
      const chunk: SheetRow[] = sheet.rows.slice(start, start + BATCH);
      const checked = chunk.map((r) => ({ rowNo: r.rowNo, ...checkImportRow(r.cells, index, officers) }));
      const codes = checked.flatMap((c) => (c.value ? [c.value.creditCode] : []));
      const existing = await registryRepo.existingCreditCodes(db, jid, codes);
      for (const c of checked) {
        const rowProblems = [...c.problems];
        if (c.value) {
          const dupRow = seen.get(c.value.creditCode);
          if (dupRow !== undefined) rowProblems.push({ column: COLUMN_HEADER.creditCode, reason: `与第 ${dupRow} 行的统一社会信用代码重复` });
          else seen.set(c.value.creditCode, c.rowNo);
          const name = existing.get(c.value.creditCode);
          if (name !== undefined) rowProblems.push({ column: COLUMN_HEADER.creditCode, reason: `统一社会信用代码已登记（${name}）` });
        }
        if (rowProblems.length > 0) {
          badRows.add(c.rowNo);
          for (const p of rowProblems) problems.push({ rowNo: c.rowNo, ...p });
        } else good.push({ rowNo: c.rowNo, value: c.value! });
      }
      const processed = Math.min(total, start + BATCH);
      await repo.updateImport(db, importId, { processedRows: processed, validRows: good.length, errorRows: badRows.size });
      progress({ phase: 'validating', totalRows: total, processedRows: processed, importedRows: 0, errorRows: badRows.size });
    }
    await repo.insertImportErrors(
      db,
      problems.map((p) => ({ importId, jurisdictionId: jid, rowNo: p.rowNo, columnName: p.column, reason: p.reason.slice(0, 300) })),
    );
    const summary = { totalRows: total, validRows: good.length, errorRows: badRows.size };
    if (imp.dryRun) {
      await audit(db, opts.ctx, imp, { ...summary, importedRows: 0 });
      return await finish('done', badRows.size === 0 ? `检查通过：${total} 行均可导入` : `检查完成：${badRows.size} 行有误，${good.length} 行可导入`, summary);
    }
    if (badRows.size > 0 && !imp.goodRowsOnly) {
      await audit(db, opts.ctx, imp, { ...summary, importedRows: 0 });
      return await finish('rejected', `${badRows.size} 行有误，未导入任何数据；请修正后重新导入，或选择只导入正确的 ${good.length} 行`, summary);
    }

    await repo.updateImport(db, importId, { phase: 'importing' });
    let imported = 0;
    for (let start = 0; start < good.length; start += BATCH) {
      const chunk = good.slice(start, start + BATCH);
      await db.transaction().execute(async (tx) => {
        const rows = [];
        for (const { value: v } of chunk) {
          const phone = v.contactPhone ? sealPersonal(box, v.contactPhone, 'phone') : null;
          rows.push({
            jurisdictionId: jid,
            creditCode: v.creditCode,
            name: v.name,
            industry: v.industry,
            size: v.size,
            address: v.address,
            lng: v.lng,
            lat: v.lat,
            gridId: await placeInGrid(tx, jid, v.lng, v.lat),
            legalRepresentative: v.legalRepresentative,
            contactName: v.contactName,
            contactPhoneEnc: phone?.enc ?? null,
            contactPhoneMasked: phone?.masked ?? null,
            tags: v.tags,
            importId,
            createdBy: imp.createdBy,
          });
        }
        const inserted = await registryRepo.insertEnterprises(tx, rows);
        const idByCode = new Map(inserted.map((r) => [r.creditCode, r.id]));
        await registryRepo.insertOfficers(
          tx,
          chunk.flatMap(({ value: v }) => v.officerIds.map((userId, i) => ({ jurisdictionId: jid, enterpriseId: idByCode.get(v.creditCode)!, userId, isPrimary: i === 0 }))),
        );
      });
      imported += chunk.length;
      await repo.updateImport(db, importId, { importedRows: imported });
      progress({ phase: 'importing', totalRows: total, processedRows: total, importedRows: imported, errorRows: badRows.size });
    }
    await audit(db, opts.ctx, imp, { ...summary, importedRows: imported });
    return await finish(
      'done',
      badRows.size > 0 ? `已导入 ${imported} 行；${badRows.size} 行有误未导入` : `已导入 ${imported} 行`,
      { ...summary, importedRows: imported },
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return finish('failed', `导入中断：${message.slice(0, 300)}`);
  }
}

async function audit(db: Executor, ctx: RequestContext, imp: ImportRow, counts: { totalRows: number; validRows: number; errorRows: number; importedRows: number }) {
  await appendAudit(db, ctx, {
    action: imp.dryRun ? 'enterprise.import_check' : 'enterprise.import',
    entity: 'enterprise_import',
    entityId: imp.id,
    jurisdictionId: imp.jurisdictionId,
    details: { fileName: imp.fileName, goodRowsOnly: imp.goodRowsOnly, ...counts },
  });
}

/** Imports running in this process (so tests and shutdown can wait for them). */
const running = new Map<number, Promise<ImportDto>>();
export const importSettled = (id: number): Promise<ImportDto | undefined> => running.get(id) ?? Promise.resolve(undefined);

export function createImportRow(db: Executor, v: { jurisdictionId: number; createdBy: number | null; fileName: string; buf: Buffer; dryRun: boolean; goodRowsOnly: boolean }) {
  const format = formatOf(v.fileName, v.buf);
  if (!format) {
    throw errors.validation({ field: 'file' }, { zh: '只支持 .xlsx 或 .csv 文件', en: 'Only .xlsx or .csv files' });
  }
  return repo.insertImport(db, { jurisdictionId: v.jurisdictionId, createdBy: v.createdBy, fileName: v.fileName.slice(0, 200), format, dryRun: v.dryRun, goodRowsOnly: v.goodRowsOnly });
}

/** Starts an import from an upload and returns at once; the page polls getImport for its progress. */
export async function startImport(
  db: Executor,
  ctx: RequestContext,
  box: SecretBox,
  input: { fileName: string; buf: Buffer; dryRun: boolean; goodRowsOnly: boolean },
): Promise<ImportDto> {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.import']);
  const row = await createImportRow(db, { jurisdictionId: actor.jurisdictionId, createdBy: actor.userId, ...input });
  const p = executeImport(db, box, row.id, input.buf, { ctx }).finally(() => running.delete(row.id));
  running.set(row.id, p);
  return importDto(row);
}

async function loadImport(db: Executor, ctx: RequestContext, id: number) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.import']);
  const row = await repo.findImport(db, id);
  if (!row || row.jurisdictionId !== actor.jurisdictionId) throw errors.notFound('enterprise_import', '导入记录');
  return row;
}

export async function getImport(db: Executor, ctx: RequestContext, id: number): Promise<ImportDto> {
  return importDto(await loadImport(db, ctx, id));
}

export async function listImports(db: Executor, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.import']);
  return (await repo.listImports(db, actor.jurisdictionId, 50)).map(importDto);
}

export async function listImportErrors(db: Executor, ctx: RequestContext, id: number, q: { page?: number; pageSize?: number }) {
  await loadImport(db, ctx, id);
  const { page, pageSize, offset } = pageBounds(q);
  const { items, total } = await repo.importErrors(db, id, offset, pageSize);
  return { items: items.map((i) => ({ rowNo: i.rowNo, column: i.columnName, reason: i.reason })), total, page, pageSize };
}
