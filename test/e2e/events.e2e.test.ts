// The closed loop (网格事件闭环) in a real browser: a grid worker on a phone reports an event by tapping the map
// in their grid and attaching a photo; the dispatcher, told by the bell, accepts it and dispatches it to the
// category's department; the handler starts and handles it with a photo; the grid worker verifies it (photo)
// and closes it. Then a member of the public, without signing in, reaches the portal from the login page,
// submits a problem with a photo and follows it by its tracking code, and rates the closed event by its code
// (seeing public notes only). Last, the dispatcher's figures count 1 closed of 2 and the list exports to XLSX.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildCategory } from '../support/events.factories.ts';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { assignGridWorker, buildGrid, rectBoundary } from '../support/grids.factories.ts';
import { hasChromium, launch, pickOption, shot, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

describe.skipIf(!hasChromium())('grid events closed loop in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  const users = { worker: '', dispatcher: '', handler: '' };
  let eventId = 0;
  let photo: Buffer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    const j = await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow();
    const centre = await buildOrgUnit(db, j.id, { name: '社会治理指挥中心', kind: 'command_centre' });
    const urban = await buildOrgUnit(db, j.id, { name: '城市管理办公室' });
    // The zone's centre lies inside the base grid, so a tap in the middle of either map lands in it.
    const zone = await buildGrid(db, j.id, { level: 'zone', name: '北辰开发区', boundary: rectBoundary(117.1, 39.2, 117.2, 39.26) });
    const grid = await buildGrid(db, j.id, { level: 'base', parentId: zone.id, name: '第一网格', boundary: rectBoundary(117.12, 39.21, 117.18, 39.25) });
    await buildGrid(db, j.id, { level: 'base', parentId: zone.id, name: '第二网格', boundary: rectBoundary(117.18, 39.21, 117.2, 39.25) });
    const worker = await buildUser(db, j.id, 'grid_worker', { displayName: '吕春燕' });
    await assignGridWorker(db, j.id, grid.id, worker.id);
    users.worker = worker.username;
    users.dispatcher = (await buildUser(db, j.id, 'dispatcher', { orgUnitId: centre.id, displayName: '冯志刚' })).username;
    users.handler = (await buildUser(db, j.id, 'handler', { orgUnitId: urban.id, displayName: '陈立军' })).username;
    const top = await buildCategory(db, j.id, { name: '市容环境', code: 'SR', publicVisible: true, departmentId: urban.id });
    await buildCategory(db, j.id, {
      name: '占道经营',
      code: 'SR01',
      parentId: top.id,
      publicVisible: true,
      timeLimits: { handle: { amount: 2, unit: 'working_days' } },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    onTestFailed(async () => {
      await shot(page, `FAILED-events-${Date.now()}`).catch(() => undefined);
    });
    return { context, page, errors: watch(page).errors };
  }

  async function signedIn(username: string, viewport = DESKTOP) {
    const s = await open(viewport);
    await s.page.goto(`${server.url}/login`);
    await s.page.getByTestId('login-username').fill(username);
    await s.page.getByTestId('login-password').fill(TEST_PASSWORD);
    await s.page.getByTestId('login-submit').click();
    await s.page.getByTestId('greeting').waitFor();
    return s;
  }

  /** Clicks the middle of an element (a map: its centre is the framed grid's centre). */
  async function tapCentre(page: Page, testId: string) {
    const box = await page.getByTestId(testId).boundingBox();
    if (!box) throw new Error(`${testId} has no box`);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  const headerStatus = (page: Page) => page.getByTestId('event-header-status');

  /** Opens a move's form, fills it, submits, and waits for the new status in the header. */
  async function move(page: Page, action: string, status: string, fill?: () => Promise<void>) {
    await page.getByTestId(`action-${action}`).click();
    await page.getByTestId('move-form').waitFor();
    if (fill) await fill();
    await page.getByTestId('move-submit').click();
    await expect.poll(() => headerStatus(page).textContent()).toBe(status);
  }

  it('a grid worker on a phone reports an event by tapping the map in their grid, with a photo', async () => {
    const { page, errors } = await signedIn(users.worker, PHONE);
    await page.getByTestId('event-todo-card').waitFor();
    // Any real PNG will do as the scene: a picture of the worker's own home page.
    photo = await page.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } });

    await page.goto(`${server.url}/events`);
    await page.waitForURL(/\/events\/todo/);
    await page.getByTestId('event-report-open').click();
    await page.waitForURL(/\/events\/new/);
    await page.getByTestId('report-category').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '市容环境' }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '占道经营' }).click();
    await page.getByTestId('report-description').fill('京津路孵化器门口早市摊位占用人行道，约8个摊位，行人被迫走机动车道');
    await page.getByTestId('report-address').fill('京津路孵化器门口');
    await page.getByTestId('report-map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await tapCentre(page, 'report-map');
    await expect.poll(() => page.getByTestId('report-grid').textContent()).toContain('第一网格');
    await page.getByTestId('report-photos').locator('input[type=file]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: photo });
    await page.getByTestId('report-photos').getByText('1/9 张').waitFor();
    await shot(page, 'events-01-worker-report');
    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/events\/\d+$/);
    eventId = Number(/\/events\/(\d+)$/.exec(page.url())![1]);
    await expect.poll(() => headerStatus(page).textContent()).toBe('已上报');
    await page.getByTestId('photos-report').locator('img').first().waitFor();
    await expect.poll(() => page.getByTestId('event-department').textContent()).toBe('—');
    await shot(page, 'events-02-worker-reported');
    expect(errors).toEqual([]);
  });

  it('the dispatcher, told by the bell, accepts it and dispatches it to the category’s department', async () => {
    const { page, errors } = await signedIn(users.dispatcher);
    await expect.poll(() => page.getByTestId('notification-count').textContent()).toContain('1');
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-item').filter({ hasText: '新上报事件' }).click();
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await headerStatus(page).waitFor();
    // Someone else changed the event meanwhile: the move answers 409 and the page offers to reload.
    await server.database.db.updateTable('events').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', eventId).execute();
    await page.getByTestId('action-accept').click();
    await page.getByTestId('move-submit').click();
    await page.locator('.ant-modal-confirm-title').filter({ hasText: '事件已被他人更新' }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /刷\s*新/ }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await move(page, 'accept', '已受理');
    await move(page, 'dispatch', '已派遣', async () => {
      // The category's department is suggested.
      await expect.poll(() => page.getByTestId('move-department').textContent()).toContain('城市管理办公室');
      await page.getByTestId('move-public-note').fill('已派城市管理办公室处置');
    });
    await expect.poll(() => page.getByTestId('event-department').textContent()).toBe('城市管理办公室');
    await page.getByTestId('event-timeline').getByTestId('timeline-dispatch').waitFor();
    await shot(page, 'events-03-dispatcher-dispatched');
    expect(errors).toEqual([]);
  });

  it('the handler starts and handles it, with a photo of the result', async () => {
    const { page, errors } = await signedIn(users.handler);
    await page.goto(`${server.url}/events/todo`);
    await page.getByTestId('todo-list').getByText('京津路孵化器门口早市摊位').click();
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await move(page, 'start', '处置中');
    await move(page, 'handle', '已处置', async () => {
      await page.getByTestId('move-note').fill('已劝离摊贩，恢复人行道通行（内部记录：摊主王某某）');
      await page.getByTestId('move-public-note').fill('占道摊位已清理，人行道已恢复通行');
      await page.getByTestId('move-photos').locator('input[type=file]').setInputFiles({ name: '处置后.png', mimeType: 'image/png', buffer: photo });
      await page.getByTestId('move-photos').getByText('1/9 张').waitFor();
    });
    await page.getByTestId('photos-handle').locator('img').first().waitFor();
    await shot(page, 'events-04-handler-handled');
    expect(errors).toEqual([]);
  });

  it('the grid worker verifies it with a photo and closes it', async () => {
    const { page, errors } = await signedIn(users.worker, PHONE);
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-item').filter({ hasText: '待核查事件' }).click();
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await move(page, 'verify', '已核查', async () => {
      await page.getByTestId('move-photos').locator('input[type=file]').setInputFiles({ name: '核查.png', mimeType: 'image/png', buffer: photo });
      await page.getByTestId('move-photos').getByText('1/9 张').waitFor();
    });
    await move(page, 'close', '已结案');
    for (const phase of ['report', 'handle', 'verify']) await page.getByTestId(`photos-${phase}`).locator('img').first().waitFor();
    for (const a of ['report', 'accept', 'dispatch', 'start', 'handle', 'verify', 'close']) {
      await page.getByTestId('event-timeline').getByTestId(`timeline-${a}`).first().waitFor();
    }
    // Closed: the only move left is to reopen it (within 30 days) if it turns out not fixed.
    expect(await page.getByTestId('event-actions').getByRole('button').allTextContents()).toEqual(['重新办理']);
    await shot(page, 'events-05-worker-closed');
    expect(errors).toEqual([]);
  });

  it('a member of the public submits a problem without signing in and follows it by its tracking code', async () => {
    const { page, errors } = await open(PHONE);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-portal-link').click();
    await page.waitForURL(/\/portal$/);
    await pickOption(page, page.getByTestId('portal-category'), '占道经营');
    await page.getByTestId('portal-description').fill('北辰道公交站旁有人摆摊卖水果，占用盲道');
    await page.getByTestId('portal-map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await tapCentre(page, 'portal-map');
    await expect.poll(() => page.getByTestId('portal-location').textContent()).toMatch(/117\.\d+, 39\.\d+/);
    await page.getByLabel('称呼').fill('张先生');
    await page.getByLabel('手机号').fill('13812345678');
    await page.getByTestId('portal-photos').locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    await shot(page, 'events-06-portal-form');
    await page.getByTestId('portal-submit').click();
    const code = (await page.getByTestId('portal-tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{6,20}$/);
    await shot(page, 'events-07-portal-code');

    await page.getByTestId('portal-follow').click();
    await page.waitForURL(new RegExp(`/portal/track/${code}$`));
    await expect.poll(() => page.getByTestId('portal-status').textContent()).toBe('已上报');
    const text = (await page.getByTestId('portal-case').textContent()) ?? '';
    expect(text).toContain('北辰道公交站');
    expect(text).not.toContain('张先生');
    expect(text).not.toContain('13812345678');

    // The closed event, by its own code: public notes only, then a rating.
    const closed = await server.database.db.selectFrom('events').select('trackingCode').where('id', '=', eventId).executeTakeFirstOrThrow();
    await page.goto(`${server.url}/portal/track`);
    await page.getByTestId('portal-code-input').fill(closed.trackingCode.toLowerCase());
    await page.getByTestId('portal-code-find').click();
    await expect.poll(() => page.getByTestId('portal-status').textContent()).toBe('已结案');
    const closedText = (await page.getByTestId('portal-case').textContent()) ?? '';
    expect(closedText).toContain('占道摊位已清理，人行道已恢复通行');
    expect(closedText).not.toContain('内部记录');
    expect(closedText).not.toContain('吕春燕');
    await page.getByTestId('portal-rate').locator('.ant-rate-star').nth(4).click();
    await page.getByTestId('portal-rate-submit').click();
    await page.getByText('您的评价：').waitFor();
    expect(await page.getByTestId('portal-rate').count()).toBe(0);
    await shot(page, 'events-08-portal-rated');
    expect(errors).toEqual([]);
  });

  it('the dispatcher’s figures count one closed of two, and the filtered list exports to XLSX', async () => {
    const { page, errors } = await signedIn(users.dispatcher);
    await page.goto(`${server.url}/events/stats`);
    await expect.poll(() => page.getByTestId('stat-closed-loop').textContent()).toContain('1 / 2');
    await expect.poll(() => page.getByTestId('stat-closed-loop').textContent()).toContain('50.0%');
    await page.getByTestId('chart-month').locator('canvas').first().waitFor();
    await shot(page, 'events-09-stats');

    // Reporting at the same place in the same category shows the open public report as a possible duplicate.
    await page.goto(`${server.url}/events/new`);
    await page.getByTestId('report-category').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '市容环境' }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '占道经营' }).click();
    await page.getByTestId('report-map').locator('canvas').first().waitFor();
    await page.waitForTimeout(500);
    await tapCentre(page, 'report-map');
    await page.getByTestId('report-duplicates').getByText('北辰道公交站').waitFor();
    await shot(page, 'events-10-duplicates');

    await page.goto(`${server.url}/events/list`);
    const search = page.getByPlaceholder('搜索标题、描述、地址，如“讨薪”');
    await search.fill('盲道');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('event-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await page.getByTestId('event-table').getByText('群众上报').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-xlsx').click();
    expect((await download).suggestedFilename()).toBe('事件列表.xlsx');
    await page.goto(`${server.url}/events/map`);
    await page.getByTestId('event-map').locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'events-11-map');
    expect(errors).toEqual([]);
  });
});
