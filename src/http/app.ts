import Router from '@koa/router';
import Koa from 'koa';
import type { Actor } from '../services/actors';
import type { AppContext } from '../services/context';
import { authenticate } from './authMiddleware';
import { serveConsole } from './consoleStatic';
import { errorHandler } from './errors';
import { jsonBody } from './jsonBody';
import { mountOfficialAccount } from './officialAccountWebhook';
import { buildOpenApi } from './openapi';
import { rateLimit } from './rateLimit';
import { route, mountRoutes, type RouteSpec } from './route';
import { securityHeaders } from './securityHeaders';
import { adminRoutes } from './routes/adminRoutes';
import { calendarRoutes } from './routes/calendarRoutes';
import { printRoutes } from './routes/printRoutes';
import { exportRoutes } from './routes/exportRoutes';
import { reminderRoutes } from './routes/reminderRoutes';
import { publicRoutes } from './routes/publicRoutes';
import { residentRoutes } from './routes/residentRoutes';
import { sessionRoutes } from './routes/sessionRoutes';
import { staffRoutes } from './routes/staffRoutes';
import { warningImportRoutes } from './routes/warningImportRoutes';

export const API_ROUTES: RouteSpec[] = [...publicRoutes, ...residentRoutes, ...staffRoutes, ...sessionRoutes, ...calendarRoutes, ...reminderRoutes, ...printRoutes, ...exportRoutes, ...warningImportRoutes, ...adminRoutes];

/** A resident token's holder, counted across addresses (a phone moves between networks). */
const residentKey = (actor: Actor | undefined) => (actor?.kind === 'resident' ? String(actor.id) : null);

export function createHttpApp(app: AppContext): Koa {
  // With proxies in front, the client is the address the outermost trusted one appended: what
  // stands left of it in X-Forwarded-For the client wrote itself.
  const koa = new Koa({ proxy: app.config.trustProxy, maxIpsCount: app.config.proxyHops });
  // Errors are logged once by errorHandler; Koa's own printing would repeat them.
  koa.silent = true;
  const router = new Router();
  const openApi = buildOpenApi(API_ROUTES, '1');
  const docs = route({ method: 'get', path: '/api/openapi.json', summary: 'API 文档', tag: 'public', auth: 'none', handler: async () => openApi });
  const limits = app.config.rateLimits;
  const loginLimit = rateLimit({ windowMs: 60_000, max: limits.loginPerAddressPerMinute, now: app.clock });
  router.post('/api/auth/login', loginLimit);
  router.post('/api/auth/session', loginLimit);
  const declaring = { windowMs: limits.declarationWindowMs, now: app.clock, code: 'declaration_rate_limited', message: '提交申报太频繁，请稍后再试' };
  router.post(
    '/api/declarations',
    rateLimit({ ...declaring, max: limits.declarationsPerAddress }),
    rateLimit({ ...declaring, max: limits.declarationsPerResident, key: (ctx) => residentKey(ctx.state.actor as Actor | undefined) }),
  );
  mountRoutes(router, app, [...API_ROUTES, docs]);
  // WeChat's XML push, outside /api and the OpenAPI document: WeChat is its only client.
  mountOfficialAccount(router, app);

  koa.use(errorHandler(app.logger));
  koa.use(securityHeaders());
  koa.use(serveConsole());
  koa.use(jsonBody());
  koa.use(authenticate(app));
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return koa;
}
