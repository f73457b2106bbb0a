// Where modules meet, in a real browser: a grid worker turns a patrol finding into a grid event in one click;
// the enterprise's 360° view lists its grid events; anyone reaches the published annual report from the sign-in
// page without an account, reads it and downloads it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { renderFor } from '../../src/server/modules/report/index.ts';
import { freeze } from '../../src/server/modules/report/report.publish.ts';
import * as reportRepo from '../../src/server/modules/report/report.repository.ts';
import type { ReportBody } from '../../src/server/modules/report/index.ts';
import { buildEnterprise } from '../support/enterprise.factories.ts';
import { buildCategory, buildEvent } from '../support/events.factories.ts';
import { buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { assignGridWorker, buildGrid } from '../support/grids.factories.ts';
import { hasChromium, launch, shot, toasts, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

const BODY: ReportBody = {
  title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
  opening: ['{{year}}年，全面推进法治政府建设，划分为{{grids.base_count}}个基础网格。'],
  work: { heading: '工作情况', sections: [{ key: 'governance', heading: '基层治理', paragraphs: ['网格化管理不断深化。'] }] },
  shortcomings: { heading: '存在不足', intro: [], items: [{ text: '法治宣传的针对性还不够强。', finding: null }] },
  plans: { heading: '{{next_year}}年工作思路', intro: [], items: [{ text: '进一步开展法治宣传。' }] },
};

describe.skipIf(!hasChromium())('modules meeting in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let j: number;
  let findingId: number;
  let enterpriseId: number;
  let reportId: number;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    j = (await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const grid = await buildGrid(db, j, { level: 'base', name: '辰昌路网格' });
    const worker = await buildUser(db, j, 'grid_worker', { username: 'e2e_wangge', displayName: '网格员甲' });
    await assignGridWorker(db, j, grid.id, worker.id);
    const category = await buildCategory(db, j, { name: '消防通道堵塞', code: 'fire_lane' });
    const patrol = await db
      .insertInto('patrols')
      .values({
        jurisdictionId: j, patrollerType: 'grid_worker', patrollers: JSON.stringify(['网格员甲']) as never, peopleCount: 1, gridId: grid.id, route: '',
        startedAt: new Date(Date.now() - 3 * 3600_000), endedAt: new Date(Date.now() - 2 * 3600_000), notes: '', createdBy: worker.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    findingId = (
      await db
        .insertInto('patrolFindings')
        .values({ jurisdictionId: j, patrolId: patrol.id, description: '小区消防通道被车辆堵塞', location: '辰昌路12号', lng: null, lat: null, eventId: null, createdBy: worker.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

    const officer = await buildUser(db, j, 'enterprise_officer', { username: 'e2e_baolian', displayName: '包联干部' });
    enterpriseId = (await buildEnterprise(db, j, { name: '远航工贸有限公司', officerIds: [officer.id] })).id;
    await buildEvent(db, j, { categoryId: category.id, source: 'enterprise', enterpriseId, title: '厂区门口路灯损坏', status: 'dispatched' });

    const office = await buildUser(db, j, 'law_office', { username: 'e2e_fazhi', displayName: '法治办' });
    const report = await reportRepo.insertReport(db, { jurisdictionId: j, year: 2020, createdBy: office.id });
    await reportRepo.insertVersion(db, { jurisdictionId: j, reportId: report.id, number: 1, body: BODY, note: '初稿', changes: {}, authorId: office.id, authorName: '法治办' });
    const published = freeze(await renderFor(db, j, 2020, BODY), 1, new Date('2021-03-01T02:00:00Z'));
    await db
      .updateTable('annualReports')
      .set({ status: 'published', publishedAt: new Date(published.publishedAt), publishedVersion: 1, published: JSON.stringify(published) as never })
      .where('id', '=', report.id)
      .execute();
    reportId = report.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(name: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-integration-${name}-${Date.now()}`).catch(() => undefined);
    });
    return { page, ...watch(page) };
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
  }

  it('grid worker: a patrol finding becomes a grid event in one click', async () => {
    const { page, errors } = await open('finding');
    await signIn(page, 'e2e_wangge');
    await page.goto(`${server.url}/safety`);
    await page.getByText('详情').first().click();
    await page.getByTestId(`finding-to-event-${findingId}`).click();
    const dialog = page.getByRole('dialog', { name: '巡逻发现转为网格事件' });
    await expect.poll(() => dialog.getByLabel('事件描述').inputValue()).toBe('小区消防通道被车辆堵塞');
    await dialog.getByTestId('to-event-category').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '消防通道堵塞' }).first().click();
    await dialog.getByRole('button', { name: '提交事件' }).click();
    await toasts(page).filter({ hasText: '已转为网格事件' }).first().waitFor();
    const event = await server.database.db.selectFrom('events').select(['id', 'code', 'source']).where('source', '=', 'patrol').executeTakeFirstOrThrow();
    await page.getByRole('link', { name: event.code }).waitFor();
    expect(await page.getByTestId(`finding-to-event-${findingId}`).count()).toBe(0);
    await page.getByRole('link', { name: event.code }).click();
    await page.waitForURL(new RegExp(`/events/${event.id}$`));
    await page.getByText('平安巡逻发现').first().waitFor();
    await shot(page, 'integration-finding-event');
    expect(errors).toEqual([]);
  });

  it('enterprise officer: the 360° view lists the enterprise’s grid events', async () => {
    const { page, errors } = await open('enterprise');
    await signIn(page, 'e2e_baolian');
    await page.goto(`${server.url}/enterprise/enterprises/${enterpriseId}`);
    await page.getByRole('tab', { name: '网格事件' }).click();
    await page.getByTestId('enterprise-events').getByText('厂区门口路灯损坏').waitFor();
    await page.getByTestId('enterprise-events').getByText('已派遣').waitFor();
    expect(errors).toEqual([]);
  });

  it('anyone: from the sign-in page to the published report, its printable text and downloads, without an account', async () => {
    const { page, errors } = await open('reports');
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-reports-link').click();
    await page.waitForURL(/\/portal\/reports$/);
    const list = page.getByTestId('public-report-list');
    await list.getByRole('link', { name: /2020年法治政府建设情况报告/ }).first().click();
    await page.waitForURL(new RegExp(`/portal/reports/${reportId}$`));
    const text = page.getByTestId('public-report-text');
    await text.getByText('划分为1个基础网格').waitFor();
    await text.getByText('法治宣传的针对性还不够强。').waitFor();
    expect(await page.getByTestId('public-report-docx').getAttribute('href')).toBe(`/api/public/reports/${reportId}/export?format=docx`);
    const docx = await page.request.get(`${server.url}/api/public/reports/${reportId}/export?format=docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('officedocument.wordprocessingml');
    const md = await page.request.get(`${server.url}${await page.getByTestId('public-report-md').getAttribute('href')}`);
    expect(await md.text()).toContain('法治宣传的针对性还不够强。');
    const [printable] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('public-report-print').click()]);
    await printable.waitForLoadState();
    expect(await printable.content()).toContain('法治宣传的针对性还不够强。');
    await shot(page, 'integration-public-report');
    expect(errors).toEqual([]);
  });
});
