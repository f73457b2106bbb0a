// A database with no tables at all (not migrated), as a restore target; and a PostgreSQL database opened twice.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPGlite, openPostgres, type Database, type DatabaseKind } from '../../src/server/db/database.ts';

export async function createEmptyDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openPGlite(null);
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `zhili_empty_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = openPostgres(u.toString(), 3);
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
