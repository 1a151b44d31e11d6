import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { parsePhone } from '../shared/phone';
import type { AppContext } from './context';

export const phoneCodeSchema = z.object({ code: z.string({ error: '缺少手机号授权' }).min(1, { error: '缺少手机号授权' }).max(128, { error: '手机号授权不正确' }) }).strict();

/**
 * The number behind the mini-program's phone-number button (getPhoneNumber's code), read from
 * WeChat by the server: the resident taps instead of typing eleven digits. In demo mode
 * (no WeChat credentials, never in production) a code `demo:<number>` stands for that number.
 */
export async function phoneFromWeChatCode(app: AppContext, code: string): Promise<string> {
  let raw: string;
  if (app.wechat) raw = await app.wechat.getUserPhoneNumber(code);
  else if (app.config.demoLogin && code.startsWith('demo:')) raw = code.slice(5);
  else throw new DomainError('wechat_unavailable', '现在不能读取微信里的手机号，请自己填写手机号', 400);
  const phone = parsePhone(raw);
  // WeChat also verifies landlines and numbers abroad; a cadre can call back only a mainland mobile.
  if (!phone) throw new DomainError('phone_not_mobile', '微信里的号码不是大陆手机号，请自己填写一个手机号', 400);
  return phone;
}
