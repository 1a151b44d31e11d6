import type { Context, Middleware } from 'koa';
import { DomainError } from '../domain/errors';

export interface RateLimitOptions {
  windowMs: number;
  max: number;
  now: () => Date;
  /** What is counted: the client address unless said otherwise; null = not counted here. */
  key?: (ctx: Context) => string | null;
  /** The refusal's code and Chinese message. */
  code?: string;
  message?: string;
}

/**
 * A fixed-window limit per key (the client address by default, as Koa reads it: through
 * TRUST_PROXY's hops, never the client-written start of X-Forwarded-For). Per process: with
 * several API processes each counts what reaches it; login guessing is throttled in the
 * database as well (services/loginThrottle).
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const keyOf = options.key ?? ((ctx: Context) => ctx.ip);
  return async (ctx, next) => {
    const key = keyOf(ctx);
    if (key === null) return next();
    const now = options.now().getTime();
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
      entry = { count: 0, resetAt: now + options.windowMs };
      hits.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > options.max) {
      throw new DomainError(options.code ?? 'rate_limited', options.message ?? '尝试太频繁，请稍后再试', 429, { retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) });
    }
    await next();
  };
}
