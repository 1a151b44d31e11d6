import { OfficialAccountDeliverer } from '../officialAccount/deliverer';
import { officialAccountOf } from '../officialAccount/runtime';
import type { AppContext } from '../services/context';
import { checkTemplates } from '../wechat/subscribeTemplate';
import { OutboxDispatcher, type DispatcherOptions } from './outboxDispatcher';
import { SubscribeDeliverer } from './subscribeDeliverer';

export interface RunningDeliverers {
  /** Finishes the pass under way, then stops polling. */
  stop(): Promise<void>;
}

/**
 * Starts the outbox deliverers this service process runs: subscribe messages through the WeChat
 * API when credentials are configured, and chat notices for Official Account users when the
 * account is configured (other chat notices are delivered by the bot process). Safe in every
 * process: rows are claimed under a lease.
 */
export function startDeliverers(app: AppContext, options: { intervalMs?: number; dispatcher?: Partial<DispatcherOptions> } = {}): RunningDeliverers {
  const dispatchers: OutboxDispatcher[] = [];
  if (app.wechat) {
    const templates = app.config.subscribeTemplates;
    for (const problem of checkTemplates(templates)) app.logger.warn(problem);
    if (Object.keys(templates).length === 0) app.logger.warn('WECHAT_SUBSCRIBE_TEMPLATES is empty: resident progress notices are skipped');
    const dispatcher = new OutboxDispatcher(app, new SubscribeDeliverer(app), options.dispatcher);
    dispatcher.start(options.intervalMs ?? 1000);
    dispatchers.push(dispatcher);
    app.logger.info({ templates: Object.keys(templates) }, 'subscribe message deliverer started');
  } else {
    app.logger.info('no WeChat credentials: subscribe messages are not sent');
  }
  const account = officialAccountOf(app);
  if (account) {
    // The account's sender paces every send (客服消息 and template messages, replies and notices) in one budget: no second pacer here.
    const dispatcher = new OutboxDispatcher(app, new OfficialAccountDeliverer(app, account), { maxPerSecond: 0, ...options.dispatcher });
    dispatcher.start(options.intervalMs ?? 1000);
    dispatchers.push(dispatcher);
    app.logger.info({ templates: Object.keys(account.config.templates) }, 'official account deliverer started');
  }
  return {
    async stop() {
      await Promise.all(dispatchers.map((d) => d.stop()));
    },
  };
}
