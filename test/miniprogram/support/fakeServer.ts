/**
 * A stand-in for the API behind wx.request: routes by method and path, answers asynchronously
 * like the real thing, and keeps every request so a test can assert on what was sent.
 */
export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (req: SentRequest) => Reply;

interface WxRequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  success?: (res: { statusCode: number; data: unknown; header: Record<string, string> }) => void;
  fail?: (err: { errMsg: string }) => void;
}

export class FakeServer {
  readonly requests: SentRequest[] = [];
  private readonly routes: { method: string; path: string; handler: Handler }[] = [];

  /** Later routes win, so a test can override one default. */
  on(method: string, path: string, handler: Handler | Reply): this {
    this.routes.unshift({ method, path, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  sent(method: string, path: string): SentRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** The function to install as wx.request. */
  readonly wxRequest = (options: WxRequestOptions): void => {
    const url = new URL(options.url);
    const req: SentRequest = {
      method: options.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      // wx.request sends `data` as JSON; a round trip proves the payload is plain JSON.
      body: options.data === undefined ? undefined : JSON.parse(JSON.stringify(options.data)),
      headers: options.header ?? {},
    };
    this.requests.push(req);
    const route = this.routes.find((r) => r.method === req.method && r.path === req.path);
    const reply = route ? route.handler(req) : { status: 404, body: { error: { code: 'not_found', message: '没有这个接口' } } };
    setTimeout(() => options.success?.({ statusCode: reply.status, data: reply.body ?? '', header: {} }), 0);
  };
}
