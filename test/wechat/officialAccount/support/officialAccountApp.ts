import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { Response } from 'supertest';
import { aesKeyFrom, decryptMessage, encryptMessage } from '../../../../src/officialAccount/messageCrypto';
import { installOfficialAccount, type OfficialAccount, type OfficialAccountOptions } from '../../../../src/officialAccount/runtime';
import { pushSignature } from '../../../../src/officialAccount/signature';
import { createTestApp, type Driver, type TestApp } from '../../../support/testApp';
import { startFakeWeChat, type FakeWeChat } from '../../support/fakeWeChat';

/** The account under test: a Token and EncodingAESKey as 服务器配置 would hold them. */
export const OA_TOKEN = 'shenbaoPushToken2026';
export const OA_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const OA_ORIGINAL_ID = 'gh_shenbao0001';

export interface PushOptions {
  /** Safe mode (encrypt_type=aes); default plain. */
  safe?: boolean;
  /** Sign with another token (a forgery). */
  token?: string;
  contentType?: string;
}

export interface OfficialAccountTest {
  t: TestApp;
  wechat: FakeWeChat;
  account: OfficialAccount;
  /** Posts raw XML as WeChat would, signed. */
  post(xml: string, options?: PushOptions): Promise<Response>;
  /** Posts one text message; its replies, passive or by 客服消息, in order. */
  say(openid: string, text: string, options?: PushOptions & { msgId?: string }): Promise<string[]>;
  /** The passive reply of a response, decrypted in safe mode; null for "success". */
  passive(response: Response): string | null;
  /** 客服消息 texts delivered to this user, in order. */
  delivered(openid: string): string[];
  close(): Promise<void>;
}

const parser = new XMLParser({ parseTagValue: false });
let msgIds = 7_000_000_000_000_000_000n;

export const nextMsgId = (): string => String(++msgIds);

/** A pushed message as WeChat writes it: every string field in CDATA, numbers bare. */
export function pushXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => (typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}><![CDATA[${value}]]></${name}>`))
    .join('');
  return `<xml>${body}</xml>`;
}

export function textPush(openid: string, text: string, createTime: number, msgId = nextMsgId()): string {
  return pushXml({ ToUserName: OA_ORIGINAL_ID, FromUserName: openid, CreateTime: createTime, MsgType: 'text', Content: text, MsgId: msgId });
}

export function eventPush(openid: string, event: string, createTime: number, eventKey?: string): string {
  return pushXml({ ToUserName: OA_ORIGINAL_ID, FromUserName: openid, CreateTime: createTime, MsgType: 'event', Event: event, ...(eventKey === undefined ? {} : { EventKey: eventKey }) });
}

/**
 * The service with the Official Account configured against the local fake WeChat (same token
 * rules as the mini-program's tests), on a fresh database of `driver`.
 */
export async function startOfficialAccountTest(driver: Driver, options: { env?: Record<string, string>; account?: (app: TestApp['app'], clock: TestApp['clock']) => OfficialAccountOptions } = {}): Promise<OfficialAccountTest> {
  const clock = { now: new Date() };
  const wechat = await startFakeWeChat({ now: () => clock.now, hangMs: 1000 });
  const t = await createTestApp(driver, {
    WECHAT_OA_APP_ID: wechat.appId,
    WECHAT_OA_APP_SECRET: wechat.appSecret,
    WECHAT_OA_TOKEN: OA_TOKEN,
    WECHAT_OA_AES_KEY: OA_AES_KEY,
    WECHAT_OA_SEND_PER_SECOND: '100',
    WECHAT_API_BASE: wechat.url,
    ...options.env,
  });
  Object.defineProperty(clock, 'now', { get: () => t.clock.now });
  const account = installOfficialAccount(t.app, { timeoutMs: 500, ...options.account?.(t.app, t.clock) });
  const aes = aesKeyFrom(OA_AES_KEY);
  const createTime = () => Math.floor(t.clock.now.getTime() / 1000);

  const post = (xml: string, o: PushOptions = {}) => {
    const timestamp = String(createTime());
    const nonce = randomBytes(4).readUInt32BE().toString();
    const token = o.token ?? OA_TOKEN;
    const query: Record<string, string> = { signature: pushSignature([token, timestamp, nonce]), timestamp, nonce, openid: 'ignored' };
    let body = xml;
    if (o.safe) {
      const encrypted = encryptMessage(aes, xml, wechat.appId);
      body = `<xml><ToUserName><![CDATA[${OA_ORIGINAL_ID}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
      Object.assign(query, { encrypt_type: 'aes', msg_signature: pushSignature([token, timestamp, nonce, encrypted]) });
    }
    return t.http
      .post(`/wechat/oa?${new URLSearchParams(query)}`)
      .set('content-type', o.contentType ?? 'text/xml')
      .send(body);
  };

  const passive = (response: Response): string | null => {
    if (response.text === 'success') return null;
    let doc = parser.parse(response.text) as { xml: Record<string, string> };
    if (doc.xml.Encrypt) {
      const { Encrypt, MsgSignature, TimeStamp, Nonce } = doc.xml;
      if (pushSignature([OA_TOKEN, TimeStamp, Nonce, Encrypt]) !== MsgSignature) throw new Error('passive reply signed wrongly');
      doc = parser.parse(decryptMessage(aes, Encrypt, wechat.appId)) as { xml: Record<string, string> };
    }
    return doc.xml.Content;
  };

  const delivered = (openid: string) => wechat.oaDelivered.filter((d) => d.api === 'custom' && d.body.touser === openid).map((d) => d.body.text?.content ?? '');

  return {
    t,
    wechat,
    account,
    post,
    passive,
    delivered,
    async say(openid, text, o = {}) {
      const before = delivered(openid).length;
      const response = await post(textPush(openid, text, createTime(), o.msgId), o);
      if (response.status !== 200) throw new Error(`push answered ${response.status}: ${response.text}`);
      const reply = passive(response);
      await account.push.drain();
      const sent = delivered(openid).slice(before);
      return reply === null ? sent : [reply, ...sent];
    },
    async close() {
      await account.push.drain();
      await t.close();
      await wechat.close();
    },
  };
}
