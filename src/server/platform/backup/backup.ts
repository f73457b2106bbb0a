// Logical backup and restore of the whole database, the same on PGlite and PostgreSQL.
//
// A backup is gzip'd JSON lines: a header (format, migrations, and for every table its columns, row count and
// SHA-256 of its rows), then each table as a marker line ["table", name, rows] followed by one line per row
// (the row's to_jsonb text, in primary-key order). Everything is read in one REPEATABLE READ, READ ONLY
// transaction, so the copy is consistent. Tables are found in the catalogue, so a module's new tables are
// included without changes here; they are written parents-first along their foreign keys.
//
// Restore loads into an empty database only: migrate to the backup's migration, load every row with triggers
// off (session_replication_role = replica: audit and foreign-key triggers do not fire; the rows were valid when
// copied), set every sequence, check each table's count and checksum against the header — all in one
// transaction, so a failed restore leaves nothing — then migrate to the latest version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { migrations as knownMigrations } from '../../db/migrations/index.ts';

export const BACKUP_FORMAT = 'zhili-backup';
export const BACKUP_VERSION = 1;

export interface TableInfo {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: { kind: Database['kind']; serverVersion: string };
  migrations: string[];
  tables: TableInfo[];
  sequences: { name: string; lastValue: number; isCalled: boolean }[];
}

// Plain Kysely (no CamelCasePlugin): catalogue names and to_jsonb keys stay as they are.
type Raw = Kysely<any>;
type RawTx = Transaction<any>;

const FETCH = 1000;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Output settings that make to_jsonb text the same for the same data, whatever the server's defaults. */
async function canonicalSession(tx: RawTx): Promise<void> {
  await sql`set local timezone = 'UTC'`.execute(tx);
  await sql`set local extra_float_digits = 1`.execute(tx);
  await sql`set local intervalstyle = 'postgres'`.execute(tx);
  await sql`set local bytea_output = 'hex'`.execute(tx);
}

interface CatalogTable {
  oid: number;
  name: string;
  /** Columns a restore writes (generated columns are computed again). */
  insertable: string[];
  all: string[];
  orderBy: string;
}

async function listTables(tx: RawTx): Promise<CatalogTable[]> {
  const tables = (
    await sql<{ oid: number; name: string }>`
      select c.oid::int as oid, c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not like 'kysely\\_migration%'
      order by c.relname`.execute(tx)
  ).rows;
  if (tables.length === 0) return [];
  const cols = (
    await sql<{ rel: number; name: string; generated: boolean }>`
      select a.attrelid::int as rel, a.attname as name, a.attgenerated <> '' as generated
      from pg_attribute a
      where a.attrelid in (${sql.join(tables.map((t) => t.oid))}) and a.attnum > 0 and not a.attisdropped
      order by a.attrelid, a.attnum`.execute(tx)
  ).rows;
  const pks = (
    await sql<{ rel: number; name: string; collatable: boolean }>`
      select i.indrelid::int as rel, a.attname as name, a.attcollation <> 0 as collatable
      from pg_index i
      cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indisprimary and i.indrelid in (${sql.join(tables.map((t) => t.oid))})
      order by i.indrelid, k.ord`.execute(tx)
  ).rows;
  const fks = (
    await sql<{ child: number; parent: number }>`
      select conrelid::int as child, confrelid::int as parent from pg_constraint
      where contype = 'f' and conrelid in (${sql.join(tables.map((t) => t.oid))})`.execute(tx)
  ).rows;
  const info = tables.map((t) => {
    const tc = cols.filter((c) => c.rel === t.oid);
    const pk = pks.filter((p) => p.rel === t.oid);
    // "C" collation: the same order on every server and locale.
    const orderBy =
      pk.length > 0
        ? pk.map((p) => `t.${quoteIdent(p.name)}${p.collatable ? ' collate "C"' : ''}`).join(', ')
        : 'to_jsonb(t)::text collate "C"';
    return { oid: t.oid, name: t.name, insertable: tc.filter((c) => !c.generated).map((c) => c.name), all: tc.map((c) => c.name), orderBy };
  });
  return sortByDependencies(info, fks);
}

