// Enterprise services in the browser: an enterprise's contact submits a demand on the portal, the service
// officer assigns it to a unit, the unit's handler answers, and the enterprise confirms with a rating.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildEnterprise } from '../support/enterprise.factories.ts';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

describe.skipIf(!hasChromium())('enterprise services in the browser', () => {
  let server: E2EServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    const jid = (await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const unit = await buildOrgUnit(db, jid, { name: '劳动保障监察大队' });
    const officer = await buildUser(db, jid, 'enterprise_officer', { username: 'e2e_qifu', displayName: '包联干部甲' });
    await buildUser(db, jid, 'handler', { username: 'e2e_laodong', displayName: '人社承办人', orgUnitId: unit.id });
    const ent = await buildEnterprise(db, jid, { name: '天津远航工贸有限公司', officerIds: [officer.id] });
    await buildUser(db, jid, 'enterprise', { username: 'e2e_qiye', displayName: '远航联系人', enterpriseId: ent.id });
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
      await shot(page, `FAILED-enterprise-${Date.now()}`).catch(() => undefined);
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

  it('goes from the enterprise’s portal to the officer, the unit and back to the enterprise', async () => {
    // The enterprise submits.
    const qiye = await signedIn('e2e_qiye');
    await qiye.page.goto(`${server.url}/enterprise`);
    await qiye.page.getByTestId('demand-new').click();
    await qiye.page.getByTestId('demand-title').fill('春节后工人返厂困难');
    await qiye.page.getByTestId('demand-description').fill('需要协调 30 名外地工人返厂');
    await qiye.page.getByTestId('demand-submit').click();
    await qiye.page.waitForURL(/\/enterprise\/portal\/demands\/\d+/);
    const id = Number(new URL(qiye.page.url()).pathname.split('/').pop());
    await expect.poll(() => qiye.page.getByText('已收集').first().isVisible()).toBe(true);
    expect(qiye.errors).toEqual([]);

    // The officer assigns it to the unit.
    const officer = await signedIn('e2e_qifu');
    await officer.page.goto(`${server.url}/enterprise?tab=demands`);
    await officer.page.getByRole('link', { name: '春节后工人返厂困难' }).click();
    await officer.page.getByTestId('action-assign').click();
    await pickOption(officer.page, officer.page.getByTestId('action-unit'), '劳动保障监察大队');
    await officer.page.getByTestId('action-ok').click();
    await expect.poll(() => officer.page.getByText('已交办').first().isVisible()).toBe(true);

    // The unit answers.
    const handler = await signedIn('e2e_laodong');
    await handler.page.goto(`${server.url}/enterprise/demands/${id}`);
    await handler.page.getByTestId('action-answer').click();
    // The button and the dialog's text area share the test id: wait for the text area itself, not `.last()`,
    // which can still be the button while the dialog opens.
    await handler.page.locator('textarea[data-testid="action-answer"]').fill('已协调专车接送，30 名工人本周内返厂');
    await handler.page.getByTestId('action-ok').click();
    await expect.poll(() => handler.page.getByTestId('demand-answer').isVisible()).toBe(true);

    // The enterprise reads the answer and confirms with a rating.
    await qiye.page.goto(`${server.url}/enterprise/portal/demands/${id}`);
    await qiye.page.getByTestId('demand-answer').waitFor({ state: 'visible' });
    expect(await qiye.page.getByTestId('demand-answer').textContent()).toContain('专车接送');
    await qiye.page.getByTestId('action-confirm').click();
    await qiye.page.locator('.ant-modal .ant-rate-star').nth(4).click();
    await qiye.page.getByTestId('action-ok').click();
    await expect.poll(() => qiye.page.getByText('企业已确认').first().isVisible()).toBe(true);
    await expect.poll(() => qiye.page.getByTestId('timeline-row').count()).toBe(4);
    await shot(qiye.page, 'enterprise-demand-confirmed');

    const row = await server.database.db.selectFrom('enterpriseDemands').select(['status', 'satisfaction']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'confirmed', satisfaction: 5 });
    expect([...qiye.errors, ...officer.errors, ...handler.errors]).toEqual([]);
  });
});
