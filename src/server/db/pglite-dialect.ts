// A Kysely dialect for PGlite. PGlite has one connection, so the driver hands it to one holder at a
// time: a transaction keeps it until COMMIT/ROLLBACK and other queries wait (kysely-pglite 0.6.1
// shares it without a lock, which lets a concurrent request's statements run inside another's transaction).
import { types, type PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { PLAN_PER_EXECUTION, PREPARED_PER_SESSION } from './prepared.ts';
import { SnakeCaseQueryCompiler } from './snake-case.ts';

/** PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared. */
function changedShape(e: unknown): boolean {
  const { code, message } = e as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/** The backend messages read here (PGlite's protocol parser makes them). */
type Message = { name: string; fields?: { name: string; dataTypeID: number }[]; text?: string; dataTypeIDs?: number[] } & Record<string, unknown>;

/** Rows (named by column, values parsed by type) and the affected-row count of one statement's messages. */
function resultOf<R>(messages: readonly Message[], parsers: PGlite['parsers']): QueryResult<R> {
  let fields: { name: string; dataTypeID: number }[] = [];
  const rows: R[] = [];
  let affected: number | undefined;
  for (const m of messages) {
    if (m.name === 'rowDescription') fields = m.fields!;
    else if (m.name === 'dataRow') {
      const values = m.fields as unknown as (string | null)[];
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) row[fields[i].name] = types.parseType(values[i], fields[i].dataTypeID, parsers);
      rows.push(row as R);
    } else if (m.name === 'commandComplete') {
      const words = m.text!.split(' ');
      if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(words[0])) affected = Number(words[words.length - 1]);
    }
  }
  return { rows, numAffectedRows: affected === undefined ? undefined : BigInt(affected) };
}

/**
 * Runs each distinct parameterised statement as a named prepared statement of PGlite's one session, as the
 * PostgreSQL pool does (database.ts): parsed and planned once rather than on every execution, and executed in one
 * call into PGlite (bind, describe, execute, sync) rather than five. Planning is dear in PGlite: each plan looks up
 * the size of every table and index it touches, a file-system call through the WebAssembly layer (measured: a
 * fifth of a search's time). Statements marked PLAN_PER_EXECUTION, and those without parameters (transaction
 * control, DDL), go through PGlite's own query().
 */
class PGliteConnection implements DatabaseConnection {
  private readonly prepared = new Map<string, { name: string; paramTypes: number[] }>();
  private named = 0;

  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters;
    const text = compiled.sql;
    const st = params.length > 0 && !text.includes(PLAN_PER_EXECUTION) ? await this.statement(text) : null;
    if (!st) return this.unprepared<R>(text, params);
    const serializers = this.client.serializers;
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serialize = serializers[st.paramTypes[i]];
      return serialize ? serialize(v) : String(v);
    });
    let messages;
    try {
      ({ messages } = await this.client.execProtocol(
        Buffer.concat([serialize.bind({ statement: st.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      ));
    } catch (e) {
      if (!changedShape(e)) throw e;
      // A table under the statement changed its columns (a migration, a restore): forget the statement, and run it
      // unprepared unless the error has aborted the caller's transaction.
      this.prepared.delete(text);
      await this.client.execProtocol(Buffer.concat([serialize.close({ type: 'S', name: st.name }), serialize.sync()]), { syncToFs: false }).catch(() => {});
      if (this.client.isInTransaction()) throw e;
      return this.unprepared<R>(text, params);
    }
    if (!this.client.isInTransaction()) await this.client.syncToFs();
    return resultOf<R>(messages as unknown as Message[], this.client.parsers);
  }

  private async unprepared<R>(text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    const res = await this.client.query<R>(text, [...params]);
    if (/^\s*(deallocate|discard)\b/i.test(text)) this.prepared.clear();
    return { rows: res.rows, numAffectedRows: res.affectedRows === undefined ? undefined : BigInt(res.affectedRows) };
  }

  /** The prepared statement for `text`, prepared now if new; null past the bound. */
  private async statement(text: string) {
    const known = this.prepared.get(text);
    if (known || this.prepared.size >= PREPARED_PER_SESSION) return known ?? null;
    const name = `zhili_${++this.named}`;
    const { messages } = await this.client.execProtocol(
      Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const described = (messages as unknown as Message[]).find((m) => m.name === 'parameterDescription');
    const st = { name, paramTypes: described?.dataTypeIDs ?? [] };
    this.prepared.set(text, st);
    return st;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming');
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private releaseCurrent: (() => void) | null = null;
  private readonly connection: PGliteConnection;

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.releaseCurrent = release;
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('BEGIN'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.releaseCurrent;
    this.releaseCurrent = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.queue;
    await this.client.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new SnakeCaseQueryCompiler();
  }
}
