import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildOrgUnit } from '../../../../test/support/factories.ts';
import { auditRows } from '../../../../test/support/identity.factories.ts';
import type { Database } from '../../db/database.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import { runUserCommand } from './identity.cli.ts';

describe.each(DB_KINDS)('zhili user on %s', (kind) => {
  let database: Database;
  const box = new SecretBox(randomBytes(32));
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUserCommand(args, database, box, { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const j = await buildJurisdiction(database.db, { code: 'beichen' });
    await buildOrgUnit(database.db, j.id, { code: 'urban', name: '城市管理办公室' });
  });
  afterAll(() => database.close());

  it('adds a user with a generated password that must be changed, and prints it once', async () => {
    const r = await run('add', '--username', 'chengguan', '--role', 'handler', '--name', '陈立军', '--org-unit', 'urban');
    expect(r.code).toBe(0);
    const temp = /temporary password: (\S+)/.exec(r.out)?.[1];
    expect(temp).toBeTruthy();
    const u = await database.db.selectFrom('users').selectAll().where('username', '=', 'chengguan').executeTakeFirstOrThrow();
    expect(u).toMatchObject({ displayName: '陈立军', role: 'handler', mustChangePassword: true });
    expect(await verifyPassword(temp as string, u.passwordHash)).toBe(true);
    const audit = await auditRows(database.db, { action: 'user.create', entityId: u.id });
    expect(audit[0]).toMatchObject({ actorId: null, actorName: 'cli' });
    expect(audit[0].details).toMatchObject({ via: 'cli', generatedPassword: true });
  });

  it('adds a user with a chosen password, which need not be changed', async () => {
    const r = await run('add', '--username', 'ops-admin', '--role', 'admin', '--password', 'Operator-Pass-2020');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).not.toContain('temporary password');
    const u = await database.db.selectFrom('users').selectAll().where('username', '=', 'ops-admin').executeTakeFirstOrThrow();
    expect(u).toMatchObject({ displayName: 'ops-admin', mustChangePassword: false });
    // The console is where the security and audit duties are handed out (the API refuses the administrator).
    expect((await run('add', '--username', 'auditor', '--role', 'audit_admin', '--name', '审计员')).code).toBe(0);
  });

  it('refuses bad input with a message and a non-zero code', async () => {
    expect((await run('add', '--username', 'x1', '--role', 'leader')).code).toBe(2);
    expect((await run('add', '--username', 'nobody', '--role', 'king')).err).toContain('unknown role');
    expect((await run('add', '--username', 'weakling', '--role', 'leader', '--password', 'weak')).code).toBe(1);
    expect((await run('add', '--username', 'lost', '--role', 'handler', '--org-unit', 'nowhere')).err).toContain('nowhere');
    expect((await run('add', '--username', 'chengguan', '--role', 'leader')).err).toContain('用户名已被使用');
    expect((await run('add', '--username', 'nodept', '--role', 'handler')).code).toBe(1);
    expect((await run('remove')).code).toBe(2);
  });

  it('lists users', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/chengguan\t陈立军\thandler\turban\tbeichen\tmust change password/);
    expect(r.out).toContain('3 users');
  });
});
