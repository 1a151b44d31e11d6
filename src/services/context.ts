import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { FieldCrypto } from '../security/fieldCrypto';
import type { TokenSigner } from '../security/tokens';
import type { WeChatClient } from '../wechat/client';

/** What every use case needs, built once at start-up. Time comes from `clock` so tests set it. */
export interface AppContext {
  config: Config;
  db: DataSource;
  crypto: FieldCrypto;
  tokens: TokenSigner;
  logger: Logger;
  wechat: WeChatClient | null;
  clock: () => Date;
}
