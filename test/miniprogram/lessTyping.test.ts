import { serveDeclarationApi, VALID_ID, VILLAGE } from './support/fixtures';
import { choose, fill, onScreen, villagePicker } from './support/declareSteps';
import { harness, Harness, settle, tap, textOf } from './support/simulate';

/** Issue 13, item 10: a village's QR code fills in the village; WeChat's phone-number button fills in the phone. */
let h: Harness;
beforeEach(() => {
  h = harness();
  serveDeclarationApi(h.server).on('GET', '/api/me/callback', { status: 200, body: { known: false, officePhone: null } });
});

describe("a village's QR code", () => {
  test.each([
    ['a 小程序码 (scene)', { scene: encodeURIComponent(VILLAGE.code) }],
    ['a plain QR link (q)', { q: encodeURIComponent(`https://shenbao.example.gov.cn/mp/village?village=${VILLAGE.code}`) }],
  ])('%s opening the home page has the village picked when the declaration gets there', async (_, query) => {
    await h.open('pages/home/index', query);
    const page = await h.open('pages/declare/index');
    await choose(page, '1');
    expect(onScreen(page)).toBe('village');
    expect(textOf(villagePicker(page), '#village-picked')).toBe(`已选：${VILLAGE.name}`);
    await tap(page, '#next');
    expect(onScreen(page)).not.toBe('village');
    expect(page.instance.flow.answers.village).toBe(VILLAGE.code);
  });

  test('a code for a village this county does not have is ignored; without a code the village is asked as before', async () => {
    await h.open('pages/home/index', { scene: '999999999999' });
    let page = await h.open('pages/declare/index');
    await choose(page, '1');
    expect(textOf(villagePicker(page), '#village-picked')).toBe('');
    expect(h.wx.storage.has('shenbao.launchVillage')).toBe(false);

    h.wx.storage.delete('shenbao.declareDraft');
    await h.open('pages/home/index', { scene: 'not-a-village' });
    page = await h.open('pages/declare/index');
    await choose(page, '1');
    expect(textOf(villagePicker(page), '#village-picked')).toBe('');
  });
});

describe("WeChat's phone-number button", () => {
  test('fills in the number the server read from WeChat; the resident still taps 下一步', async () => {
    h.server.on('POST', '/api/me/phone', (req) => ({ status: 200, body: { phone: (req.body as { code: string }).code === 'wx-code-1' ? '13912345678' : '' } }));
    await h.open('pages/home/index', { scene: VILLAGE.code });
    const page = await h.open('pages/declare/index');
    await choose(page, '1');
    await tap(page, '#next');
    await fill(page, '巴特尔');
    await fill(page, VALID_ID);
    expect(onScreen(page)).toBe('phone');
    page.querySelector('#wechat-phone')!.dispatchEvent('getphonenumber', { detail: { code: 'wx-code-1', errMsg: 'getPhoneNumber:ok' } });
    await settle();
    expect(h.server.sent('POST', '/api/me/phone').map((r) => r.body)).toEqual([{ code: 'wx-code-1' }]);
    expect(page.data.inputValue).toBe('13912345678');
    expect(textOf(page, '#phone-note')).toBe('已经填上微信里的手机号，没问题就点“下一步”。');
    await tap(page, '#next');
    expect(onScreen(page)).not.toBe('phone');
    expect(page.instance.flow.answers.phone).toBe('13912345678');
  });

  test('a refusal leaves the box to type in, and sends nothing', async () => {
    await h.open('pages/home/index', { scene: VILLAGE.code });
    const page = await h.open('pages/declare/index');
    await choose(page, '1');
    await tap(page, '#next');
    await fill(page, '巴特尔');
    await fill(page, VALID_ID);
    page.querySelector('#wechat-phone')!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await settle();
    expect(h.server.sent('POST', '/api/me/phone')).toEqual([]);
    expect(textOf(page, '#phone-note')).toBe('没有用微信里的手机号，请在下面的框里写。');
    expect(page.querySelector('#answer-input')).toBeDefined();
  });
});
