import { z } from 'zod';
import { declarationSchema } from '../../domain/declaration';
import { REPORT_RECEIVED } from '../../domain/householdReport';
import { RULES } from '../../domain/workflow';
import { notFound } from '../../domain/errors';
import { Case } from '../../store/entities';
import { wechatLoginSchema, residentWechatLogin } from '../../services/auth';
import { actOnCase } from '../../services/caseActions';
import { residentCaseViews } from '../../services/caseViews';
import { submitDeclaration } from '../../services/declare';
import { recordSubscriptions, subscriptionsSchema } from '../../services/subscriptions';
import { callbackBodySchema, callbackContact, requestCallbackFromMiniProgram } from '../../services/callbacks';
import { phoneCodeSchema, phoneFromWeChatCode } from '../../services/residentPhone';
import { route } from '../route';

const confirmationSchema = z
  .object({
    decision: z.enum(['confirm', 'object'], { error: '请选择确认或有不同意见' }),
    // The same field the object_visit action stores (bounded, visible characters only).
    words: RULES.object_visit.input.shape.words.optional(),
    version: z.number({ error: '请刷新后再试' }).int().positive(),
  })
  .strict();

/** What a declaration answers, documented (the service builds the bodies). */
const filedBody = z.object({
  outcome: z.literal('filed'),
  id: z.number(),
  trackingCode: z.string(),
  state: z.string(),
  riskTypes: z.array(z.string()),
  urgency: z.enum(['urgent', 'normal']),
  assignee: z.object({ name: z.string() }).nullable(),
});
const reportedBody = z.object({ outcome: z.literal('reported'), message: z.literal(REPORT_RECEIVED) });

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
    summary: '提交自主申报（各渠道统一格式）；带群众令牌时关联到该群众。这户已有在办案件时，申报作为“同户再次申报”记在该案件上，回答里没有该案件的任何信息',
    tag: 'resident',
    auth: 'optional',
    body: declarationSchema,
    status: 201,
    responses: {
      201: { description: '新的申报：编号、状态、风险类型、紧急程度、村干部', body: filedBody },
      202: { description: '这户已有在办案件：已记在该案件上，村干部会一并核实（不说是哪件、办到哪一步）', body: reportedBody },
    },
    handler: async ({ app, actor, body, koa }) => {
      const result = await submitDeclaration(app, actor, body, actor?.kind === 'resident' ? actor.channel : 'api');
      if (result.outcome === 'reported') koa.status = 202;
      return result;
    },
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
  route({
    method: 'get',
    path: '/api/me/callback',
    summary: '“请村干部给我回电话”按钮：是否一点就能办（已留过手机号和村），以及村委会电话（县里录入的才有）',
    tag: 'resident',
    auth: 'resident',
    query: z.object({ villageCode: z.string().regex(/^\d{12}$/, { error: '村代码应为12位' }).optional() }).strict(),
    handler: ({ app, actor, query }) => callbackContact(app, actor.id, query.villageCode),
  }),
  route({
    method: 'post',
    path: '/api/me/callbacks',
    summary: '请村干部给我回电话：像申报一样交给本村干部；没给手机号或村时用上次申报留的，都没有时 422',
    tag: 'resident',
    auth: 'resident',
    body: callbackBodySchema,
    status: 201,
    handler: ({ app, actor, body }) => requestCallbackFromMiniProgram(app, actor.id, body),
  }),
  route({
    method: 'post',
    path: '/api/me/phone',
    summary: '微信手机号按钮（getPhoneNumber）的 code 换成手机号，居民不用自己输入',
    tag: 'resident',
    auth: 'resident',
    body: phoneCodeSchema,
    handler: async ({ app, body }) => ({ phone: await phoneFromWeChatCode(app, body.code) }),
  }),
];