/** Parents before children (self-references and cycles are fine: restore does not check foreign keys). */
function sortByDependencies(tables: CatalogTable[], fks: { child: number; parent: number }[]): CatalogTable[] {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const done = new Set<number>();
  const visiting = new Set<number>();
  const out: CatalogTable[] = [];
  const visit = (oid: number) => {
    if (done.has(oid) || visiting.has(oid) || !byOid.has(oid)) return;
    visiting.add(oid);
    for (const fk of fks) if (fk.child === oid && fk.parent !== oid) visit(fk.parent);
    visiting.delete(oid);
    done.add(oid);
    out.push(byOid.get(oid)!);
  };
  for (const t of tables) visit(t.oid);
  return out;
}

async function listSequences(tx: RawTx): Promise<BackupHeader['sequences']> {
  const seqs = (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(tx)
  ).rows;
  const out: BackupHeader['sequences'] = [];
  for (const s of seqs) {
    const r = (await sql<{ lastValue: string | number; isCalled: boolean }>`
      select last_value as "lastValue", is_called as "isCalled" from ${sql.raw(quoteIdent(s.name))}`.execute(tx)).rows[0];
    out.push({ name: s.name, lastValue: Number(r.lastValue), isCalled: r.isCalled });
  }
  return out;
}

async function appliedMigrations(tx: Raw): Promise<string[]> {
  const exists = (await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relname = 'kysely_migration'`.execute(tx)).rows[0].n;
  if (!exists) return [];
  return (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tx)).rows.map((r) => r.name);
}

/** Each row's canonical text, in primary-key order, a page at a time (a cursor in the caller's transaction). */
async function* tableRows(tx: RawTx, t: CatalogTable): AsyncGenerator<string[]> {
  const cursor = `zhili_backup_${t.oid}`;
  await sql`declare ${sql.raw(cursor)} no scroll cursor for
    select to_jsonb(t)::text as j from ${sql.raw(quoteIdent(t.name))} t order by ${sql.raw(t.orderBy)}`.execute(tx);
  try {
    for (;;) {
      const rows = (await sql<{ j: string }>`fetch forward ${sql.raw(String(FETCH))} from ${sql.raw(cursor)}`.execute(tx)).rows;
      if (rows.length === 0) break;
      yield rows.map((r) => r.j);
    }
  } finally {
    await sql`close ${sql.raw(cursor)}`.execute(tx);
  }
}

/** Row count and SHA-256 (over each row's text and a newline, in primary-key order) of every table. */
export async function tableChecksums(db: Kysely<any>): Promise<Map<string, { rows: number; sha256: string }>> {
  const raw = (db as Raw).withoutPlugins();
  return raw
    .transaction()
    .execute(async (tx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
      await canonicalSession(tx);
      return checksumsIn(tx, await listTables(tx));
    });
}

async function checksumsIn(tx: RawTx, tables: CatalogTable[]): Promise<Map<string, { rows: number; sha256: string }>> {
  const out = new Map<string, { rows: number; sha256: string }>();
  for (const t of tables) {
    const hash = createHash('sha256');
    let rows = 0;
    for await (const page of tableRows(tx, t)) {
      for (const line of page) hash.update(line).update('\n');
      rows += page.length;
    }
    out.set(t.name, { rows, sha256: hash.digest('hex') });
  }
  return out;
}

async function writeChunk(stream: zlib.Gzip, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Writes a consistent copy of the whole database to `file` (gzip'd JSON lines). The file appears only when
 * complete: the rows go to a temporary file first, and the finished backup is renamed into place.
 */
export async function backupDatabase(database: Database, file: string): Promise<BackupHeader> {
  const target = path.resolve(file);
  const bodyFile = `${target}.body-${process.pid}.tmp`;
  const partFile = `${target}.part-${process.pid}.tmp`;
  const raw = (database.db as Raw).withoutPlugins();
  try {
    const header = await raw.transaction().execute(async (tx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
      await canonicalSession(tx);
      const serverVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(tx)).rows[0].v;
      const migrations = await appliedMigrations(tx);
      const tables = await listTables(tx);
      const gzip = zlib.createGzip();
      const out = fs.createWriteStream(bodyFile);
      const finished = once(out, 'finish');
      gzip.pipe(out);
      const infos: TableInfo[] = [];
      for (const t of tables) {
        const hash = createHash('sha256');
        let rows = 0;
        const body: string[] = [];
        await writeChunk(gzip, `${JSON.stringify(['table', t.name])}\n`);
        for await (const page of tableRows(tx, t)) {
          for (const line of page) {
            hash.update(line).update('\n');
            body.push(line);
          }
          rows += page.length;
          await writeChunk(gzip, `${body.join('\n')}\n`);
          body.length = 0;
        }
        infos.push({ name: t.name, columns: t.all, rows, sha256: hash.digest('hex') });
      }
      const sequences = await listSequences(tx);
      gzip.end();
      await finished;
      const h: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        source: { kind: database.kind, serverVersion },
        migrations,
        tables: infos,
        sequences,
      };
      return h;
    });
    // gzip members concatenate: the header's member, then the rows' member.
    const fd = fs.openSync(partFile, 'w');
    try {
      fs.writeSync(fd, zlib.gzipSync(`${JSON.stringify(header)}\n`));
      const bodyFd = fs.openSync(bodyFile, 'r');
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const n = fs.readSync(bodyFd, buf, 0, buf.length, null);
          if (n === 0) break;
          fs.writeSync(fd, buf, 0, n);
        }
      } finally {
        fs.closeSync(bodyFd);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partFile, target);
    return header;
  } finally {
    fs.rmSync(bodyFile, { force: true });
    fs.rmSync(partFile, { force: true });
  }
}

type Line = { kind: 'table'; name: string } | { kind: 'row'; text: string };

async function openBackup(file: string): Promise<{ header: BackupHeader; lines: AsyncIterator<string>; close(): void }> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  const close = () => {
    rl.close();
    input.destroy();
  };
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (err) {
    close();
    throw new BackupError(`${file} is not a gzip'd Zhili backup (${(err as Error).message})`);
  }
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
  } catch {
    close();
    throw new BackupError(`${file} does not start with a Zhili backup header`);
  }
  if (header?.format !== BACKUP_FORMAT) {
    close();
    throw new BackupError(`${file} is not a Zhili backup`);
  }
  if (header.version !== BACKUP_VERSION) {
    close();
    throw new BackupError(`${file} is a version ${header.version} backup; this build reads version ${BACKUP_VERSION}`);
  }
  return { header, lines, close };
}

