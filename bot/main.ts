/**
 * `npm run bot`: the WeChat bot for one WeChat account. Runs in-process against the same database
 * as the API (DATABASE_URL), with the puppet from WECHATY_PUPPET (default wechaty-puppet-wechat4u:
 * scan the QR code printed here with the bot's WeChat). Stop with Ctrl-C.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WechatyOptions } from 'wechaty';
import { createAppContext } from '../src/app';
import type { Config } from '../src/config';
import { startProcess } from '../src/processEntry';
import { createLogger } from '../src/logger';
import { ChatBot } from './chatBot';

/**
 * Wechaty's memory card keeps the WeChat login across restarts (so a restart needs no new scan).
 * It is a session secret: it lives beside the SQLite database, or in ./data, both git-ignored.
 */
export function memoryCardName(config: Config): string {
  const dir = config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? dirname(config.database.path) : 'data';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'shenbao-bot');
}

export async function runBot(config: Config): Promise<ChatBot> {
  const logger = createLogger(config.logLevel);
  const app = await createAppContext(config, { logger });
  const bot = new ChatBot({
    app,
    name: memoryCardName(config),
    puppet: () => config.bot.puppet as NonNullable<WechatyOptions['puppet']>,
    sendPerSecond: config.bot.sendPerSecond,
  });
  logger.info({ puppet: config.bot.puppet, sendPerSecond: config.bot.sendPerSecond, db: config.database.kind }, '申报通 bot starting');
  await bot.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C: leave now
    stopping = true;
    logger.info({ signal }, 'bot stopping');
    await bot.stop();
    await app.db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return bot;
}

if (require.main === module) startProcess('机器人', runBot);
