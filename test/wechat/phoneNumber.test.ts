import { createTestApp, DRIVERS, PLACES, rowCounts, type TestApp } from '../support/testApp';
import { Case } from '../../src/store/entities';
import { startFakeWeChat, type FakeWeChat } from './support/fakeWeChat';

/**
 * WeChat's phone-number button (getPhoneNumber): the mini-program sends the button's code, the
 * server reads the number from /wxa/business/getuserphonenumber with the app's access token.
 */
describe.each(DRIVERS)('the phone-number button against a local fake WeChat on %s', (driver) => {
  let wechat: FakeWeChat;
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    const clock = { now: new Date('2026-11-23T02:00:00.000Z') };
    wechat = await startFakeWeChat({ now: () => clock.now });
    t = await createTestApp(driver, { WECHAT_APP_ID: wechat.appId, WECHAT_APP_SECRET: wechat.appSecret, WECHAT_API_BASE: wechat.url });
    token = (await t.http.post('/api/auth/wechat').send({ code: 'code:o-phone-1' }).expect(200)).body.token;
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });
  const as = () => ({ authorization: `Bearer ${token}` });

  it('turns the code into the verified number, with the cached access token', async () => {
    expect((await t.http.post('/api/me/phone').set(as()).send({ code: 'phone:13900000601' }).expect(200)).body).toEqual({ phone: '13900000601' });
    expect(wechat.phoneCalls).toEqual([{ code: 'phone:13900000601', token: 'token-1' }]);
    await t.http.post('/api/me/phone').set(as()).send({ code: 'phone:13900000602' }).expect(200);
    expect(wechat.tokenCalls).toHaveLength(1);
  });

  it('refuses a used or forged code with a Chinese 400', async () => {
    for (const code of ['phone:13900000601', 'forged']) {
      const response = await t.http.post('/api/me/phone').set(as()).send({ code }).expect(400);
      expect(response.body.error).toEqual({ code: 'wechat_phone_code_invalid', message: '没能读到微信里的手机号，请再点一次，或者自己填写手机号' });
    }
  });

  it('renews a refused access token once and still reads the number', async () => {
    wechat.revokeToken();
    expect((await t.http.post('/api/me/phone').set(as()).send({ code: 'phone:13900000603' }).expect(200)).body.phone).toBe('13900000603');
    expect(wechat.phoneCalls.slice(-2).map((c) => c.code)).toEqual(['phone:13900000603', 'phone:13900000603']);
  });

  it('files a call-back with the number behind the code when nothing else is on file', async () => {
    const before = await rowCounts(t.app);
    const { body } = await t.http.post('/api/me/callbacks').set(as()).send({ villageCode: PLACES.villageA1, phoneCode: 'phone:13900000604' }).expect(201);
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: body.trackingCode });
    expect(t.app.crypto.decrypt(c.phoneEnc)).toBe('13900000604');
    expect((await rowCounts(t.app)).cases).toBe(before.cases + 1);
  });

  it('does not take demo codes once WeChat is configured', async () => {
    const response = await t.http.post('/api/me/phone').set(as()).send({ code: 'demo:13900000605' }).expect(400);
    expect(response.body.error.code).toBe('wechat_phone_code_invalid');
    expect(wechat.phoneCalls.at(-1)!.code).toBe('demo:13900000605');
  });
});
