import type { Context, Middleware } from 'koa';
import { DomainError } from '../domain/errors';
import { actorFromClaims } from '../services/auth';
import type { AppContext } from '../services/context';
import { clearSessionCookie, mayWriteWithCookie, sessionToken } from './staffSession';

/** Set when the request carried a Bearer token that did not resolve to an actor. */
const REJECTED_TOKEN = 'rejectedToken';

/**
 * Resolves the acting resident or staff member: a Bearer token (API clients, the mini-program),
 * else the console's session cookie. A bad token is not refused here: only the route knows
 * whether it needs a signed-in caller, and a public route (login, health, declaring) must keep
 * working for a client that still holds a stale token — otherwise it could never log in again.
 * A stale cookie is dropped for the same reason.
 */
export function authenticate(app: AppContext): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const claims = token ? await app.tokens.verify(token, app.clock()) : null;
      const actor = claims ? await actorFromClaims(app, claims) : null;
      if (actor) ctx.state.actor = actor;
      else {
        ctx.state[REJECTED_TOKEN] = true;
        // RFC 6750: tells a client whose token was ignored (on a public route) or refused to log in again.
        ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      }
      return next();
    }
    const cookie = sessionToken(ctx);
    if (cookie) {
      const claims = await app.tokens.verify(cookie, app.clock(), ['staff']);
      const actor = claims ? await actorFromClaims(app, claims) : null;
      if (!actor) clearSessionCookie(ctx);
      else if (!mayWriteWithCookie(ctx)) throw new DomainError('forbidden', '请从控制台页面操作', 403);
      else ctx.state.actor = actor;
    }
    await next();
  };
}

/** Whether the caller sent credentials that were refused (expired, forged, account gone). */
export const sentRejectedToken = (ctx: Context): boolean => ctx.state[REJECTED_TOKEN] === true;
