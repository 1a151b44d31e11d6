import type { Context } from 'koa';
import type { AppContext } from '../services/context';

/**
 * The console's sign-in lives in a cookie the page's scripts cannot read (HttpOnly), sent only
 * to the API (Path=/api) and only from our own pages (SameSite=Strict). An injected script can
 * still act while the page is open, but cannot carry the token away; and a form on another
 * site cannot act at all: a request signed in by the cookie that changes something must also
 * carry CONSOLE_HEADER, which a cross-site form cannot send and a cross-site script may send
 * only after a CORS preflight this service never answers.
 */
export const SESSION_COOKIE = 'shenbao_staff';
export const CONSOLE_HEADER = 'x-requested-with';
export const CONSOLE_HEADER_VALUE = 'shenbao-console';

export function setSessionCookie(app: AppContext, ctx: Context, token: string): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/api',
    maxAge: app.config.tokenTtlSeconds * 1000,
    // Behind a TLS proxy (TRUST_PROXY) ctx.secure is true and the cookie never travels in clear.
    secure: ctx.secure,
    overwrite: true,
  });
}

export function clearSessionCookie(ctx: Context): void {
  ctx.cookies.set(SESSION_COOKIE, null, { httpOnly: true, sameSite: 'strict', path: '/api', overwrite: true });
}

export function sessionToken(ctx: Context): string | null {
  return ctx.cookies.get(SESSION_COOKIE) ?? null;
}

/** Whether a cookie-signed request may change things: reads always, writes only from the console. */
export function mayWriteWithCookie(ctx: Context): boolean {
  return ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.get(CONSOLE_HEADER) === CONSOLE_HEADER_VALUE;
}
