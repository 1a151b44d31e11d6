import { handleMessage, MSG, nonTextTurn, type EngineResult, type Sender } from '../src/conversation';
import type { ConversationPorts } from '../src/conversation/ports';
import { createChatPorts } from '../src/services/chatPorts';
import { resolveChatSender } from '../src/services/chatIdentity';
import { forgetMessageSeen, loadChatSession, markMessageSeen, saveChatSession } from '../src/services/chatSessions';
import type { AppContext } from '../src/services/context';
import type { ChatSender } from './chatSender';

/**
 * The transport-independent chat gateway: one incoming message → dedupe by message id →
 * who is talking (a bound staff account, else a resident) → their stored dialogue → the engine →
 * the next dialogue stored → the replies sent. Wechaty (bot/) and the terminal simulator
 * (scripts/chat.ts) both feed it, so both behave the same.
 */
export interface InboundChat {
  /** The transport's message id: a message seen before is not handled again. */
  messageId: string;
  /** Who wrote it. */
  contactId: string;
  text: string;
  /** Set when said in a group chat. */
  roomId?: string | null;
  /** The bot was @-mentioned (group chats only). */
  mentioned?: boolean;
  /** False for pictures, voice, stickers…: only text reaches the engine. Default true. */
  isText?: boolean;
  /** A voice message (with isText false): answered "没听清", not "看不懂图片". */
  voice?: boolean;
  /**
   * Instead of the engine on `text`: a transport's own turn on the stored dialogue (the Official
   * Account's follow event greets), with the same dedupe, order and failure handling.
   */
  turn?: (sender: Sender, storedState: unknown, now: Date) => EngineResult | Promise<EngineResult>;
}

export type ReceiveOutcome = 'ignored' | 'duplicate' | 'handled' | 'failed';

export interface GatewayOptions {
  ports?: ConversationPorts;
  /** Overrides who is talking (the simulator's cadre mode talks as a staff account without binding). */
  identify?: (contactId: string) => Promise<Sender>;
}

/** Runs work one after another per key (one contact's messages in order), keys in parallel. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }).catch(() => undefined);
    return next;
  }
}

export class ChatGateway {
  private readonly ports: ConversationPorts;
  private readonly identify: (contactId: string) => Promise<Sender>;
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly app: AppContext,
    private readonly sender: ChatSender,
    options: GatewayOptions = {},
  ) {
    this.ports = options.ports ?? createChatPorts(app);
    this.identify = options.identify ?? ((contactId) => resolveChatSender(app, contactId));
  }

  /** Handles one incoming message and sends the replies. Never throws: failures are logged and answered politely. */
  async receive(msg: InboundChat): Promise<{ outcome: ReceiveOutcome; replies: string[] }> {
    const inRoom = Boolean(msg.roomId);
    // In a group the bot hears everything: only @-mentions cost a database round trip.
    if (inRoom && !msg.mentioned) return { outcome: 'ignored', replies: [] };
    if (msg.isText === false && inRoom) return { outcome: 'ignored', replies: [] };
    return this.queue.run(msg.contactId, async () => {
      let outcome: ReceiveOutcome = 'handled';
      let replies: string[];
      let marked = false;
      try {
        marked = await markMessageSeen(this.app, msg.messageId);
        if (!marked) return { outcome: 'duplicate' as const, replies: [] };
        // Voice or a picture in a private chat: one digit to press (a cadre calls), kept in the dialogue.
        const turn = msg.isText === false ? nonTextTurn(msg.voice ? 'voice' : 'other') : msg.turn;
        replies = await this.converse({ ...msg, turn }, inRoom);
      } catch (error) {
        this.app.logger.error({ err: error, messageId: msg.messageId }, 'chat message failed');
        // Handled badly is not handled: the same message may be tried again when it comes again.
        if (marked) await forgetMessageSeen(this.app, msg.messageId).catch(() => undefined);
        outcome = 'failed';
        replies = [MSG.systemBusy];
      }
      await this.reply(msg, replies);
      return { outcome, replies };
    });
  }

  private async converse(msg: InboundChat, inRoom: boolean): Promise<string[]> {
    const sender = await this.identify(msg.contactId);
    const stored = await loadChatSession(this.app, msg.contactId);
    const now = this.app.clock();
    const result = msg.turn ? await msg.turn(sender, stored.state, now) : await handleMessage({ sender, text: msg.text, inRoom, mentioned: Boolean(msg.mentioned), now }, stored.state, this.ports);
    await saveChatSession(this.app, msg.contactId, result.state, stored);
    return result.replies;
  }

  private async reply(msg: InboundChat, replies: string[]): Promise<void> {
    for (const text of replies) {
      try {
        if (msg.roomId) await this.sender.sendToRoom(msg.roomId, text);
        else await this.sender.send(msg.contactId, text);
      } catch (error) {
        this.app.logger.warn({ err: error, messageId: msg.messageId }, 'chat reply not sent');
        return;
      }
    }
  }
}
