// zhili bench [--events N] [--db pglite|postgres|both] [--duration S] [--connections C] [--import-rows R] [--only OPS] [--out FILE]
// Registered by src/server/cli.ts; the bench itself (bench.ts, which needs the dev dependencies) loads only when run.
import { parseArgs } from 'node:util';
import type { Config } from '../src/server/config.ts';
import type { DatabaseKind } from '../src/server/db/database.ts';

/** The bench's operations, in the order it runs them; `--only` names some of them. */
export const BENCH_OPERATIONS = ['login', 'intake', 'transition', 'list', 'search', 'metrics', 'demand', 'report', 'import', 'cold-start'] as const;
export type BenchOperation = (typeof BENCH_OPERATIONS)[number];

/** `--only intake,list` → those operations; absent → all of them. Throws on a name the bench does not know. */
export function parseOnly(only: string | undefined): Set<BenchOperation> {
  if (only === undefined) return new Set(BENCH_OPERATIONS);
  const names = only.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(BENCH_OPERATIONS as readonly string[]).includes(n));
  if (unknown.length || !names.length) throw new Error(`--only takes a comma-separated list of: ${BENCH_OPERATIONS.join(', ')}${unknown.length ? ` (not known: ${unknown.join(', ')})` : ''}`);
  return new Set(names as BenchOperation[]);
}

type Register = (name: string, help: string, run: (args: string[], config: Config) => Promise<number>) => void;

export function registerBenchCommands(register: Register): void {
  register(
    'bench',
    'bench [--events 1000000] [--db pglite|postgres|both] [--duration 10] [--only intake,list,…] [--out FILE]: performance table on a generated data set',
    async (args, config) => {
      const { values } = parseArgs({
        args,
        options: {
          events: { type: 'string', default: '1000000' },
          db: { type: 'string', default: 'both' },
          duration: { type: 'string', default: '10' },
          connections: { type: 'string', default: '10' },
          'import-rows': { type: 'string' },
          only: { type: 'string' },
          out: { type: 'string' },
        },
      });
      const events = Number(values.events);
      const duration = Number(values.duration);
      const connections = Number(values.connections);
      if (!Number.isInteger(events) || events < 1000 || !(duration > 0) || !(connections > 0)) {
        console.error('usage: zhili bench [--events N ≥ 1000] [--db pglite|postgres|both] [--duration S] [--connections C] [--import-rows R] [--only OPS] [--out FILE]');
        return 2;
      }
      let only: Set<BenchOperation>;
      try {
        only = parseOnly(values.only);
      } catch (e) {
        console.error((e as Error).message);
        return 2;
      }
      const postgresUrl = config.databaseUrl ?? process.env.TEST_DATABASE_URL ?? null;
      const dbs: DatabaseKind[] = values.db === 'both' ? (postgresUrl ? ['pglite', 'postgres'] : ['pglite']) : [values.db as DatabaseKind];
      if (!dbs.every((d) => d === 'pglite' || d === 'postgres')) {
        console.error('--db must be pglite, postgres or both');
        return 2;
      }
      if (values.db === 'both' && !postgresUrl) console.log('(no DATABASE_URL or TEST_DATABASE_URL: PGlite only)');
      const importRows = values['import-rows'] ? Number(values['import-rows']) : events >= 1_000_000 ? 50_000 : Math.max(2_000, Math.round(events / 20));
      const { runBench, formatTable } = await import('./bench.ts');
      const started = Date.now();
      const report = await runBench({ events, dbs, duration, connections, importRows, only, postgresUrl, out: values.out ?? null, log: (s) => console.log(s) });
      console.log(`\nZhili bench — ${events.toLocaleString('en')} events, ${duration} s per operation, ${connections} connections; ${report.machine}; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
      console.log(formatTable(report));
      return 0;
    },
  );
}
