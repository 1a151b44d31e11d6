import { ChatNoticeDeliverer } from '../src/jobs/chatNoticeDeliverer';
import type { DeliveryResult } from '../src/jobs/outboxDispatcher';
import { officialAccountRecipientSql } from '../src/officialAccount/contacts';
import type { AppContext } from '../src/services/context';
import type { OutboxMessage } from '../src/store/entities';
import type { ChatSender } from './chatSender';

/**
 * Outbox rows of the chat channel as chat messages: staff notices to the contact bound with
 * 绑定 (none bound: skipped for good), resident notices to the contact who declared. A failed
 * send is retried by the dispatcher with backoff.
 */
export class ChatDeliverer extends ChatNoticeDeliverer {
  constructor(
    app: AppContext,
    private readonly sender: ChatSender,
  ) {
    super(app);
  }

  /** Contacts of the Official Account get their notices from it (src/officialAccount/deliverer.ts). */
  claimWhere(alias: string): string {
    return `NOT ${officialAccountRecipientSql(alias)}`;
  }

  protected async sendTo(row: OutboxMessage, contactId: string | null, text: string): Promise<DeliveryResult> {
    if (!contactId) {
      return { status: 'skipped', reason: row.recipientType === 'staff' ? '工作人员未绑定微信 (no chat binding)' : '居民不是微信聊天用户 (not a chat resident)' };
    }
    try {
      await this.sender.send(contactId, text);
      return { status: 'sent' };
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
