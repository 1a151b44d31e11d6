import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Actor, ResidentActor, StaffActor } from '../services/actors';
import type { AppContext } from '../services/context';
import { parseInput } from '../services/zodInput';
import { sentRejectedToken } from './authMiddleware';

type Auth = 'none' | 'optional' | 'resident' | 'staff';
type ActorFor<A extends Auth> = A extends 'resident' ? ResidentActor : A extends 'staff' ? StaffActor : A extends 'optional' ? Actor | null : null;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<A extends Auth, B, Q, P> {
  app: AppContext;
  actor: ActorFor<A>;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  koa: Context;
}

/**
 * One route: its schemas validate the request and generate the OpenAPI document, so the two
 * cannot drift. Handlers get parsed input and return the response body.
 */
export interface RouteSpec<A extends Auth = Auth, B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: A;
  body?: B;
  /** Documents a body the handler's service validates itself (the case actions, one schema each). */
  bodyDoc?: z.ZodType;
  query?: Q;
  params?: P;
  status?: number;
  /** The answers documented when there is more than one (a declaration: 201 a new case, 202 kept on an open one). */
  responses?: Record<number, { description: string; body: z.ZodType }>;
  handler: (input: RouteInput<A, B, Q, P>) => Promise<unknown>;
}

export function route<A extends Auth, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<A, B, Q, P>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

function requireActor(auth: Auth, actor: Actor | null, rejectedToken: boolean): Actor | null {
  if (auth === 'none' || auth === 'optional') return actor;
  if (!actor && rejectedToken) throw new DomainError('unauthorized', '登录已过期，请重新登录', 401);
  if (!actor) throw new DomainError('unauthorized', auth === 'staff' ? '请先登录' : '请先登录微信', 401);
  if (actor.kind !== auth) throw new DomainError('forbidden', '没有权限', 403);
  return actor;
}

export function mountRoutes(router: Router, app: AppContext, routes: RouteSpec[]): void {
  for (const spec of routes) {
    router[spec.method](spec.path, async (ctx) => {
      const actor = requireActor(spec.auth, (ctx.state.actor as Actor | undefined) ?? null, sentRejectedToken(ctx));
      const input = {
        app,
        actor,
        koa: ctx,
        params: spec.params ? parseInput(spec.params as z.ZodType, ctx.params) : undefined,
        query: spec.query ? parseInput(spec.query as z.ZodType, ctx.query) : undefined,
        body: spec.body ? parseInput(spec.body as z.ZodType, (ctx.request as { body?: unknown }).body ?? {}) : undefined,
      };
      // The route's status is the default; a handler that sets its own (health's 503) keeps it.
      ctx.status = spec.status ?? 200;
      const result = await spec.handler(input as never);
      if (result !== undefined) ctx.body = result;
    });
  }
}
