import { ConfigError, loadConfig } from '../src/config';

const DATA_KEY = 'ab'.repeat(32);
const AUTH_SECRET = 'c'.repeat(32);
/** Secrets given, so loadConfig never writes a dev-secrets file. */
const SECRETS = { DATA_KEY, AUTH_SECRET };
const PROD = { NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:', DATA_KEY, AUTH_SECRET, WECHAT_APP_ID: 'wx123', WECHAT_APP_SECRET: 'shh' } as const;

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('has development defaults', () => {
    const config = loadConfig({ ...SECRETS });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/shenbao.db' });
    expect(config.dataKey).toEqual(Buffer.from(DATA_KEY, 'hex'));
    expect(config.authSecret).toBe(AUTH_SECRET);
    expect(config.wechat).toBeNull();
    expect(config.demoLogin).toBe(true);
    expect(config.demoSeed).toBe(true);
    expect(config.demoCounty).toBe('152221');
    expect(config.tokenTtlSeconds).toBe(7 * 24 * 3600);
    expect(config.subscribeTemplates).toEqual({});
  });

  it('generates in-memory secrets for an in-memory database', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' });
    expect(config.database).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(config.dataKey).toHaveLength(32);
    expect(config.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('accepts a base64 DATA_KEY of 32 bytes', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ...SECRETS, DATA_KEY: key.toString('base64') }).dataKey).toEqual(key);
  });

  it('refuses a DATA_KEY that is not 32 bytes, naming DATA_KEY', () => {
    for (const bad of ['abcd', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      expect(configError({ ...SECRETS, DATA_KEY: bad }).message).toContain('DATA_KEY');
    }
  });

  it('refuses a bad DATABASE_URL, naming DATABASE_URL', () => {
    for (const bad of ['postgres://x/y', 'sqlite:', 'mysql://host-without-db', 'nonsense']) {
      const error = configError({ ...SECRETS, DATABASE_URL: bad });
      expect(error.message).toContain('DATABASE_URL');
      expect(error.name).toBe('ConfigError');
    }
  });

  it('refuses a bad PORT, naming PORT', () => {
    for (const bad of ['abc', '70000', '-1', '3.5']) expect(configError({ ...SECRETS, PORT: bad }).message).toContain('PORT');
    expect(loadConfig({ ...SECRETS, PORT: '8080' }).port).toBe(8080);
  });

  it('accepts mysql:// and normalises mariadb:// to the mysql kind', () => {
    expect(loadConfig({ ...SECRETS, DATABASE_URL: 'mysql://u:p@db:3306/shenbao' }).database).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/shenbao' });
    expect(loadConfig({ ...SECRETS, DATABASE_URL: 'mariadb://u:p@db:3306/shenbao' }).database).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/shenbao' });
  });

  it('needs every secret and the WeChat credentials in production, naming the missing one', () => {
    for (const name of ['DATA_KEY', 'AUTH_SECRET', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const) {
      const env: NodeJS.ProcessEnv = { ...PROD };
      delete env[name];
      const error = configError(env);
      expect(error.message).toContain(name);
      for (const other of ['DATA_KEY', 'AUTH_SECRET'].filter((n) => n !== name)) expect(error.message).not.toContain(other);
    }
  });

  it('never allows demo login in production', () => {
    const config = loadConfig({ ...PROD });
    expect(config.env).toBe('production');
    expect(config.demoLogin).toBe(false);
    expect(config.demoSeed).toBe(false);
    expect(config.wechat).toEqual({ appId: 'wx123', appSecret: 'shh', apiBase: 'https://api.weixin.qq.com' });
    expect(loadConfig({ ...PROD, DEMO_SEED: 'auto' }).demoLogin).toBe(false);
  });

  it('turns demo login off in development once WeChat credentials are set', () => {
    const config = loadConfig({ ...SECRETS, WECHAT_APP_ID: 'wx123', WECHAT_APP_SECRET: 'shh' });
    expect(config.demoLogin).toBe(false);
    expect(config.wechat?.appId).toBe('wx123');
  });

  it('refuses only one of WECHAT_APP_ID / WECHAT_APP_SECRET, naming the missing one', () => {
    expect(configError({ ...SECRETS, WECHAT_APP_ID: 'wx123' }).message).toContain('WECHAT_APP_SECRET');
    expect(configError({ ...SECRETS, WECHAT_APP_SECRET: 'shh' }).message).toContain('WECHAT_APP_ID');
  });

  it('refuses a short AUTH_SECRET, naming AUTH_SECRET', () => {
    expect(configError({ ...SECRETS, AUTH_SECRET: 'short' }).message).toContain('AUTH_SECRET');
  });

  it('parses subscribe templates and refuses bad JSON', () => {
    const templates = { case_received: { templateId: 'T1', data: { thing1: '{trackingCode}' } } };
    expect(loadConfig({ ...SECRETS, WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(templates) }).subscribeTemplates).toEqual(templates);
    expect(configError({ ...SECRETS, WECHAT_SUBSCRIBE_TEMPLATES: '{nope' }).message).toContain('WECHAT_SUBSCRIBE_TEMPLATES');
  });

  it('reads TRUST_PROXY as the number of proxies in front (true = one), refusing anything else', () => {
    expect([undefined, 'false', 'true', '2'].map((TRUST_PROXY) => loadConfig({ ...SECRETS, TRUST_PROXY })).map((c) => [c.trustProxy, c.proxyHops])).toEqual([
      [false, 0],
      [false, 0],
      [true, 1],
      [true, 2],
    ]);
    for (const bad of ['yes', '0', '10', '-1']) expect(configError({ ...SECRETS, TRUST_PROXY: bad }).message).toMatch(/^Invalid TRUST_PROXY: /);
  });

  it('has rate limits for login and declaring, each settable and refused when not a positive whole number', () => {
    expect(loadConfig({ ...SECRETS }).rateLimits).toEqual({ loginPerAddressPerMinute: 20, declarationWindowMs: 600_000, declarationsPerAddress: 60, declarationsPerResident: 10 });
    const set = loadConfig({ ...SECRETS, LOGIN_LIMIT_PER_ADDRESS: '5', DECLARE_LIMIT_PER_ADDRESS: '500', DECLARE_LIMIT_PER_RESIDENT: '3', DECLARE_LIMIT_WINDOW_MINUTES: '60' });
    expect(set.rateLimits).toEqual({ loginPerAddressPerMinute: 5, declarationWindowMs: 3_600_000, declarationsPerAddress: 500, declarationsPerResident: 3 });
    for (const name of ['LOGIN_LIMIT_PER_ADDRESS', 'DECLARE_LIMIT_PER_ADDRESS', 'DECLARE_LIMIT_PER_RESIDENT', 'DECLARE_LIMIT_WINDOW_MINUTES']) {
      for (const bad of ['0', '1.5', 'many']) expect(configError({ ...SECRETS, [name]: bad }).message).toContain(`Invalid ${name}`);
    }
  });
});
