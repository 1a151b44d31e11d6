import { PacedSender, type ChatSender } from '../../bot/chatSender';
import type { OfficialAccountClient } from './client';
import { openidOf } from './contacts';

/**
 * 客服消息 as a ChatSender, with one send budget for the account (replies and notices, at most
 * `perSecond`) and a count of what is still queued per contact: a passive reply must not
 * overtake an earlier answer to the same user that is still on its way.
 */
export class OfficialAccountSender implements ChatSender {
  private readonly paced: PacedSender;
  private readonly queued = new Map<string, number>();

  constructor(client: OfficialAccountClient, perSecond: number) {
    this.paced = new PacedSender(
      {
        send: (contactId, text) => {
          const openid = openidOf(contactId);
          if (!openid) return Promise.reject(new Error(`not an Official Account contact: ${contactId}`));
          return client.sendText(openid, text);
        },
        sendToRoom: () => Promise.reject(new Error('the Official Account has no group chats')),
      },
      perSecond,
    );
  }

  async send(contactId: string, text: string): Promise<void> {
    this.queued.set(contactId, (this.queued.get(contactId) ?? 0) + 1);
    try {
      await this.paced.send(contactId, text);
    } finally {
      const left = (this.queued.get(contactId) ?? 1) - 1;
      if (left > 0) this.queued.set(contactId, left);
      else this.queued.delete(contactId);
    }
  }

  sendToRoom(): Promise<void> {
    return Promise.reject(new Error('the Official Account has no group chats'));
  }

  /** Messages to this contact not yet handed to WeChat. */
  hasQueued(contactId: string): boolean {
    return this.queued.has(contactId);
  }
}
