import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors';

/** The one error shape: {"error": {"code", "message"}} with a Chinese message; never a stack. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: '没有这个接口' } };
      }
    } catch (error) {
      if (error instanceof DomainError) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
        return;
      }
      const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
      if (status === 400 || status === 415 || status === 422) {
        ctx.status = 400;
        ctx.body = { error: { code: 'bad_request', message: '请求内容不是有效的JSON' } };
        return;
      }
      if (status === 413) {
        ctx.status = 413;
        ctx.body = { error: { code: 'too_large', message: '请求内容太大' } };
        return;
      }
      logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: '服务器出错了，请稍后再试' } };
    }
  };
}
