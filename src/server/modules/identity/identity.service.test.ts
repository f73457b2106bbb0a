import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildUser, TEST_PASSWORD } from '../../../../test/support/factories.ts';

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
