// Builders for test data, written straight through the database (like immich's medium tests).
import type { Executor } from '../../src/server/db/database.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import type { Role } from '../../src/server/platform/auth/roles.ts';

export const TEST_PASSWORD = 'Test-Passw0rd!x';
let hashOnce: Promise<string> | null = null;
const testHash = () => (hashOnce ??= hashPassword(TEST_PASSWORD));

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function buildJurisdiction(db: Executor, over: { code?: string; name?: string } = {}) {
  const code = over.code ?? `J${uniq()}`;
  return db
    .insertInto('jurisdictions')
    .values({ code, name: over.name ?? `测试开发区${code}`, shortName: over.name ?? `测试区${code}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildOrgUnit(db: Executor, jurisdictionId: number, over: { name?: string; kind?: string; code?: string } = {}) {
  const code = over.code ?? `OU${uniq()}`;
  return db
    .insertInto('orgUnits')
    .values({ jurisdictionId, code, name: over.name ?? `部门${code}`, kind: over.kind ?? 'department', parentId: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Executor,
  jurisdictionId: number,
  role: Role,
  over: { username?: string; orgUnitId?: number | null; enterpriseId?: number | null; mustChangePassword?: boolean; displayName?: string } = {},
) {
  const username = over.username ?? `${role}_${uniq()}`;
  return db
    .insertInto('users')
    .values({
      jurisdictionId,
      username,
      displayName: over.displayName ?? `${role} 测试`,
      role,
      orgUnitId: over.orgUnitId ?? null,
      enterpriseId: over.enterpriseId ?? null,
      passwordHash: await testHash(),
      mustChangePassword: over.mustChangePassword ?? false,
      phoneEnc: null,
      phoneMasked: null,
      totpSecretEnc: null,
      totpLastStep: null,
      lockedUntil: null,
      lastLoginAt: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
