// createDatabase(config) → Kysely over PGlite (embedded, data in <dataDir>/pgdata) or PostgreSQL (DATABASE_URL).
// Both return the same JS types: int8 and numeric as numbers, date as 'YYYY-MM-DD' strings, timestamptz as Date.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { AUTH_CHANNEL, ChangeNotices } from './change-notices.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { PLAN_PER_EXECUTION, PREPARED_PER_SESSION } from './prepared.ts';
import { CamelCaseRows, SnakeCaseQueryCompiler } from './snake-case.ts';
import type { DB } from './schema.ts';

export { PLAN_PER_EXECUTION };
export type { DB };
export type Executor = Kysely<DB> | Transaction<DB>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /** PGlite instance when embedded (for backup/restore), else null. */
  readonly pglite: PGlite | null;
  /** Connection string when on PostgreSQL, else null. */
  readonly url: string | null;
  /** The zhili_auth notices as this server receives them (migration 0013). */
  readonly changes: ChangeNotices;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const toNumber = (v: string) => (v === null ? v : Number(v));
const asIs = (v: string) => v;

export const pgliteParsers = {
  [INT8]: toNumber,
  [NUMERIC]: toNumber,
  [DATE]: asIs,
};

function pgTypes() {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return asIs;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  } as pg.CustomTypesConfig;
}

function kyselyFor(dialect: ConstructorParameters<typeof Kysely<DB>>[0]['dialect']): Kysely<DB> {
  return new Kysely<DB>({ dialect, plugins: [new CamelCaseRows()] });
}

/**
 * Runs each distinct parameterised statement as a named prepared statement on its connection: PostgreSQL then
 * parses and plans it once per connection instead of on every execution (most of a small query's server time).
 * Statements are text the application builds from its own query shapes, so their number is bounded; past the
 * bound a connection runs new ones unprepared. (Behind a transaction-pooling proxy, set DATABASE_PREPARED=off.)
 */
function prepareStatements(client: pg.PoolClient): void {
  const marked = client as pg.PoolClient & { zhiliPrepared?: Map<string, string> };
  if (marked.zhiliPrepared) return;
  const names = new Map<string, string>();
  marked.zhiliPrepared = names;
  const plain = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !Array.isArray(values) || rest.length > 0 || text.includes(PLAN_PER_EXECUTION)) return plain(text, values, ...rest);
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_PER_SESSION) {
      name = `zhili_${names.size}`;
      names.set(text, name);
    }
    return name === undefined ? plain(text, values) : plain({ name, text, values });
  };
}

/**
 * Every application connection listens for the zhili_auth notices: the one that commits a change gets its notice
 * with the commit's answer (so this server drops what it kept before it answers the request that made the change),
 * idle ones get other servers' notices as they come.
 */
function listenForChanges(client: pg.PoolClient, changes: ChangeNotices): void {
  let state: 'starting' | 'listening' | 'ended' = 'starting';
  client.on('notification', (n) => {
    if (n.channel === AUTH_CHANNEL) changes.changed();
  });
  client.once('end', () => {
    if (state === 'listening') changes.listenerEnded();
    state = 'ended';
  });
  client.query(`listen ${AUTH_CHANNEL}`).then(
    () => {
      if (state !== 'starting') return;
      state = 'listening';
      changes.listenerStarted();
    },
    () => {},
  );
}

/**
 * Session settings of every application connection. No parallel query: the platform runs many small statements at
 * once, and starting parallel workers for one of them costs more than it saves — measured at 1,000,000 events, a
 * walk of the newest events of 15 ms took 30–46 ms under load when the planner split it across two workers.
 */
const SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0';

const pooled = new WeakSet<Kysely<DB>>();

export interface HeldConnection {
  db: Executor;
  /** Gives the connection back to the pool. */
  release(): void;
}

/**
 * One of the pool's connections for the caller alone until it calls release(); null when `db` has no pool to take
 * one from without holding up everybody else (PGlite's one session) or is a transaction.
 */
export function holdConnection(db: Executor): Promise<HeldConnection> | null {
  if (db.isTransaction || !pooled.has(db as Kysely<DB>)) return null;
  return new Promise((resolve, reject) => {
    (db as Kysely<DB>)
      .connection()
      .execute((conn) => new Promise<void>((release) => resolve({ db: conn, release })))
      .catch(reject);
  });
}

class SnakeCasePostgresDialect extends PostgresDialect {
  override createQueryCompiler() {
    return new SnakeCaseQueryCompiler();
  }
}

export function openPostgres(url: string, poolSize = 10, prepared = true): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes(), options: SESSION_OPTIONS });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  const changes = new ChangeNotices();
  // Behind a transaction-pooling proxy (prepared off) a connection's LISTEN would not stay with it: no notices then,
  // and nothing is kept.
  if (prepared) {
    pool.on('connect', prepareStatements);
    pool.on('connect', (client) => listenForChanges(client, changes));
  }
  const db = kyselyFor(new SnakeCasePostgresDialect({ pool }));
  pooled.add(db);
  return { db, kind: 'postgres', pglite: null, url, changes, close: () => db.destroy() };
}

export async function openPGlite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  const client = await PGlite.create({
    dataDir: dataDir ?? undefined,
    extensions: { pg_trgm },
    parsers: { ...pgliteTypes.parsers, ...pgliteParsers },
    loadDataDir,
  });
  const changes = new ChangeNotices();
  // One session: its own notices come back with the statement that committed the change.
  await client.listen(AUTH_CHANNEL, () => changes.changed());
  changes.listenerStarted();
  const db = kyselyFor(new PGliteDialect(client));
  return { db, kind: 'pglite', pglite: client, url: null, changes, close: () => db.destroy() };
}

/**
 * PGlite treats a folder as initialised as soon as PG_VERSION exists, before its config files are written,
 * so a kill during the first start could leave a folder that never opens again. A new cluster is therefore
 * created in a temporary folder and renamed into place only once it has opened and closed cleanly.
 */
export async function ensurePGliteDir(dataDir: string): Promise<string> {
  const target = path.join(dataDir, 'pgdata');
  fs.mkdirSync(dataDir, { recursive: true });
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith('pgdata.creating-')) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  if (fs.existsSync(path.join(target, 'PG_VERSION'))) return target;
  if (fs.existsSync(target)) fs.rmSync(target, { recursive: true, force: true });
  const tmp = path.join(dataDir, `pgdata.creating-${process.pid}-${Date.now()}`);
  const client = await PGlite.create({ dataDir: tmp, extensions: { pg_trgm } });
  await client.query('select 1');
  await client.close();
  fs.renameSync(tmp, target);
  return target;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  databasePrepared?: boolean;
  dataDir: string;
}

export async function createDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, 10, opts.databasePrepared ?? true);
  const dir = await ensurePGliteDir(opts.dataDir);
  return openPGlite(dir);
}
