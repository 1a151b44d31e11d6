import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { INVESTIGATING_CASE } from './support/cases';
import { serveDeclarationApi, VILLAGE } from './support/fixtures';
import { harness, Harness, MP_ROOT, Node, settle, tap, textOf, type } from './support/simulate';

/**
 * Issue 13 (适老化): the resident's WeChat font setting reaches every page, no text box has a
 * fixed height that would cut enlarged text off, nothing is below 40rpx, every tap target is at
 * least 128rpx, and "请村干部给我回电话" is on every page.
 */
const PAGES: string[] = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')).pages;
const QUERIES: Record<string, Record<string, string>> = {
  'pages/result/index': { id: '41', trackingCode: '20260041', urgent: '0', assignee: '' },
  'pages/case-detail/index': { id: String(INVESTIGATING_CASE.id) },
};

let h: Harness;
beforeEach(() => {
  h = harness();
  serveDeclarationApi(h.server)
    .on('GET', '/api/me/cases', { status: 200, body: { items: [INVESTIGATING_CASE] } })
    .on('GET', `/api/me/cases/${INVESTIGATING_CASE.id}`, { status: 200, body: INVESTIGATING_CASE })
    .on('GET', '/api/me/callback', { status: 200, body: { known: true, officePhone: null } });
});

const rootStyle = (page: Node): string => /style="([^"]*)"/.exec(page.dom?.innerHTML ?? '')?.[1] ?? '';

describe('the WeChat font setting', () => {
  test.each(PAGES)('%s scales its type by fontSizeScaleFactor', async (path) => {
    h.wx.getAppBaseInfo.mockReturnValue({ fontSizeScaleFactor: 1.5 });
    const page = await h.open(path, QUERIES[path]);
    expect(page.data.pageStyle).toBe('--fs: 1.5;');
    expect(rootStyle(page)).toContain('--fs: 1.5');
  });

  test('a smaller-than-standard setting never shrinks text below its size, and a huge one stops at 2', async () => {
    h.wx.getAppBaseInfo.mockReturnValue({ fontSizeScaleFactor: 0.85 });
    expect((await h.open('pages/home/index')).data.pageStyle).toBe('--fs: 1;');
    h.wx.getAppBaseInfo.mockReturnValue({ fontSizeScaleFactor: 3.2 });
    expect((await h.open('pages/home/index')).data.pageStyle).toBe('--fs: 2;');
  });

  test('an old base library without getAppBaseInfo gets the standard size', async () => {
    h.wx.getAppBaseInfo.mockImplementation(() => {
      throw new TypeError('wx.getAppBaseInfo is not a function');
    });
    expect((await h.open('pages/home/index')).data.pageStyle).toBe('--fs: 1;');
  });
});

/** Every WXSS file: app.wxss, the pages' and the components'. */
function wxssFiles(): { file: string; css: string }[] {
  const dirs = ['pages', 'components'].flatMap((top) => readdirSync(join(MP_ROOT, top)).map((d) => join(top, d, 'index.wxss')));
  return ['app.wxss', ...dirs].map((file) => ({ file, css: readFileSync(join(MP_ROOT, file), 'utf8') }));
}

/** `selector { body }` blocks, comments removed. */
function rules(css: string): { selector: string; body: string }[] {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => ({ selector: m[1].trim(), body: m[2] }));
}

describe('the style sheets', () => {
  test('there is a style sheet for every page and component (so the checks below read them all)', () => {
    const files = wxssFiles().map((f) => f.file);
    expect(files).toEqual(expect.arrayContaining(['app.wxss', ...PAGES.map((p) => `${p}.wxss`), 'components/call-back/index.wxss', 'components/village-picker/index.wxss']));
  });

  test.each(wxssFiles())('$file: no fixed height, every font size scaled and at least 40rpx', ({ css }) => {
    for (const { selector, body } of rules(css)) {
      // height (and a line-height in rpx or px) fixes a box to one size of type; min-height grows with it.
      expect({ selector, fixed: /(^|[;\s])height\s*:/.test(body) }).toEqual({ selector, fixed: false });
      expect({ selector, lineHeight: /line-height\s*:\s*\d+(rpx|px)/.test(body) }).toEqual({ selector, lineHeight: false });
      for (const [, value] of body.matchAll(/font-size\s*:\s*([^;]+)/g)) {
        const scaled = /^calc\((\d+)rpx \* var\(--fs, 1\)\)$/.exec(value.trim());
        expect({ selector, value, scaled: scaled !== null }).toEqual({ selector, value, scaled: true });
        expect(Number(scaled![1])).toBeGreaterThanOrEqual(40);
      }
    }
  });

  test.each([
    ['app.wxss', '.btn'],
    ['app.wxss', '.input'],
    ['pages/declare/index.wxss', '.option'],
    ['components/village-picker/index.wxss', '.choice'],
    ['components/village-picker/index.wxss', '.search-button'],
    ['components/village-picker/index.wxss', '.change-town'],
    ['components/call-back/index.wxss', '.btn'],
  ])('%s %s is a target at least 128rpx (about 60dp) high', (file, selector) => {
    const rule = rules(readFileSync(join(MP_ROOT, file), 'utf8')).find((r) => r.selector === selector);
    const minHeight = /min-height\s*:\s*(\d+)rpx/.exec(rule?.body ?? '');
    expect(Number(minHeight?.[1])).toBeGreaterThanOrEqual(128);
  });
});

