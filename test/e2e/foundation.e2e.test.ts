// The foundation in a real browser: the first administrator signs in with the generated password, must
// change it, creates a grid worker and two org units, draws a zone and a base grid from pasted GeoJSON,
// assigns the worker, sees the grids on the map, and signs out; then the worker (on a phone-sized screen)
// and an audit administrator (made at the server console: the administrator may not create one, 三员分立)
// each sign in, change their temporary password and use their pages; the auditor also turns on TOTP.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { totpCode, totpStep } from '../../src/server/platform/auth/totp.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

const ADMIN_NEW_PASSWORD = 'Beichen-Zone-2024!';
const ZONE = {
  type: 'Polygon',
  coordinates: [[[117.1, 39.2], [117.22, 39.2], [117.22, 39.27], [117.1, 39.27], [117.1, 39.2]]],
};
const BASE = {
  type: 'Polygon',
  coordinates: [[[117.11, 39.21], [117.16, 39.21], [117.16, 39.26], [117.11, 39.26], [117.11, 39.21]]],
};

describe.skipIf(!hasChromium())('foundation in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  const temporary: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(viewport = { width: 1366, height: 860 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-${Date.now()}`).catch(() => undefined);
    });
    return { context, page, errors: watch(page).errors };
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  async function changeFirstPassword(page: Page, current: string, next: string) {
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('current-password').fill(current);
    await page.getByTestId('new-password').fill(next);
    await page.getByTestId('repeat-password').fill(next);
    await page.getByTestId('change-password-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('greeting').waitFor();
  }

  async function signOut(page: Page) {
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
  }

  async function menu(page: Page, label: string) {
    const item = page.getByTestId('side-menu').getByRole('menuitem', { name: label });
    if (!(await item.isVisible())) await page.getByTestId('side-menu').getByText('系统管理').click();
    await item.click();
  }

  it('admin: first sign-in forces a password change, then users and grids are created and shown on the map', async () => {
    const { context, page, errors } = await newPage();

    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login\?next=/);
    await shot(page, '01-login');

    // A wrong password is refused without saying whether the account exists.
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');

    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/change-password/);
    // The rules are shown and ticked as one types.
    await page.getByTestId('new-password').fill('admin-short');
    await expect.poll(() => page.getByTestId('password-rules').textContent()).toContain('至少 10 个字符');
    await shot(page, '02-forced-password-change');
    // The half-signed-in session cannot use the API.
    const blocked = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(blocked).toBe(403);

    await changeFirstPassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    expect(await page.getByTestId('current-user').textContent()).toBe('系统管理员');
    expect(await page.getByTestId('current-role').textContent()).toBe('系统管理员');
    // The administrator's menu: administration and the map, but not the audit log (the audit admin's duty).
    const side = page.getByTestId('side-menu');
    expect(await side.getByText('系统管理').isVisible()).toBe(true);
    expect(await side.getByText('网格地图').isVisible()).toBe(true);
    expect(await side.getByText('审计日志').count()).toBe(0);
    // Modules not built yet never appear as placeholders.
    expect(await side.getByText('年度报告').count()).toBe(0);
    await shot(page, '03-home-admin');
    // The work year (当前工作年度) on the home page: every year picker opens on it. Set it and put it back.
    const workYearNow = async () => page.evaluate(async () => ((await (await fetch('/api/me')).json()) as { workYear: number }).workYear);
    const initialWorkYear = await workYearNow();
    await pickOption(page, page.getByTestId('work-year-select'), '2020年');
    await expect.poll(workYearNow).toBe(2020);
    await pickOption(page, page.getByTestId('work-year-select'), `${initialWorkYear}年`);
    await expect.poll(workYearNow).toBe(initialWorkYear);

    // Users: create a grid worker, who gets a one-time temporary password.
    await menu(page, '用户管理');
    await page.waitForURL(/\/admin\/users/);
    await page.getByTestId('users-table').getByText('admin', { exact: true }).waitFor();
    for (const u of [{ username: 'wangge01', name: '王网格', role: '网格员' }]) {
      await page.getByTestId('new-user').click();
      await page.getByTestId('user-username').fill(u.username);
      await page.getByTestId('user-display-name').fill(u.name);
      await page.getByTestId('user-role').click();
      // Separation of duties: the administrator cannot hand out the audit or security administrator role.
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await options.first().waitFor();
      expect(await options.filter({ hasText: '审计管理员' }).count()).toBe(0);
      await page.keyboard.press('Escape');
      await pickOption(page, page.getByTestId('user-role'), u.role);
      await shot(page, '04-user-drawer');
      await page.getByTestId('user-save').click();
      const pw = page.getByTestId('one-time-password');
      await pw.waitFor();
      temporary[u.username] = (await pw.innerText()).trim();
      expect(temporary[u.username].length).toBeGreaterThanOrEqual(10);
      await page.getByRole('dialog').getByRole('button', { name: /关\s*闭/ }).last().click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByTestId('users-table').getByText(u.username, { exact: true }).waitFor();
    }
    await shot(page, '05-users');

    // Org units: a department under the zone's committee.
    await menu(page, '组织机构');
    await page.waitForURL(/\/admin\/org-units/);
    for (const u of [
      { code: 'GWH', name: '党工委管委会', kind: '党工委管委会' },
      { code: 'ZFJ', name: '综合执法局', kind: '职能部门', parent: '党工委管委会' },
    ]) {
      await page.getByTestId('new-org-unit').click();
      await page.getByTestId('org-unit-name').fill(u.name);
      await page.getByTestId('org-unit-code').fill(u.code);
      await pickOption(page, page.getByTestId('org-unit-kind'), u.kind);
      if (u.parent) {
        await page.getByTestId('org-unit-parent').click();
        await page.locator('.ant-select-tree-title', { hasText: u.parent }).click();
      }
      await page.getByTestId('org-unit-save').click();
      await page.getByTestId('org-units-table').getByText(u.code, { exact: true }).waitFor();
    }
    await shot(page, '05b-org-units');

    // Grids: the zone first (no parent), then a base grid inside it, both from pasted GeoJSON.
    await menu(page, '网格管理');
    await page.waitForURL(/\/admin\/grids/);
    await page.getByTestId('grids-table').waitFor();
    await page.getByTestId('new-grid').click();
    await page.getByTestId('grid-code').fill('BC-ZONE');
    await page.getByTestId('grid-name').fill('北辰经开区');
    // A broken boundary is refused with the server's reasons.
    await page.getByTestId('grid-boundary').fill('{"type":"Polygon","coordinates":[[[117.1,39.2],[117.2,39.2],[117.1,39.2]]]}');
    await page.getByTestId('grid-save').click();
    await page.getByTestId('grid-form-error').waitFor();
    await page.getByTestId('grid-boundary').fill(JSON.stringify(ZONE));
    await page.getByTestId('shape-preview').waitFor();
    await shot(page, '06-grid-drawer');
    await page.getByTestId('grid-save').click();
    await page.getByTestId('grids-table').getByText('BC-ZONE').waitFor();

    await page.getByTestId('new-grid').click();
    await pickOption(page, page.getByTestId('grid-parent'), '北辰经开区');
    await page.getByTestId('grid-code').fill('BC-01');
    await page.getByTestId('grid-name').fill('第一基础网格');
    await page.getByTestId('grid-boundary').fill(JSON.stringify(BASE));
    await page.getByTestId('grid-save').click();
    await page.getByTestId('grids-table').getByText('BC-01').waitFor();

    // Assign the grid worker to the base grid.
    const row = page.getByTestId('grids-table').locator('tr', { hasText: 'BC-01' });
    await row.getByRole('button', { name: '网格员' }).click();
    await pickOption(page, page.getByTestId('worker-pick'), '王网格');
    await page.getByRole('dialog').getByRole('button', { name: /添加网格员/ }).click();
    await page.getByRole('dialog').getByText('wangge01').waitFor();
    await shot(page, '07-grid-workers');
    await page.getByRole('dialog').getByRole('button', { name: /关\s*闭/ }).last().click();
    await shot(page, '08-grids');

    // The map draws the outlines; choosing a grid shows its details and worker.
    await menu(page, '网格地图');
    await page.waitForURL(/\/grid-map/);
    await page.getByTestId('grid-map').locator('canvas').first().waitFor();
    await page.getByTestId('map-grid-BC-01').click();
    const info = page.getByTestId('grid-info');
    await info.getByText('第一基础网格').waitFor();
    await info.getByText('王网格').waitFor();
    await page.waitForTimeout(600);
    await shot(page, '09-grid-map');

    // English switch, then back.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Grid map' }).waitFor();
    await shot(page, '10-grid-map-en');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: '网格地图' }).waitFor();

    await signOut(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('grid worker on a phone: changes the temporary password, sees own grid on the home page and the map', async () => {
    const { context, page, errors } = await newPage({ width: 390, height: 844 });
    await signIn(page, 'wangge01', temporary.wangge01);
    await changeFirstPassword(page, temporary.wangge01, 'Wangge-Beichen-01');
    await page.getByText('我的网格').first().waitFor();
    await page.getByText('第一基础网格').waitFor();
    await shot(page, '11-home-grid-worker-phone');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '网格地图' }).waitFor();
    await page.waitForTimeout(400); // the drawer slides in
    await shot(page, '11b-phone-menu');
    await page.keyboard.press('Escape');
    // No administration for a grid worker, not even by typing the address.
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('无权访问').waitFor();
    await page.goto(`${server.url}/grid-map`);
    await page.getByTestId('grid-map').locator('canvas').first().waitFor();
    await page.waitForTimeout(600);
    await shot(page, '12-grid-map-phone');
    await page.goto(`${server.url}/`);
    await signOut(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('audit administrator: reads the log of what happened and verifies the hash chain', async () => {
    temporary.shenji01 = await server.consoleAddUser({ username: 'shenji01', displayName: '沈审计', role: 'audit_admin' });
    const { context, page, errors } = await newPage();
    await signIn(page, 'shenji01', temporary.shenji01);
    await changeFirstPassword(page, temporary.shenji01, 'Shenji-Beichen-01');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/audit/);
    const table = page.getByTestId('audit-table');
    await table.getByText('grids.create').first().waitFor();
    await table.getByText('auth.password_change').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toContain('哈希链完整');
    await shot(page, '13-audit');

    // Staff may turn on a second factor; the next sign-in then asks for the authenticator's code.
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '启用双因素认证' }).click();
    await page.getByTestId('totp-begin').click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(await page.getByTestId('totp-uri').innerText()).toContain('otpauth://totp/');
    await shot(page, '14-totp-enrol');
    const step = totpStep();
    await page.getByTestId('totp-code').fill(totpCode(secret, step - 1));
    await page.getByTestId('totp-confirm').click();
    await page.getByText('双因素认证已启用').first().waitFor();
    await signOut(page);

    await signIn(page, 'shenji01', 'Shenji-Beichen-01');
    await page.getByTestId('mfa-code').waitFor();
    await shot(page, '15-mfa-step');
    await page.getByTestId('mfa-code').fill(totpCode(secret, step));
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByText('已启用双因素认证').count()).toBe(1);
    await signOut(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
