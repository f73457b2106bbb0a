// zhili user add | list: accounts from the server's console (for automated set-ups and lost administrators).
// Registered by cli.ts; this file does not import cli.ts (the cycle would reach its command table too early).
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { isRole, ROLES } from '../../platform/auth/roles.ts';
import { loadSecretKey } from '../../platform/crypto/keys.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import { lockDataDir } from '../../platform/backup/data-dir-lock.ts';
import { isAppError } from '../../platform/errors.ts';
import { createUserFromCli, listUsersForCli } from './identity.users.service.ts';

type Register = (name: string, help: string, run: (args: string[], config: Config) => Promise<number>) => void;

export interface Console {
  log(line: string): void;
  error(line: string): void;
}

const USAGE = [
  'usage:',
  '  zhili user add --username NAME --role ROLE [--name DISPLAY_NAME] [--org-unit CODE] [--password PASSWORD] [--jurisdiction CODE]',
  '  zhili user list',
  `roles: ${ROLES.join(', ')}`,
].join('\n');

/** The `user` command against an open database; returns the exit code. */
export async function runUserCommand(args: string[], database: Database, box: SecretBox, out: Console = console): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const rows = await listUsersForCli(database.db);
    out.log(['username', 'name', 'role', 'org unit', 'jurisdiction', 'state', 'last sign-in'].join('\t'));
    for (const r of rows) {
      const state = r.disabled ? 'disabled' : r.mustChangePassword ? 'must change password' : 'active';
      out.log([r.username, r.displayName, r.role, r.orgUnitCode ?? '-', r.jurisdictionCode, state, r.lastLoginAt?.toISOString() ?? '-'].join('\t'));
    }
    out.log(`${rows.length} users`);
    return 0;
  }
  if (sub !== 'add') {
    out.error(USAGE);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'org-unit': { type: 'string' },
        password: { type: 'string' },
        jurisdiction: { type: 'string' },
      },
    }).values as Record<string, string | undefined>;
  } catch (e) {
    out.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { username, role } = values;
  if (!username || !role) {
    out.error(USAGE);
    return 2;
  }
  if (!/^[a-z0-9][a-z0-9_.-]{2,31}$/.test(username)) {
    out.error('the user name must be 3–32 lower-case letters, digits or _.- (用户名须为 3–32 位小写字母、数字或 _.-)');
    return 2;
  }
  if (!isRole(role)) {
    out.error(`unknown role "${role}"; roles: ${ROLES.join(', ')}`);
    return 2;
  }
  try {
    const result = await createUserFromCli(database.db, box, {
      username,
      role,
      displayName: values.name ?? username,
      orgUnitCode: values['org-unit'],
      jurisdictionCode: values.jurisdiction,
      password: values.password,
    });
    out.log(`created user ${result.user.username} (${result.user.role}, id ${result.user.id})`);
    if (result.temporaryPassword) {
      out.log(`temporary password: ${result.temporaryPassword}   (shown once; it must be changed at first sign-in)`);
    }
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const details = Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : '';
    out.error(`${e.messages.zh} / ${e.messages.en}${details}`);
    return 1;
  }
}

export function registerIdentityCommands(register: Register): void {
  register('user', 'user add --username X --role R [--name N] [--org-unit CODE] [--password P] | user list', async (args, config) => {
    // On PGlite only one process may open the data directory: refuse while the server runs.
    const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, 'zhili user');
    try {
      const database = await createDatabase(config);
      try {
        await migrateToLatest(database.db);
        return await runUserCommand(args, database, new SecretBox(loadSecretKey(config)));
      } finally {
        await database.close();
      }
    } catch (e) {
      console.error(`zhili user failed: ${(e as Error).message}`);
      return 1;
    } finally {
      lock?.release();
    }
  });
}
