import type { Middleware } from 'koa';
import { DomainError } from '../domain/errors';
import { actorFromClaims } from '../services/auth';
import type { AppContext } from '../services/context';

/** Resolves a Bearer token to the acting resident or staff member; a bad token is a 401. */
export function authenticate(app: AppContext): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const claims = token ? app.tokens.verify(token, app.clock()) : null;
      const actor = claims ? await actorFromClaims(app, claims) : null;
      if (!actor) throw new DomainError('unauthorized', '登录已过期，请重新登录', 401);
      ctx.state.actor = actor;
    }
    await next();
  };
}
