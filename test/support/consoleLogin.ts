import type { Browser, Page } from 'playwright-core';
import { pageErrors } from './browser';
import { PASSWORD } from './testApp';

/** A fresh desk-sized page signed in to the console as a test user, with its error log. */
export async function signedIn(browser: Browser, base: string, username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const errors = pageErrors(page);
  await page.goto(`${base}/console/`);
  await page.getByTestId('username').locator('input').fill(username);
  await page.getByTestId('password').locator('input').fill(PASSWORD);
  await page.getByTestId('sign-in').click();
  // Wherever the console lands a signed-in user: anywhere but the sign-in page.
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return { page, errors };
}
