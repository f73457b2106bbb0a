// Stored script payloads are inert when the pages render them (issue: proof of quality). Events, an enterprise
// and its demand are stored with titles, descriptions, addresses and names full of XSS payloads; a dispatcher and
// an enterprise officer open the lists and detail pages in Chromium. No dialog may open, no payload may run
// (each would set window.__xss), and no element may carry an injected event handler.
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemandRow, buildEnterprise } from '../support/enterprise.factories.ts';
import { buildCategory, buildEvent } from '../support/events.factories.ts';
import { buildOrgUnit, buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { buildGrid, rectBoundary } from '../support/grids.factories.ts';
import { hasChromium, launch, watch } from './support/browser.ts';
import { startServer, type E2EServer } from './support/server.ts';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<script>window.__xss=2;alert(2)</script>',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4",
  '<a href="javascript:window.__xss=5">点我</a>',
  '{{constructor.constructor("window.__xss=6")()}}',
  '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>',
];
const text = (i: number) => `${PAYLOADS[i % PAYLOADS.length]} 占道经营${i}`;

describe.skipIf(!hasChromium())('stored script payloads in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  const ids: { events: number[]; enterprise: number; demand: number } = { events: [], enterprise: 0, demand: 0 };
  const users = { dispatcher: '', officer: '' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const db = server.database.db;
    const j = await db.selectFrom('jurisdictions').select('id').orderBy('id').executeTakeFirstOrThrow();
    const centre = await buildOrgUnit(db, j.id, { name: '指挥中心', kind: 'command_centre' });
    const dept = await buildOrgUnit(db, j.id, { name: PAYLOADS[0] });
    const zone = await buildGrid(db, j.id, { level: 'zone', name: '园区', boundary: rectBoundary(117.1, 39.2, 117.2, 39.26) });
    const grid = await buildGrid(db, j.id, { level: 'base', parentId: zone.id, name: PAYLOADS[2], boundary: rectBoundary(117.12, 39.21, 117.18, 39.25) });
    const top = await buildCategory(db, j.id, { name: PAYLOADS[1], code: 'X1' });
    const cat = await buildCategory(db, j.id, { name: PAYLOADS[0], code: 'X101', parentId: top.id, departmentId: dept.id });
    users.dispatcher = (await buildUser(db, j.id, 'dispatcher', { orgUnitId: centre.id, displayName: PAYLOADS[2] })).username;
    const officer = await buildUser(db, j.id, 'enterprise_officer', { displayName: PAYLOADS[3] });
    users.officer = officer.username;
    for (let i = 0; i < PAYLOADS.length; i++) {
      const e = await buildEvent(db, j.id, { categoryId: cat.id, gridId: grid.id, status: i % 2 ? 'dispatched' : 'reported', departmentId: i % 2 ? dept.id : null, title: text(i), description: text(i + 1), address: text(i + 2), lng: 117.15, lat: 39.23 });
      await sql`insert into event_timeline (jurisdiction_id, event_id, actor_name, action, to_status, note, public_note)
        values (${j.id}, ${e.id}, ${PAYLOADS[4]}, 'comment', null, ${text(i + 3)}, ${text(i + 4)})`.execute(db);
      ids.events.push(e.id);
    }
    const ent = await buildEnterprise(db, j.id, { name: `${PAYLOADS[0]}有限公司`, officerIds: [officer.id], industry: PAYLOADS[5] });
    ids.enterprise = ent.id;
    const d = await buildDemandRow(db, j.id, ent.id, { collectedAt: new Date(), collectedOn: new Date().toISOString().slice(0, 10), status: 'assigned', assignedUnitId: dept.id });
    await sql`update enterprise_demands set title = ${text(3)}, description = ${text(6)} where id = ${d.id}`.execute(db);
    ids.demand = d.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('greeting').waitFor();
    return { page, dialogs, errors: watch(page).errors };
  }

  async function inert(page: Page, dialogs: string[], path: string, mustShow: string) {
    await page.goto(`${server.url}${path}`);
    await page.getByText(mustShow, { exact: false }).first().waitFor();
    await page.waitForTimeout(500);
    expect(dialogs, path).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null), path).toBeNull();
    // The payload is shown as text, never turned into elements or handlers.
    const injected = await page.evaluate(() => document.querySelectorAll('[onerror], [onload], iframe[srcdoc], a[href^="javascript:"]').length);
    expect(injected, path).toBe(0);
  }

  it('shows event payloads as text in the list and on the detail pages', async () => {
    const { page, dialogs } = await signedIn(users.dispatcher);
    await inert(page, dialogs, '/events/list', '占道经营');
    for (const id of ids.events.slice(0, 3)) await inert(page, dialogs, `/events/${id}`, '占道经营');
  });

  it('shows enterprise and demand payloads as text', async () => {
    const { page, dialogs } = await signedIn(users.officer);
    await inert(page, dialogs, `/enterprise/enterprises/${ids.enterprise}`, '有限公司');
    await inert(page, dialogs, `/enterprise/demands/${ids.demand}`, '占道经营');
  });
});
