import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { count, eventually, text } from '../support/pageChecks';
import { launchBrowser, pageErrors, screenshot } from '../support/browser';
import { signedIn as signIn } from '../support/consoleLogin';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, PASSWORD, PLACES, type TestApp } from '../support/testApp';

jest.setTimeout(60_000);

const at = (iso: string) => new Date(`${iso}+08:00`);
/** The browser’s own reports of refused calls the page expects (a form the server refused, signed out, not found, stale). */
const expected = (message: string) => /Failed to load resource: the server responded with a status of (400|401|404|409)/.test(message);


describe('the county console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let steps: ReturnType<typeof caseSteps>;
  const inTownA: number[] = [];
  let inTownB: number;
  let forTownship: number;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp('sqlite'), launchBrowser()]);
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    steps = caseSteps(t);
    for (let i = 0; i < 23; i++) inTownA.push((await steps.declare({}, { name: `申请人${i}`, villageCode: i % 2 ? PLACES.villageA1 : PLACES.villageA2 })).id);
    inTownB = (await steps.declare({}, { name: '联发户', villageCode: PLACES.villageB1 })).id;
    // One urgent case (no water) walked to the township's review over the API, as cadre and household would.
    t.clock.now = at('2026-11-23T10:00:00');
    forTownship = (await steps.declare({ hardships: ['water'], details: { waterProblem: 1 } }, { name: '审核户', villageCode: PLACES.villageA1 })).id;
    await steps.act('cadreA1', forTownship, { action: 'accept' });
    t.clock.now = at('2026-11-24T16:00:00');
    await steps.act('cadreA1', forTownship, visitForm());
    await steps.act('cadreA1', forTownship, { action: 'record_signature', signedOn: '2026-11-24' });
    t.clock.now = at('2026-11-25T15:00:00');
    await steps.act('cadreA1', forTownship, reviewForm());
    await steps.act('cadreA1', forTownship, { action: 'start_publicity', startsOn: '2026-11-26', place: '村委会公示栏' });
    t.clock.now = at('2026-12-03T09:00:00');
    await steps.act('cadreA1', forTownship, { action: 'finish_publicity' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (username: string) => signIn(browser, base, username);
  const unexpected = (errors: string[]) => errors.filter((e) => !expected(e));
  const rows = (page: Page) => page.getByTestId('case-table').locator('tbody tr');

  it('signs in, keeps the session over a reload, and signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/`);
    await page.waitForURL(/\/console\/login/);
    await page.getByTestId('username').locator('input').fill('county');
    await page.getByTestId('password').locator('input').fill('wrong-password');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码不正确');

    await page.getByTestId('password').locator('input').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/console\/overview/);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('county（县级 · 科尔沁右翼前旗）');
    // The page's scripts cannot see the sign-in.
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    await page.reload();
    await expect(page.getByTestId('who').textContent()).resolves.toContain('county');
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/console\/login/);
    await page.goto(`${base}/console/cases`);
    await page.waitForURL(/\/console\/login\?next=/);
    // Signing in again lands where the user was going.
    await page.getByTestId('username').locator('input').fill('county');
    await page.getByTestId('password').locator('input').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/console\/cases$/);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('opens on an overview whose numbers lead to the cases they count', async () => {
    const { page, errors } = await signedIn('county');
    const overview = (await (await page.request.get(`${base}/api/overview`)).json()) as { open: { total: number; overdue: number } };
    await text(page.getByTestId('stat-open'), String(overview.open.total));
    await text(page.getByTestId('stat-overdue'), String(overview.open.overdue));
    expect(overview.open.overdue).toBeGreaterThan(0);
    await count(page.getByTestId('chart-area').locator('canvas'), 1);
    await count(page.getByTestId('chart-week').locator('canvas'), 1);
    await text(page.getByTestId('attention'), '已超期');
    await screenshot(page, 'overview-county');
    await page.getByTestId('stat-overdue').click();
    await page.waitForURL(/\/console\/cases\?due=overdue/);
    await count(rows(page), Math.min(20, overview.open.overdue));
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('lists the county’s cases newest first, pages by cursor, and keeps filters in the URL', async () => {
    const { page, errors } = await signedIn('county');
    await page.getByRole('link', { name: '案件', exact: true }).click();
    await count(rows(page), 20);
    await expect(rows(page).first().textContent()).resolves.toContain('审核户');
    await screenshot(page, 'cases-county');
    await page.getByTestId('page-next').click();
    await page.waitForURL(/cursor=/);
    await count(rows(page), 5);
    await page.getByTestId('page-prev').click();
    await count(rows(page), 20);

    // A filter is a URL: open it in a fresh page and it still holds.
    await page.goto(`${base}/console/cases?town=${PLACES.townB}`);
    await count(rows(page), 1);
    await expect(rows(page).first().textContent()).resolves.toContain('联发户');
    await expect(page.getByTestId('filter-town').textContent()).resolves.toContain('索伦镇');
    await page.getByTestId('filter-reset').click();
    await count(rows(page), 20);
    // Search by part of a name: typed, then Enter; it lands in the URL too.
    await page.getByTestId('filter-q').locator('input').fill('申请人1');
    await page.getByTestId('filter-q').locator('input').press('Enter');
    await page.waitForURL(/q=/);
    await count(rows(page), 11);
    await page.getByTestId('filter-reset').click();
    await count(rows(page), 20);
    // Oldest first: the township's case was declared after the others.
    await page.getByTestId('sort').click();
    await page.getByRole('option', { name: '早登记的在前' }).click();
    await page.waitForURL(/sort=oldest/);
    await text(rows(page).first(), '申请人0');
    await page.getByTestId('filter-state').click();
    await page.getByRole('option', { name: '乡镇审核' }).click();
    await page.waitForURL(/state=township_review/);
    await count(rows(page), 1);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('downloads the filtered list as a spreadsheet with masked ID numbers', async () => {
    const { page, errors } = await signedIn('county');
    await page.goto(`${base}/console/cases?town=${PLACES.townA}`);
    await count(rows(page), 20);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toMatch(/^案件清单-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('案件')!;
    // Town A's 24 cases and the header; not town B's.
    expect(sheet.rowCount).toBe(25);
    const cells: string[] = [];
    sheet.eachRow((row) => cells.push(...(row.values as unknown[]).map((v) => String(v ?? ''))));
    expect(cells).not.toContain('联发户');
    expect(cells.filter((c) => /\d{17}[\dX]/.test(c))).toEqual([]);
    expect(cells.some((c) => /^\d{4}\*+\w{4}$/.test(c))).toBe(true);
    // The row count, asked for beside the download, is what the file holds.
    await text(page.locator('.el-message--success'), '已导出 24 行');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('saves a filter by name and brings it back with one choice', async () => {
    const { page, errors } = await signedIn('townA');
    await page.goto(`${base}/console/cases?due=overdue&village=${PLACES.villageA2}`);
    await page.getByTestId('save-filter').click();
    await page.locator('.el-message-box input').fill('科尔沁社区超期');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('已保存').first().waitFor();
    await page.getByTestId('filter-reset').click();
    await page.waitForURL(/\/console\/cases$/);
    await page.getByTestId('saved-filters').click();
    await page.getByRole('option', { name: /科尔沁社区超期/ }).click();
    await page.waitForURL(new RegExp(`village=${PLACES.villageA2}&due=overdue$`));
    await expect(eventually(() => rows(page).count(), (n) => n > 0)).resolves.toBeGreaterThan(0);
    expect((await rows(page).allTextContents()).every((r) => r.includes('科尔沁社区居委会') && r.includes('已超期'))).toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows a cadre only their villages', async () => {
    const { page, errors } = await signedIn('cadreA2');
    await page.goto(`${base}/console/cases`);
    await count(rows(page), 12);
    const villages = await rows(page).locator('td:nth-child(3)').allTextContents();
    expect(villages.length).toBe(12);
    expect(villages.every((v) => v.includes('科尔沁社区居委会'))).toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('opens a case and takes exactly the actions the user may take; the timeline grows', async () => {
    const { page, errors } = await signedIn('cadreA1');
    const id = inTownA[1];
    await page.goto(`${base}/console/cases/${id}`);
    await expect(page.getByTestId('detail-state').textContent()).resolves.toBe('待受理');
    const offered = await page.getByTestId('actions').locator('button').allTextContents();
    expect(offered.map((s) => s.trim())).toEqual(['受理', '转交乡镇', '结案']);

    // A form the rule requires: submitting it empty is refused with the rule's words, and nothing changes.
    await page.getByTestId('action-transfer').click();
    await page.getByTestId('action-submit').click();
    await expect(page.getByTestId('action-error').textContent()).resolves.toContain('原因');
    await page.getByRole('button', { name: '取消' }).click();
    expect((await steps.detail('cadreA1', id)).state).toBe('assigned');

    await page.getByTestId('action-accept').click();
    await page.getByTestId('action-submit').click();
    await text(page.getByTestId('detail-state'), '入户核查');
    await expect(page.getByTestId('timeline').getByTestId('event').allTextContents()).resolves.toEqual(['提交申报', '受理']);
    await screenshot(page, 'case-cadre');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('lets the township approve a case after publicity, and tells a stale page to reload', async () => {
    const { page, errors } = await signedIn('townA');
    await page.goto(`${base}/console/cases/${forTownship}`);
    await expect(page.getByTestId('detail-state').textContent()).resolves.toBe('乡镇审核');
    await expect(page.getByTestId('visit').textContent()).resolves.toContain('核实的困难：因病');

    // Someone else moves the case on while this page is open.
    const other = await signedIn('townA');
    await other.page.goto(`${base}/console/cases/${inTownA[0]}`);
    await steps.act('townA', forTownship, { action: 'help_first', what: '临时救助', givenOn: '2026-12-03', amount: 2000 });
    await page.getByTestId('action-township_approve').click();
    await page.getByTestId('action-submit').click();
    await page.getByText('案件已被他人更新，请刷新').first().waitFor();
    await page.getByText('临时救助').first().waitFor();

    await page.getByTestId('action-township_approve').click();
    await page.getByTestId('field-note').locator('textarea, input').first().fill('抽查属实');
    await page.getByTestId('action-submit').click();
    await text(page.getByTestId('detail-state'), '县级确定');
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('乡镇审核通过');
    expect((await steps.detail('county', forTownship)).state).toBe('county_review');
    expect(unexpected([...errors, ...other.errors])).toEqual([]);
    await other.page.close();
    await page.close();
  });

  it('gives two cases of a village to another cadre at once', async () => {
    const { page, errors } = await signedIn('townA');
    await page.goto(`${base}/console/cases?village=${PLACES.villageA1}&state=assigned`);
    // 兴科's cases still waiting to be accepted (one fewer once the case test above has run).
    await expect(eventually(() => rows(page).count(), (n) => n >= 10)).resolves.toBeGreaterThanOrEqual(10);
    const picked = (await rows(page).locator('[data-test="case-link"]').allTextContents()).slice(0, 2);
    await rows(page).nth(0).locator('.el-checkbox').click();
    await rows(page).nth(1).locator('.el-checkbox').click();
    await text(page.getByTestId('bulk'), '已选 2 件');
    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('field-assigneeId').locator('.el-select').click();
    await page.getByRole('option', { name: /^cadreA1b/ }).click();
    await page.getByTestId('bulk-submit').click();
    // Done when the dialog has closed: either all went through (a message) or the results say which did not.
    await page.getByTestId('bulk-dialog').waitFor({ state: 'hidden' });
    await expect(page.getByTestId('bulk-results').isVisible()).resolves.toBe(false);
    const assignees = async () => {
      const listed = (await (await page.request.get(`${base}/api/cases?village=${PLACES.villageA1}&limit=100`)).json()) as { items: { trackingCode: string; assigneeId: number }[] };
      return listed.items.filter((i) => i.assigneeId === t.users.cadreA1b).map((i) => i.trackingCode).sort();
    };
    await expect(eventually(assignees, (codes) => codes.length === 2)).resolves.toEqual([...picked].sort());
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('answers another town’s case, reached by URL, exactly like a missing one', async () => {
    const { page, errors } = await signedIn('townA');
    await page.goto(`${base}/console/cases/${inTownB}`);
    await expect(page.getByTestId('not-found').textContent()).resolves.toContain('没有找到');
    await page.goto(`${base}/console/cases/999999`);
    await expect(page.getByTestId('not-found').textContent()).resolves.toContain('没有找到');
    await page.goto(`${base}/console/no-such-screen`);
    await page.getByText('没有找到').first().waitFor();
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
