import { ConfigError, loadConfig } from '../../../src/config';

const OA = { WECHAT_OA_APP_ID: 'wx-oa', WECHAT_OA_APP_SECRET: 'oa-secret', WECHAT_OA_TOKEN: 'pushToken1' };
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const base = { DATABASE_URL: 'sqlite::memory:' };
const production = { ...base, NODE_ENV: 'production', DATA_KEY: 'a'.repeat(64), AUTH_SECRET: 'b'.repeat(40), WECHAT_APP_ID: 'wx-mp', WECHAT_APP_SECRET: 'mp-secret' };

describe('Official Account settings', () => {
  it('are off until app id, secret and token are all set', () => {
    expect(loadConfig(base).officialAccount).toBeNull();
    expect(() => loadConfig({ ...base, WECHAT_OA_APP_ID: 'wx-oa' })).toThrow(new ConfigError('Missing WECHAT_OA_APP_SECRET: set WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET and WECHAT_OA_TOKEN together, or none'));
    expect(loadConfig({ ...base, ...OA }).officialAccount).toMatchObject({ appId: 'wx-oa', token: 'pushToken1', aesKey: null, sendPerSecond: 10, templates: {} });
  });

  it('check the Token and EncodingAESKey as WeChat’s console shapes them', () => {
    expect(() => loadConfig({ ...base, ...OA, WECHAT_OA_TOKEN: 'x!' })).toThrow(/WECHAT_OA_TOKEN/);
    expect(() => loadConfig({ ...base, ...OA, WECHAT_OA_AES_KEY: 'short' })).toThrow(/WECHAT_OA_AES_KEY/);
    expect(() => loadConfig({ ...base, ...OA, WECHAT_OA_TEMPLATES: '{not json' })).toThrow(/WECHAT_OA_TEMPLATES/);
    expect(loadConfig({ ...base, ...OA, WECHAT_OA_AES_KEY: AES }).officialAccount?.aesKey).toBe(AES);
  });

  it('require safe mode in production', () => {
    expect(() => loadConfig({ ...production, ...OA })).toThrow(/WECHAT_OA_AES_KEY/);
    expect(loadConfig({ ...production, ...OA, WECHAT_OA_AES_KEY: AES }).officialAccount).not.toBeNull();
  });
});
