// The mediation centre in a real browser: the mediator registers a collective wage visit at the reception desk and
// routes it to mediation, accepts it, records both parties' consent, links the labour inspection department,
// records an agreement and a payment; the collective-visit warning is on the board and the figures change; the
// linked department sees the case.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { validIdCard } from '../support/mediation.factories.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

describe.skipIf(!hasChromium())('mediation centre in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  const users = { mediator: '', labour: '' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    const j = await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow();
    const centre = await buildOrgUnit(db, j.id, { name: '矛盾纠纷调处中心', kind: 'mediation_centre' });
    const labour = await buildOrgUnit(db, j.id, { name: '劳动保障监察大队' });
    users.mediator = (await buildUser(db, j.id, 'mediator', { orgUnitId: centre.id, displayName: '朱调解' })).username;
    users.labour = (await buildUser(db, j.id, 'handler', { orgUnitId: labour.id, displayName: '卫监察' })).username;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-mediation-${Date.now()}`).catch(() => undefined);
    });
    const { errors } = watch(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('greeting').waitFor();
    return { page, errors };
  }

  const ok = (page: Page) => page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).last();

  it('registers a collective wage visit, mediates it with labour inspection, and the warning and figures follow', async () => {
    const { page, errors } = await signedIn(users.mediator);
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '矛盾调处' }).click();
    await page.waitForURL(/\/mediation/);
    const desk = page.getByTestId('reception-desk');
    await desk.waitFor();

    // Reception desk: 8 workers, three representatives recorded, routed straight to mediation.
    await desk.getByLabel('来访人数').fill('8');
    await desk.getByLabel('来访事项').fill('8名农民工反映北辰科技园二期拖欠工资');
    await desk.getByLabel('工程项目').fill('北辰科技园二期');
    await desk.getByLabel('施工/劳务单位').fill('宏达建筑劳务有限公司');
    await desk.getByPlaceholder('姓名').first().fill('张建国');
    await desk.getByPlaceholder('身份证号').first().fill(validIdCard(11));
    await desk.getByPlaceholder('电话').first().fill('13800138000');
    await desk.getByRole('checkbox', { name: '代表' }).first().check();
    await desk.locator('label').filter({ hasText: '纠纷调解' }).click();
    await desk.getByLabel('被申请人').fill('宏达建筑劳务有限公司');
    await desk.getByLabel('申请金额（元）').fill('52000');
    await desk.getByLabel('涉及人数').fill('8');
    await shot(page, 'mediation-01-desk');
    await page.getByTestId('register-intake').click();
    await page.getByText(/已登记 LF\d{4}-\d{4}/).waitFor();
    await page.getByRole('button', { name: '打开案件' }).click();
    await page.waitForURL(/\/mediation\/disputes\/\d+/);

    // Accept, both parties consent, start mediation.
    await page.getByTestId('dispute-accept').click();
    await ok(page).click();
    await page.getByTestId('dispute-start').waitFor();
    for (let i = 0; i < 2; i++) {
      await page.getByRole('checkbox', { name: '未同意' }).first().click();
      await expect.poll(() => page.getByRole('checkbox', { name: '未同意' }).count()).toBe(1 - i);
    }
    await page.getByText('双方已同意调解').waitFor();
    await page.getByTestId('dispute-start').click();
    await ok(page).click();
    await page.getByText('调解中').first().waitFor();

    // Link labour inspection (联动调处).
    await page.getByTestId('link-department').click();
    await pickOption(page, page.getByRole('dialog').getByLabel('职能部门'), '劳动保障监察大队');
    await ok(page).click();
    await page.getByText('协同').waitFor();

    // Agreement and a payment.
    await page.getByTestId('dispute-agree').click();
    await page.getByRole('dialog').getByLabel('协议内容').fill('总包单位于三日内代付全部工资');
    await page.getByRole('dialog').getByLabel('协议金额（元）').fill('50000');
    await ok(page).click();
    await page.getByTestId('add-payment').click();
    await page.getByRole('dialog').getByLabel('金额（元）').fill('50000');
    await ok(page).click();
    await page.getByText(/已付 50,000\.00 元/).waitFor();
    await page.getByTestId('case-timeline').getByText('履行支付', { exact: true }).waitFor();
    await shot(page, 'mediation-02-case');

    // The collective visit is on the warnings board; the figures count the visit, the case and the wages.
    await page.goto(`${server.url}/mediation?tab=warnings`);
    await page.getByTestId('warnings-board').getByText(/集体访：8人/).waitFor();
    await shot(page, 'mediation-03-warnings');
    await page.goto(`${server.url}/mediation?tab=figures`);
    const dash = page.getByTestId('mediation-dashboard');
    await dash.getByText('接待来访').waitFor();
    await expect.poll(() => dash.locator('.ant-statistic').filter({ hasText: '接待来访' }).textContent()).toContain('8');
    await expect.poll(() => dash.locator('.ant-statistic').filter({ hasText: '化解纠纷' }).textContent()).toContain('1');
    await expect.poll(() => dash.locator('.ant-statistic').filter({ hasText: '追回农民工工资' }).textContent()).toContain('5.00');
    await shot(page, 'mediation-04-figures');
    expect(errors).toEqual([]);
  });

  it('shows the linked department the case, and nothing of the reception desk', async () => {
    const { page, errors } = await signedIn(users.labour);
    await page.goto(`${server.url}/mediation`);
    await page.getByText('北辰科技园二期拖欠工资', { exact: false }).first().waitFor();
    expect(await page.getByTestId('reception-desk').count()).toBe(0);
    expect(await page.getByRole('tab', { name: '预警看板' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