describe('请村干部给我回电话 on every page', () => {
  test.each(PAGES)('%s has the call-back button', async (path) => {
    const page = await h.open(path, QUERIES[path]);
    const box = page.querySelector('#call-back-box');
    expect(box).toBeDefined();
    expect(textOf(box!, '#call-back')).toBe('请村干部给我回电话');
  });

  test('one tap files it with the number and village given before, and says who will call', async () => {
    h.server
      .on('GET', '/api/me/callback', { status: 200, body: { known: true, officePhone: '0482-8821234' } })
      .on('POST', '/api/me/callbacks', { status: 201, body: { trackingCode: '23166026', assignee: '王芳', officePhone: '0482-8821234' } });
    const page = await h.open('pages/home/index');
    const box = page.querySelector('#call-back-box')!;
    expect(textOf(box, '#office-phone')).toBe('打村委会电话 0482-8821234');

    await tap(box, '#call-back');
    expect(h.server.sent('POST', '/api/me/callbacks').map((r) => r.body)).toEqual([{}]);
    expect(textOf(box, '#call-back-done')).toBe('✓ 已经请村干部王芳给您回电话，请留意接听。申报号 2316 6026。');
    expect(box.querySelector('#call-back')).toBeUndefined();

    await tap(box, '#office-phone');
    expect(h.wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0482-8821234' }));
  });

  test('on the declare page it sends the phone and village answered so far', async () => {
    h.server.on('POST', '/api/me/callbacks', { status: 201, body: { trackingCode: '23166026', assignee: null, officePhone: null } });
    h.wx.storage.set('shenbao.declareDraft', { version: '2026.1', answers: { start: '1', consent: '1', village: VILLAGE.code, phone: '13912345678' }, at: 'summary', villageName: VILLAGE.name, savedAt: 1 });
    const page = await h.open('pages/declare/index');
    const box = page.querySelector('#call-back-box')!;
    expect([box.data.villageCode, box.data.phone]).toEqual([VILLAGE.code, '13912345678']);
    await tap(box, '#call-back');
    expect(h.server.sent('POST', '/api/me/callbacks').map((r) => r.body)).toEqual([{ villageCode: VILLAGE.code, phone: '13912345678' }]);
    expect(textOf(box, '#call-back-done')).toContain('已经请村干部给您回电话');
  });

  test('when the server knows no number yet it asks for one here, and refuses a wrong one without sending', async () => {
    h.server.on('POST', '/api/me/callbacks', (req) =>
      (req.body as Record<string, string>).phone
        ? { status: 201, body: { trackingCode: '23166026', assignee: null, officePhone: null } }
        : { status: 422, body: { error: { code: 'callback_needs_contact', message: '请留一个手机号' } } },
    );
    const page = await h.open('pages/home/index');
    const box = page.querySelector('#call-back-box')!;
    await tap(box, '#call-back');
    expect(textOf(box, '#call-back-ask')).toBe('村干部打给您，要一个手机号：');
    expect(box.querySelector('#call-back-wechat-phone')).toBeDefined();

    await type(box, '#call-back-phone', '1391234');
    await tap(box, '#call-back-send');
    expect(textOf(box, '#call-back-error')).toBe('手机号应为11位，您填了7位');
    expect(h.server.sent('POST', '/api/me/callbacks')).toHaveLength(1);

    await type(box, '#call-back-phone', '13912345678');
    await tap(box, '#call-back-send');
    expect(textOf(box, '#call-back-error')).toBe('请先选一下您家是哪个村。');
    const picker = box.querySelector('#call-back-village')!;
    await type(picker, '#village-search', '联发');
    await tap(picker, '#village-search-button');
    await tap(picker, `#result-${VILLAGE.code}`);
    await tap(box, '#call-back-send');
    expect(h.server.sent('POST', '/api/me/callbacks').map((r) => r.body)).toEqual([{}, { villageCode: VILLAGE.code, phone: '13912345678' }]);
    expect(textOf(box, '#call-back-done')).toContain('申报号 2316 6026');
  });

  test("WeChat's phone-number button sends its code for the server to read the number", async () => {
    h.server.on('POST', '/api/me/callbacks', (req) =>
      (req.body as Record<string, string>).phoneCode
        ? { status: 201, body: { trackingCode: '23166026', assignee: null, officePhone: null } }
        : { status: 422, body: { error: { code: 'callback_needs_contact', message: '请留一个手机号' } } },
    );
    const page = await h.open('pages/declare/index');
    const box = page.querySelector('#call-back-box')!;
    await tap(box, '#call-back');
    const picker = box.querySelector('#call-back-village')!;
    await type(picker, '#village-search', '联发');
    await tap(picker, '#village-search-button');
    await tap(picker, `#result-${VILLAGE.code}`);
    box.querySelector('#call-back-wechat-phone')!.dispatchEvent('getphonenumber', { detail: { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' } });
    await settle();
    expect(h.server.sent('POST', '/api/me/callbacks').at(-1)!.body).toEqual({ villageCode: VILLAGE.code, phoneCode: 'phone-code-1' });
    expect(textOf(box, '#call-back-done')).toContain('申报号 2316 6026');
  });
});
