import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../test/support/db.ts';
import type { Database } from '../db/database.ts';
import { SecretBox } from '../platform/crypto/secret-box.ts';
import { workYearOf } from '../modules/identity/index.ts';
import { seedIdentityDemo } from './identity.demo.ts';

describe.each(DB_KINDS)('identity demo on %s', (kind) => {
  let database: Database;
  afterAll(() => database.close());
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });

  it('opens the demo jurisdiction on the seed report’s year, 2020', async () => {
    const ctx = await seedIdentityDemo(database.db, new SecretBox(randomBytes(32)));
    expect(await workYearOf(database.db, ctx.jurisdictionId)).toBe(2020);
  });
});
