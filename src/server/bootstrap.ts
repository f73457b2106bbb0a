// First start: the demo jurisdiction and its data on an empty database, and the first administrator.
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './db/schema.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from './platform/auth/password.ts';
import { appendAudit } from './platform/audit/audit.ts';
import { systemContext } from './platform/context.ts';
import type { SecretBox } from './platform/crypto/secret-box.ts';
import { seedDemo } from './demo/demo.ts';

export interface BootstrapResult {
  createdAdmin: { username: string; password: string | null; generated: boolean } | null;
  seededDemo: boolean;
}

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('jurisdictions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Loads the demo data when the database is empty, then makes sure the administrator account exists. */
export async function bootstrap(db: Kysely<DB>, config: Config, box: SecretBox, opts: { demo: boolean }): Promise<BootstrapResult> {
  let seededDemo = false;
  if (opts.demo && (await isEmpty(db))) {
    await seedDemo(db, box);
    seededDemo = true;
  }
  const createdAdmin = await ensureAdmin(db, config);
  return { createdAdmin, seededDemo };
}

export async function ensureAdmin(db: Kysely<DB>, config: Config): Promise<BootstrapResult['createdAdmin']> {
  const existing = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existing) return null;
  let jurisdiction = await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirst();
  if (!jurisdiction) {
    jurisdiction = await db
      .insertInto('jurisdictions')
      .values({ code: 'default', name: '开发区', shortName: '开发区' })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const generated = config.adminPassword === null;
  const password = config.adminPassword ?? generatePassword();
  if (!generated) {
    const problems = checkPasswordPolicy(password, 'admin');
    if (problems.length > 0) throw new Error(`ZHILI_ADMIN_PASSWORD is too weak: ${problems.map((p) => p.en).join('; ')}`);
  }
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const admin = await tx
      .insertInto('users')
      .values({
        jurisdictionId: jurisdiction.id,
        username: 'admin',
        displayName: '系统管理员',
        role: 'admin',
        orgUnitId: null,
        enterpriseId: null,
        passwordHash,
        // A generated password was printed to a console: it must be replaced at first sign-in.
        mustChangePassword: generated,
        phoneEnc: null,
        phoneMasked: null,
        totpSecretEnc: null,
        totpLastStep: null,
        lockedUntil: null,
        lastLoginAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, systemContext(), {
      action: 'user.create',
      entity: 'user',
      entityId: admin.id,
      jurisdictionId: jurisdiction.id,
      actorName: 'system',
      details: { username: 'admin', role: 'admin', bootstrap: true },
    });
  });
  return { username: 'admin', password: generated ? password : null, generated };
}
