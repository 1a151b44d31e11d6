import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors';
import { isDatabaseUnavailable, unavailableReason } from '../store/unavailable';

/** Seconds a client is asked to wait while the database is unavailable (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

interface ErrorBody {
  code: string;
  message: string;
}

/**
 * What a client is told for an HTTP-level refusal, by status. These come from the framework
 * (router, body parser) rather than from a rule, so they carry no message of their own that a
 * person could read.
 */
const PROTOCOL_ERRORS: Record<number, ErrorBody> = {
  400: { code: 'bad_request', message: '请求内容不是有效的JSON' },
  404: { code: 'not_found', message: '没有这个接口' },
  405: { code: 'method_not_allowed', message: '这个接口不支持这种请求方式' },
  413: { code: 'too_large', message: '请求内容太大' },
  415: { code: 'unsupported_encoding', message: '不支持请求内容的编码或压缩方式' },
  501: { code: 'not_implemented', message: '服务器不支持这种请求方式' },
};
const OTHER_CLIENT_ERROR: ErrorBody = { code: 'bad_request', message: '请求有误，请检查后再试' };
const UNAVAILABLE: ErrorBody = { code: 'unavailable', message: '系统暂时无法处理，请稍后再试' };
const INTERNAL: ErrorBody = { code: 'internal', message: '服务器出错了，请稍后再试' };

const protocolError = (status: number): ErrorBody => PROTOCOL_ERRORS[status] ?? OTHER_CLIENT_ERROR;

/** The status an http-errors style error (body parser, router, koa's ctx.throw) asks for, if it is a client error. */
function clientStatus(error: unknown): number | null {
  const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status === null) return null;
  if (status >= 400 && status < 500) return status;
  // 501 (unknown method) is the client's doing too, although a 5xx by number.
  return status === 501 ? status : null;
}

function answer(ctx: Context, status: number, body: ErrorBody & { details?: Record<string, unknown> }): void {
  ctx.status = status;
  ctx.body = { error: body };
}

/**
 * The one error shape: {"error": {"code", "message"}} with a Chinese message; never a stack to
 * the client. Only a fault of our own is logged with its error (a stack, serialized without
 * query data by the logger); a client's mistake is not logged, and an outage is one warning line
 * with the driver's code, so a down database does not bury the log in identical stacks.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // Answers set without a body (404 from no route, the router's 405/501) get the shape too.
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null)) answer(ctx, ctx.status, protocolError(ctx.status));
    } catch (error) {
      if (error instanceof DomainError) {
        // A refusal for going too fast says when to come back (RFC 6585).
        const retryAfter = error.details?.retryAfterSeconds;
        if (error.status === 429 && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
        answer(ctx, error.status, { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
        return;
      }
      if (isDatabaseUnavailable(error)) {
        logger.warn({ method: ctx.method, path: ctx.path, db: unavailableReason(error) }, 'database unavailable');
        ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
        answer(ctx, 503, UNAVAILABLE);
        return;
      }
      const status = clientStatus(error);
      if (status !== null) {
        const headers = (error as { headers?: Record<string, string> }).headers;
        if (status === 405 && headers?.Allow) ctx.set('Allow', headers.Allow);
        answer(ctx, status, protocolError(status));
        return;
      }
      logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      answer(ctx, 500, INTERNAL);
    }
  };
}
