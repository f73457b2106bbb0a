// zhili report --year 2020 --format docx|html|md -o FILE [--jurisdiction CODE] [--source current|published|draft]
// Writes the year's report: the stored report's current text (default), the published text, or a fresh draft
// from the default template; figures are computed from the records. Registered by cli.ts (no import of cli.ts).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { lockDataDir } from '../../platform/backup/data-dir-lock.ts';
import { isAppError } from '../../platform/errors.ts';
import * as repo from './report.repository.ts';
import { documentForYear, exportDocument, EXPORT_FORMATS, type ExportFormat } from './report.service.ts';

type Register = (name: string, help: string, run: (args: string[], config: Config) => Promise<number>) => void;

export interface Console {
  log(line: string): void;
  error(line: string): void;
}

const USAGE = [
  'usage: zhili report --year YEAR --format docx|html|md -o FILE [--jurisdiction CODE] [--source current|published|draft]',
  '  current    the stored report of the year as last saved (a fresh draft when there is none)',
  '  published  the text as published to the portal',
  '  draft      a new draft from the default template and the year’s findings',
].join('\n');

/** The `report` command against an open database; returns the exit code. */
export async function runReportCommand(args: string[], database: Database, out: Console = console): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        year: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        jurisdiction: { type: 'string' },
        source: { type: 'string' },
      },
    }).values as Record<string, string | undefined>;
  } catch (e) {
    out.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const year = Number(values.year);
  const format = (values.format ?? 'docx') as ExportFormat;
  const source = (values.source ?? 'current') as 'current' | 'published' | 'draft';
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || !values.output || !EXPORT_FORMATS.includes(format) || !['current', 'published', 'draft'].includes(source)) {
    out.error(USAGE);
    return 2;
  }
  const j = values.jurisdiction ? await repo.jurisdictionByCode(database.db, values.jurisdiction) : await repo.firstJurisdiction(database.db);
  if (!j) {
    out.error(values.jurisdiction ? `no jurisdiction with the code ${values.jurisdiction}` : 'the database has no jurisdiction');
    return 1;
  }
  try {
    const { doc, rendered, stored } = await documentForYear(database.db, j.id, year, { source });
    const file = await exportDocument(doc, format);
    fs.writeFileSync(values.output, file.data);
    out.log(`${doc.title} → ${values.output} (${format}, ${file.data.length} bytes; ${stored ? 'stored report' : 'draft from the default template'})`);
    if (rendered?.missing.length) {
      out.error(`warning: ${rendered.missing.length} figures could not be computed: ${rendered.missing.map((m) => `${m.key} (${m.reason})`).join('; ')}`);
    }
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    out.error(`${e.messages.zh} / ${e.messages.en}`);
    return 1;
  }
}

export function registerReportCommands(register: Register): void {
  register('report', 'report --year 2020 --format docx|html|md -o FILE: write the year’s 法治政府建设情况报告', async (args, config) => {
    const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, 'zhili report');
    try {
      const database = await createDatabase(config);
      try {
        await migrateToLatest(database.db);
        return await runReportCommand(args, database);
      } finally {
        await database.close();
      }
    } catch (e) {
      console.error(`zhili report failed: ${(e as Error).message}`);
      return 1;
    } finally {
      lock?.release();
    }
  });
}
