import { DomainError } from '../domain/errors';
import { AccessTokenCache, DEFAULT_REFRESH_MARGIN_MS, type IssuedToken } from './accessToken';

/**
 * WeChat server API client. The base URL is configurable so tests run a local fake server.
 * Errors WeChat reports come back as WeChatApiError (code2Session turns a bad code into a
 * DomainError with a Chinese message); transport failures (timeouts, 5xx, refused connections)
 * are thrown as WeChatTransportError so callers can retry.
 */
export interface WeChatClientOptions {
  appId: string;
  appSecret: string;
  baseUrl: string;
  /** Per request; WeChat answers within a second or two when it answers at all. */
  timeoutMs?: number;
  /** Token expiry is judged by this clock (tests move it). */
  clock?: () => Date;
  /** Refresh the access token this long before WeChat says it runs out. */
  tokenRefreshMarginMs?: number;
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

/** No usable answer (timeout, connection refused, HTTP 5xx): the request may or may not have had its effect. */
export class WeChatTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeChatTransportError';
  }
}

/** WeChat refused the access token: 40001 invalid, 40014 malformed, 42001 expired. */
export const TOKEN_REFUSED = new Set([40001, 40014, 42001]);

/** One subscribe message (subscribeMessage.send); `data` values are already within WeChat's limits. */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  /** developer | trial | formal (WeChat's default). */
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

export class WeChatClient {
  private readonly tokens: AccessTokenCache;
  private readonly timeoutMs: number;

  constructor(private readonly options: WeChatClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.tokens = new AccessTokenCache((force) => this.stableToken(force), options.clock ?? (() => new Date()), options.tokenRefreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS);
  }

  /** GET (no body) or POST JSON to a WeChat path; never puts the access token into an error message. */
  protected async call<T extends WeChatErrorBody>(path: string, init: RequestInit = {}): Promise<T> {
    const { content } = await this.send(path, init, (response) => response.text());
    return this.parse<T>(path, content);
  }

  /** The transport: a timeout, a refused connection or HTTP 5xx is a WeChatTransportError. */
  private async send<B>(path: string, init: RequestInit, read: (response: Response) => Promise<B>): Promise<{ response: Response; content: B }> {
    const name = path.split('?')[0];
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    let content: B;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      content = await read(response);
    } catch (error) {
      // AbortSignal.timeout rejects with a DOMException, which is not always `instanceof Error`.
      const { name: kind, message } = (error ?? {}) as { name?: string; message?: string };
      const timedOut = kind === 'TimeoutError' || kind === 'AbortError';
      throw new WeChatTransportError(timedOut ? `WeChat API timed out after ${this.timeoutMs} ms for ${name}` : `WeChat API unreachable for ${name}: ${message ?? String(error)}`);
    }
    if (!response.ok) throw new WeChatTransportError(`WeChat API HTTP ${response.status} for ${name}`);
    return { response, content };
  }

  private parse<T extends WeChatErrorBody>(path: string, text: string): T {
    const name = path.split('?')[0];
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new WeChatTransportError(`WeChat API answered ${name} with something other than JSON`);
    }
    if (body.errcode) throw new WeChatApiError(body.errcode, body.errmsg ?? '');
    return body;
  }

  private post<T extends WeChatErrorBody>(path: string, body: unknown): Promise<T> {
    return this.call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
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

  private stableToken(force: boolean): Promise<IssuedToken> {
    return this.post<WeChatErrorBody & IssuedToken>('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.options.appId,
      secret: this.options.appSecret,
      force_refresh: force,
    });
  }

  /** The process's access token (cached; refreshed a few minutes before it runs out). */
  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** Runs an API call with the access token; a refused token is force-refreshed once and the call tried once more. */
  protected async withAccessToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await work(token);
    } catch (error) {
      if (!(error instanceof WeChatApiError && TOKEN_REFUSED.has(error.errcode))) throw error;
      return work(await this.tokens.renew(token));
    }
  }

  /**
   * The phone number behind a getPhoneNumber button's code (phonenumber.getPhoneNumber): the
   * number WeChat verified by SMS, so the resident need not type it. A used or expired code
   * (40029) is the resident's problem: 400.
   */
  async getUserPhoneNumber(code: string): Promise<string> {
    try {
      const body = await this.withAccessToken((token) =>
        this.post<WeChatErrorBody & { phone_info: { phoneNumber: string; purePhoneNumber: string; countryCode: string } }>(
          `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
          { code },
        ),
      );
      return body.phone_info.purePhoneNumber;
    } catch (error) {
      if (error instanceof WeChatApiError && error.errcode === 40029) {
        throw new DomainError('wechat_phone_code_invalid', '没能读到微信里的手机号，请再点一次，或者自己填写手机号', 400);
      }
      throw error;
    }
  }

  /**
   * wxacode.getUnlimited: a 小程序码 (PNG) that opens `page` with `scene` (at most 32 characters),
   * e.g. a village code printed on the village board. WeChat answers an image, or JSON on error.
   */
  async getUnlimitedQrCode(options: { scene: string; page: string; envVersion?: 'release' | 'trial' | 'develop' }): Promise<Buffer> {
    const body = JSON.stringify({ scene: options.scene, page: options.page, check_path: false, env_version: options.envVersion ?? 'release', width: 860 });
    return this.withAccessToken(async (token) => {
      const path = `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`;
      const { response, content } = await this.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, async (r) => Buffer.from(await r.arrayBuffer()));
      if ((response.headers.get('content-type') ?? '').includes('json')) this.parse(path, content.toString('utf8'));
      return content;
    });
  }

  /** subscribeMessage.send. 43101 (the user refused or has no subscription left) comes back as a WeChatApiError. */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    const body = {
      touser: message.touser,
      template_id: message.templateId,
      ...(message.page ? { page: message.page } : {}),
      data: message.data,
      ...(message.miniprogramState ? { miniprogram_state: message.miniprogramState } : {}),
      lang: message.lang ?? 'zh_CN',
    };
    await this.withAccessToken((token) => this.post(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, body));
  }
}
