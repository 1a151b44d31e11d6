import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCli } from '../../scripts/admin';
import { runCli, type CliIo } from '../../scripts/cli/run';
import { drawQr } from '../../src/services/villageQr';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { startFakeWeChat, type FakeWeChat } from '../wechat/support/fakeWeChat';

/** Issue 13, item 10: a printable code per village, with the village filled in for whoever scans it. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const imageOf = (dataUrl: string) => Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');

describe.each(DRIVERS)('village QR codes against a local fake WeChat on %s', (driver) => {
  let wechat: FakeWeChat;
  let t: TestApp;
  beforeAll(async () => {
    wechat = await startFakeWeChat({ now: () => new Date('2026-11-23T02:00:00.000Z') });
    t = await createTestApp(driver, {
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.url,
      WECHAT_OA_APP_ID: wechat.appId,
      WECHAT_OA_APP_SECRET: wechat.appSecret,
      WECHAT_OA_TOKEN: 'qrToken',
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });
  const get = async (user: 'cadreA1' | 'townB' | 'county', query: string, status = 200) =>
    (await t.http.get(`/api/village-qr?${query}`).set('authorization', `Bearer ${await t.login(user)}`).expect(status)).body;

  it('a 小程序码 from WeChat that opens the home page with the village as scene', async () => {
    const body = await get('cadreA1', `village=${PLACES.villageA1}`);
    expect(body).toMatchObject({ village: { code: PLACES.villageA1, name: '兴科居委会', town: '科尔沁镇' }, channel: 'miniprogram' });
    expect(body.caption).toBe('用微信扫一扫，打开“申报通”，家里有困难就在这里说。村已经替您选好了：兴科居委会。');
    const image = imageOf(body.image);
    expect(image.subarray(0, 4)).toEqual(PNG);
    expect(image.toString('latin1')).toContain(`FAKEPNG ${PLACES.villageA1} pages/home/index`);
    expect(wechat.qrCalls.at(-1)).toEqual({ api: 'wxacode', body: { scene: PLACES.villageA1, page: 'pages/home/index', check_path: false, env_version: 'release', width: 860 } });
  });

  it("the Official Account's permanent parametric code, drawn from the content WeChat gives (a follow brings qrscene_<village>)", async () => {
    const body = await get('townB', `village=${PLACES.villageB1}&channel=official_account`);
    expect(body.caption).toContain('关注公众号');
    expect(wechat.qrCalls.at(-1)).toEqual({ api: 'oa', body: { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: PLACES.villageB1 } } } });
    expect(imageOf(body.image)).toEqual(await drawQr(`http://weixin.qq.com/q/fake-${PLACES.villageB1}`));
  });

  it('only for villages in the caller’s area, and refuses a bad village or channel in Chinese', async () => {
    const calls = wechat.qrCalls.length;
    expect((await get('cadreA1', `village=${PLACES.villageB1}`, 404)).error).toEqual({ code: 'not_found', message: '没有找到这个村' });
    expect((await get('townB', `village=${PLACES.villageA1}`, 404)).error.code).toBe('not_found');
    expect((await get('county', 'village=1522', 400)).error.message).toBe('村代码应为12位');
    expect((await get('county', `village=${PLACES.villageA1}&channel=sms`, 400)).error.message).toBe('请选择小程序或公众号');
    expect(wechat.qrCalls).toHaveLength(calls);
    await t.http.get(`/api/village-qr?village=${PLACES.villageA1}`).expect(401);
  });
});

describe.each(DRIVERS)('the village office phone entered in the console on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { MP_QR_LINK: 'https://shenbao.example.gov.cn/mp/village' });
  });
  afterAll(() => t.close());
  const put = async (user: 'cadreA1' | 'townA' | 'county', body: object, status: number) =>
    (await t.http.put(`/api/villages/${PLACES.villageA1}/office-phone`).set('authorization', `Bearer ${await t.login(user)}`).send(body).expect(status)).body;

  it('is entered by the county, shown on the QR sheet and to residents by the call-back button, and removed with null', async () => {
    expect(await put('county', { officePhone: '0482 882 1234' }, 200)).toEqual({ villageName: '兴科居委会', officePhone: '04828821234' });
    const sheet = await t.http.get(`/api/village-qr?village=${PLACES.villageA1}`).set('authorization', `Bearer ${await t.login('cadreA1')}`).expect(200);
    expect(sheet.body.officePhone).toBe('04828821234');
    const resident = (await t.http.post('/api/auth/wechat').send({ code: `demo:office-${driver}` }).expect(200)).body.token;
    expect((await t.http.get(`/api/me/callback?villageCode=${PLACES.villageA1}`).set('authorization', `Bearer ${resident}`).expect(200)).body.officePhone).toBe('04828821234');
    expect(await put('county', { officePhone: null }, 200)).toEqual({ villageName: '兴科居委会', officePhone: null });
    expect((await t.http.get(`/api/me/callback?villageCode=${PLACES.villageA1}`).set('authorization', `Bearer ${resident}`).expect(200)).body.officePhone).toBeNull();
  });

  it('is refused to cadres and townships (403), and a number that cannot be dialled (400), changing nothing', async () => {
    await put('county', { officePhone: '0482-8821234' }, 200);
    expect((await put('cadreA1', { officePhone: '0482-1111111' }, 403)).error).toEqual({ code: 'forbidden', message: '村委会电话由县里录入' });
    await put('townA', { officePhone: '0482-1111111' }, 403);
    expect((await put('county', { officePhone: '12345' }, 400)).error.message).toContain('村委会电话应为带区号的座机');
    await put('county', {}, 400);
    const sheet = await t.http.get(`/api/village-qr?village=${PLACES.villageA1}`).set('authorization', `Bearer ${await t.login('county')}`).expect(200);
    expect(sheet.body.officePhone).toBe('0482-8821234');
  });
});

describe('village QR codes without the mini-program’s credentials', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('are plain QR codes of MP_QR_LINK?village=<code> (扫普通链接二维码打开小程序) when the link is set', async () => {
    t = await createTestApp('sqlite', { MP_QR_LINK: 'https://shenbao.example.gov.cn/mp/village' });
    const token = await t.login('county');
    const { body } = await t.http.get(`/api/village-qr?village=${PLACES.villageA2}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(imageOf(body.image)).toEqual(await drawQr(`https://shenbao.example.gov.cn/mp/village?village=${PLACES.villageA2}`));
  });

  it('are refused, saying what to configure, when neither is set', async () => {
    t = await createTestApp('sqlite');
    const token = await t.login('county');
    const { body } = await t.http.get(`/api/village-qr?village=${PLACES.villageA2}`).set('authorization', `Bearer ${token}`).expect(400);
    expect(body.error).toEqual({ code: 'wechat_unavailable', message: '没有配置小程序（WECHAT_APP_ID、WECHAT_APP_SECRET，或 MP_QR_LINK），不能生成小程序码' });
  });
});

describe('npm run admin -- village-phone / village-qr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-qr-'));
  const env = { NODE_ENV: 'test', DEMO_SEED: 'off', DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, DATA_KEY: 'ab'.repeat(32), AUTH_SECRET: 'an-auth-secret-for-the-qr-tests-0123456789', LOG_LEVEL: 'warn', MP_QR_LINK: 'https://shenbao.example.gov.cn/mp/village' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function admin(args: string[]) {
    const result = { code: null as number | null, stdout: '', stderr: '' };
    const io: CliIo = { stdout: { write: (text: string) => (result.stdout += text) }, stderr: { write: (text: string) => (result.stderr += text) }, env };
    result.code = await runCli(adminCli, args, io);
    return result;
  }

  it('enters, shows and clears a village office phone, and writes one PNG per village', async () => {
    // A database with the county's regions (the test app's own setup, on the file the CLI opens).
    const t = await createTestApp('sqlite', { DATABASE_URL: env.DATABASE_URL });
    await t.close();
    expect(await admin(['village-phone', '--village', PLACES.villageB1])).toMatchObject({ code: 0, stdout: `${PLACES.villageB1} 还没有录入村委会电话\n` });
    expect(await admin(['village-phone', '--village', PLACES.villageB1, '--phone', '0482 882 1234'])).toMatchObject({ code: 0, stdout: '已录入联发嘎查的村委会电话 04828821234，群众在小程序和聊天里能看到\n' });
    expect((await admin(['village-phone', '--village', PLACES.villageB1])).stdout).toBe(`${PLACES.villageB1} 的村委会电话：04828821234\n`);
    const bad = await admin(['village-phone', '--village', PLACES.villageB1, '--phone', '12345']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('村委会电话应为带区号的座机（例如 0482-8821234）或11位手机号');
    expect((await admin(['village-phone', '--village', PLACES.villageB1, '--clear'])).stdout).toBe('已删除联发嘎查的村委会电话\n');

    const out = join(dir, 'qr');
    const made = await admin(['village-qr', '--village', `${PLACES.villageB1},${PLACES.villageNoCadre}`, '--out', out]);
    expect(made.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([`${PLACES.villageB1}-联发嘎查.png`, `${PLACES.villageNoCadre}-联合嘎查.png`]);
    expect(made.stdout).toContain('共 2 个村。');
    expect((await admin(['village-qr', '--town', '1522', '--out', out])).code).toBe(2);
    expect(readFileSync(join(out, `${PLACES.villageB1}-联发嘎查.png`))).toEqual(await drawQr(`https://shenbao.example.gov.cn/mp/village?village=${PLACES.villageB1}`));
    expect((await admin(['village-qr', '--channel', 'sms', '--village', PLACES.villageB1])).code).toBe(2);
  }, 60_000);
});
