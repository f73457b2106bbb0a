// Registry export (the same columns as the import, so an export can be edited and imported into another zone)
// and the blank import template. Contact phones leave only masked.
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { ENTERPRISE_SIZE_LABELS, type EnterpriseSize } from './enterprise.enums.ts';
import { enterpriseActions } from './enterprise.policy.ts';
import { IMPORT_COLUMNS } from './imports.service.ts';
import * as repo from './registry.repository.ts';
import { filterOf, requireActor, type EnterpriseQuery } from './registry.service.ts';
import { writeSheet, type SheetFormat } from './spreadsheet.ts';

const HEADERS = [...IMPORT_COLUMNS.map((c) => c.header), '所属网格'];
export const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export async function exportEnterprises(db: Executor, ctx: RequestContext, q: EnterpriseQuery, format: SheetFormat) {
  const actor = requireActor(ctx);
  const scope = authorize(actor, enterpriseActions['enterprise.export']);
  const filter = filterOf(actor, scope, q);
  let count = 0;
  async function* rows() {
    let after = 0;
    for (;;) {
      const batch = await repo.enterpriseBatch(db, filter, after, 1000);
      if (batch.length === 0) return;
      const officers = await repo.officersOf(db, batch.map((b) => b.id));
      for (const e of batch) {
        count++;
        yield [
          e.name,
          e.creditCode,
          e.industry,
          e.size === 'unknown' ? '' : ENTERPRISE_SIZE_LABELS[e.size as EnterpriseSize],
          e.address,
          e.lng === null ? '' : String(e.lng),
          e.lat === null ? '' : String(e.lat),
          e.legalRepresentative,
          e.contactName,
          e.contactPhoneMasked ?? '',
          e.tags.join('、'),
          officers.filter((o) => o.enterpriseId === e.id).map((o) => o.displayName).join('、'),
          e.gridName ?? '',
        ];
      }
      after = batch[batch.length - 1].id;
    }
  }
  const buf = await writeSheet(format, '企业名录', HEADERS, rows());
  await appendAudit(db, ctx, { action: 'enterprise.export', entity: 'enterprise', details: { format, rows: count, filter: { ...q } } });
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return { buf, contentType: CONTENT_TYPES[format], fileName: `企业名录-${day}.${format}` };
}

export async function importTemplate(ctx: RequestContext, format: SheetFormat) {
  const actor = requireActor(ctx);
  authorize(actor, enterpriseActions['enterprise.import']);
  const buf = await writeSheet(format, '企业名录', IMPORT_COLUMNS.map((c) => c.header), []);
  return { buf, contentType: CONTENT_TYPES[format], fileName: `企业名录导入模板.${format}` };
}
