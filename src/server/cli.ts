// zhili serve | migrate | seed --demo | user add | audit verify | backup | restore
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { verifyAuditChain } from './platform/audit/audit.ts';
import { loadSecretKey } from './platform/crypto/keys.ts';
import { SecretBox } from './platform/crypto/secret-box.ts';
import { bootstrap, isEmpty } from './bootstrap.ts';
import { DEMO_PASSWORD } from './demo/demo.ts';
import { seedDemo } from './demo/demo.ts';
import { serve } from './main.ts';

type Command = (args: string[], config: Config) => Promise<number>;

async function withDatabase<T>(config: Config, fn: (d: Database) => Promise<T>): Promise<T> {
  const database = await createDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const commands: Record<string, { help: string; run: Command }> = {
  serve: {
    help: 'start the server (migrates, loads demo data on an empty database, prints the admin login)',
    run: async (args, config) => {
      const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean' } } });
      await serve(config, { demo: !values['no-demo'] });
      return -1;
    },
  },
  migrate: {
    help: 'apply the numbered migrations',
    run: async (_args, config) =>
      withDatabase(config, async ({ db }) => {
        const applied = await migrateToLatest(db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        return 0;
      }),
  },
  seed: {
    help: 'seed --demo: load the demo jurisdiction and its records into an empty database',
    run: async (args, config) => {
      const { values } = parseArgs({ args, options: { demo: { type: 'boolean' } } });
      if (!values.demo) {
        console.error('usage: zhili seed --demo');
        return 2;
      }
      return withDatabase(config, async ({ db }) => {
        await migrateToLatest(db);
        if (!(await isEmpty(db))) {
          console.error('the database already has data; demo data loads only into an empty database');
          return 1;
        }
        await seedDemo(db, new SecretBox(loadSecretKey(config)));
        console.log(`demo data loaded; demo users sign in with the password ${DEMO_PASSWORD}`);
        return 0;
      });
    },
  },
  audit: {
    help: 'audit verify: walk the hash chain of the audit log and name every row that does not fit',
    run: async (args, config) => {
      if (args[0] !== 'verify') {
        console.error('usage: zhili audit verify');
        return 2;
      }
      return withDatabase(config, async ({ db }) => {
        const r = await verifyAuditChain(db);
        if (r.ok) {
          console.log(`audit chain intact: ${r.rows} rows, last seq ${r.lastSeq}`);
          return 0;
        }
        console.error(`audit chain BROKEN (${r.problems.length} problems in ${r.rows} rows):`);
        for (const p of r.problems) console.error(`  seq ${p.seq}: ${p.kind}: ${p.message}`);
        return 1;
      });
    },
  },
};

/** Modules and platform pieces add commands here (user, backup, restore, import, report, bench). */
export function registerCommand(name: string, help: string, run: Command): void {
  commands[name] = { help, run };
}

function usage(): string {
  return ['usage: zhili <command> [options]', '', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.help}`)].join('\n');
}

/** One command's help line: `zhili backup [-o FILE]: …`, or `zhili serve: start the server …`. */
const commandHelp = (name: string) => {
  const { help } = commands[name];
  return help.startsWith(`${name} `) || help.startsWith(`${name}:`) ? `zhili ${help}` : `zhili ${name}: ${help}`;
};

/** Node's parseArgs rejects an unknown option, a missing value or a stray argument with one of these codes. */
const isUsageError = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

/**
 * Runs one command line and answers its exit code, or -1 for a command that keeps running (serve). `zhili X --help`
 * prints X's help; an option X does not take prints what went wrong and X's help (exit 2), never a stack trace.
 */
export async function dispatch(argv: string[], loadConfigFn: () => Config = loadConfig): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || !commands[name]) {
    console.log(usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(name));
    return 0;
  }
  let config: Config;
  try {
    config = loadConfigFn();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    return await commands[name].run(rest, config);
  } catch (e) {
    if (!isUsageError(e)) throw e;
    console.error(`zhili ${name}: ${(e as Error).message}`);
    console.error(`usage: ${commandHelp(name)}`);
    return 2;
  }
}

export async function main(argv: string[]): Promise<void> {
  const code = await dispatch(argv);
  if (code >= 0) process.exit(code);
}

void bootstrap;
(await import('./platform/backup/backup.cli.ts')).registerBackupCommands(registerCommand);
(await import('./modules/identity/identity.cli.ts')).registerIdentityCommands(registerCommand);
(await import('./modules/enterprise/enterprise.cli.ts')).registerEnterpriseCommands(registerCommand);
(await import('./modules/report/report.cli.ts')).registerReportCommands(registerCommand);
(await import('../../bench/bench.cli.ts')).registerBenchCommands(registerCommand);
