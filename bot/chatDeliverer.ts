import type { DeliveryResult, Deliverer } from '../src/jobs/outboxDispatcher';
import { officialAccountRecipientSql } from '../src/officialAccount/contacts';
import { chatContactOf } from '../src/services/chatIdentity';
import type { AppContext } from '../src/services/context';
import { renderNotice, RESIDENT_KINDS_TOLD_IN_CHAT } from '../src/services/noticeText';
import type { OutboxMessage } from '../src/store/entities';
import type { ChatSender } from './chatSender';

/**
 * Outbox rows of the chat channel as chat messages: staff notices to the contact bound with
 * 绑定 (none bound: skipped for good), resident notices to the contact who declared. A failed
 * send is retried by the dispatcher with backoff.
 */
export class ChatDeliverer implements Deliverer {
  readonly channel = 'chat' as const;
  /** Contacts of the Official Account get their notices from it (src/officialAccount/deliverer.ts). */
  readonly claimWhere = (alias: string) => `NOT ${officialAccountRecipientSql(alias)}`;

  constructor(
    private readonly app: AppContext,
    private readonly sender: ChatSender,
  ) {}

  async deliver(row: OutboxMessage): Promise<DeliveryResult> {
    if (row.recipientType === 'resident' && RESIDENT_KINDS_TOLD_IN_CHAT.includes(row.kind)) {
      return { status: 'skipped', reason: '已在对话中告知 (told in the conversation)' };
    }
    const contactId = await chatContactOf(this.app, row.recipientType, row.recipientId);
    if (!contactId) {
      return { status: 'skipped', reason: row.recipientType === 'staff' ? '工作人员未绑定微信 (no chat binding)' : '居民不是微信聊天用户 (not a chat resident)' };
    }
    try {
      await this.sender.send(contactId, renderNotice(row.kind, row.recipientType, row.payload));
      return { status: 'sent' };
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
