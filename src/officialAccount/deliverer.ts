import type { DeliveryResult, Deliverer } from '../jobs/outboxDispatcher';
import { chatContactOf } from '../services/chatIdentity';
import type { AppContext } from '../services/context';
import { renderNotice, RESIDENT_KINDS_TOLD_IN_CHAT } from '../services/noticeText';
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
 * Chat notices (outbox channel `chat`) for recipients who talk through the Official Account:
 * 客服消息 while the user's 48-hour window is open; outside it a configured template message, or
 * the row waits (state `waiting`) until the user writes again — never dropped. An unfollowed
 * user gets nothing (skipped, with the reason).
 */
export class OfficialAccountDeliverer implements Deliverer {
  readonly channel = 'chat' as const;
  readonly claimWhere = officialAccountRecipientSql;

  constructor(
    private readonly app: AppContext,
    private readonly account: OfficialAccount,
  ) {}

  async deliver(row: OutboxMessage): Promise<DeliveryResult> {
    if (row.recipientType === 'resident' && RESIDENT_KINDS_TOLD_IN_CHAT.includes(row.kind)) {
      return { status: 'skipped', reason: '已在对话中告知 (told in the conversation)' };
    }
    const contactId = await chatContactOf(this.app, row.recipientType, row.recipientId);
    const openid = contactId ? openidOf(contactId) : null;
    // The binding moved between claim and send: the row is the other transport's on the next pass.
    if (!contactId || !openid) return { status: 'failed', error: 'recipient no longer on the Official Account' };
    const status = await followerStatus(this.app, openid);
    if (!status.subscribed) return { status: 'skipped', reason: '对方已取消关注公众号 (unsubscribed)' };

    if (status.windowOpen) {
      try {
        await this.account.sender.send(contactId, renderNotice(row.kind, row.recipientType, row.payload));
        return { status: 'sent' };
      } catch (error) {
        const outcome = await this.refused(error, openid);
        if (outcome) return outcome;
        // 45015 / 45047: the window is closed after all, or its quota spent: as outside it.
      }
    }
    return this.outsideWindow(row, openid);
  }

  /** What a failed 客服消息 comes to; null when the notice should go the outside-window way. */
  private async refused(error: unknown, openid: string): Promise<DeliveryResult | null> {
    if (!(error instanceof WeChatApiError)) return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    if (error.errcode === OA_ERR.windowClosed) {
      await closeWindow(this.app, openid);
      return null;
    }
    if (error.errcode === OA_ERR.quota) return null;
    if (error.errcode === OA_ERR.unsubscribed) {
      await recordUnsubscribe(this.app, openid);
      return { status: 'skipped', reason: '对方已取消关注公众号 (43004)' };
    }
    return { status: 'failed', error: error.message, permanent: !RETRY_LATER.has(error.errcode) };
  }

  private async outsideWindow(row: OutboxMessage, openid: string): Promise<DeliveryResult> {
    const template = templateFor(this.account.config.templates, row.kind);
    if (!template) return { status: 'waiting', reason: WAITING_REASON };
    try {
      await this.account.client.sendTemplate({ touser: openid, templateId: template.templateId, data: renderTemplateData(template, noticeValues(row.payload, row.createdAt)) });
      return { status: 'sent' };
    } catch (error) {
      if (error instanceof WeChatApiError && error.errcode === OA_ERR.refused) return { status: 'waiting', reason: `${WAITING_REASON}；对方拒收模板消息 (43101)` };
      const outcome = await this.refused(error, openid);
      return outcome ?? { status: 'waiting', reason: WAITING_REASON };
    }
  }
}
