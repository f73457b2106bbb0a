// Debian's Chromium driven by playwright-core (never a downloaded browser), plus helpers for antd widgets.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ZHILI_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = () => fs.existsSync(CHROMIUM);

export const SCREENSHOT_DIR = process.env.ZHILI_SCREENSHOT_DIR ?? '/tmp/zhili-e2e';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Collects uncaught page errors and failed same-origin requests so a test can assert there were none. */
export function watch(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message} ${(e.stack ?? '').split('\n').slice(1, 4).join(' | ')}`));
  page.on('response', (r) => {
    // 401 from /api/me before sign-in and 4xx answers a test provokes on purpose are expected; assets are not.
    if (r.status() >= 400 && !r.url().includes('/api/')) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { errors };
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens an antd Select (by the element carrying the test id) and picks the option with the given label. */
export async function pickOption(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** The visible antd message/notification text (success toasts, errors). */
export function toasts(page: Page): Locator {
  return page.locator('.ant-message-notice, .ant-notification-notice');
}
