import type { AppContext } from '../services/context';
import { markAllowanceRefused, releaseAllowance, reserveAllowance } from '../services/subscriptions';
import { OutboxMessage, Resident } from '../store/entities';
import { TOKEN_REFUSED, WeChatApiError, type WeChatClient } from '../wechat/client';
import { noticeValues, renderPage, renderTemplateData, templateFor } from '../wechat/subscribeTemplate';
import type { DeliveryResult, Deliverer } from './outboxDispatcher';

/** WeChat errors worth another try later: busy (-1), rate limits, a token refused even after a refresh. */
const RETRY_LATER = new Set([-1, 45009, 45011, 45047, ...TOKEN_REFUSED]);
/** The resident refused, or has no subscription left (also what a duplicate of a delivered message meets). */
const REFUSED = 43101;

/**
 * Resident notices through subscribeMessage.send, one permission (SubscribeAllowance) per message.
 * The permission is reserved before the send and stays tied to the outbox row until the row is
 * settled, so a retry after a timeout spends the same permission, never a second one.
 */
export class SubscribeDeliverer implements Deliverer {
  readonly channel = 'subscribe' as const;
  private readonly client: WeChatClient;

  constructor(
    private readonly app: AppContext,
    client: WeChatClient | null = app.wechat,
  ) {
    if (!client) throw new Error('Subscribe messages need WeChat credentials (WECHAT_APP_ID, WECHAT_APP_SECRET)');
    this.client = client;
  }

  async deliver(row: OutboxMessage): Promise<DeliveryResult> {
    if (row.recipientType !== 'resident') return { status: 'skipped', reason: '订阅消息只发给居民' };
    const resident = await this.app.db.getRepository(Resident).findOne({ where: { id: row.recipientId } });
    if (!resident || resident.channel !== 'miniprogram') return { status: 'skipped', reason: '居民不是小程序用户' };
    const template = templateFor(this.app.config.subscribeTemplates, row.kind);
    if (!template) return { status: 'skipped', reason: `没有为 ${row.kind} 配置订阅消息模板` };

    const allowance = await reserveAllowance(this.app, resident.id, template.templateId, row.id);
    if (!allowance) return { status: 'skipped', reason: '居民没有可用的订阅次数 (no allowance)' };
    if (allowance.state === 'refused') return { status: 'skipped', reason: '居民拒收订阅消息 (43101)' };

    const values = noticeValues(row.payload, row.createdAt);
    try {
      await this.client.sendSubscribeMessage({
        touser: resident.externalId,
        templateId: template.templateId,
        page: renderPage(template, values),
        data: renderTemplateData(template, values),
      });
      return { status: 'sent' };
    } catch (error) {
      if (!(error instanceof WeChatApiError)) {
        // Timeout or network: WeChat may or may not have sent it. The permission stays with this
        // row, so the retry spends it (and WeChat answers 43101 if the first try did get through).
        return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
      if (error.errcode === REFUSED) {
        await markAllowanceRefused(this.app, allowance);
        return { status: 'skipped', reason: '居民拒收订阅消息 (43101)' };
      }
      if (RETRY_LATER.has(error.errcode)) return { status: 'failed', error: error.message };
      // WeChat refused the message itself (template id, page, field values, openid): nothing was
      // sent, the permission goes back, and the row is not retried (config must be fixed first).
      await releaseAllowance(this.app, allowance);
      return { status: 'failed', error: error.message, permanent: true };
    }
  }
}
