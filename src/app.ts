import type { Logger } from 'pino';
import type { Config } from './config';
import { createLogger } from './logger';
import { FieldCrypto } from './security/fieldCrypto';
import { TokenSigner } from './security/tokens';
import type { AppContext } from './services/context';
import { createDataSource, limitQueryTime } from './store/dataSource';
import { WeChatClient } from './wechat/client';

/** Connects the database, runs pending migrations and builds the context every use case gets. */
export async function createAppContext(config: Config, options: { logger?: Logger; clock?: () => Date } = {}): Promise<AppContext> {
  const clock = options.clock ?? (() => new Date());
  const db = createDataSource(config.database, config.databaseTimeouts);
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  limitQueryTime(db, config.databaseTimeouts.queryMs);
  return {
    config,
    db,
    crypto: new FieldCrypto(config.dataKey),
    tokens: new TokenSigner(config.authSecret, config.tokenTtlSeconds),
    logger: options.logger ?? createLogger(config.logLevel),
    wechat: config.wechat ? new WeChatClient({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBase, clock }) : null,
    clock,
  };
}
