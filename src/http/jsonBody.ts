import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { DomainError } from '../domain/errors';

/**
 * The JSON body parser, with its failures told apart from everything after it. A body that
 * does not decode as its Content-Encoding says (gzip, br, deflate) fails inside zlib with an
 * error that has no HTTP status; anything the parser throws is the request's fault, so it is a
 * 400 here rather than a 500 further out. Errors that already carry a status (bad JSON, too
 * large, unknown encoding) keep it.
 */
export function jsonBody(): Middleware {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', encoding: 'utf-8' });
  return async (ctx, next) => {
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
        await next();
      });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (parsed || typeof status === 'number') throw error;
      throw new DomainError('bad_encoding', '请求内容和它声明的压缩方式（Content-Encoding）不符', 400);
    }
  };
}
