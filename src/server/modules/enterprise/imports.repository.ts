// SQL for registry imports and their row errors. No rules here.
import type { Executor } from '../../db/database.ts';

export function insertImport(db: Executor, v: { jurisdictionId: number; createdBy: number | null; fileName: string; format: string; dryRun: boolean; goodRowsOnly: boolean }) {
  return db.insertInto('enterpriseImports').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findImport(db: Executor, id: number) {
  return db.selectFrom('enterpriseImports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listImports(db: Executor, jurisdictionId: number, limit: number) {
  return db.selectFrom('enterpriseImports').selectAll().where('jurisdictionId', '=', jurisdictionId).orderBy('id', 'desc').limit(limit).execute();
}

export function updateImport(
  db: Executor,
  id: number,
  patch: Partial<{
    status: string;
    phase: string;
    totalRows: number;
    processedRows: number;
    validRows: number;
    errorRows: number;
    importedRows: number;
    message: string;
    finishedAt: Date | null;
  }>,
) {
  return db.updateTable('enterpriseImports').set({ ...patch, updatedAt: new Date() }).where('id', '=', id).execute();
}

export async function insertImportErrors(db: Executor, rows: { importId: number; jurisdictionId: number; rowNo: number; columnName: string; reason: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('enterpriseImportErrors').values(rows.slice(i, i + 1000)).execute();
}

export async function importErrors(db: Executor, importId: number, offset: number, limit: number) {
  const [{ n }] = await db.selectFrom('enterpriseImportErrors').select((eb) => eb.fn.countAll<number>().as('n')).where('importId', '=', importId).execute();
  const items = await db
    .selectFrom('enterpriseImportErrors')
    .select(['rowNo', 'columnName', 'reason'])
    .where('importId', '=', importId)
    .orderBy('rowNo')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return { items, total: Number(n) };
}
