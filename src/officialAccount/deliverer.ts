import { ChatNoticeDeliverer } from '../jobs/chatNoticeDeliverer';
import type { DeliveryResult } from '../jobs/outboxDispatcher';
import type { AppContext } from '../services/context';
import { CHAT_REPLY_KIND } from '../services/outbox';
import type { OutboxMessage } from '../store/entities';
import { TOKEN_REFUSED, WeChatApiError } from '../wechat/client';
import { noticeValues, renderTemplateData, templateFor } from '../wechat/subscribeTemplate';
import { OA_ERR } from './client';
import { officialAccountRecipientSql, openidOf } from './contacts';
import { closeWindow, followerStatus, recordUnsubscribe } from './followers';
import type { OfficialAccount } from './runtime';

/** Worth another try later: WeChat busy, rate limits, a token refused even after a refresh. */
const RETRY_LATER = new Set([-1, 45009, 45011, ...TOKEN_REFUSED]);

export const WAITING_REASON = '48小时内对方没有发过消息，客服消息发不出去；等对方再发消息后自动发出 (customer service window closed)';

/**
 * What a refused 客服消息 comes to, for a notice and for a reply alike; null when it should go the
 * outside-window way (45015: the window closed after all; 45047: its quota is spent).
 */
export async function customMessageRefused(app: AppContext, error: unknown, openid: string): Promise<DeliveryResult | null> {
  if (!(error instanceof WeChatApiError)) return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  if (error.errcode === OA_ERR.windowClosed) {
    await closeWindow(app, openid);
    return null;
  }
  if (error.errcode === OA_ERR.quota) return null;
  if (error.errcode === OA_ERR.unsubscribed) {
    await recordUnsubscribe(app, openid);
    return { status: 'skipped', reason: '对方已取消关注公众号 (43004)' };
  }
  return { status: 'failed', error: error.message, permanent: !RETRY_LATER.has(error.errcode) };
}

/**
 * Chat notices (outbox channel `chat`) for recipients who talk through the Official Account, and
 * the account's replies that could not be sent at once: 客服消息 while the user's 48-hour window
 * is open; outside it a configured template message (notices only: a template carries a case's
 * fields, not a reply's words), or the row waits (state `waiting`) until the user writes again —
 * never dropped. An unfollowed user gets nothing (skipped, with the reason).
 */
export class OfficialAccountDeliverer extends ChatNoticeDeliverer {
  constructor(
    app: AppContext,
    private readonly account: OfficialAccount,
  ) {
    super(app);
  }

  claimWhere(alias: string): string {
    return officialAccountRecipientSql(alias);
  }

  protected async sendTo(row: OutboxMessage, contactId: string | null, text: string): Promise<DeliveryResult> {
    const openid = contactId ? openidOf(contactId) : null;
    // The binding moved between claim and send: the row is the other transport's on the next pass.
    if (!contactId || !openid) return { status: 'failed', error: 'recipient no longer on the Official Account' };
    const status = await followerStatus(this.app, openid);
    if (!status.subscribed) return { status: 'skipped', reason: '对方已取消关注公众号 (unsubscribed)' };

    if (status.windowOpen) {
      try {
        await this.account.sender.send(contactId, text);
        return { status: 'sent' };
      } catch (error) {
        const outcome = await customMessageRefused(this.app, error, openid);
        if (outcome) return outcome;
      }
    }
    return this.outsideWindow(row, openid);
  }

  private async outsideWindow(row: OutboxMessage, openid: string): Promise<DeliveryResult> {
    const template = row.kind === CHAT_REPLY_KIND ? null : templateFor(this.account.config.templates, row.kind);
    if (!template) return { status: 'waiting', reason: WAITING_REASON };
    try {
      await this.account.sender.sendTemplate({ touser: openid, templateId: template.templateId, data: renderTemplateData(template, noticeValues(row.payload, row.createdAt)) });
      return { status: 'sent' };
    } catch (error) {
      if (error instanceof WeChatApiError && error.errcode === OA_ERR.refused) return { status: 'waiting', reason: `${WAITING_REASON}；对方拒收模板消息 (43101)` };
      const outcome = await customMessageRefused(this.app, error, openid);
      return outcome ?? { status: 'waiting', reason: WAITING_REASON };
    }
  }
}
