import type { Middleware } from 'koa';
import { DomainError } from '../domain/errors';

/**
 * A fixed-window limit per client address, for endpoints that invite guessing (login).
 * Per process; the per-account lockout in the database covers several processes.
 */
export function rateLimit(options: { windowMs: number; max: number; now: () => Date }): Middleware {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return async (ctx, next) => {
    const now = options.now().getTime();
    const key = ctx.ip;
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
      entry = { count: 0, resetAt: now + options.windowMs };
      hits.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > options.max) {
      ctx.set('Retry-After', String(Math.ceil((entry.resetAt - now) / 1000)));
      throw new DomainError('rate_limited', '尝试太频繁，请稍后再试', 429);
    }
    await next();
  };
}
