import type { OfficialAccountConfig } from '../config';
import type { AppContext } from '../services/context';
import { OfficialAccountClient } from './client';
import { aesKeyFrom, type AesKey } from './messageCrypto';
import { PushHandler, type PushHandlerOptions } from './pushHandler';
import { OfficialAccountSender, type SendPacing } from './sender';

/**
 * The Official Account's parts for one app context, built once: one API client (so one access
 * token cache and one refresher per process), one send budget shared by replies, notices and
 * template messages, and the push handler. The webhook and the deliverer both take them from here.
 */
export interface OfficialAccount {
  config: OfficialAccountConfig;
  client: OfficialAccountClient;
  sender: OfficialAccountSender;
  /** Null in plain mode (no EncodingAESKey configured). */
  aes: AesKey | null;
  push: PushHandler;
}

export interface OfficialAccountOptions extends PushHandlerOptions {
  /** Per WeChat API request (tests use short ones). */
  timeoutMs?: number;
  /** The send budget's clock and sleep (tests); default wall clock and timers. */
  pacing?: SendPacing;
}

const built = new WeakMap<AppContext, OfficialAccount>();

function build(app: AppContext, config: OfficialAccountConfig, options: OfficialAccountOptions): OfficialAccount {
  const client = new OfficialAccountClient({ appId: config.appId, appSecret: config.appSecret, baseUrl: config.apiBase, clock: app.clock, timeoutMs: options.timeoutMs });
  const sender = new OfficialAccountSender(client, config.sendPerSecond, options.pacing);
  return { config, client, sender, aes: config.aesKey ? aesKeyFrom(config.aesKey) : null, push: new PushHandler(app, sender, options) };
}

/** The account's parts, or null when it is not configured. */
export function officialAccountOf(app: AppContext): OfficialAccount | null {
  const config = app.config.officialAccount;
  if (!config) return null;
  let account = built.get(app);
  if (!account) {
    account = build(app, config, {});
    built.set(app, account);
  }
  return account;
}

/** Builds the parts with options (a slow engine in tests, short timeouts) before anything used the defaults. */
export function installOfficialAccount(app: AppContext, options: OfficialAccountOptions): OfficialAccount {
  const config = app.config.officialAccount;
  if (!config) throw new Error('the Official Account is not configured (WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET, WECHAT_OA_TOKEN)');
  const account = build(app, config, options);
  built.set(app, account);
  return account;
}
