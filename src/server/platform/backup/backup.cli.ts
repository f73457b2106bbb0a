// zhili backup [-o FILE] and zhili restore FILE. Registered by cli.ts; this file does not import cli.ts
// (an import cycle would reach registerCommand before cli.ts has defined its command table).
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { createDatabase, type Database } from '../../db/database.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import { backupDatabase, BackupError, restoreDatabase } from './backup.ts';
import { lockDataDir } from './data-dir-lock.ts';

type Register = (name: string, help: string, run: (args: string[], config: Config) => Promise<number>) => void;

async function withExclusiveDatabase<T>(config: Config, purpose: string, fn: (d: Database) => Promise<T>): Promise<T> {
  // On PGlite the server must not be running: two processes on one data directory corrupt it.
  const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, purpose);
  try {
    const database = await createDatabase(config);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

export function registerBackupCommands(register: Register): void {
  register('backup', 'backup [-o FILE]: write a consistent copy of the whole database (gzip JSON lines)', async (args, config) => {
    const { values } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } } });
    const file = values.output ?? `zhili-backup-${stamp()}.jsonl.gz`;
    try {
      return await withExclusiveDatabase(config, 'zhili backup', async (database) => {
        const started = Date.now();
        const header = await backupDatabase(database, file);
        const rows = header.tables.reduce((n, t) => n + t.rows, 0);
        console.log(`backup written to ${file}: ${header.tables.length} tables, ${rows} rows, ${header.migrations.length} migrations (${Date.now() - started} ms)`);
        console.log('Keep ZHILI_SECRET_KEY (or the data directory key file) safe as well: encrypted fields need it.');
        return 0;
      });
    } catch (err) {
      console.error(`backup failed: ${(err as Error).message}`);
      return 1;
    }
  });

  register('restore', 'restore FILE: load a backup into an empty database and verify every table', async (args, config) => {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) {
      console.error('usage: zhili restore FILE   (into an empty database: a new DATABASE_URL database or a new ZHILI_DATA_DIR)');
      return 2;
    }
    try {
      return await withExclusiveDatabase(config, 'zhili restore', async (database) => {
        const started = Date.now();
        const r = await restoreDatabase(database, positionals[0]);
        console.log(`restored ${r.rows} rows in ${r.tables} tables from ${r.header.createdAt} (${Date.now() - started} ms); every table's count and checksum match`);
        if (r.migratedAfter.length > 0) console.log(`then migrated: ${r.migratedAfter.join(', ')}`);
        const audit = await verifyAuditChain(database.db);
        if (!audit.ok) {
          console.error(`audit chain BROKEN after restore (${audit.problems.length} problems); run zhili audit verify`);
          return 1;
        }
        console.log(`audit chain intact: ${audit.rows} rows`);
        console.log('Encrypted fields need the source\'s key: set the same ZHILI_SECRET_KEY (or copy its data directory\'s secret.key).');
        return 0;
      });
    } catch (err) {
      console.error(`restore failed: ${err instanceof BackupError ? err.message : (err as Error).message}`);
      return 1;
    }
  });
}
