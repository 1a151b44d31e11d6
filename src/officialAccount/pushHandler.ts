import { ChatGateway, type InboundChat } from '../../bot/chatGateway';
import { welcome } from '../conversation';
import type { ConversationPorts, Place } from '../conversation/ports';
import { DomainError } from '../domain/errors';
import { resolveChatSender } from '../services/chatIdentity';
import { pruneMessagesSeen } from '../services/chatSessions';
import type { AppContext } from '../services/context';
import { queueChatReply, type UnsentReply } from '../services/outbox';
import { findVillage } from '../services/regions';
import { customMessageRefused, WAITING_REASON } from './deliverer';
import { oaContactId, openidOf } from './contacts';
import { recordInbound, recordUnsubscribe } from './followers';
import type { PushMessage } from './pushXml';
import type { OfficialAccountSender } from './sender';

/**
 * One pushed message or event → the chat gateway (dedupe in chat_messages_seen, the dialogue in
 * chat_sessions, one contact's messages in order) → the answer. WeChat waits 5 s and then pushes
 * the same message again, up to three times: when the answer is ready within `replyBudgetMs` and
 * is one message it goes back as the passive reply, otherwise the push is answered "success" at
 * once and the answer follows as 客服消息. A redelivery finds the message seen and adds nothing.
 */
export const DEFAULT_REPLY_BUDGET_MS = 3500;
/** WeChat redelivers within seconds; a week covers any replay and matches the bot's pruning. */
const SEEN_KEPT_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 24 * 3600_000;
/** WeChat's limit for a text reply is 2048 bytes; longer goes out as 客服消息 and is cut there. */
const PASSIVE_MAX_BYTES = 2000;

/** What the push is answered with: a passive text reply, or nothing ("success"). */
export type PushAnswer = { passive: string } | null;

export interface PushHandlerOptions {
  ports?: ConversationPorts;
  replyBudgetMs?: number;
}

/** A scene value of a parametric QR code: `qrscene_<code>` in a follow event, the bare code in a scan. */
function sceneCode(push: PushMessage): string | null {
  const key = push.EventKey ?? '';
  const code = push.Event === 'subscribe' ? (key.startsWith('qrscene_') ? key.slice('qrscene_'.length) : '') : key;
  return /^\d{12}$/.test(code) ? code : null;
}

export class PushHandler {
  private readonly gateway: ChatGateway;
  private readonly budgetMs: number;
  private lastPruneAt = 0;
  /** Answers still being worked out or sent after the push was answered "success". */
  private readonly behind = new Set<Promise<void>>();

  constructor(
    private readonly app: AppContext,
    private readonly sender: OfficialAccountSender,
    options: PushHandlerOptions = {},
  ) {
    // Replies are sent here, not by the gateway: passive or 客服消息 is decided after it answers.
    const silent = { send: async () => undefined, sendToRoom: async () => undefined };
    this.gateway = new ChatGateway(app, silent, { ports: options.ports });
    this.budgetMs = options.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS;
  }

