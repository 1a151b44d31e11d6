/**
 * Everything that differs between deployments of the resident mini-program. Edit this file
 * (docs/miniprogram.md says how); the app id is not here because WeChat DevTools reads it
 * from project.config.json / project.private.config.json, not from running code.
 */
export interface Contact {
  /** Who answers, in the words a resident uses. */
  name: string;
  phone: string;
}

export interface MiniProgramConfig {
  /** API server per WeChat environment: DevTools runs 'develop', 体验版 'trial', 正式版 'release'. */
  baseUrls: Record<'develop' | 'trial' | 'release', string>;
  /**
   * Subscribe-message template ids (公众平台 → 订阅消息) the resident is asked to accept after submitting
   * (at most 3 per wx.requestSubscribeMessage). Each must also be a `templateId` in the server's
   * WECHAT_SUBSCRIBE_TEMPLATES: the server records an accepted id only if it can send with it.
   */
  subscribeTemplateIds: string[];
  /** Numbers shown on the home page, first one first. */
  contacts: Contact[];
  /**
   * DevTools only (envVersion 'develop'): log in as the resident `demo:<id>`, which a local server
   * without WECHAT_APP_ID accepts (never in production). Empty: always the real wx.login code.
   */
  demoOpenId: string;
}

export const config: MiniProgramConfig = {
  baseUrls: {
    develop: 'http://127.0.0.1:3000',
    trial: 'https://shenbao.example.gov.cn',
    release: 'https://shenbao.example.gov.cn',
  },
  subscribeTemplateIds: ['REPLACE_WITH_PROGRESS_TEMPLATE_ID'],
  contacts: [{ name: '全国防返贫监测帮扶热线', phone: '12317' }],
  demoOpenId: '',
};

type EnvVersion = keyof MiniProgramConfig['baseUrls'];

function envVersion(): EnvVersion {
  try {
    const env = wx.getAccountInfoSync().miniProgram.envVersion;
    return env in config.baseUrls ? env : 'release';
  } catch {
    // Very old base libraries lack getAccountInfoSync; they can only be the released app.
    return 'release';
  }
}

/** The API base URL for the environment this copy of the mini-program runs in. */
export function apiBaseUrl(): string {
  return config.baseUrls[envVersion()];
}

/** The login code to send instead of wx.login's, or null: only in DevTools and only when configured. */
export function demoLoginCode(): string | null {
  return envVersion() === 'develop' && config.demoOpenId ? `demo:${config.demoOpenId}` : null;
}
