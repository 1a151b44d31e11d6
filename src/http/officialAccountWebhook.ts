import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { decryptMessage, encryptMessage, MessageCryptoError } from '../officialAccount/messageCrypto';
import { encryptedReplyXml, PushXmlError, readEnvelope, readPush, textReplyXml } from '../officialAccount/pushXml';
import { officialAccountOf, type OfficialAccount } from '../officialAccount/runtime';
import { pushSignature, signatureMatches } from '../officialAccount/signature';
import type { AppContext } from '../services/context';
import { readFileBody } from './fileBody';

/**
 * The Official Account's server URL (服务器配置): GET is WeChat checking the URL (echo `echostr`
 * when the signature is right), POST is a pushed message or event, plain or in safe mode. Every
 * request is signed with the Token; anything unsigned, forged or malformed is refused with a 4xx
 * before a single row is written.
 */
export const OA_PATH = '/wechat/oa';
/** Pushes are a few hundred bytes (safe mode about three times that); anything near this is not WeChat. */
export const OA_BODY_LIMIT = 32 * 1024;

const querySchema = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().regex(/^\d{1,12}$/).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(1024).optional(),
  encrypt_type: z.enum(['aes', 'raw']).optional(),
  msg_signature: z.string().max(64).optional(),
});
type PushQuery = z.output<typeof querySchema>;

const badSignature = () => new DomainError('bad_signature', '签名不对，请求不是来自微信', 401);
const badXml = () => new DomainError('bad_xml', '消息内容不是有效的微信XML', 400);

/** The query, checked: the signature over (token, timestamp, nonce) must match. */
function signedQuery(ctx: Context, account: OfficialAccount): PushQuery & { timestamp: string; nonce: string } {
  const parsed = querySchema.safeParse(ctx.query);
  if (!parsed.success) throw badSignature();
  const { timestamp, nonce, signature } = parsed.data;
  if (!timestamp || nonce === undefined || !signatureMatches(pushSignature([account.config.token, timestamp, nonce]), signature)) throw badSignature();
  return { ...parsed.data, timestamp, nonce };
}

/** The pushed XML in the clear: safe mode's envelope checked (msg_signature) and opened (appid). */
function openPush(account: OfficialAccount, query: PushQuery & { timestamp: string; nonce: string }, body: string): string {
  if (query.encrypt_type !== 'aes') return body;
  if (!account.aes) throw new DomainError('safe_mode_off', '服务器没有配置消息加解密密钥（EncodingAESKey）', 400);
  let encrypted: string;
  try {
    encrypted = readEnvelope(body);
  } catch (error) {
    if (error instanceof PushXmlError) throw badXml();
    throw error;
  }
  if (!signatureMatches(pushSignature([account.config.token, query.timestamp, query.nonce, encrypted]), query.msg_signature)) throw badSignature();
  try {
    return decryptMessage(account.aes, encrypted, account.config.appId);
  } catch (error) {
    // Signed with our token yet not for our appid (or not decryptable): not a message for this account.
    if (error instanceof MessageCryptoError) throw badSignature();
    throw error;
  }
}

async function readXmlBody(ctx: Context): Promise<string> {
  if (ctx.request.type && !ctx.is('text/xml', 'application/xml', 'text/plain')) throw new DomainError('unsupported_media', '只接收微信推送的XML消息', 415);
  return (await readFileBody(ctx, OA_BODY_LIMIT, '消息内容太大')).toString('utf8');
}

function passiveReply(account: OfficialAccount, query: PushQuery, to: string, from: string, text: string, now: Date): string {
  const createTime = Math.floor(now.getTime() / 1000);
  const xml = textReplyXml(to, from, createTime, text);
  if (query.encrypt_type !== 'aes' || !account.aes) return xml;
  const encrypted = encryptMessage(account.aes, xml, account.config.appId);
  const timestamp = String(createTime);
  const nonce = randomBytes(8).toString('hex');
  return encryptedReplyXml(encrypted, pushSignature([account.config.token, timestamp, nonce, encrypted]), timestamp, nonce);
}

/** Serves the endpoint when the account is configured (WECHAT_OA_APP_ID, _APP_SECRET, _TOKEN). */
export function mountOfficialAccount(router: Router, app: AppContext): void {
  if (!app.config.officialAccount) return;
  // Taken at request time, not here: tests install their own parts after the app is built.
  const account = () => officialAccountOf(app) as OfficialAccount;

  router.get(OA_PATH, (ctx) => {
    const oa = account();
    const query = signedQuery(ctx, oa);
    ctx.type = 'text/plain';
    ctx.body = query.echostr ?? '';
  });

  router.post(OA_PATH, async (ctx) => {
    const oa = account();
    const query = signedQuery(ctx, oa);
    const xml = openPush(oa, query, await readXmlBody(ctx));
    let push;
    try {
      push = readPush(xml);
    } catch (error) {
      if (error instanceof PushXmlError) throw badXml();
      throw error;
    }
    const answer = await oa.push.handle(push);
    if (!answer) {
      ctx.type = 'text/plain';
      ctx.body = 'success';
      return;
    }
    ctx.type = 'application/xml';
    ctx.body = passiveReply(oa, query, push.FromUserName, push.ToUserName, answer.passive, app.clock());
  });
}
