import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, SCREENSHOTS } from '../support/browser';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { signedIn } from '../support/consoleLogin';
import { validIdNumber } from '../support/ids';
import { pdfText } from '../support/pdfText';
import { createTestApp, NOW, PLACES, type TestApp } from '../support/testApp';

jest.setTimeout(90_000);

const at = (iso: string) => new Date(`${iso}+08:00`);
/** The phone every test declaration gives (support/testApp.ts `declaration`). */
const PHONE = '13912345678';
/** The browser's reports of refusals the pages expect: who is signed in, asked before signing in (401); a village outside the user's area (404); a QR code of an unconfigured channel (400). */
const expected = (message: string) => /Failed to load resource: the server responded with a status of (400|401|404)/.test(message);
const unexpected = (errors: string[]) => errors.filter((e) => !expected(e));
/** PDF text runs may break a long number across lines: compare without any whitespace. */
const squeezed = (text: string) => text.replace(/\s+/g, '');

/** The page as Chromium prints it on A4 (print media), kept beside the screenshots for people to look at. */
async function printed(page: Page, name: string): Promise<string> {
  const pdf = await page.pdf({ format: 'A4' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, `${name}.pdf`), pdf);
  return squeezed(await pdfText(pdf));
}

/** What print media hides and shows: the app's header and every control go, the sheet stays. */
async function printLook(page: Page, sheet: string) {
  const header = page.locator('header');
  await expect(header.isVisible()).resolves.toBe(true);
  await expect(page.getByTestId('print').isVisible()).resolves.toBe(true);
  await page.emulateMedia({ media: 'print' });
  await expect(header.isVisible()).resolves.toBe(false);
  await expect(page.locator('nav').isVisible()).resolves.toBe(false);
  await expect(page.getByTestId('print').isVisible()).resolves.toBe(false);
  await expect(page.getByTestId(sheet).isVisible()).resolves.toBe(true);
}

