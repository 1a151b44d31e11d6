import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/testApp';

/** A local stand-in for WeChat's jscode2session: knows one code, refuses the rest with 40029. */
function fakeWeChat(): Promise<{ server: Server; url: string; calls: URL[] }> {
  const calls: URL[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    calls.push(url);
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session') return res.end(JSON.stringify({ errcode: 404, errmsg: 'no such api' }));
    if (url.searchParams.get('js_code') === 'good-code' && url.searchParams.get('secret') === 'app-secret') {
      return res.end(JSON.stringify({ openid: 'o-real-openid', session_key: 'k' }));
    }
    res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('resident login through WeChat jscode2session', () => {
  let t: TestApp;
  let wechat: Awaited<ReturnType<typeof fakeWeChat>>;
  beforeAll(async () => {
    wechat = await fakeWeChat();
    t = await createTestApp('sqlite', { WECHAT_APP_ID: 'wx-app', WECHAT_APP_SECRET: 'app-secret', WECHAT_API_BASE: wechat.url });
  });
  afterAll(async () => {
    await t.close();
    wechat.server.close();
  });

  it('exchanges a good code for a token bound to the openid', async () => {
    const first = await t.http.post('/api/auth/wechat').send({ code: 'good-code' }).expect(200);
    const second = await t.http.post('/api/auth/wechat').send({ code: 'good-code' }).expect(200);
    expect(second.body.resident.id).toBe(first.body.resident.id);
    expect(wechat.calls[0].searchParams.get('appid')).toBe('wx-app');
    expect(wechat.calls[0].searchParams.get('grant_type')).toBe('authorization_code');
  });

  it('turns an invalid code into a 401 in Chinese', async () => {
    const response = await t.http.post('/api/auth/wechat').send({ code: 'stale-code' }).expect(401);
    expect(response.body.error.message).toBe('微信登录已失效，请重新打开小程序');
  });

  it('does not accept demo codes once real credentials are configured', async () => {
    await t.http.post('/api/auth/wechat').send({ code: 'demo:someone' }).expect(401);
  });
});
