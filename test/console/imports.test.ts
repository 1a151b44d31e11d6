import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { caseSteps } from '../support/caseSteps';
import { signedIn } from '../support/consoleLogin';
import { validIdNumber } from '../support/ids';
import { createTestApp, type TestApp } from '../support/testApp';
import { xlsxFile } from '../support/warningFiles';

jest.setTimeout(90_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The browser's reports of refusals the pages expect: who is signed in, asked before signing in (401). */
const unexpected = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e));

describe('部门筛查预警导入 in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const open = validIdNumber(703);
  let list: Buffer;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp('sqlite'), launchBrowser()]);
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await caseSteps(t).declare({}, { name: '钱七', idNumber: open });
    list = await xlsxFile(
      [
        ['户主姓名', '身份证号码', '所在村', '预警原因', '推送部门'],
        ['张三丰', validIdNumber(701), '兴科居委会', '医保自费支出1万元以上', '县医保局'],
        ['李四', validIdNumber(702), '索伦镇联发嘎查3组', '新增残疾人', '县残联'],
        ['王五', validIdNumber(704).slice(0, 17) + (validIdNumber(704).endsWith('0') ? '1' : '0'), '兴科居委会', '大病户', '县医保局'],
        ['钱七', open, '兴科居委会', '大病户', '县医保局'],
      ],
      '2026年11月部门预警名单',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('uploads a list, shows every row checked, imports it and links the new cases', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.getByRole('link', { name: '部门预警导入' }).click();
    await page.waitForURL(/\/console\/imports$/);
    await page.getByTestId('import-file').setInputFiles({ name: '医保局名单.xlsx', mimeType: XLSX, buffer: list });

    await page.getByTestId('import-counts').waitFor();
    await expect(page.getByTestId('count-ready').textContent()).resolves.toBe('可导入 2');
    await expect(page.getByTestId('count-invalid').textContent()).resolves.toBe('有问题 1');
    await expect(page.getByTestId('count-open').textContent()).resolves.toBe('已有在办 1');
    await expect(page.getByTestId('count-imported').textContent()).resolves.toBe('已导入过 0');
    const statuses = page.getByTestId('row-status');
    await expect(statuses.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).resolves.toEqual(['ready', 'ready', 'invalid', 'open']);
    const problem = statuses.nth(2).locator('.problem');
    await expect(problem.textContent()).resolves.toBe('身份证号有一位不对，请对照身份证一位一位再看一下');
    // Row errors are red.
    // (The test's TypeScript has no DOM types; the page has getComputedStyle.)
    const color = (e: unknown) => (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(e).color;
    await expect(problem.evaluate(color)).resolves.toBe('rgb(196, 86, 86)');
    // Nothing was written by looking.
    await expect(t.app.db.query('SELECT COUNT(*) AS n FROM cases')).resolves.toEqual([{ n: 1 }]);
    await screenshot(page, 'imports');

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-created').waitFor();
    await expect(page.getByTestId('count-created').textContent()).resolves.toBe('已建案 2');
    await expect(page.getByTestId('count-linked').textContent()).resolves.toBe('关联在办 1');
    const created = page.getByTestId('created-case');
    await expect(created.allTextContents()).resolves.toEqual([expect.stringMatching(/^\d{8} 张三丰$/), expect.stringMatching(/^\d{8} 李四$/)]);
    await screenshot(page, 'imports-done');

    await created.first().click();
    await page.waitForURL(/\/console\/cases\/\d+$/);
    await page.getByTestId('detail-state').waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain('部门筛查预警');
    expect(body).toContain('县医保局预警：医保自费支出1万元以上');
    expect(body).toContain('未提供（入户核查时登记）');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('the same list again creates nothing: every row it took is 已导入过', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.goto(`${base}/console/imports`);
    await page.getByTestId('import-file').setInputFiles({ name: '医保局名单.xlsx', mimeType: XLSX, buffer: list });
    await expect(page.getByTestId('count-imported').textContent()).resolves.toBe('已导入过 3');
    await expect(page.getByTestId('count-ready').textContent()).resolves.toBe('可导入 0');
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('is not offered to township staff', async () => {
    const { page, errors } = await signedIn(browser, base, 'townA');
    await page.getByTestId('who').waitFor();
    await expect(page.getByRole('link', { name: '部门预警导入' }).count()).resolves.toBe(0);
    await page.goto(`${base}/console/imports`);
    await expect(page.getByTestId('import-forbidden').textContent()).resolves.toContain('只有县级工作人员或管理员可以导入部门预警名单');
    await expect(page.getByTestId('import-file').count()).resolves.toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
