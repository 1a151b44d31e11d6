import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';
import { CONSOLE_DIST } from '../../src/http/consoleStatic';

/** Debian's Chromium (playwright cannot download browsers here); CHROMIUM_PATH to use another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots for people to look at: test-output/console/*.png. */
export const SCREENSHOTS = resolve(__dirname, '../../test-output/console');

/**
 * Headless Chromium with the flags this closed network needs (no background calls to Google's
 * hosts); playwright gives each launch a throwaway profile. Fails with one line naming what to install when it is missing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`浏览器测试需要 Chromium：apt-get install -y chromium fonts-noto-cjk（或用 CHROMIUM_PATH 指向已安装的 Chromium）`);
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error('控制台还没有构建：npm run console:build（npm test 会自动构建）');
  // The console marks what tests look for with data-test.
  selectors.setTestIdAttribute('data-test');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Everything the page logged as an error, CSP refusals included: a test ends by expecting none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
