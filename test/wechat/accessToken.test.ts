import { WeChatApiError, WeChatClient, WeChatTransportError, type SubscribeMessage } from '../../src/wechat/client';
import { startFakeWeChat, type FakeWeChat } from './support/fakeWeChat';

/** The access token against a local fake WeChat: cached, refreshed before it runs out, replaced once when refused. */
describe('WeChat access token (stable_token)', () => {
  const start = new Date('2026-11-23T02:00:00.000Z');
  const clock = { now: start };
  let wechat: FakeWeChat;
  let client: WeChatClient;
  const message = (n: number): SubscribeMessage => ({ touser: `openid-${n}`, templateId: 'TPL', data: { thing1: { value: `第${n}条` } } });
  const later = (seconds: number) => {
    clock.now = new Date(start.getTime() + seconds * 1000);
  };

  beforeEach(async () => {
    clock.now = start;
    wechat = await startFakeWeChat({ now: () => clock.now, hangMs: 1000 });
    client = new WeChatClient({ appId: wechat.appId, appSecret: wechat.appSecret, baseUrl: wechat.url, timeoutMs: 200, clock: () => clock.now });
  });
  afterEach(() => wechat.close());

  it('asks stable_token once and reuses the token for every send', async () => {
    for (let n = 1; n <= 3; n++) await client.sendSubscribeMessage(message(n));
    expect(wechat.tokenCalls).toEqual([{ grant_type: 'client_credential', appid: wechat.appId, secret: wechat.appSecret, force_refresh: false }]);
    expect(wechat.sends.map((s) => [s.token, s.body.touser, s.answer])).toEqual([
      ['token-1', 'openid-1', 0],
      ['token-1', 'openid-2', 0],
      ['token-1', 'openid-3', 0],
    ]);
    expect(wechat.sends[0].body).toEqual({ touser: 'openid-1', template_id: 'TPL', data: { thing1: { value: '第1条' } }, lang: 'zh_CN' });
  });

  it('shares one stable_token request among callers who need a token at the same time', async () => {
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.sendSubscribeMessage(message(n))));
    expect(wechat.tokenCalls).toHaveLength(1);
    expect(new Set(wechat.sends.map((s) => s.token))).toEqual(new Set(['token-1']));
  });

  it('refreshes a few minutes before the token runs out, judged by the clock', async () => {
    await client.sendSubscribeMessage(message(1));
    later(7200 - 6 * 60); // six minutes left: still good
    await client.sendSubscribeMessage(message(2));
    expect(wechat.tokenCalls).toHaveLength(1);
    later(7200 - 4 * 60); // four minutes left: ask again (WeChat hands back the same token, 240 s left)
    await client.sendSubscribeMessage(message(3));
    expect(wechat.tokenCalls).toHaveLength(2);
    later(7200 + 1); // gone: the next send gets a new one, never a 42001
    await client.sendSubscribeMessage(message(4));
    expect(wechat.tokenCalls.map((c) => c.force_refresh)).toEqual([false, false, false]);
    expect(wechat.sends.map((s) => [s.token, s.answer])).toEqual([
      ['token-1', 0],
      ['token-1', 0],
      ['token-1', 0],
      ['token-2', 0],
    ]);
  });

  it.each([
    ['revoked', 40001],
    ['expired', 42001],
  ])('a %s token (%i) is force-refreshed once and the send tried once more', async (how, errcode) => {
    await client.sendSubscribeMessage(message(1));
    if (how === 'revoked') wechat.revokeToken();
    else wechat.expireToken();
    await client.sendSubscribeMessage(message(2));
    expect(wechat.tokenCalls.map((c) => c.force_refresh)).toEqual([false, true]);
    expect(wechat.sends.map((s) => [s.token, s.body.touser, s.answer])).toEqual([
      ['token-1', 'openid-1', 0],
      ['token-1', 'openid-2', errcode],
      ['token-2', 'openid-2', 0],
    ]);
    await client.sendSubscribeMessage(message(3));
    expect(wechat.tokenCalls).toHaveLength(2);
  });

  it('refreshes once for all the sends that found the token refused at the same time', async () => {
    await client.sendSubscribeMessage(message(0));
    wechat.revokeToken();
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.sendSubscribeMessage(message(n))));
    expect(wechat.tokenCalls.map((c) => c.force_refresh)).toEqual([false, true]);
    expect(wechat.delivered.map((d) => d.touser).sort()).toEqual(['openid-0', 'openid-1', 'openid-2', 'openid-3', 'openid-4', 'openid-5']);
  });

  it('does not loop when the fresh token is refused too', async () => {
    await client.sendSubscribeMessage(message(0));
    wechat.revokeToken();
    wechat.script.push(40001); // the token the forced refresh gave is refused as well
    const error = await client.sendSubscribeMessage(message(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(40001);
    expect(wechat.tokenCalls).toHaveLength(2);
    expect(wechat.sends).toHaveLength(3);
  });

  it('reports 43101 as a WeChat error and a stalled WeChat as a transport error without the token in it', async () => {
    wechat.refusing.add('openid-1');
    await expect(client.sendSubscribeMessage(message(1))).rejects.toMatchObject({ name: 'WeChatApiError', errcode: 43101 });
    wechat.script.push('hang');
    const started = Date.now();
    const error = await client.sendSubscribeMessage(message(2)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toBeInstanceOf(WeChatTransportError);
    expect((error as Error).message).toBe('WeChat API timed out after 200 ms for /cgi-bin/message/subscribe/send');
    expect(wechat.delivered).toHaveLength(0);
  });

  it('passes a stable_token refusal (wrong secret) on to the caller', async () => {
    const wrong = new WeChatClient({ appId: wechat.appId, appSecret: 'wrong', baseUrl: `${wechat.url}/`, timeoutMs: 200, clock: () => clock.now });
    await expect(wrong.sendSubscribeMessage(message(1))).rejects.toMatchObject({ errcode: 40125 });
    expect(wechat.sends).toHaveLength(0);
  });
});
