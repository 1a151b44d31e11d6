import type { Wechaty } from 'wechaty';
import type { ChatSender } from './chatSender';

const SEND_TIMEOUT_MS = 30_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends through whichever Wechaty instance is current (the bot swaps it on restart), by id and
 * through the puppet directly: Wechaty's Contact.find reports an unknown id as a bot `error`
 * event, which must not look like a dying puppet. Throws when logged out or the contact is gone.
 */
export class WechatySender implements ChatSender {
  constructor(private readonly current: () => Wechaty | null) {}

  private puppet() {
    const bot = this.current();
    if (!bot || !bot.isLoggedIn) throw new Error('WeChat is not logged in');
    return bot.puppet;
  }

  async send(contactId: string, text: string): Promise<void> {
    const puppet = this.puppet();
    try {
      await puppet.contactPayload(contactId);
    } catch {
      throw new Error('chat contact not found (unknown to this WeChat account)');
    }
    await withTimeout(puppet.messageSendText(contactId, text), 'send');
  }

  async sendToRoom(roomId: string, text: string): Promise<void> {
    await withTimeout(this.puppet().messageSendText(roomId, text), 'room send');
  }
}
