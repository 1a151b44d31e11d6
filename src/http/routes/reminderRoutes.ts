import { z } from 'zod';
import { campaignSchema, CAMPAIGN_KINDS, type CampaignKind } from '../../domain/campaigns';
import { reminderLadderSchema } from '../../domain/reminders';
import { ladderOf, listCampaigns, saveCampaign, saveLadder, startCampaignFromTemplate } from '../../services/campaigns';
import { deadLetters, retryDeadLetter } from '../../services/deadLetters';
import { staffInbox } from '../../services/inbox';
import { route } from '../route';
import { requireCountyOf, requireInCounty } from './calendarRoutes';

const countyParams = z.object({ county: z.string().regex(/^\d{6}$/, { error: '县代码应为6位' }) });
const year = z.coerce.number().int().min(2020, { error: '年份不对' }).max(2100, { error: '年份不对' });

export const reminderRoutes = [
  route({
    method: 'get',
    path: '/api/counties/:county/campaigns',
    summary: '县的年度工作安排（动态管理、集中排查）及其时间节点',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    query: z.object({ year: year.optional() }).strict(),
    handler: ({ app, actor, params, query }) => {
      requireInCounty(actor, params.county);
      return listCampaigns(app.db.manager, params.county, query.year);
    },
  }),
  route({
    method: 'put',
    path: '/api/counties/:county/campaigns',
    summary: '保存一项年度工作安排（同年同类整体替换）；节点前按提醒规则通知村干部和乡镇',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    body: campaignSchema,
    handler: ({ app, actor, params, body }) => {
      requireCountyOf(actor, params.county);
      return saveCampaign(app, params.county, body, actor.name);
    },
  }),
  route({
    method: 'post',
    path: '/api/counties/:county/campaigns/from-template',
    summary: '按范本建立年度工作安排：autumn（动态管理信息采集，兴安盟方案）或 spring（集中排查，耿马方案）',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    body: z.object({ kind: z.enum(Object.keys(CAMPAIGN_KINDS) as [CampaignKind, ...CampaignKind[]], { error: '工作类型只能是 autumn 或 spring' }), year: z.number({ error: '年份要写数字' }).int().min(2020).max(2100) }).strict(),
    handler: ({ app, actor, params, body }) => {
      requireCountyOf(actor, params.county);
      return startCampaignFromTemplate(app, params.county, body.kind, body.year, actor.name);
    },
  }),
  route({
    method: 'get',
    path: '/api/counties/:county/reminder-rules',
    summary: '县的提醒规则（没有设置时为默认：到期前1个工作日提醒经办人，超期提醒经办人和乡镇，超期2个工作日提醒县级）',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    handler: ({ app, actor, params }) => {
      requireInCounty(actor, params.county);
      return ladderOf(app.db.manager, params.county);
    },
  }),
  route({
    method: 'put',
    path: '/api/counties/:county/reminder-rules',
    summary: '修改县的提醒规则（整体替换）；rules 为 null 时恢复默认',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    body: z.object({ rules: reminderLadderSchema.nullable() }).strict(),
    handler: ({ app, actor, params, body }) => {
      requireCountyOf(actor, params.county);
      return saveLadder(app, params.county, body.rules, actor.name);
    },
  }),
  route({
    method: 'get',
    path: '/api/counties/:county/dead-letters',
    summary: '发送失败（重试用尽）的消息：本县案件的通知和发给本县工作人员的提醒，需要有人处理',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    handler: ({ app, actor, params }) => {
      requireCountyOf(actor, params.county);
      return deadLetters(app.db.manager, params.county);
    },
  }),
  route({
    method: 'post',
    path: '/api/counties/:county/dead-letters/:id/retry',
    summary: '原因排除后（如村干部已绑定微信），把一条发送失败的消息重新发送',
    tag: 'staff',
    auth: 'staff',
    params: countyParams.extend({ id: z.coerce.number().int().positive({ error: '消息编号不对' }) }),
    handler: async ({ app, actor, params }) => {
      requireCountyOf(actor, params.county);
      await retryDeadLetter(app.db.manager, params.county, params.id, app.clock());
      return { retried: params.id };
    },
  }),
  route({
    method: 'get',
    path: '/api/inbox',
    summary: '我的消息：发给我的提醒和案件通知（与微信里收到的相同），新的在前',
    tag: 'staff',
    auth: 'staff',
    query: z.object({ limit: z.coerce.number().int().min(1, { error: 'limit 至少1' }).max(100, { error: 'limit 最多100' }).default(30), before: z.coerce.number().int().positive().optional() }).strict(),
    handler: ({ app, actor, query }) => staffInbox(app.db.manager, actor.id, query.limit, query.before),
  }),
];
