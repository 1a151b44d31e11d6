import { chatContactOf } from '../services/chatIdentity';
import type { AppContext } from '../services/context';
import { renderNotice, RESIDENT_KINDS_TOLD_IN_CHAT } from '../services/noticeText';
import type { OutboxMessage } from '../store/entities';
import type { DeliveryResult, Deliverer } from './outboxDispatcher';

export const TOLD_IN_CHAT_REASON = '已在对话中告知 (told in the conversation)';

/**
 * What every transport of the chat channel (the bot, the Official Account) does with a row
 * before it sends: leave out what the resident already read in the conversation, find the
 * recipient's chat contact as it is now, and put the row into words. Each transport says which
 * rows it claims and how it sends.
 */
export abstract class ChatNoticeDeliverer implements Deliverer {
  readonly channel = 'chat' as const;

  constructor(protected readonly app: AppContext) {}

  abstract claimWhere(alias: string): string;

  /** Sends `text` to `contactId`, null when the recipient has no chat contact (not bound, not a chat resident). */
  protected abstract sendTo(row: OutboxMessage, contactId: string | null, text: string): Promise<DeliveryResult>;

  async deliver(row: OutboxMessage): Promise<DeliveryResult> {
    if (row.recipientType === 'resident' && RESIDENT_KINDS_TOLD_IN_CHAT.includes(row.kind)) return { status: 'skipped', reason: TOLD_IN_CHAT_REASON };
    const contactId = await chatContactOf(this.app, row.recipientType, row.recipientId);
    return this.sendTo(row, contactId, renderNotice(row.kind, row.recipientType, row.payload));
  }
}
