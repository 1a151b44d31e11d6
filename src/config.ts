import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATABASE_TIMEOUTS, parseDatabaseUrl, type DatabaseTimeouts, type DatabaseUrl } from './store/dataSource';

/** 32 bytes as 64 hex characters or base64. */
const key = z
  .string()
  .transform((value, ctx) => {
    const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (bytes.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes: 64 hex characters or base64 (openssl rand -hex 32)' });
      return z.NEVER;
    }
    return bytes;
  });

/** Templates by notice kind as JSON text (subscribe messages, Official Account template messages). */
const templatesJson = (hint: string) =>
  z
    .string()
    .default('{}')
    .transform((value, ctx) => {
      try {
        return subscribeTemplatesSchema.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: hint });
        return z.NEVER;
      }
    });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/shenbao.db')
    .transform((value, ctx) => {
      const parsed = parseDatabaseUrl(value);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: 'expected sqlite:PATH, mysql://user:pass@host:3306/db or mariadb://…' });
        return z.NEVER;
      }
      return parsed;
    }),
  DATA_KEY: key.optional(),
  AUTH_SECRET: z.string().min(32, { message: 'must be at least 32 characters (openssl rand -hex 32)' }).optional(),
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  MP_QR_LINK: z.url({ protocol: /^https$/, message: 'must be an https link (the prefix registered for 扫普通链接二维码打开小程序)' }).optional(),
  DEMO_SEED: z.enum(['auto', 'off']).optional(),
  DEMO_COUNTY: z.string().regex(/^\d{6}$/, { message: 'must be a 6-digit county code' }).default('152221'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24 * 7),
  // MariaDB only: a stalled database answers 503 after these instead of holding requests open.
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_DATABASE_TIMEOUTS.acquireMs),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUTS.queryMs),
  // How many reverse proxies stand in front, each appending to X-Forwarded-For; true = one.
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[1-9])$/, { message: 'must be false, true (one proxy) or how many proxies stand in front (1-9)' })
    .default('false'),
  // Per process, fixed windows: an API process counts what reaches it.
  LOGIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(20),
  DECLARE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000_000).default(60),
  DECLARE_LIMIT_PER_RESIDENT: z.coerce.number().int().min(1).max(1_000_000_000).default(10),
  DECLARE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  SCHEDULER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-wechat4u'),
  BOT_SEND_PER_SECOND: z.coerce.number().min(0.01).max(20).default(1),
  WECHAT_OA_APP_ID: z.string().min(1).optional(),
  WECHAT_OA_APP_SECRET: z.string().min(1).optional(),
  // WeChat's own rules for the 服务器配置 form: Token 3–32 letters or digits, EncodingAESKey 43.
  WECHAT_OA_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, { message: 'must be 3 to 32 letters or digits (the Token of 服务器配置)' }).optional(),
  WECHAT_OA_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'must be the 43-character EncodingAESKey of 服务器配置' }).optional(),
  WECHAT_OA_SEND_PER_SECOND: z.coerce.number().min(0.1).max(100).default(10),
  WECHAT_OA_TEMPLATES: templatesJson('must be JSON: {"<notice kind or *>": {"templateId", "data": {"<field>": "text with {placeholders}"}}}'),
  WECHAT_SUBSCRIBE_TEMPLATES: templatesJson('must be JSON: {"<notice kind or *>": {"templateId", "page"?, "data": {"<field>": "text with {placeholders}"}}}'),
});

/**
 * Subscribe-message templates by notice kind (case_received, case_accepted…; "*" for any other):
 * the template id from the mini-program's console, the page to open, and each template field's
 * text with {placeholders} from the notice (trackingCode, stateLabel, next, villageName, note).
 */
export const subscribeTemplatesSchema = z.record(
  z.string(),
  z.object({ templateId: z.string().min(1), page: z.string().optional(), data: z.record(z.string(), z.string()) }),
);
export type SubscribeTemplates = z.infer<typeof subscribeTemplatesSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits, login throttling). */
  trustProxy: boolean;
  /** Proxies in front (0 = none): the client is the entry that many places from the right of X-Forwarded-For. */
  proxyHops: number;
  rateLimits: RateLimits;
  /** The reminder tick runs in this process (safe in every process: it is lease-locked). */
  scheduler: boolean;
  database: DatabaseUrl;
  databaseTimeouts: DatabaseTimeouts;
  dataKey: Buffer;
  authSecret: string;
  wechat: { appId: string; appSecret: string; apiBase: string } | null;
  /** 扫普通链接二维码打开小程序: the registered link a village's plain QR code points at (`?village=<code>` added). */
  mpQrLink: string | null;
  /** Without WeChat credentials a code `demo:<id>` stands for openid `<id>`; never in production. */
  demoLogin: boolean;
  demoSeed: boolean;
  demoCounty: string;
  logLevel: string;
  tokenTtlSeconds: number;
  bot: { puppet: string; sendPerSecond: number };
  subscribeTemplates: SubscribeTemplates;
  /** The Official Account (服务号) chat: served at /wechat/oa when set (docs/official-account.md). */
  officialAccount: OfficialAccountConfig | null;
}

/** Per-process limits on the endpoints that invite flooding (README: the environment table). */
export interface RateLimits {
  loginPerAddressPerMinute: number;
  declarationWindowMs: number;
  declarationsPerAddress: number;
  declarationsPerResident: number;
}

