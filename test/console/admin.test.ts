import type { Browser, Page } from 'playwright-core';
import { assignVillages, findStaffUser } from '../../src/services/staffAdmin';
import { Campaign, Case, OutboxMessage, StaffUser } from '../../src/store/entities';
import { eventually, text } from '../support/pageChecks';
import { launchBrowser, screenshot } from '../support/browser';
import { caseSteps } from '../support/caseSteps';
import { signedIn } from '../support/consoleLogin';
import { createTestApp, PLACES, type TestApp } from '../support/testApp';

jest.setTimeout(90_000);

/** The browser's reports of refusals the page provokes here: a duplicate username (409), who is signed in before sign-in (401). */
const expected = (message: string) => /Failed to load resource: the server responded with a status of (401|409)/.test(message);
const unexpected = (errors: string[]) => errors.filter((e) => !expected(e));

const accountRow = (page: Page, name: string) => page.getByTestId('accounts-table').locator('tbody tr').filter({ has: page.getByTestId('account-name').getByText(name, { exact: true }) });

describe('the administration screens in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let steps: ReturnType<typeof caseSteps>;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp('sqlite'), launchBrowser()]);
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    steps = caseSteps(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a cadre in the dialog, shows the password once, deactivates them and hands their case on', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.waitForURL(/\/console\/admin$/);
    await accountRow(page, 'cadreA1').waitFor();

    await page.getByTestId('add-cadre').click();
    const dialog = page.getByTestId('add-cadre-dialog');
    await dialog.getByTestId('add-username').fill('cadreA1');
    await dialog.getByTestId('add-name').fill('王芳');
    await dialog.getByTestId('village-picker-town').click();
    await page.getByRole('option', { name: '索伦镇' }).click();
    await dialog.getByTestId('village-picker-villages').click();
    await page.getByRole('option', { name: '联合嘎查' }).click();
    await dialog.getByTestId('add-name').click();
    // The service's refusal, in its words, in the dialog; nothing is created.
    await dialog.getByTestId('add-submit').click();
    await text(dialog.getByTestId('add-error'), '用户名 cadreA1 已存在');
    await dialog.getByTestId('add-username').fill('wangfang');
    await dialog.getByTestId('add-submit').click();

    const secret = page.getByTestId('secret-dialog');
    const password = ((await eventually(async () => (await secret.getByTestId('secret').textContent()) ?? '', (p) => p.length > 0)) ?? '').trim();
    expect(password).toMatch(/^[a-z]{6}\d{4}$/);
    await text(secret, '只显示这一次');
    await secret.getByTestId('secret-done').click();
    // Closed, it is gone from the page: nothing keeps it.
    await expect(eventually(() => page.content(), (html) => !html.includes(password))).resolves.not.toContain(password);
    await text(accountRow(page, '王芳'), '索伦镇·联合嘎查主要');
    expect((await t.http.post('/api/auth/login').send({ username: 'wangfang', password })).status).toBe(200);

    // A case of theirs, and another cadre for that village to take it.
    const held = await steps.declare({}, { name: '乌云', villageCode: PLACES.villageNoCadre });
    const wang = await findStaffUser(t.app.db.manager, 'wangfang');
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: held.id })).assigneeId).toBe(wang.id);
    await assignVillages(t.app.db.manager, await findStaffUser(t.app.db.manager, 'cadreB1'), [PLACES.villageNoCadre], false);
    await page.reload();

    await accountRow(page, '王芳').getByTestId('account-active').click();
    const box = page.locator('.el-message-box');
    await text(box, '他手上还有 1 件在办案件');
    await box.getByRole('button', { name: '停用' }).click();
    await text(accountRow(page, '王芳').getByTestId('account-state'), '已停用');
    const cases = page.getByTestId('open-cases-dialog');
    await text(cases.getByTestId('open-cases-summary'), '账号已停用，案件仍归他，请改派');
    await cases.getByTestId('reassign-to').click();
    await page.getByRole('option', { name: /^cadreB1/ }).click();
    await cases.getByTestId('reassign-submit').click();
    await cases.getByTestId('open-cases-none').waitFor();
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: held.id })).assigneeId).toBe((await findStaffUser(t.app.db.manager, 'cadreB1')).id);
    await page.keyboard.press('Escape');
    expect((await t.http.post('/api/auth/login').send({ username: 'wangfang', password })).status).toBe(401);
    expect((await t.app.db.getRepository(StaffUser).findOneByOrFail({ username: 'wangfang' })).active).toBe(false);
    await screenshot(page, 'admin');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('starts the autumn campaign from the template and saves a changed milestone date', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.goto(`${base}/console/admin?tab=campaigns`);
    await page.getByTestId('campaign-year').click();
    await page.getByRole('option', { name: '2026年' }).click();
    await page.getByTestId('campaign-template-autumn').click();
    const table = page.getByTestId('milestones-autumn');
    await expect(eventually(() => table.locator('tbody tr').count(), (n) => n === 7)).resolves.toBe(7);
    // 信息采集 (the third milestone): 11-30 → 12-05.
    const date = table.locator('tbody tr').nth(2).getByLabel('完成日期');
    await expect(date.inputValue()).resolves.toBe('2026-11-30');
    await date.fill('2026-12-05');
    await date.press('Enter');
    await page.getByTestId('campaign-save-autumn').click();
    await page.getByText('已保存“2026年度动态管理信息采集”').first().waitFor();
    const saved = await t.app.db.getRepository(Campaign).findOneByOrFail({ countyCode: PLACES.county, year: 2026, kind: 'autumn' });
    expect(saved.milestones.find((m) => m.key === 'collection')).toMatchObject({ date: '2026-12-05', measure: 'not_visited' });
    expect(saved.updatedBy).toBe('county');
    await screenshot(page, 'admin-campaigns');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('retries a dead letter', async () => {
    await steps.declare({}, { name: '巴特尔', villageCode: PLACES.villageA1 });
    const repo = t.app.db.getRepository(OutboxMessage);
    const [toCadre] = await repo.find({ where: { recipientType: 'staff', recipientId: t.users.cadreA1 }, order: { id: 'DESC' }, take: 1 });
    await repo.update(toCadre.id, { state: 'failed', attempts: 8, lastError: '工作人员未绑定微信' });

    const { page, errors } = await signedIn(browser, base, 'county');
    await page.goto(`${base}/console/admin?tab=dead-letters`);
    const row = page.getByTestId('dead-letters').locator('tbody tr').filter({ hasText: '工作人员未绑定微信' });
    await text(row, 'cadreA1');
    await row.getByTestId('dead-letter-retry').click();
    await page.getByText('已重新排队发送').first().waitFor();
    await expect(eventually(() => row.count(), (n) => n === 0)).resolves.toBe(0);
    expect(await repo.findOneByOrFail({ id: toCadre.id })).toMatchObject({ state: 'pending', attempts: 0 });
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('offers 管理 to county staff only', async () => {
    const { page, errors } = await signedIn(browser, base, 'townA');
    await expect(page.getByRole('link', { name: '管理', exact: true }).count()).resolves.toBe(0);
    await page.goto(`${base}/console/admin`);
    await text(page.getByTestId('admin-forbidden'), '只有县级可以管理账号');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
