/**
 * A child process that delivers the outbox, so a fault script can SIGKILL it mid-delivery:
 *   subscribe — the service's own deliverers (startDeliverers: subscribe messages through the
 *               WeChat API at WECHAT_API_BASE, a local fake), with the retry backoff scaled down
 *               so a 2-minute script sees several retries (production: 30 s doubling to an hour);
 *   bot       — the bot process (ChatBot, bot/chatBot.ts) on wechaty-puppet-mock: no real WeChat
 *               account can log in here. Every text the mock WeChat receives is appended, with a
 *               synchronous write, to FAULT_LEDGER before the send returns to the bot, so what was
 *               delivered survives the bot's kill -9.
 * Reports {type:'ready'} over IPC; {type:'stop'} stops it (as scripts/bench/server.ts does).
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import type { DispatcherOptions } from '../../src/jobs/outboxDispatcher';
import { FAULT_BACKOFF_MS, FAULT_LEASE_MS } from './deliverers';

export type DelivererKind = 'subscribe' | 'bot';
export type DelivererMessage = { type: 'ready' } | { type: 'error'; message: string };

const DISPATCHER: Partial<DispatcherOptions> = { backoffMs: FAULT_BACKOFF_MS, leaseMs: FAULT_LEASE_MS };

async function start(kind: DelivererKind): Promise<() => Promise<void>> {
  const [{ createAppContext }, { loadConfig }, { createLogger }] = await Promise.all([import('../../src/app'), import('../../src/config'), import('../../src/logger')]);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  // Residents are not messaged at night (quiet hours): run on a clock moved forward to the morning then.
  const offset = Number(process.env.FAULT_CLOCK_OFFSET_MS ?? 0);
  const app = await createAppContext(config, { logger: createLogger(config.logLevel), clock: () => new Date(Date.now() + offset) });
  if (kind === 'subscribe') {
    const { startDeliverers } = await import('../../src/jobs/runDeliverers');
    const running = startDeliverers(app, { intervalMs: 200, dispatcher: { ...DISPATCHER, maxPerSecond: 0 } });
    return async () => {
      await running.stop();
      await app.db.destroy();
    };
  }
  const [{ ChatBot }, { MockWeChat }] = await Promise.all([import('../../bot/chatBot'), import('../../test/bot/support/mockWeChat')]);
  const ledger = process.env.FAULT_LEDGER;
  if (!ledger) throw new Error('FAULT_LEDGER is required');
  const people = (JSON.parse(process.env.FAULT_BOT_CONTACTS ?? '[]') as string[]).map((id) => ({ id, name: id }));
  const weChat = new MockWeChat(people);
  const inbox = weChat.inbox.bind(weChat);
  weChat.inbox = (id: string) => {
    const list = inbox(id);
    return new Proxy(list, {
      get(target, property) {
        if (property !== 'push') return Reflect.get(target, property) as unknown;
        return (...texts: string[]) => {
          for (const text of texts) appendFileSync(ledger, `${JSON.stringify({ to: id, text })}\n`);
          return target.push(...texts);
        };
      },
    });
  };
  const bot = new ChatBot({
    app,
    puppet: weChat.puppet,
    sendPerSecond: Number(process.env.BOT_SEND_PER_SECOND ?? 20),
    restartDelayMs: () => 100,
    dispatchIntervalMs: 100,
    dispatcher: DISPATCHER,
    out: () => undefined,
  });
  await bot.start();
  await weChat.login(bot);
  return async () => {
    await bot.stop();
    await app.db.destroy();
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as DelivererKind;
  if (kind !== 'subscribe' && kind !== 'bot') throw new Error(`usage: delivererChild.ts subscribe|bot, got ${kind}`);
  const stop = await start(kind);
  process.on('message', () => {
    stop()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready' } satisfies DelivererMessage);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies DelivererMessage);
  setTimeout(() => process.exit(1), 100);
});