export interface OfficialAccountConfig {
  appId: string;
  appSecret: string;
  /** The Token of 服务器配置: signs every push. */
  token: string;
  /** The EncodingAESKey of 服务器配置 (safe mode); null = plain mode only. */
  aesKey: string | null;
  apiBase: string;
  /** One budget for replies and notices (客服消息 and template messages). */
  sendPerSecond: number;
  /** Template messages by notice kind, for notices outside the 48-hour 客服消息 window. */
  templates: SubscribeTemplates;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Development keeps its generated secrets in a file beside the SQLite database, so a restart can
 * still decrypt what it stored. Production never gets a default: a missing secret is an error.
 */
function developmentSecrets(path: string): { dataKey: string; authSecret: string } {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as { dataKey: string; authSecret: string };
  const secrets = { dataKey: randomBytes(32).toString('hex'), authSecret: randomBytes(32).toString('hex') };
  // The same directory the SQLite file lives in: only the service's own user may enter it.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    for (const name of ['DATA_KEY', 'AUTH_SECRET', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const) {
      if (!e[name]) throw new ConfigError(`Missing ${name}: required when NODE_ENV=production`);
    }
  }
  if (Boolean(e.WECHAT_APP_ID) !== Boolean(e.WECHAT_APP_SECRET)) {
    throw new ConfigError(`Missing ${e.WECHAT_APP_ID ? 'WECHAT_APP_SECRET' : 'WECHAT_APP_ID'}: set both WeChat credentials or neither`);
  }
  const oaNames = ['WECHAT_OA_APP_ID', 'WECHAT_OA_APP_SECRET', 'WECHAT_OA_TOKEN'] as const;
  const oaMissing = oaNames.filter((name) => !e[name]);
  if (oaMissing.length > 0 && oaMissing.length < oaNames.length) throw new ConfigError(`Missing ${oaMissing[0]}: set WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET and WECHAT_OA_TOKEN together, or none`);
  // Plain mode shows residents' words to every hop between WeChat and the server.
  if (production && e.WECHAT_OA_APP_ID && !e.WECHAT_OA_AES_KEY) throw new ConfigError('Missing WECHAT_OA_AES_KEY: the Official Account must use safe mode (安全模式) when NODE_ENV=production');
  let dataKey = e.DATA_KEY;
  let authSecret = e.AUTH_SECRET;
  if (!dataKey || !authSecret) {
    const secretsPath = e.DATABASE_URL.kind === 'sqlite' && e.DATABASE_URL.path !== ':memory:' ? `${dirname(e.DATABASE_URL.path)}/dev-secrets.json` : null;
    const fallback = secretsPath ? developmentSecrets(secretsPath) : { dataKey: randomBytes(32).toString('hex'), authSecret: randomBytes(32).toString('hex') };
    dataKey ??= Buffer.from(fallback.dataKey, 'hex');
    authSecret ??= fallback.authSecret;
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY !== 'false',
    proxyHops: e.TRUST_PROXY === 'false' ? 0 : e.TRUST_PROXY === 'true' ? 1 : Number(e.TRUST_PROXY),
    rateLimits: {
      loginPerAddressPerMinute: e.LOGIN_LIMIT_PER_ADDRESS,
      declarationWindowMs: e.DECLARE_LIMIT_WINDOW_MINUTES * 60_000,
      declarationsPerAddress: e.DECLARE_LIMIT_PER_ADDRESS,
      declarationsPerResident: e.DECLARE_LIMIT_PER_RESIDENT,
    },
    scheduler: e.SCHEDULER === 'on',
    database: e.DATABASE_URL,
    databaseTimeouts: { connectMs: e.DB_CONNECT_TIMEOUT_MS, acquireMs: e.DB_ACQUIRE_TIMEOUT_MS, queryMs: e.DB_QUERY_TIMEOUT_MS },
    dataKey,
    authSecret,
    wechat: e.WECHAT_APP_ID && e.WECHAT_APP_SECRET ? { appId: e.WECHAT_APP_ID, appSecret: e.WECHAT_APP_SECRET, apiBase: e.WECHAT_API_BASE } : null,
    mpQrLink: e.MP_QR_LINK ?? null,
    demoLogin: !production && !e.WECHAT_APP_ID,
    demoSeed: e.DEMO_SEED ? e.DEMO_SEED === 'auto' : !production,
    demoCounty: e.DEMO_COUNTY,
    logLevel: e.LOG_LEVEL,
    tokenTtlSeconds: e.TOKEN_TTL_HOURS * 3600,
    bot: { puppet: e.WECHATY_PUPPET, sendPerSecond: e.BOT_SEND_PER_SECOND },
    subscribeTemplates: e.WECHAT_SUBSCRIBE_TEMPLATES,
    officialAccount:
      e.WECHAT_OA_APP_ID && e.WECHAT_OA_APP_SECRET && e.WECHAT_OA_TOKEN
        ? {
            appId: e.WECHAT_OA_APP_ID,
            appSecret: e.WECHAT_OA_APP_SECRET,
            token: e.WECHAT_OA_TOKEN,
            aesKey: e.WECHAT_OA_AES_KEY ?? null,
            apiBase: e.WECHAT_API_BASE,
            sendPerSecond: e.WECHAT_OA_SEND_PER_SECOND,
            templates: e.WECHAT_OA_TEMPLATES,
          }
        : null,
  };
}
