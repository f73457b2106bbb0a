import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildOrgUnit, buildUser, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { auditRows, buildEnterpriseRow } from '../../../../test/support/identity.factories.ts';

describe.each(DB_KINDS)('user administration on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let deptId: number;
  let admin: Client;
  let adminId: number;
  let secadmin: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    jid = (await buildJurisdiction(db)).id;
    deptId = (await buildOrgUnit(db, jid, { name: '城市管理办公室' })).id;
    const a = await buildUser(db, jid, 'admin');
    adminId = a.id;
    admin = await t.login(a.username);
    secadmin = await t.login((await buildUser(db, jid, 'security_admin')).username);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => admin.post('/api/users', body);

  it('creates a user with a generated password that must be changed at first sign-in; other routes refuse until then', async () => {
    const res = await create({ username: 'wangfang', displayName: '王芳', role: 'handler', orgUnitId: deptId, phone: '138 1234 5678' });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({ username: 'wangfang', role: 'handler', orgUnitId: deptId, phoneMasked: '138****5678', mustChangePassword: true, version: 1 });
    expect(temporaryPassword).toMatch(/.{10,}/);
    expect(res.body).not.toContain('13812345678');

    const c = await t.login('wangfang', temporaryPassword);
    expect((await c.get('/api/me')).json().pending).toBe('password_change');
    for (const url of ['/api/users', '/api/jurisdiction', '/api/org-units']) {
      const refused = await c.get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('auth.password_change_required');
    }
    const changed = await c.post('/api/me/password', { currentPassword: temporaryPassword, newPassword: 'Beichen-2020x' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().pending).toBeNull();
    expect((await c.get('/api/jurisdiction')).statusCode).toBe(200);

    const audit = await auditRows(t.database.db, { action: 'user.create', entityId: user.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: adminId, success: true });
    expect(JSON.stringify(audit[0].details)).not.toMatch(/1381234|5678/);
  });

  it('applies the password policy to a chosen password, and still demands a change at first sign-in', async () => {
    const weak = await create({ username: 'weakpw', displayName: '弱密码', role: 'leader', password: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.password.map((p: { code: string }) => p.code)).toContain('too_short');
    const ok = await create({ username: 'strongpw', displayName: '强密码', role: 'leader', password: 'Strong-Pass-2020' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ temporaryPassword: null, user: { mustChangePassword: true } });
  });

  it('refuses duplicate names, unknown fields, a handler without a department and a bad phone', async () => {
    expect((await create({ username: 'wangfang', displayName: '重名', role: 'leader' })).statusCode).toBe(409);
    expect((await create({ username: 'extra1', displayName: 'x', role: 'leader', isAdmin: true })).statusCode).toBe(400);
    expect((await create({ username: 'Upper', displayName: 'x', role: 'leader' })).statusCode).toBe(400);
    const noDept = await create({ username: 'nodept', displayName: '无部门', role: 'handler' });
    expect(noDept.statusCode).toBe(422);
    expect(noDept.json().error.code).toBe('user.org_unit_required');
    expect((await create({ username: 'badphone', displayName: 'x', role: 'leader', phone: '12345' })).statusCode).toBe(400);
    expect((await create({ username: 'ghostdept', displayName: 'x', role: 'leader', orgUnitId: 999999 })).statusCode).toBe(422);
    expect((await create({ username: 'entonly', displayName: 'x', role: 'leader', enterpriseId: 1 })).statusCode).toBe(422);
  });

  it('creates an enterprise user tied to an enterprise', async () => {
    const eid = await buildEnterpriseRow(t.database.db, jid);
    if (eid === null) return;
    const res = await create({ username: 'qiye01', displayName: '企业联系人', role: 'enterprise', enterpriseId: eid });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.enterpriseId).toBe(eid);
    expect((await create({ username: 'qiye02', displayName: 'x', role: 'enterprise' })).json().error.code).toBe('user.enterprise_required');
  });

  it('lists with search, filters, sorting and pages', async () => {
    const db = t.database.db;
    const other = (await buildOrgUnit(db, jid)).id;
    for (const [i, name] of ['赵一', '钱二', '孙三'].entries()) {
      await buildUser(db, jid, 'grid_worker', { username: `listtest${i}`, displayName: name, orgUnitId: other });
    }
    const byDept = (await admin.get(`/api/users?orgUnitId=${other}&sort=username&order=desc`)).json();
    expect(byDept.items.map((u: { username: string }) => u.username)).toEqual(['listtest2', 'listtest1', 'listtest0']);
    expect(byDept.total).toBe(3);
    const page2 = (await admin.get(`/api/users?orgUnitId=${other}&sort=username&pageSize=2&page=2`)).json();
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((u: { username: string }) => u.username)).toEqual(['listtest2']);
    const search = (await admin.get(`/api/users?q=${encodeURIComponent('钱')}`)).json();
    expect(search.items.map((u: { displayName: string }) => u.displayName)).toEqual(['钱二']);
    expect((await admin.get('/api/users?q=%25')).json().total).toBe(0); // % is a literal, not a wildcard
    const roles = (await admin.get('/api/users?role=grid_worker&pageSize=200')).json();
    expect(roles.items.every((u: { role: string }) => u.role === 'grid_worker')).toBe(true);
    expect((await admin.get('/api/users?role=nobody')).statusCode).toBe(400);
    expect((await admin.get('/api/users?pageSize=1000')).statusCode).toBe(400);
  });

  it('updates with the version, answers 409 when stale, and audits what changed without the phone itself', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const res = await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '新名字', phone: '022-26391234' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '新名字', phoneMasked: '022-****1234', version: 2 });
    const stale = await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '又改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('user.stale_version');
    const role = await admin.patch(`/api/users/${u.id}`, { version: 2, role: 'handler', orgUnitId: deptId });
    expect(role.json()).toMatchObject({ role: 'handler', orgUnitId: deptId, version: 3 });
    const rows = await auditRows(t.database.db, { action: 'user.update', entityId: u.id });
    expect(rows.map((r) => r.details.changed)).toEqual([['displayName', 'phone'], ['role', 'orgUnitId']]);
    expect(JSON.stringify(rows)).not.toContain('26391234');
    const stored = await t.database.db.selectFrom('users').select(['phoneEnc', 'phoneMasked']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(stored.phoneEnc).toMatch(/^v1:/);
    expect(stored.phoneEnc).not.toContain('26391234');
  });

  it('reveals a whole phone number only with a reason, writing the reason to the audit log', async () => {
    const u = (await create({ username: 'phoneuser', displayName: '有电话', role: 'dispatcher', phone: '13912345678' })).json().user;
    expect((await admin.get(`/api/users/${u.id}`)).body).not.toContain('13912345678');
    expect((await admin.post(`/api/users/${u.id}/reveal-phone`, {})).statusCode).toBe(400);
    const res = await admin.post(`/api/users/${u.id}/reveal-phone`, { reason: '核实联系方式' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ phone: '13912345678' });
    const rows = await auditRows(t.database.db, { action: 'user.phone_reveal', entityId: u.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toEqual({ reason: '核实联系方式' });
    const worker = await t.login((await buildUser(t.database.db, jid, 'grid_worker')).username);
    expect((await worker.post(`/api/users/${u.id}/reveal-phone`, { reason: '好奇' })).statusCode).toBe(403);
  });

  it('disabling a user ends their sessions at once and stops sign-in; enabling restores it', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const c1 = await t.login(u.username);
    const c2 = await t.login(u.username);
    const res = await admin.post(`/api/users/${u.id}/disable`, { reason: '离职' });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await c1.get('/api/me')).statusCode).toBe(401);
    expect((await c2.get('/api/me')).statusCode).toBe(401);
    await expect(t.login(u.username)).rejects.toThrow(/401/);
    expect((await auditRows(t.database.db, { action: 'user.disable', entityId: u.id }))[0].details).toMatchObject({ reason: '离职', sessionsRevoked: 2 });
    expect((await admin.get(`/api/users?disabled=true&q=${u.username}`)).json().total).toBe(1);
    expect((await admin.post(`/api/users/${u.id}/enable`)).json().disabled).toBe(false);
    // The body is optional: a bare POST works as well.
    expect((await admin.post(`/api/users/${u.id}/disable`)).json().disabled).toBe(true);
    expect((await admin.post(`/api/users/${u.id}/enable`)).json().disabled).toBe(false);
    expect((await (await t.login(u.username)).get('/api/me')).statusCode).toBe(200);
  });

  it('keeps the administrator from disabling or demoting themself, or the last administrator', async () => {
    const self = await admin.post(`/api/users/${adminId}/disable`, {});
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe('user.self');
    const me = (await admin.get(`/api/users/${adminId}`)).json();
    expect((await admin.patch(`/api/users/${adminId}`, { version: me.version, role: 'leader' })).json().error.code).toBe('user.self');
    // Another administrator may disable this one: the actor remains, so there is always an enabled admin.
    const other = await buildUser(t.database.db, jid, 'admin');
    const otherClient = await t.login(other.username);
    const disabled = await otherClient.post(`/api/users/${adminId}/disable`, {});
    expect(disabled.statusCode).toBe(200);
    expect((await admin.get('/api/me')).statusCode).toBe(401);
    expect((await otherClient.post(`/api/users/${adminId}/enable`)).statusCode).toBe(200);
    admin = await t.login((await t.database.db.selectFrom('users').select('username').where('id', '=', adminId).executeTakeFirstOrThrow()).username);
  });

  it('resets a password: temporary, must be changed, unlocks, ends sessions; not one’s own; admin may not reset the other duties', async () => {
    const u = await buildUser(t.database.db, jid, 'mediator');
    const before = await t.login(u.username);
    const res = await secadmin.post(`/api/users/${u.id}/reset-password`, {});
    expect(res.statusCode).toBe(200);
    const temp = res.json().temporaryPassword as string;
    expect((await before.get('/api/me')).statusCode).toBe(401);
    await expect(t.login(u.username)).rejects.toThrow(/401/);
    const after = await t.login(u.username, temp);
    expect((await after.get('/api/me')).json().pending).toBe('password_change');

    expect((await secadmin.post(`/api/users/${u.id}/reset-password`)).json().temporaryPassword).toMatch(/.{10,}/);
    const chosen = await admin.post(`/api/users/${u.id}/reset-password`, { password: 'Chosen-Pass-2021' });
    expect(chosen.json()).toEqual({ temporaryPassword: null });
    expect((await admin.post(`/api/users/${u.id}/reset-password`, { password: 'short' })).statusCode).toBe(400);

    expect((await admin.post(`/api/users/${adminId}/reset-password`, {})).json().error.code).toBe('user.self');
    const auditor = await buildUser(t.database.db, jid, 'audit_admin');
    const sod = await admin.post(`/api/users/${auditor.id}/reset-password`, {});
    expect(sod.statusCode).toBe(403);
    expect(sod.json().error.code).toBe('user.separation_of_duties');
    expect((await secadmin.post(`/api/users/${auditor.id}/reset-password`, {})).statusCode).toBe(200);
    expect((await auditRows(t.database.db, { action: 'user.password_reset', entityId: u.id })).map((r) => r.details.generated)).toEqual([true, true, false]);
  });

  it('keeps the security and audit duties out of the administrator’s hands', async () => {
    for (const role of ['security_admin', 'audit_admin']) {
      const res = await create({ username: `duty-${role.slice(0, 5)}`, displayName: 'x', role });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code).toBe('user.separation_of_duties');
    }
    const u = await buildUser(t.database.db, jid, 'leader');
    expect((await admin.patch(`/api/users/${u.id}`, { version: 1, role: 'audit_admin' })).json().error.code).toBe('user.separation_of_duties');
    const auditor = await buildUser(t.database.db, jid, 'audit_admin');
    expect((await admin.patch(`/api/users/${auditor.id}`, { version: 1, role: 'leader' })).json().error.code).toBe('user.separation_of_duties');
    // Other changes to such an account are ordinary administration.
    expect((await admin.patch(`/api/users/${auditor.id}`, { version: 1, displayName: '审计员' })).statusCode).toBe(200);
    expect((await admin.post('/api/users', { username: 'second-admin', displayName: '副管理员', role: 'admin' })).statusCode).toBe(201);
  });

  it('unlocks a locked account', async () => {
    const u = await buildUser(t.database.db, jid, 'law_office');
    for (let i = 0; i < 5; i++) await t.anonymous().post('/api/auth/login', { username: u.username, password: 'Wrong-Pass-123' });
    await expect(t.login(u.username)).rejects.toThrow(/401/);
    const listed = (await secadmin.get(`/api/users/${u.id}`)).json();
    expect(listed.locked).toBe(true);
    const res = await secadmin.post(`/api/users/${u.id}/unlock`);
    expect(res.statusCode).toBe(200);
    expect(res.json().locked).toBe(false);
    expect((await (await t.login(u.username, TEST_PASSWORD)).get('/api/me')).statusCode).toBe(200);
  });

  it('resets a second factor: the security administrator only', async () => {
    const u = await buildUser(t.database.db, jid, 'dispatcher');
    await t.database.db.updateTable('users').set({ totpEnabled: true, totpSecretEnc: 'v1:x:y:z' }).where('id', '=', u.id).execute();
    expect((await admin.post(`/api/users/${u.id}/reset-totp`)).statusCode).toBe(403);
    const res = await secadmin.post(`/api/users/${u.id}/reset-totp`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totpEnabled).toBe(false);
    const c = await t.login(u.username);
    expect((await c.get('/api/me')).json().pending).toBeNull();
  });

  it('lists and revokes a user’s sessions', async () => {
    const u = await buildUser(t.database.db, jid, 'leader');
    const c1 = await t.login(u.username);
    const c2 = await t.login(u.username);
    const list = (await secadmin.get(`/api/users/${u.id}/sessions`)).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ current: false, mfaPending: false });
    const one = await secadmin.delete(`/api/users/${u.id}/sessions/${list.items[0].id}`);
    expect(one.statusCode).toBe(200);
    expect([(await c1.get('/api/me')).statusCode, (await c2.get('/api/me')).statusCode].sort()).toEqual([200, 401]);
    expect((await secadmin.delete(`/api/users/${u.id}/sessions/${list.items[0].id}`)).statusCode).toBe(404);
    const all = await secadmin.delete(`/api/users/${u.id}/sessions`);
    expect(all.json()).toEqual({ revoked: 1 });
    expect((await c1.get('/api/me')).statusCode).toBe(401);
    expect((await c2.get('/api/me')).statusCode).toBe(401);
  });

  it('never shows another jurisdiction’s users', async () => {
    const j2 = (await buildJurisdiction(t.database.db)).id;
    const stranger = await buildUser(t.database.db, j2, 'leader', { displayName: '外区人员' });
    expect((await admin.get(`/api/users/${stranger.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/users/${stranger.id}`, { version: 1, displayName: 'x' })).statusCode).toBe(404);
    expect((await admin.post(`/api/users/${stranger.id}/disable`, {})).statusCode).toBe(404);
    expect((await admin.get('/api/users?pageSize=200')).body).not.toContain('外区人员');
  });
});