function classify(line: string): Line {
  if (line.startsWith('[')) {
    const [tag, name] = JSON.parse(line) as [string, string];
    if (tag !== 'table' || typeof name !== 'string') throw new BackupError(`unexpected marker line in backup: ${line.slice(0, 80)}`);
    return { kind: 'table', name };
  }
  return { kind: 'row', text: line };
}

export class BackupError extends Error {}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const b = await openBackup(file);
  b.close();
  return b.header;
}

export interface RestoreResult {
  header: BackupHeader;
  tables: number;
  rows: number;
  /** Migrations applied after loading (the backup came from an older version). */
  migratedAfter: string[];
}

async function tableNames(db: Raw): Promise<string[]> {
  return (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname not like 'kysely\\_migration%'`.execute(db)
  ).rows.map((r) => r.name);
}

/**
 * The target holds no data: no tables at all, or migrated tables without any jurisdiction, user or audit row
 * (rows a migration inserts itself, such as the audit chain's head, are replaced by the backup's).
 */
async function assertEmpty(db: Raw): Promise<void> {
  const names = await tableNames(db);
  if (names.length === 0) return;
  for (const t of ['jurisdictions', 'users', 'audit_log']) {
    if (!names.includes(t)) continue;
    const n = (await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(quoteIdent(t))}`.execute(db)).rows[0].n;
    if (n > 0) throw new BackupError(`the target database is not empty (${t} has ${n} rows); restore only into a new, empty database`);
  }
}

function migratorFor(db: Raw): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => knownMigrations } });
}

