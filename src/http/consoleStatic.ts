import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Middleware } from 'koa';
import koaStatic from 'koa-static';

export const CONSOLE_PATH = '/console';
/** The project's root, found upwards: this file runs from src/http, or compiled from dist/src/http (`npm start`). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../..');
  }
}

/** Where Vite puts the built console (`npm run console:build`; `npm install` and `npm start` run it). */
export const CONSOLE_DIST = join(projectRoot(__dirname), 'console', 'dist');

/**
 * The county console at /console: hashed assets cached for good, the page itself always asked
 * again (a new release is picked up on reload), and any other path under /console answered by
 * the page, whose router shows the screen or "没有找到" (history fallback). `/` leads there.
 */
export function serveConsole(root = CONSOLE_DIST): Middleware {
  const files = koaStatic(root, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes(`${join('/', 'assets')}/`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/' || ctx.path === CONSOLE_PATH) return ctx.redirect(`${CONSOLE_PATH}/`);
    if (!ctx.path.startsWith(`${CONSOLE_PATH}/`)) return next();
    if (!existsSync(join(root, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '控制台页面还没有构建：请在项目目录运行 npm run console:build';
      return;
    }
    const asked = ctx.path;
    const inner = asked.slice(CONSOLE_PATH.length);
    // A path with a file extension is a file or nothing; any other is a screen of the page.
    ctx.path = inner === '/' || !extname(inner) ? '/index.html' : inner;
    try {
      await files(ctx, async () => undefined);
    } finally {
      ctx.path = asked;
    }
    if (ctx.body === undefined || ctx.body === null) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '没有找到这个文件';
    }
  };
}
