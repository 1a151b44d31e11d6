import { harness, Harness, settle, tap, textOf } from './support/simulate';

let h: Harness;

interface ConfigModule {
  config: { subscribeTemplateIds: string[] };
}

beforeEach(() => {
  h = harness();
  h.server
    .on('POST', '/api/auth/wechat', { status: 200, body: { token: 'token-1', resident: { id: 7 } } })
    .on('POST', '/api/me/subscriptions', { status: 204 });
});

const QUERY = { id: '41', trackingCode: '20260041', urgent: '0', assignee: encodeURIComponent('王芳') };

test('the result shows the tracking code and what happens next', async () => {
  const page = await h.open('pages/result/index', QUERY);
  expect(textOf(page, '#tracking-code')).toBe('2026 0041');
  expect(page.data.nextSteps[0]).toBe('您的申报已交给村干部王芳，一般第二天就会和您联系（赶上周末、放假就往后推几天）。');

  const urgent = await h.open('pages/result/index', { ...QUERY, urgent: '1', assignee: '' });
  expect(urgent.data.nextSteps.slice(0, 2)).toEqual(['您家的情况比较急，已经优先处理。', '乡镇正在安排负责您村的村干部，安排好后会联系您。']);
});

test('a declaration kept on an open case shows the plain words and nothing of any case', async () => {
  const page = await h.open('pages/result/index', { reported: '1', message: encodeURIComponent('已收到，村干部会一并核实') });
  expect(textOf(page, '#reported-message')).toBe('已收到，村干部会一并核实');
  for (const hidden of ['#tracking-code', '#view-case', '#subscribe-card']) expect(page.querySelector(hidden)).toBeFalsy();
  expect(page.data.nextSteps).toEqual([]);
});

test('asking for progress notifications uses the configured templates and reports what was accepted', async () => {
  const page = await h.open('pages/result/index', QUERY);
  const { config } = h.load<ConfigModule>('config');
  const templateIds = config.subscribeTemplateIds;
  h.wx.requestSubscribeMessage.mockImplementation((options: { tmplIds: string[]; success: (res: object) => void }) => {
    setTimeout(() => options.success({ errMsg: 'requestSubscribeMessage:ok', [options.tmplIds[0]]: 'accept' }), 0);
  });

  await tap(page, '#subscribe');
  await settle();

  expect(h.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: templateIds }));
  expect(h.server.sent('POST', '/api/me/subscriptions').map((r) => r.body)).toEqual([{ templateIds, accepted: [templateIds[0]] }]);
  expect(textOf(page, '#subscribe-accepted')).toBe('好的，有进展会在微信里通知您。');
});

test('refusing notifications is reported too, with nothing accepted', async () => {
  const page = await h.open('pages/result/index', QUERY);
  h.wx.requestSubscribeMessage.mockImplementation((options: { tmplIds: string[]; success: (res: object) => void }) => {
    setTimeout(() => options.success({ errMsg: 'requestSubscribeMessage:ok', [options.tmplIds[0]]: 'reject' }), 0);
  });
  await tap(page, '#subscribe');
  await settle();
  expect(h.server.sent('POST', '/api/me/subscriptions').map((r) => (r.body as { accepted: string[] }).accepted)).toEqual([[]]);
  expect(textOf(page, '#subscribe-card')).toBe('');
});
