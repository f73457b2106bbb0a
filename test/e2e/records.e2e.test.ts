// Records in the browser: the rule-of-law office logs a publicity event at an enterprise and sees the
// education figures change (events, materials, enterprises reached); a duty lawyer records a legal service
// and sees only their own records.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildDutyLawyer, buildLawFirm, buildLegalService } from '../support/records.factories.ts';
import { buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

describe.skipIf(!hasChromium())('records in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let jurisdictionId: number;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    jurisdictionId = (await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    await buildUser(db, jurisdictionId, 'law_office', { username: 'e2e_fazhiban', displayName: '法治办测试' });
    await db
      .insertInto('enterprises')
      .values({ jurisdictionId, creditCode: '91120113E2ETEST01X', name: '中荣印刷有限公司' } as never)
      .execute();
    const firm = await buildLawFirm(db, jurisdictionId, { name: '行通律师事务所' });
    const a = await buildUser(db, jurisdictionId, 'lawyer', { username: 'e2e_lvshi', displayName: '律师甲' });
    const b = await buildUser(db, jurisdictionId, 'lawyer', { username: 'e2e_lvshi2', displayName: '律师乙' });
    await buildDutyLawyer(db, jurisdictionId, a.id, firm.id);
    await buildDutyLawyer(db, jurisdictionId, b.id, firm.id);
    await buildLegalService(db, jurisdictionId, b.id, { servedOn: `${year}-01-15`, place: '阳光城', topic: '乙的咨询' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-records-${Date.now()}`).catch(() => undefined);
    });
    const { errors } = watch(page);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    return { page, errors };
  }

  const figure = (page: Page, id: string) => page.getByTestId(id).locator('.ant-statistic-content-value');

  it('office: logs a publicity event at an enterprise and the figures change', async () => {
    const { page, errors } = await signedIn('e2e_fazhiban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '学法普法' }).click();
    await page.waitForURL(/\/education/);
    await expect.poll(() => figure(page, 'fig-events').textContent()).toBe('0');
    expect(await figure(page, 'fig-enterprises').textContent()).toBe('0');

    await page.getByRole('tab', { name: '普法活动' }).click();
    await page.getByTestId('new-publicity').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('活动名称').fill('“安全生产月”进企业');
    await pickOption(page, dialog.getByTestId('publicity-theme'), '安全生产月');
    await dialog.getByLabel('日期').fill(`${year}-06-10`);
    await pickOption(page, dialog.getByTestId('publicity-enterprise'), '中荣印刷有限公司');
    await dialog.getByLabel('参与人数').fill('80');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByRole('cell', { name: '“安全生产月”进企业' }).waitFor();

    await page.getByRole('tab', { name: '统计' }).click();
    await expect.poll(() => figure(page, 'fig-events').textContent()).toBe('1');
    expect(await figure(page, 'fig-materials').textContent()).toBe('50');
    expect(await figure(page, 'fig-enterprises').textContent()).toBe('1');
    expect(errors).toEqual([]);
  });

  it('lawyer: records a service and sees only their own', async () => {
    const { page, errors } = await signedIn('e2e_lvshi');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '法律服务' }).click();
    await page.waitForURL(/\/legal-services/);
    await page.getByRole('tab', { name: '我的服务记录' }).click();
    await page.getByRole('button', { name: /登记服务/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('日期').fill(`${year}-03-02`);
    await dialog.getByLabel('服务地点（非企业时填写）').fill('光明乳业');
    await dialog.getByLabel('服务人数').fill('12');
    await dialog.getByLabel('主题').fill('复工复产用工');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByRole('cell', { name: '复工复产用工' }).waitFor();
    expect(await page.getByRole('cell', { name: '乙的咨询' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
