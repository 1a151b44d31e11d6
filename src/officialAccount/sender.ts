import { PacedSender, type ChatSender } from '../../bot/chatSender';
import type { OfficialAccountClient, TemplateMessage } from './client';
import { openidOf } from './contacts';

/** The pacer's clock and sleep; tests pass a clock they move themselves. */
export interface SendPacing {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * 客服消息 as a ChatSender, with one send budget for the account (replies, notices and template
 * messages, at most `perSecond`) and a count of what is still queued per contact: a passive reply
 * must not overtake an earlier answer to the same user that is still on its way.
 */
export class OfficialAccountSender implements ChatSender {
  private readonly paced: PacedSender;
  private readonly queued = new Map<string, number>();

  constructor(
    private readonly client: OfficialAccountClient,
    perSecond: number,
    pacing?: SendPacing,
  ) {
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
      pacing?.sleep,
      pacing?.now,
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

  /** A template message (outside the 48-hour window), in the same budget as 客服消息. */
  sendTemplate(message: TemplateMessage): Promise<void> {
    return this.paced.run(() => this.client.sendTemplate(message));
  }

  sendToRoom(): Promise<void> {
    return Promise.reject(new Error('the Official Account has no group chats'));
  }

  /** Messages to this contact not yet handed to WeChat. */
  hasQueued(contactId: string): boolean {
    return this.queued.has(contactId);
  }
}