/** Loads a backup into an empty database (see the file comment). Throws BackupError when it may not. */
export async function restoreDatabase(database: Database, file: string): Promise<RestoreResult> {
  const raw = (database.db as Raw).withoutPlugins();
  const backup = await openBackup(file);
  try {
    const { header } = backup;
    const known = Object.keys(knownMigrations).sort();
    const wanted = [...header.migrations].sort();
    if (wanted.some((m, i) => known[i] !== m)) {
      throw new BackupError(
        `the backup was made by a different version of Zhili (migrations ${wanted.filter((m) => !known.includes(m)).join(', ') || 'out of order'}); restore it with that version`,
      );
    }
    await assertEmpty(raw);
    const applied = await appliedMigrations(raw);
    if (applied.some((m, i) => wanted[i] !== m)) {
      throw new BackupError('the target database was migrated further than the backup; restore into a new database with no tables');
    }
    if (wanted.length > 0 && applied.length < wanted.length) {
      const { error } = await migratorFor(raw).migrateTo(wanted[wanted.length - 1]);
      if (error) throw error instanceof Error ? error : new Error(String(error));
    }

    let total = 0;
    await raw.transaction().execute(async (tx) => {
      try {
        await sql`set local session_replication_role = replica`.execute(tx);
      } catch (err) {
        throw new BackupError(
          `restore must switch triggers off (session_replication_role); connect as the database owner with superuser rights, or on PostgreSQL 15+ run: GRANT SET ON PARAMETER session_replication_role TO <user>  (${(err as Error).message})`,
        );
      }
      await canonicalSession(tx);
      const tables = await listTables(tx);
      const byName = new Map(tables.map((t) => [t.name, t]));
      for (const t of header.tables) {
        if (!byName.has(t.name)) throw new BackupError(`the backup has table ${t.name}, which this database does not`);
      }
      if (tables.length > 0) await sql`truncate ${sql.raw(tables.map((t) => quoteIdent(t.name)).join(', '))}`.execute(tx);

      let current: CatalogTable | null = null;
      let batch: string[] = [];
      let bytes = 0;
      const counts = new Map<string, number>();
      const flush = async () => {
        if (!current || batch.length === 0) return;
        const cols = current.insertable.map(quoteIdent).join(', ');
        await sql`insert into ${sql.raw(quoteIdent(current.name))} (${sql.raw(cols)}) overriding system value
          select ${sql.raw(cols)} from jsonb_populate_recordset(null::${sql.raw(quoteIdent(current.name))}, ${`[${batch.join(',')}]`}::jsonb)`.execute(tx);
        counts.set(current.name, (counts.get(current.name) ?? 0) + batch.length);
        total += batch.length;
        batch = [];
        bytes = 0;
      };
      for (;;) {
        const next = await backup.lines.next();
        if (next.done) break;
        if (next.value === '') continue;
        const line = classify(next.value);
        if (line.kind === 'table') {
          await flush();
          current = byName.get(line.name) ?? null;
          if (!current) throw new BackupError(`the backup has table ${line.name}, which this database does not`);
          continue;
        }
        if (!current) throw new BackupError('the backup has rows before any table marker');
        batch.push(line.text);
        bytes += line.text.length;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
      }
      await flush();

      await restoreSequences(tx, header.sequences);

      // The copy must be the one the header describes, table by table.
      const actual = await checksumsIn(tx, tables.filter((t) => header.tables.some((h) => h.name === t.name)));
      const problems: string[] = [];
      for (const t of header.tables) {
        const a = actual.get(t.name);
        if (!a || a.rows !== t.rows) problems.push(`${t.name}: ${a?.rows ?? 0} rows loaded, the backup says ${t.rows}`);
        else if (a.sha256 !== t.sha256) problems.push(`${t.name}: content checksum differs`);
      }
      if (problems.length > 0) throw new BackupError(`restore verification failed, nothing was restored:\n  ${problems.join('\n  ')}`);
    });

    const { error, results } = await migratorFor(raw).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    await refreshMaterializedViews(raw);
    return {
      header,
      tables: header.tables.length,
      rows: total,
      migratedAfter: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    };
  } finally {
    backup.close();
  }
}

async function restoreSequences(tx: RawTx, sequences: BackupHeader['sequences']): Promise<void> {
  const present = new Set(
    (
      await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'S'`.execute(tx)
    ).rows.map((r) => r.name),
  );
  for (const s of sequences) {
    if (!present.has(s.name)) continue;
    await sql`select setval(${quoteIdent(s.name)}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`.execute(tx);
  }
  // And never below the largest id a serial or identity column holds.
  const owned = (
    await sql<{ seq: string; tbl: string; col: string }>`
      select s.relname as seq, t.relname as tbl, a.attname as col
      from pg_class s
      join pg_namespace n on n.oid = s.relnamespace
      join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S' and n.nspname = current_schema()`.execute(tx)
  ).rows;
  for (const o of owned) {
    await sql`select setval(${quoteIdent(o.seq)}::regclass, m)
      from (select max(${sql.raw(quoteIdent(o.col))})::bigint as m from ${sql.raw(quoteIdent(o.tbl))}) x
      where m is not null and m > (select case when is_called then last_value else last_value - 1 end from ${sql.raw(quoteIdent(o.seq))})`.execute(tx);
  }
}

async function refreshMaterializedViews(db: Raw): Promise<void> {
  const views = (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'm'`.execute(db)
  ).rows;
  for (const v of views) await sql`refresh materialized view ${sql.raw(quoteIdent(v.name))}`.execute(db);
}
