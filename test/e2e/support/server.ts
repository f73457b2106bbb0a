// A real Zhili server for browser tests: a fresh PGlite in a temp dir, migrated, with only the first
// administrator (ZHILI_ADMIN_PASSWORD unset, so the password is generated and must be changed), listening
// on 127.0.0.1 on a free port and serving the built web bundle from dist/web.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.ts';
import { ensureAdmin } from '../../../src/server/bootstrap.ts';
import { loadConfig } from '../../../src/server/config.ts';
import { createDatabase, type Database } from '../../../src/server/db/database.ts';
import { migrateToLatest } from '../../../src/server/db/migrate.ts';
import { createUserFromCli, type CreateUserInput } from '../../../src/server/modules/identity/identity.users.service.ts';
import { SecretBox } from '../../../src/server/platform/crypto/secret-box.ts';

export interface E2EServer {
  url: string;
  adminPassword: string;
  app: FastifyInstance;
  database: Database;
  /**
   * What `zhili user add` does at the server console (the only way to make security and audit administrators):
   * returns the generated temporary password, which must be changed at first sign-in.
   */
  consoleAddUser(input: CreateUserInput): Promise<string>;
  close(): Promise<void>;
}

export const WEB_DIR = path.resolve('dist/web');

export async function startServer(): Promise<E2EServer> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    throw new Error(`no web bundle in ${WEB_DIR}: run "npx vite build" first (npm test does)`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-e2e-'));
  // A private copy of the bundle: a rebuild of dist/web while the test runs (another terminal, another
  // test run) would otherwise swap the hashed chunks under the open pages.
  const webDir = path.join(dataDir, 'web');
  fs.cpSync(WEB_DIR, webDir, { recursive: true });
  // An explicit environment: nothing from the caller's shell (in particular no ZHILI_ADMIN_PASSWORD).
  const config = loadConfig({ ZHILI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' });
  const database = await createDatabase({ databaseUrl: null, dataDir });
  await migrateToLatest(database.db);
  const admin = await ensureAdmin(database.db, config);
  if (!admin?.password) throw new Error('expected a generated administrator password');
  const secretKey = randomBytes(32);
  const app = await buildApp({
    config,
    database,
    secretKey,
    logger: false,
    webDir,
    rateLimits: { login: 1000, public: 1000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adminPassword: admin.password,
    app,
    database,
    async consoleAddUser(input) {
      const r = await createUserFromCli(database.db, new SecretBox(secretKey), input);
      if (!r.temporaryPassword) throw new Error('expected a generated password');
      return r.temporaryPassword;
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