  async handle(push: PushMessage): Promise<PushAnswer> {
    this.pruneNow();
    const openid = push.FromUserName;
    if (push.MsgType === 'event' && push.Event === 'unsubscribe') {
      await recordUnsubscribe(this.app, openid);
      return null;
    }
    const inbound = await this.inbound(push);
    if (!inbound) return null;
    await recordInbound(this.app, openid);

    const work = this.gateway.receive(inbound).then((r) => r.replies);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.budgetMs);
    });
    const replies = await Promise.race([work, late]);
    clearTimeout(timer);
    const contactId = inbound.contactId;
    if (replies === null) {
      this.track(work.then((r) => this.sendAll(contactId, inbound.messageId, r)));
      return null;
    }
    if (replies.length === 1 && !this.sender.hasQueued(contactId) && Buffer.byteLength(replies[0]) <= PASSIVE_MAX_BYTES) return { passive: replies[0] };
    this.track(this.sendAll(contactId, inbound.messageId, replies));
    return null;
  }

  /** Resolves when every answer that followed a "success" has been sent (a clean shutdown waits for them). */
  async drain(): Promise<void> {
    while (this.behind.size > 0) await Promise.all([...this.behind]);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.app.logger.error({ err: error }, 'official account answer failed'));
    this.behind.add(tracked);
    void tracked.finally(() => this.behind.delete(tracked));
  }

  /** The push as the gateway takes it; null for what needs no answer (a template's delivery report, a location report…). */
  private async inbound(push: PushMessage): Promise<InboundChat | null> {
    const contactId = oaContactId(push.FromUserName);
    // Messages carry MsgId; events do not, and WeChat's own advice is sender + time.
    const messageId = push.MsgId ? `oa:${push.MsgId}` : `oa:${push.FromUserName}:${push.CreateTime}:${push.Event ?? push.MsgType}`;
    const base = { messageId, contactId, text: '' };
    switch (push.MsgType) {
      case 'text':
        return { ...base, text: push.Content ?? '' };
      case 'voice': {
        // Recognition ends a sentence with "。"; a command or a digit must not carry it.
        const heard = (push.Recognition ?? '').replace(/[\s。．.，,！!？?]+$/u, '');
        if (heard) return { ...base, text: heard };
        return { ...base, isText: false, voice: true };
      }
      case 'event':
        break;
      default:
        return { ...base, isText: false };
    }
    if (push.Event === 'subscribe' || push.Event === 'SCAN') {
      const village = await this.sceneVillage(push);
      return { ...base, turn: (sender, stored, now) => welcome(sender, stored, now, village) };
    }
    // A menu button whose key is a chat command (申报, 查询, 人工…).
    if (push.Event === 'CLICK' && push.EventKey) return { ...base, text: push.EventKey };
    return null;
  }

  private async sceneVillage(push: PushMessage): Promise<Place | null> {
    const code = sceneCode(push);
    if (!code) return null;
    try {
      const village = await findVillage(this.app.db.manager, code);
      return { code: village.code, name: village.name };
    } catch (error) {
      // A poster for a village this county does not serve still greets; the resident picks the village.
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  private async sendAll(contactId: string, messageId: string, replies: string[]): Promise<void> {
    for (const [i, text] of replies.entries()) {
      try {
        await this.sender.send(contactId, text);
      } catch (error) {
        this.app.logger.warn({ err: error, messageId }, 'official account reply not sent; kept in the outbox');
        await this.keepUnsent(contactId, messageId, replies.slice(i), error);
        return;
      }
    }
  }

  /**
   * What WeChat did not take goes to the outbox, so the Official Account deliverer retries it or
   * parks it until the user writes again, as it does a notice. The rest of the answer is one row:
   * it arrives whole and in order, not each line on its own backoff.
   */
  private async keepUnsent(contactId: string, messageId: string, texts: string[], error: unknown): Promise<void> {
    const openid = openidOf(contactId) ?? '';
    const outcome = await customMessageRefused(this.app, error, openid);
    const sender = await resolveChatSender(this.app, contactId);
    const to: UnsentReply['to'] = sender.kind === 'cadre' ? { recipientType: 'staff', recipientId: sender.staffId } : { recipientType: 'resident', recipientId: sender.residentId };
    const base = { to, messageId, text: texts.join('\n\n'), now: this.app.clock() };
    if (!outcome) await queueChatReply(this.app.db.manager, { ...base, state: 'waiting', reason: WAITING_REASON, attempts: 0 });
    else if (outcome.status === 'skipped') await queueChatReply(this.app.db.manager, { ...base, state: 'skipped', reason: outcome.reason, attempts: 1 });
    else if (outcome.status === 'failed') await queueChatReply(this.app.db.manager, { ...base, state: outcome.permanent ? 'failed' : 'pending', reason: outcome.error, attempts: 1 });
  }

  private pruneNow(): void {
    const now = this.app.clock().getTime();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    void pruneMessagesSeen(this.app, new Date(now - SEEN_KEPT_MS)).catch((error: unknown) => this.app.logger.warn({ err: error }, 'pruning seen messages failed'));
  }
}
