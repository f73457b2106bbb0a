import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { ageSession } from '../../../../test/support/identity.factories.ts';
import { ensureAdmin } from '../../bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { openPostgres } from '../../db/database.ts';
import { totpCode, totpStep } from '../../platform/auth/totp.ts';

describe.each(DB_KINDS)('sign-in on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
  });
  afterAll(() => t.close());

  it('signs in, reports the profile, and signs out killing the session', async () => {
    const u = await buildUser(t.database.db, jid, 'dispatcher');
    const c = await t.login(u.username);
    const me = await c.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: u.username, role: 'dispatcher', pending: null });
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const wrong = await t.anonymous().post('/api/auth/login', { username: u.username, password: 'nope-Nope-1' });
    const unknown = await t.anonymous().post('/api/auth/login', { username: 'no-such-user', password: 'nope-Nope-1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('locks the account after five failures, even for the right password, without saying so', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    for (let i = 0; i < 5; i++) {
      expect((await t.anonymous().post('/api/auth/login', { username: u.username, password: 'bad-Bad-12345' })).statusCode).toBe(401);
    }
    const locked = await t.anonymous().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('auth.invalid_credentials');
  });

  it('refuses a write without the CSRF token', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const c = await t.login(u.username);
    const res = await c.request({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.csrf');
  });
});

describe.each(DB_KINDS)('second factor, idle sessions and the first administrator on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
  });
  afterAll(() => t.close());

  const login = (username: string) => t.anonymous().post('/api/auth/login', { username, password: TEST_PASSWORD });
  const clientOf = (res: Awaited<ReturnType<typeof login>>): Client => {
    const cookie = res.cookies.find((c) => c.name === 'zhili_session');
    return clientFor(t.app, `zhili_session=${cookie?.value}`, res.json().csrfToken);
  };

  it('enrols TOTP, then asks for the second factor at sign-in and refuses a replayed code', async () => {
    const u = await buildUser(t.database.db, jid, 'dispatcher');
    const c = await t.login(u.username);
    const begun = await c.post('/api/me/totp');
    expect(begun.statusCode).toBe(200);
    const { secret, otpauthUri } = begun.json();
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect((await c.post('/api/me/totp/confirm', { code: '000000' === totpCode(secret, totpStep()) ? '111111' : '000000' })).statusCode).toBe(400);
    const step = totpStep();
    const used = totpCode(secret, step);
    expect((await c.post('/api/me/totp/confirm', { code: used })).statusCode).toBe(200);
    expect((await c.get('/api/me')).json().totpEnabled).toBe(true);
    const stored = await t.database.db.selectFrom('users').select('totpSecretEnc').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(stored.totpSecretEnc).not.toContain(secret);

    const first = await login(u.username);
    expect(first.statusCode).toBe(200);
    expect(first.json().pending).toBe('mfa');
    const half = clientOf(first);
    const blocked = await half.get('/api/jurisdiction');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('auth.mfa_required');
    // The code already used to confirm enrolment cannot be used again.
    const replay = await half.post('/api/auth/mfa', { code: used });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('auth.invalid_totp');
    const next = totpCode(secret, step + 1);
    const passed = await half.post('/api/auth/mfa', { code: next });
    expect(passed.statusCode).toBe(200);
    expect(passed.json().pending).toBeNull();
    expect((await half.get('/api/jurisdiction')).statusCode).toBe(200);

    // A second sign-in cannot reuse the code that just passed.
    const second = clientOf(await login(u.username));
    expect((await second.post('/api/auth/mfa', { code: next })).statusCode).toBe(400);
    expect((await second.get('/api/me')).json().pending).toBe('mfa');
  });

  it('counts wrong second-factor codes toward the lockout', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const c = await t.login(u.username);
    const { secret } = (await c.post('/api/me/totp')).json();
    await c.post('/api/me/totp/confirm', { code: totpCode(secret, totpStep()) });
    const half = clientOf(await login(u.username));
    const wrong = (totpCode(secret, totpStep()) === '123456' ? '654321' : '123456') as string;
    for (let i = 0; i < 5; i++) await half.post('/api/auth/mfa', { code: wrong });
    expect((await half.get('/api/me')).statusCode).toBe(401);
    expect((await login(u.username)).statusCode).toBe(401);
  });

  it('ends a session left idle longer than the idle limit, and keeps one in use', async () => {
    const u = await buildUser(t.database.db, jid, 'law_office');
    const c = await t.login(u.username);
    await ageSession(t.database.db, u.id, 10);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    await ageSession(t.database.db, u.id, 31);
    expect((await c.get('/api/me')).statusCode).toBe(401);
    const row = await t.database.db.selectFrom('sessions').select('revokedAt').where('userId', '=', u.id).executeTakeFirstOrThrow();
    expect(row.revokedAt).not.toBeNull();
  });

  it('makes a generated first administrator change the password at first sign-in', async () => {
    const database = await createTestDatabase(kind);
    try {
      const config = loadConfig({ LOG_LEVEL: 'silent', ZHILI_DATA_DIR: '/tmp/zhili-test-unused' });
      const created = await ensureAdmin(database.db, config);
      expect(created).toMatchObject({ username: 'admin', generated: true });
      expect(await ensureAdmin(database.db, config)).toBeNull();
      const t2 = await createTestApp(kind, { database });
      try {
        const c = await t2.login('admin', created!.password!);
        expect((await c.get('/api/me')).json().pending).toBe('password_change');
        expect((await c.get('/api/users')).statusCode).toBe(403);
        expect((await c.post('/api/me/password', { currentPassword: created!.password, newPassword: 'Beichen-Changed-2020' })).statusCode).toBe(200);
        expect((await c.get('/api/users')).statusCode).toBe(200);
      } finally {
        await t2.close();
      }
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('a session shared by two server processes on one PostgreSQL', () => {
  it('signs in on one instance, works on the other, and signing out on either ends it on both', async () => {
    const database = await createTestDatabase('postgres');
    const second = openPostgres(database.url as string, 3);
    const key = randomBytes(32);
    const a = await createTestApp('postgres', { database, secretKey: key });
    const b = await createTestApp('postgres', { database: second, secretKey: key });
    try {
      const jid = (await buildJurisdiction(database.db)).id;
      const u = await buildUser(database.db, jid, 'leader');
      const onA = await a.login(u.username);
      const onB = clientFor(b.app, onA.cookie, onA.csrf);
      expect((await onB.get('/api/me')).json().username).toBe(u.username);
      const admin = await b.login((await buildUser(database.db, jid, 'admin')).username);
      expect((await clientFor(a.app, admin.cookie, admin.csrf).get('/api/users')).statusCode).toBe(200);
      expect((await onB.post('/api/auth/logout')).statusCode).toBe(200);
      expect((await onA.get('/api/me')).statusCode).toBe(401);
      // Disabling on A ends the admin's session on B too: at once on A, on B as soon as A's notice reaches it (B
      // keeps the session it has just looked up).
      const other = await a.login((await buildUser(database.db, jid, 'admin')).username);
      const adminId = (await admin.get('/api/me')).json().id;
      await other.post(`/api/users/${adminId}/disable`, {});
      expect((await clientFor(a.app, admin.cookie, admin.csrf).get('/api/me')).statusCode).toBe(401);
      await expect.poll(async () => (await admin.get('/api/me')).statusCode, { timeout: 2000, interval: 20 }).toBe(401);
    } finally {
      await a.close();
      await b.close();
      await second.close();
      await database.close();
    }
  });
});
