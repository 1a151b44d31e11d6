import { z } from 'zod';
import { declarationSchema } from '../../domain/declaration';
import { RULES } from '../../domain/workflow';
import { notFound } from '../../domain/errors';
import { Case } from '../../store/entities';
import { wechatLoginSchema, residentWechatLogin } from '../../services/auth';
import { actOnCase } from '../../services/caseActions';
import { residentCaseViews } from '../../services/caseViews';
import { submitDeclaration } from '../../services/declare';
import { recordSubscriptions, subscriptionsSchema } from '../../services/subscriptions';
import { route } from '../route';

const confirmationSchema = z
  .object({
    decision: z.enum(['confirm', 'object'], { error: '请选择确认或有不同意见' }),
    // The same field the object_visit action stores (bounded, visible characters only).
    words: RULES.object_visit.input.shape.words.optional(),
    version: z.number({ error: '请刷新后再试' }).int().positive(),
  })
  .strict();

export const residentRoutes = [
  route({
    method: 'post',
    path: '/api/auth/wechat',
    summary: '小程序登录：wx.login 的 code 换取令牌（演示模式下 code 为 demo:<id>）',
    tag: 'resident',
    auth: 'none',
    body: wechatLoginSchema,
    handler: ({ app, body }) => residentWechatLogin(app, body),
  }),
  route({
    method: 'post',
    path: '/api/declarations',
    summary: '提交自主申报（各渠道统一格式）；带群众令牌时关联到该群众',
    tag: 'resident',
    auth: 'optional',
    body: declarationSchema,
    status: 201,
    handler: ({ app, actor, body }) => submitDeclaration(app, actor, body, actor?.kind === 'resident' ? actor.channel : 'api'),
  }),
  route({
    method: 'get',
    path: '/api/me/cases',
    summary: '我的申报：状态、下一步、办理经过',
    tag: 'resident',
    auth: 'resident',
    handler: async ({ app, actor }) => {
      const cases = await app.db.getRepository(Case).find({ where: { residentId: actor.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 });
      return { items: await residentCaseViews(app.db.manager, cases, actor, app.clock()) };
    },
  }),
  route({
    method: 'get',
    path: '/api/me/cases/:id',
    summary: '我的一件申报',
    tag: 'resident',
    auth: 'resident',
    params: z.object({ id: z.coerce.number().int().positive({ error: '编号不正确' }) }),
    handler: async ({ app, actor, params }) => {
      const found = await app.db.getRepository(Case).findOne({ where: { id: params.id, residentId: actor.id } });
      if (!found) throw notFound('申报');
      return (await residentCaseViews(app.db.manager, [found], actor, app.clock()))[0];
    },
  }),
  route({
    method: 'post',
    path: '/api/me/cases/:id/confirmation',
    summary: '户主确认入户核查情况（双签字）：confirm 确认无误，object 有不同意见（words 写明）；version 为读到的版本',
    tag: 'resident',
    auth: 'resident',
    params: z.object({ id: z.coerce.number().int().positive({ error: '编号不正确' }) }),
    body: confirmationSchema,
    handler: async ({ app, actor, params, body }) => {
      const request = body.decision === 'confirm' ? { action: 'confirm_visit', version: body.version } : { action: 'object_visit', version: body.version, words: body.words };
      const updated = await actOnCase(app, actor, params.id, request);
      return (await residentCaseViews(app.db.manager, [updated], actor, app.clock()))[0];
    },
  }),
  route({
    method: 'post',
    path: '/api/me/subscriptions',
    summary: '记录居民在小程序里同意的订阅消息（每同意一次，可以发一条进度通知）',
    tag: 'resident',
    auth: 'resident',
    body: subscriptionsSchema,
    status: 204,
    handler: async ({ app, actor, body }) => void (await recordSubscriptions(app, actor, body)),
  }),
];
