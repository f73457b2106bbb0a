// Queries whose text never changes, built and compiled once. Building and compiling a query with the query builder
// (operation nodes, the camel-case plugin's pass over them, the compiler) costs more of the server's time than the
// database takes to answer a look-up by key — measured on the session look-up behind every request.
import { type Compilable, type CompiledQuery, createQueryId } from 'kysely';
import type { Executor } from './database.ts';

/** Stands in for an argument while the query is compiled, to be found among the compiled parameters. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * Wraps a query builder function so that it runs once, with stand-ins for its arguments; each call then only puts
 * its arguments in their places among the compiled parameters. The builder must use its arguments only as values
 * (never branch on them or build identifiers from them): the text is the same for every call by construction.
 */
export function precompiled<A extends unknown[], R>(build: (db: Executor, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => Promise<R[]> {
  let compiled: { query: CompiledQuery<R>; from: (number | null)[] } | null = null;
  return async (db, ...args) => {
    if (!compiled) {
      const query = build(db, ...(args.map((_, i) => new Slot(i)) as A)).compile();
      const from = query.parameters.map((p) => (p instanceof Slot ? p.index : null));
      if (from.filter((i) => i !== null).length < args.length) throw new Error('precompiled: an argument is not used as a value');
      compiled = { query, from };
    }
    const { query, from } = compiled;
    const parameters = query.parameters.map((p, i) => (from[i] === null ? p : args[from[i]!]));
    return (await db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() })).rows;
  };
}
