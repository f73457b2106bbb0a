// Entry: config → database → migrations → first-start data → server → job runner; clean shutdown on signals.
import path from 'node:path';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { createDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadSecretKey } from './platform/crypto/keys.ts';
import { SecretBox } from './platform/crypto/secret-box.ts';
import { bootstrap } from './bootstrap.ts';
import { DEMO_PASSWORD } from './demo/demo.ts';
import { lockDataDir } from './platform/backup/data-dir-lock.ts';
import { JobRunner } from './platform/jobs/jobs.ts';
import { scheduleHousekeeping } from './platform/jobs/housekeeping.ts';

export async function serve(config: Config, opts: { demo: boolean }): Promise<void> {
  const started = Date.now();
  // PGlite allows one process per data directory (a second server or a backup would corrupt it).
  const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, 'zhili serve');
  const database = await createDatabase(config);
  await migrateToLatest(database.db);
  const secretKey = loadSecretKey(config);
  const result = await bootstrap(database.db, config, new SecretBox(secretKey), { demo: opts.demo });
  const app = await buildApp({ config, database, secretKey, webDir: path.resolve('dist/web') });
  await app.listen({ port: config.port, host: config.host });
  await scheduleHousekeeping(database.db, { autovacuum: database.kind === 'postgres' });
  const jobs = new JobRunner(database.db, { instanceId: app.deps.instanceId, logger: app.log });
  jobs.start();
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `  Zhili 治理 is running at ${url}  (database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}, ready in ${Date.now() - started} ms)`,
  ];
  if (result.createdAdmin) {
    if (result.createdAdmin.password) {
      lines.push(`  Administrator login: admin / ${result.createdAdmin.password}   (shown once; you must change it at first sign-in)`);
    } else {
      lines.push('  Administrator login: admin / the password in ZHILI_ADMIN_PASSWORD');
    }
  } else {
    lines.push('  Administrator login: admin (password set at first start)');
  }
  if (result.seededDemo) lines.push(`  Demo data loaded. Demo users (leader, fazhiban, zhihui, wangge1, tiaojie, qifu, ...) use the password ${DEMO_PASSWORD}`);
  lines.push(`  API docs: ${url}/api/docs`, '');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await jobs.stop();
      await database.close();
      lock?.release();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
