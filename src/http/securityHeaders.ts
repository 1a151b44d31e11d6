import type { Middleware } from 'koa';
import helmet from 'koa-helmet';

/**
 * The usual hardening headers, and a Content-Security-Policy that lets a page run only the
 * scripts and styles it was built with: no inline script, no script or connection to another
 * host, no framing. Served on every response (the API's JSON is harmless under it).
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  }) as Middleware;
}
