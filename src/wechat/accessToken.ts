/**
 * The access token as WeChat's stable_token hands it out: one per process, cached until a few
 * minutes before it runs out. Everyone waiting for a token at the same time shares one request,
 * and a token WeChat refused (40001/42001) is replaced once for all who saw it refused.
 *
 * stable_token (unlike the old /cgi-bin/token) gives every process the same token while it is
 * valid, so several API processes with their own caches do not push each other's tokens out.
 */
export interface IssuedToken {
  access_token: string;
  /** Seconds; WeChat says 7200. */
  expires_in: number;
}

interface Cached {
  value: string;
  /** After this (ms since epoch) the token is refreshed before use. */
  refreshAt: number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export class AccessTokenCache {
  private token: Cached | null = null;
  private inFlight: { promise: Promise<string>; force: boolean } | null = null;

  constructor(
    /** Calls stable_token; `force` = force_refresh. */
    private readonly issue: (force: boolean) => Promise<IssuedToken>,
    private readonly clock: () => Date,
    private readonly marginMs = DEFAULT_REFRESH_MARGIN_MS,
  ) {}

  /** A token good for a while yet: the cached one, or a fresh one. */
  async get(): Promise<string> {
    if (this.token && this.clock().getTime() < this.token.refreshAt) return this.token.value;
    return this.refresh(false);
  }

  /**
   * WeChat refused `stale` (40001 invalid, 42001 expired): a new token, force-refreshed at most
   * once however many callers saw the same refusal at the same time.
   */
  async renew(stale: string): Promise<string> {
    if (this.inFlight) {
      const fresh = await this.inFlight.promise.catch(() => null);
      if (fresh && fresh !== stale) return fresh;
    }
    if (this.token && this.token.value !== stale) return this.token.value;
    return this.refresh(true);
  }

  private refresh(force: boolean): Promise<string> {
    if (this.inFlight && (this.inFlight.force || !force)) return this.inFlight.promise;
    // A forced refresh asked for while a plain one runs goes after it, never beside it.
    const before = this.inFlight?.promise.catch(() => undefined);
    const run = async (): Promise<string> => {
      await before;
      const askedAt = this.clock().getTime();
      const issued = await this.issue(force);
      if (!issued.access_token || !(issued.expires_in > 0)) throw new Error('WeChat stable_token answered without a token');
      const lifetimeMs = issued.expires_in * 1000;
      this.token = { value: issued.access_token, refreshAt: askedAt + lifetimeMs - Math.min(this.marginMs, lifetimeMs / 2) };
      return issued.access_token;
    };
    const entry = { promise: run(), force };
    this.inFlight = entry;
    const done = () => {
      if (this.inFlight === entry) this.inFlight = null;
    };
    entry.promise.then(done, done);
    return entry.promise;
  }
}
