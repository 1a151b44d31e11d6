import { DomainError } from '../domain/errors';

/**
 * WeChat server API client. The base URL is configurable so tests run a local fake server.
 * Errors WeChat reports come back as DomainErrors with a Chinese message; transport failures
 * (timeouts, 5xx) are thrown as they are so callers can retry.
 */
export interface WeChatClientOptions {
  appId: string;
  appSecret: string;
  baseUrl: string;
  timeoutMs?: number;
}

export interface WeChatSession {
  openid: string;
  unionid?: string;
}

interface WeChatErrorBody {
  errcode?: number;
  errmsg?: string;
}

export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

export class WeChatClient {
  constructor(private readonly options: WeChatClientOptions) {}

  protected async call<T extends WeChatErrorBody>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(new URL(path, this.options.baseUrl), {
      ...init,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new Error(`WeChat API HTTP ${response.status} for ${path.split('?')[0]}`);
    const body = (await response.json()) as T;
    if (body.errcode) throw new WeChatApiError(body.errcode, body.errmsg ?? '');
    return body;
  }

  /** wx.login code → openid. An invalid or used code is the resident's problem: 401. */
  async code2Session(code: string): Promise<WeChatSession> {
    const query = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    try {
      const body = await this.call<WeChatErrorBody & { openid: string; unionid?: string }>(`/sns/jscode2session?${query}`);
      return { openid: body.openid, unionid: body.unionid };
    } catch (error) {
      if (error instanceof WeChatApiError && [40029, 40163, 40226].includes(error.errcode)) {
        throw new DomainError('wechat_code_invalid', '微信登录已失效，请重新打开小程序', 401);
      }
      throw error;
    }
  }
}
