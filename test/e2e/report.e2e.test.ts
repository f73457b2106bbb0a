// The assessment and the annual report in a real browser: the office opens the self-assessment dashboard and
// drills from a figure to the records behind it; edits a paragraph of the report (a new version with its diff)
// and passes it for review; a leader approves and publishes it; anyone can then read it on the portal.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { installDefaultIndicators } from '../../src/server/modules/assessment/index.ts';
import * as reportRepo from '../../src/server/modules/report/report.repository.ts';
import type { ReportBody } from '../../src/server/modules/report/index.ts';
import { buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { buildGrid } from '../support/grids.factories.ts';
import { buildDutyLawyer, buildLawFirm, buildLegalService } from '../support/records.factories.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

const BODY: ReportBody = {
  title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
  opening: ['{{year}}年，全面推进法治政府建设。'],
  work: {
    heading: '工作情况',
    sections: [
      { key: 'leadership', heading: '组织领导与主体责任', leadersDuty: true, paragraphs: ['党政主要负责人认真履行推进法治建设第一责任人职责。'] },
      { key: 'governance', heading: '基层治理与矛盾化解', paragraphs: ['划分为{{grids.base_count}}个基础网格，值班律师开展法律服务{{legal.services}}次，覆盖{{legal.sites}}个点位。'] },
    ],
  },
  shortcomings: { heading: '存在不足', intro: [], items: [{ text: '法治宣传的针对性还不够强。', finding: null }] },
  plans: { heading: '{{next_year}}年工作思路', intro: [], items: [{ text: '进一步开展法治宣传。' }] },
};

describe.skipIf(!hasChromium())('assessment and annual report in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let reportId: number;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    const j = (await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const office = await buildUser(db, j, 'law_office', { username: 'e2e_office', displayName: '法治办甲' });
    await buildUser(db, j, 'leader', { username: 'e2e_leader', displayName: '领导乙' });
    const lawyer = await buildUser(db, j, 'lawyer', { username: 'e2e_lawyer', displayName: '律师丙' });
    const firm = await buildLawFirm(db, j, { name: '行通律师事务所' });
    await buildDutyLawyer(db, j, lawyer.id, firm.id);
    for (const [day, place] of [['2020-03-02', '光明乳业'], ['2020-06-10', '阳光城'], ['2020-09-01', '光明乳业']]) {
      await buildLegalService(db, j, lawyer.id, { servedOn: day, place, topic: `${place}法律咨询` });
    }
    for (let i = 0; i < 2; i++) await buildGrid(db, j, { level: 'base' });
    await installDefaultIndicators(db, j);
    const report = await reportRepo.insertReport(db, { jurisdictionId: j, year: 2020, createdBy: office.id });
    await reportRepo.insertVersion(db, { jurisdictionId: j, reportId: report.id, number: 1, body: BODY, note: '初稿', changes: {}, authorId: office.id, authorName: '法治办甲' });
    reportId = report.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-report-${Date.now()}`).catch(() => undefined);
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

  it('office: opens the dashboard for 2020 and drills from a figure into the records behind it', async () => {
    const { page, errors } = await signedIn('e2e_office');
    await page.goto(`${server.url}/assessment`);
    await pickOption(page, page.getByTestId('period-year'), '2020年');
    const table = page.getByTestId('indicator-table');
    await expect.poll(() => table.getByTestId('value-XC-05').textContent()).toBe('3 次');
    await table.locator('tr', { has: page.getByTestId('value-XC-05') }).locator('.ant-table-row-expand-icon').click();
    await shot(page, 'assessment-dashboard');
    await page.getByTestId('figure-legal.services').click();
    await page.waitForURL(/\/assessment\/drill/);
    const drill = page.getByTestId('drill-table');
    await expect.poll(() => drill.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await drill.textContent()).toContain('阳光城');
    expect(errors).toEqual([]);
  });

  it('office: edits a paragraph as a new version, sees the diff, and passes the report for review', async () => {
    const { page, errors } = await signedIn('e2e_office');
    await page.goto(`${server.url}/report/${reportId}`);
    await expect.poll(() => page.getByTestId('report-text').textContent()).toContain('划分为2个基础网格，值班律师开展法律服务3次，覆盖2个点位。');
    await shot(page, 'report-text');
    await page.getByRole('tab', { name: '编辑' }).click();
    await page.getByTestId('edit-opening-0').fill('{{year}}年，开发区全面推进法治政府建设，营商环境持续优化。');
    await page.getByTestId('edit-note').fill('改写开头');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-text').textContent()).toContain('2020年，开发区全面推进法治政府建设，营商环境持续优化。');
    await page.getByRole('tab', { name: '版本与差异' }).click();
    await expect.poll(() => page.getByTestId('diff').textContent()).toContain('营商环境持续优化');
    await shot(page, 'report-diff');
    await page.getByTestId('action-review').click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('已审核');
    expect(errors).toEqual([]);
  });

  it('leader: approves and publishes; the portal shows the published text', async () => {
    const { page, errors } = await signedIn('e2e_leader');
    await page.goto(`${server.url}/report/${reportId}`);
    await page.getByTestId('action-approve').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('已批准');
    await page.getByTestId('action-publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('已公开');
    expect(errors).toEqual([]);

    const portal = await (await browser.newContext()).newPage();
    const list = await (await portal.request.get(`${server.url}/api/public/reports`)).json();
    expect(list.items.map((r: { id: number }) => r.id)).toEqual([reportId]);
    await portal.goto(`${server.url}/api/public/reports/${reportId}/export?format=html`);
    const text = await portal.locator('main').textContent();
    expect(text).toContain('2020年，开发区全面推进法治政府建设，营商环境持续优化。');
    expect(text).toContain('划分为2个基础网格');
    expect(await portal.locator('a').count()).toBe(0);
  });
});
