import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server sent to /cgi-bin/message/subscribe/send. */
export interface SendBody {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

export type OaApi = 'custom' | 'template';
/** What the Official Account posted: `{touser, msgtype, text: {content}}` or `{touser, template_id, data}`. */
export interface OaBody {
  touser: string;
  msgtype?: string;
  text?: { content: string };
  template_id?: string;
  data?: Record<string, { value: string }>;
}

/**
 * A scripted answer for the next send: an errcode, 'hang' (no answer until after the client gave
 * up; nothing delivered) or 'http500' (WeChat's front end failing; nothing delivered).
 */
export type SendScript = number | 'hang' | 'http500';

export interface FakeWeChat {
  url: string;
  appId: string;
  appSecret: string;
  /** Every stable_token request, in order. */
  tokenCalls: { grant_type: string; appid: string; secret: string; force_refresh?: boolean }[];
  /** Every send request with the token it carried and how the fake answered it. */
  sends: { token: string; body: SendBody; answer: SendScript }[];
  /** Messages actually delivered to a resident (answered errcode 0). */
  delivered: SendBody[];
  /** Answers for the next sends, taken from the front; empty = deliver. */
  script: SendScript[];
  /** openids whose every send is refused with 43101. */
  refusing: Set<string>;
  /** Every Official Account send (客服消息 `custom`, 模板消息 `template`) with the token it carried, the answer and when it came (by `now`, in ms). */
  oaSends: { api: OaApi; token: string; body: OaBody; answer: SendScript; at: number }[];
  /** Official Account messages actually delivered (answered errcode 0), in order. */
  oaDelivered: { api: OaApi; body: OaBody }[];
  /** Answers for the next Official Account sends, taken from the front; empty = deliver. */
  oaScript: SendScript[];
  /** Every getuserphonenumber request: the code and the token it carried. */
  phoneCalls: { code: string; token: string }[];
  /** Every 小程序码 (getwxacodeunlimit) and Official Account QR (qrcode/create) request. */
  qrCalls: { api: 'wxacode' | 'oa'; body: Record<string, unknown> }[];
  /** The current token stops working (40001), as when another party force-refreshed it. */
  revokeToken(): void;
  /** The current token runs out now (42001). */
  expireToken(): void;
  close(): Promise<void>;
}

interface Token {
  value: string;
  expiresAt: number;
  revoked: boolean;
}

/**
 * A local stand-in for the WeChat server API on 127.0.0.1, with WeChat's token rules: stable_token
 * hands out the same token until it runs out (7200 s by the test clock) unless force_refresh,
 * which replaces it and makes the old one invalid; a send with an invalid token gets 40001, with
 * an expired one 42001. jscode2session turns `code:<openid>` into that openid. The Official
 * Account's 客服消息 and template sends follow the same token rules (one fake serves both apps).
 * getuserphonenumber turns the button's code `phone:<number>` into that number, once (a used
 * code is 40029, as WeChat's are single-use). getwxacodeunlimit answers a PNG whose bytes
 * carry the scene and page (`FAKEPNG <scene> <page>`); qrcode/create a url naming the scene.
 */
export function startFakeWeChat(options: { now: () => Date; hangMs?: number; tokenLifetimeS?: number }): Promise<FakeWeChat> {
  const appId = 'wx-fake-app';
  const appSecret = 'fake-secret';
  const lifetime = options.tokenLifetimeS ?? 7200;
  const tokens = new Map<string, Token>();
  let current: Token | null = null;
  let issued = 0;
  const now = () => options.now().getTime();
  const usedPhoneCodes = new Set<string>();
  const issue = (): Token => {
    if (current) current.revoked = true;
    current = { value: `token-${++issued}`, expiresAt: now() + lifetime * 1000, revoked: false };
    tokens.set(current.value, current);
    return current;
  };

  const fake: FakeWeChat = {
    url: '',
    appId,
    appSecret,
    tokenCalls: [],
    sends: [],
    delivered: [],
    script: [],
    refusing: new Set(),
    oaSends: [],
    oaDelivered: [],
    oaScript: [],
    phoneCalls: [],
    qrCalls: [],
    revokeToken: () => {
      if (current) current.revoked = true;
    },
    expireToken: () => {
      if (current) current.expiresAt = now();
    },
    close: async () => undefined,
  };

  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  };
  const answer = (res: ServerResponse, body: object) => {
    if (res.destroyed || res.writableEnded) return;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname === '/sns/jscode2session') {
        const code = url.searchParams.get('js_code') ?? '';
        if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== appSecret) return answer(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        if (!code.startsWith('code:')) return answer(res, { errcode: 40029, errmsg: 'invalid code' });
        return answer(res, { openid: code.slice(5), session_key: 'k' });
      }
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
        const body = (await readJson(req)) as FakeWeChat['tokenCalls'][number];
        fake.tokenCalls.push(body);
        if (body.grant_type !== 'client_credential' || body.appid !== appId || body.secret !== appSecret) return answer(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        const usable = current && !current.revoked && current.expiresAt > now() ? current : null;
        const token = body.force_refresh || !usable ? issue() : usable;
        return answer(res, { access_token: token.value, expires_in: Math.floor((token.expiresAt - now()) / 1000) });
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        const tokenValue = url.searchParams.get('access_token') ?? '';
        const body = (await readJson(req)) as unknown as SendBody;
        const token = tokens.get(tokenValue);
        if (!token || token.revoked) {
          fake.sends.push({ token: tokenValue, body, answer: 40001 });
          return answer(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        }
        if (token.expiresAt <= now()) {
          fake.sends.push({ token: tokenValue, body, answer: 42001 });
          return answer(res, { errcode: 42001, errmsg: 'access_token expired' });
        }
        const scripted = fake.script.shift() ?? (fake.refusing.has(body.touser) ? 43101 : 0);
        fake.sends.push({ token: tokenValue, body, answer: scripted });
        if (scripted === 'http500') {
          res.statusCode = 500;
          return res.end('system error');
        }
        if (scripted === 'hang') {
          setTimeout(() => answer(res, { errcode: 0, errmsg: 'ok' }), options.hangMs ?? 1000).unref();
          return;
        }
        if (scripted === 0) fake.delivered.push(body);
        return answer(res, { errcode: scripted, errmsg: scripted === 0 ? 'ok' : `scripted error ${scripted}` });
      }
      if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
        const tokenValue = url.searchParams.get('access_token') ?? '';
        const { code } = (await readJson(req)) as { code: string };
        fake.phoneCalls.push({ code, token: tokenValue });
        const token = tokens.get(tokenValue);
        if (!token || token.revoked) return answer(res, { errcode: 40001, errmsg: 'invalid credential' });
        if (token.expiresAt <= now()) return answer(res, { errcode: 42001, errmsg: 'access_token expired' });
        if (!code.startsWith('phone:') || usedPhoneCodes.has(code)) return answer(res, { errcode: 40029, errmsg: 'invalid code' });
        usedPhoneCodes.add(code);
        const number = code.slice(6);
        return answer(res, { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: `+86${number}`, purePhoneNumber: number, countryCode: '86' } });
      }
      if ((url.pathname === '/wxa/getwxacodeunlimit' || url.pathname === '/cgi-bin/qrcode/create') && req.method === 'POST') {
        const body = await readJson(req);
        const api = url.pathname === '/wxa/getwxacodeunlimit' ? 'wxacode' : 'oa';
        fake.qrCalls.push({ api, body });
        const token = tokens.get(url.searchParams.get('access_token') ?? '');
        if (!token || token.revoked || token.expiresAt <= now()) return answer(res, { errcode: 40001, errmsg: 'invalid credential' });
        if (api === 'oa') {
          const scene = (body.action_info as { scene: { scene_str: string } }).scene.scene_str;
          return answer(res, { ticket: `ticket-${scene}`, url: `http://weixin.qq.com/q/fake-${scene}` });
        }
        if (String(body.scene).length > 32) return answer(res, { errcode: 40169, errmsg: 'invalid length for scene' });
        res.setHeader('content-type', 'image/png');
        return res.end(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(` FAKEPNG ${String(body.scene)} ${String(body.page)}`)]));
      }
      const oaApi: OaApi | null = url.pathname === '/cgi-bin/message/custom/send' ? 'custom' : url.pathname === '/cgi-bin/message/template/send' ? 'template' : null;
      if (oaApi && req.method === 'POST') {
        const tokenValue = url.searchParams.get('access_token') ?? '';
        const body = (await readJson(req)) as unknown as OaBody;
        const token = tokens.get(tokenValue);
        const refused = !token || token.revoked ? 40001 : token.expiresAt <= now() ? 42001 : null;
        const scripted = refused ?? fake.oaScript.shift() ?? 0;
        fake.oaSends.push({ api: oaApi, token: tokenValue, body, answer: scripted, at: now() });
        if (scripted === 'http500') {
          res.statusCode = 500;
          return res.end('system error');
        }
        if (scripted === 'hang') {
          setTimeout(() => answer(res, { errcode: 0, errmsg: 'ok' }), options.hangMs ?? 1000).unref();
          return;
        }
        if (scripted === 0) fake.oaDelivered.push({ api: oaApi, body });
        return answer(res, { errcode: scripted, errmsg: scripted === 0 ? 'ok' : `scripted error ${scripted}` });
      }
      answer(res, { errcode: 404, errmsg: 'no such api' });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  fake.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(fake);
    }),
  );
}
