import type { Middleware } from 'koa';
import { DomainError } from '../domain/errors';
import { actorFromClaims } from '../services/auth';
import type { AppContext } from '../services/context';
import { clearSessionCookie, mayWriteWithCookie, sessionToken } from './staffSession';

/**
 * Resolves the acting resident or staff member: a Bearer token (API clients, the mini-program),
 * else the console's session cookie. A bad Bearer token is a 401; a stale cookie is dropped and
 * the request goes on signed out, so the sign-in page itself still works.
 */
export function authenticate(app: AppContext): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const claims = token ? app.tokens.verify(token, app.clock()) : null;
      const actor = claims ? await actorFromClaims(app, claims) : null;
      if (!actor) throw new DomainError('unauthorized', '登录已过期，请重新登录', 401);
      ctx.state.actor = actor;
      return next();
    }
    const cookie = sessionToken(ctx);
    if (cookie) {
      const claims = app.tokens.verify(cookie, app.clock());
      const actor = claims?.kind === 'staff' ? await actorFromClaims(app, claims) : null;
      if (!actor) clearSessionCookie(ctx);
      else if (!mayWriteWithCookie(ctx)) throw new DomainError('forbidden', '请从控制台页面操作', 403);
      else ctx.state.actor = actor;
    }
    await next();
  };
}
