import { WeChatClient } from '../wechat/client';

/**
 * The Official Account's side of the WeChat server API: 客服消息 and template messages. It is the
 * mini-program's client with the account's own appid and secret, so it shares the access-token
 * cache's rules (one refresher, 40001/42001 refreshed once) with a token of its own.
 */
export const OA_ERR = {
  /** The user has not written within 48 hours (response out of time limit). */
  windowClosed: 45015,
  /** Too many 客服消息 since the user last wrote. */
  quota: 45047,
  /** The user unfollowed the account. */
  unsubscribed: 43004,
  /** The user refused template messages from the account. */
  refused: 43101,
} as const;

export interface TemplateMessage {
  touser: string;
  templateId: string;
  data: Record<string, { value: string }>;
}

export class OfficialAccountClient extends WeChatClient {
  private postJson(path: string, body: unknown): Promise<unknown> {
    return this.withAccessToken((token) =>
      this.call(`${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
  }

  /** A text 客服消息; errors as WeChatApiError (45015, 45047, 43004…) or WeChatTransportError. */
  async sendText(openid: string, content: string): Promise<void> {
    await this.postJson('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content } });
  }

  /**
   * A permanent parametric QR code (QR_LIMIT_STR_SCENE): its content, to be drawn locally. A
   * follow from it arrives as EventKey `qrscene_<scene>`, a scan by a follower as `<scene>`.
   */
  async sceneQrContent(scene: string): Promise<string> {
    const body = (await this.postJson('/cgi-bin/qrcode/create', { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: scene } } })) as { url: string };
    return body.url;
  }

  /** A template message (模板消息): allowed outside the 48-hour window. */
  async sendTemplate(message: TemplateMessage): Promise<void> {
    await this.postJson('/cgi-bin/message/template/send', { touser: message.touser, template_id: message.templateId, data: message.data });
  }
}
