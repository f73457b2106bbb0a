// zhili import enterprises FILE [--dry-run] [--good-rows] [--jurisdiction CODE]: the registry import from the
// command line, with its progress and every bad row printed. Registered by cli.ts (this file does not import
// cli.ts: an import cycle would reach registerCommand before cli.ts has defined its command table).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { createDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { systemContext } from '../../platform/context.ts';
import { loadSecretKey } from '../../platform/crypto/keys.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import * as importsRepo from './imports.repository.ts';
import { createImportRow, executeImport } from './imports.service.ts';

type Register = (name: string, help: string, run: (args: string[], config: Config) => Promise<number>) => void;

const USAGE = 'usage: zhili import enterprises FILE.xlsx|FILE.csv [--dry-run] [--good-rows] [--jurisdiction CODE]';

export async function runEnterpriseImport(args: string[], config: Config, out: { log(s: string): void; err(s: string): void } = { log: console.log, err: console.error }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, 'good-rows': { type: 'boolean' }, jurisdiction: { type: 'string' } },
    });
  } catch (e) {
    out.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [kind, file] = parsed.positionals;
  if (kind !== 'enterprises' || !file) {
    out.err(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    out.err(`no such file: ${file}`);
    return 2;
  }
  const buf = fs.readFileSync(file);
  const database = await createDatabase(config);
  try {
    const db = database.db;
    await migrateToLatest(db);
    const jurisdictions = await db.selectFrom('jurisdictions').select(['id', 'code', 'name']).orderBy('id').execute();
    const j = parsed.values.jurisdiction ? jurisdictions.find((x) => x.code === parsed.values.jurisdiction) : jurisdictions.length === 1 ? jurisdictions[0] : undefined;
    if (!j) {
      out.err(`choose the jurisdiction with --jurisdiction CODE (${jurisdictions.map((x) => x.code).join(', ') || 'none yet'})`);
      return 2;
    }
    const row = await createImportRow(db, {
      jurisdictionId: j.id,
      createdBy: null,
      fileName: path.basename(file),
      buf,
      dryRun: parsed.values['dry-run'] ?? false,
      goodRowsOnly: parsed.values['good-rows'] ?? false,
    });
    out.log(`${row.dryRun ? '检查' : '导入'} ${row.fileName} → ${j.name}（导入编号 ${row.id}）`);
    let lastShown = -1;
    const result = await executeImport(db, new SecretBox(loadSecretKey(config)), row.id, buf, {
      ctx: systemContext(),
      onProgress: (p) => {
        const done = p.phase === 'importing' ? p.importedRows : p.processedRows;
        const of = p.phase === 'importing' ? p.totalRows - p.errorRows : p.totalRows;
        const pct = of > 0 ? Math.floor((done / of) * 100) : 100;
        if (pct === lastShown) return;
        lastShown = pct;
        out.log(`  ${p.phase === 'importing' ? '导入' : '检查'} ${done}/${of} (${pct}%)${p.errorRows ? `，错误行 ${p.errorRows}` : ''}`);
      },
    });
    for (let page = 0; ; page++) {
      const { items } = await importsRepo.importErrors(db, row.id, page * 1000, 1000);
      if (items.length === 0) break;
      for (const e of items) out.err(`  第 ${e.rowNo} 行 [${e.columnName}] ${e.reason}`);
    }
    out.log(`${result.message}（共 ${result.totalRows} 行，正确 ${result.validRows}，错误 ${result.errorRows}，已导入 ${result.importedRows}）`);
    return result.status === 'done' && (result.errorRows === 0 || result.goodRowsOnly) ? 0 : 1;
  } finally {
    await database.close();
  }
}

export function registerEnterpriseCommands(register: Register): void {
  register('import', 'import enterprises FILE [--dry-run] [--good-rows]: import the enterprise registry from XLSX or CSV', (args, config) =>
    runEnterpriseImport(args, config),
  );
}