describe('the print-outs in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let steps: ReturnType<typeof caseSteps>;
  const ids = { decided: validIdNumber(901), first: validIdNumber(902), second: validIdNumber(903), otherVillage: validIdNumber(904), fresh: validIdNumber(905) };
  let decided: number;
  let fresh: number;

  /** A case walked by its village's cadre to 公示 (started 11-26, five working days). */
  async function toPublicity(name: string, idNumber: string, village: string, cadre: 'cadreA1' | 'cadreA2', review = {}) {
    t.clock.now = NOW;
    const { id } = await steps.declare({}, { name, idNumber, villageCode: village });
    await steps.act(cadre, id, { action: 'accept' });
    t.clock.now = at('2026-11-24T16:00:00');
    await steps.act(cadre, id, visitForm());
    await steps.act(cadre, id, { action: 'record_signature', signedOn: '2026-11-24', signer: name });
    t.clock.now = at('2026-11-25T15:00:00');
    await steps.act(cadre, id, reviewForm(review));
    await steps.act(cadre, id, { action: 'start_publicity', startsOn: '2026-11-26', place: '村委会公示栏' });
    return id;
  }

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp('sqlite', { MP_QR_LINK: 'https://shenbao.example.gov.cn/mp/village' }), launchBrowser()]);
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    steps = caseSteps(t);
    decided = await toPublicity('巴特尔', ids.decided, PLACES.villageA1, 'cadreA1');
    await toPublicity('其木格', ids.first, PLACES.villageA1, 'cadreA1', { proposedType: 'edge' });
    await toPublicity('乌力吉', ids.second, PLACES.villageA1, 'cadreA1');
    await toPublicity('外村人', ids.otherVillage, PLACES.villageA2, 'cadreA2');
    // The first household goes on through the township and the county; the others stay in publicity.
    t.clock.now = at('2026-12-03T09:00:00');
    await steps.act('cadreA1', decided, { action: 'finish_publicity' });
    await steps.act('townA', decided, { action: 'township_approve', note: '抽查属实' });
    t.clock.now = at('2026-12-04T10:00:00');
    await steps.act('county', decided, { action: 'county_confirm' });
    fresh = (await steps.declare({}, { name: '新申报户', idNumber: ids.fresh })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('prints the case’s 核查认定表 on A4 with the household’s name and no ID number or phone', async () => {
    const { page, errors } = await signedIn(browser, base, 'townA');
    // No visit yet, nothing to print.
    await page.goto(`${base}/console/cases/${fresh}`);
    await page.getByTestId('detail-state').waitFor();
    await expect(page.getByTestId('print-visit').count()).resolves.toBe(0);

    await page.goto(`${base}/console/cases/${decided}`);
    await page.getByTestId('print-visit').click();
    await page.waitForURL(new RegExp(`/console/cases/${decided}/print$`));
    await expect(page.getByTestId('sheet-name').textContent()).resolves.toBe('巴特尔');
    await expect(page.getByTestId('sheet-visitors').textContent()).resolves.toBe('张明、驻村队员王强');
    await expect(page.getByTestId('sheet-signature').textContent()).resolves.toBe('巴特尔（纸质表签字，2026年11月24日）');
    await expect(page.getByTestId('sheet-township').textContent()).resolves.toContain('乡镇审核通过：抽查属实');
    await expect(page.getByTestId('sheet-county').textContent()).resolves.toContain('监测对象类型：突发严重困难户');
    await screenshot(page, 'print-visit');
    await printLook(page, 'visit-sheet');

    const flat = await printed(page, 'print-visit');
    for (const words of ['防止返贫监测对象核查认定表', '巴特尔', '科尔沁右翼前旗', '兴科居委会', '139****5678', '张明、驻村队员王强', '户主本人']) expect(flat).toContain(words);
    // The domain's figures: 8000 + 6000 + 0 + 3000 − 2000 = 15000 net, 3750 a head; reference 3000, 750 a head.
    for (const figure of ['15,000元', '3,750元', '3,000元', '750元', '7,500元']) expect(flat).toContain(figure);
    expect(flat).toContain(`${ids.decided.slice(0, 4)}**********${ids.decided.slice(-4)}`);
    expect(flat).not.toContain(ids.decided);
    expect(flat).not.toContain(PHONE);
    expect(flat).toContain('2026年11月26日至2026年12月2日(5个工作日)');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('prints the village’s publicity notice: the households in publicity, where to object, no personal numbers', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.getByRole('link', { name: '公示', exact: true }).click();
    await page.waitForURL(/\/console\/publicity$/);
    await page.getByTestId('publicity-town').click();
    await page.getByRole('option', { name: '科尔沁镇' }).click();
    await page.getByTestId('publicity-village').click();
    await page.getByRole('option', { name: '兴科居委会' }).click();
    await page.waitForURL(new RegExp(`/console/publicity\\?village=${PLACES.villageA1}$`));
    await page.getByTestId('notice-table').waitFor();
    await expect(page.getByTestId('notice-row').allTextContents()).resolves.toEqual(['1其木格4人边缘易致贫户', '2乌力吉4人突发严重困难户']);
    await expect(page.getByTestId('notice-period').textContent()).resolves.toContain('2026年11月26日至2026年12月2日（5个工作日）');
    await expect(page.getByTestId('notice-contacts').textContent()).resolves.toContain('请向兴科居委会（联系人：cadreA1、cadreA1b）或科尔沁镇人民政府反映，也可拨打全国防返贫监测帮扶热线12317');
    await screenshot(page, 'publicity');
    await printLook(page, 'notice');
    await expect(page.getByTestId('publicity-picker').isVisible()).resolves.toBe(false);

    const flat = await printed(page, 'publicity');
    for (const words of ['兴科居委会防止返贫监测对象拟纳入名单公示', '其木格', '乌力吉', '12317', '科尔沁镇人民政府']) expect(flat).toContain(words);
    // Decided households and other villages are not on this board.
    expect(flat).not.toContain('巴特尔');
    expect(flat).not.toContain('外村人');
    for (const id of Object.values(ids)) expect(flat).not.toContain(id);
    expect(flat).not.toContain(PHONE);
    expect(flat).not.toContain('139****5678');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('prints a village’s QR code, for the mini-program or the Official Account, with the office phone the county entered', async () => {
    const { page, errors } = await signedIn(browser, base, 'county');
    await page.getByRole('link', { name: '村二维码', exact: true }).click();
    await page.waitForURL(/\/console\/village-qr$/);
    await page.getByTestId('qr-town').click();
    await page.getByRole('option', { name: '科尔沁镇' }).click();
    await page.getByTestId('qr-village').click();
    await page.getByRole('option', { name: '兴科居委会' }).click();
    await page.waitForURL(new RegExp(`/console/village-qr\\?village=${PLACES.villageA1}&channel=miniprogram$`));
    await expect(page.getByTestId('qr-caption').textContent()).resolves.toContain('兴科居委会');
    await expect(page.getByTestId('qr-image').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    await page.getByTestId('office-phone').fill('0482-8821234');
    await page.getByTestId('save-office-phone').click();
    await page.getByTestId('office-phone-saved').waitFor();
    await expect(page.getByTestId('qr-office-phone').textContent()).resolves.toBe('村委会电话：0482-8821234');
    await screenshot(page, 'village-qr');
    await printLook(page, 'qr-sheet');
    await expect(page.getByTestId('qr-picker').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    // This test app has no Official Account: the page says so instead of a code.
    await page.getByText('公众号', { exact: true }).click();
    await page.waitForURL(/channel=official_account$/);
    await expect(page.getByTestId('qr-error').textContent()).resolves.toContain('没有配置公众号');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('takes a cadre of one village straight to its code', async () => {
    const { page, errors } = await signedIn(browser, base, 'cadreA2');
    await page.goto(`${base}/console/village-qr`);
    await page.waitForURL(new RegExp(`/console/village-qr\\?village=${PLACES.villageA2}&channel=miniprogram$`));
    await page.getByTestId('qr-image').waitFor();
    await expect(page.getByTestId('office-phone-form').count()).resolves.toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('answers a village outside the user’s area as not found', async () => {
    const { page, errors } = await signedIn(browser, base, 'townB');
    await page.goto(`${base}/console/publicity?village=${PLACES.villageA1}`);
    await expect(page.getByTestId('publicity-error').textContent()).resolves.toContain('没有找到这个村');
    await expect(page.getByTestId('notice').count()).resolves.toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
