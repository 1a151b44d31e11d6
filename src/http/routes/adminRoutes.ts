import { z } from 'zod';
import { CAMPAIGN_KINDS, MILESTONE_MEASURES } from '../../domain/campaigns';
import { REMINDER_RECIPIENTS, REMINDER_TRIGGERS } from '../../domain/reminders';
import { CLOCK_LABELS, OPEN_STATES, STATE_INFO } from '../../domain/workflow';
import { addUserSchema } from '../../services/staffAdmin';
import { accountOpenCases, countyAccounts } from '../../services/staffAccounts';
import { addCadre, addCadreSchema, issueAccountBindCode, resetAccountPassword, setAccountActive, setAccountVillages, unbindAccountChat, villagesSchema } from '../../services/staffAccountChanges';
import { route } from '../route';

/**
 * 管理: staff accounts for county users (their county's cadres and township accounts) and admins.
 * The county's figures, holidays, campaigns, reminder rules and dead letters have their own
 * routes (calendarRoutes, reminderRoutes); this file adds the accounts and the words the
 * administration screens label those with.
 */
const countyParams = z.object({ county: z.string().regex(/^\d{6}$/, { error: '县代码应为6位' }) });
const accountParams = z.object({ username: addUserSchema.shape.username });
const words = (labels: Record<string, string | { words: string }>) => Object.entries(labels).map(([code, label]) => ({ code, label: typeof label === 'string' ? label : label.words }));

export const adminRoutes = [
  route({
    method: 'get',
    path: '/api/catalogues/admin',
    summary: '管理页面用的名称：各步骤时限、提醒规则的触发时机和接收人、时间节点的统计口径、年度工作类型、可设提醒的环节',
    tag: 'staff',
    auth: 'staff',
    handler: async () => ({
      clock: words(CLOCK_LABELS),
      reminderTriggers: words(REMINDER_TRIGGERS),
      reminderRecipients: words(REMINDER_RECIPIENTS),
      milestoneMeasures: words(MILESTONE_MEASURES),
      campaignKinds: words(CAMPAIGN_KINDS),
      openStates: OPEN_STATES.map((state) => ({ code: state, label: STATE_INFO[state].label })),
    }),
  }),
  route({
    method: 'get',
    path: '/api/counties/:county/staff',
    summary: '本县的村干部和乡镇账号：负责的村（是否主要负责人）、是否启用、是否绑定微信、在办案件数（县级、管理员）',
    tag: 'staff',
    auth: 'staff',
    params: countyParams,
    handler: ({ app, actor, params }) => countyAccounts(app, actor, params.county),
  }),
  route({
    method: 'post',
    path: '/api/counties/:county/staff',
    summary: '新建村干部账号 {username, name, villages, primary}：村必须是本县的；初始密码随机生成，只在这次返回',
    tag: 'staff',
    auth: 'staff',
    status: 201,
    params: countyParams,
    body: addCadreSchema,
    handler: ({ app, actor, params, body }) => addCadre(app, actor, params.county, body),
  }),
  route({
    method: 'get',
    path: '/api/staff/:username/open-cases',
    summary: '村干部手上的在办案件（最多100件），reassignable 为可以改派（POST /api/bulk-actions，action 为 assign）',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    handler: ({ app, actor, params }) => accountOpenCases(app, actor, params.username),
  }),
  route({
    method: 'put',
    path: '/api/staff/:username/active',
    summary: '停用或重新启用账号 {active}：停用后不能登录、已登录的立即失效、不再分到新案件；手上的案件不动，需改派',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    body: z.object({ active: z.boolean({ error: 'active 只能是 true 或 false' }) }).strict(),
    handler: ({ app, actor, params, body }) => setAccountActive(app, actor, params.username, body.active),
  }),
  route({
    method: 'put',
    path: '/api/staff/:username/villages',
    summary: '设置村干部在本县负责的村 {villages: [{code, primary}]}（整体替换）；primary 为该村的主要负责人，新案件先派给他',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    body: villagesSchema,
    handler: ({ app, actor, params, body }) => setAccountVillages(app, actor, params.username, body),
  }),
  route({
    method: 'post',
    path: '/api/staff/:username/password',
    summary: '重置密码：随机生成新密码，只在这次返回；同时解除输错密码的锁定',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    handler: ({ app, actor, params }) => resetAccountPassword(app, actor, params.username),
  }),
  route({
    method: 'post',
    path: '/api/staff/:username/bind-code',
    summary: '生成微信绑定码（8位，24小时内有效，只能用一次；之前没用的作废）：本人用自己的微信给机器人发“绑定 <码>”',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    handler: ({ app, actor, params }) => issueAccountBindCode(app, actor, params.username),
  }),
  route({
    method: 'delete',
    path: '/api/staff/:username/chat-binding',
    summary: '解除账号与微信的绑定（换了微信、绑错了）',
    tag: 'staff',
    auth: 'staff',
    params: accountParams,
    handler: ({ app, actor, params }) => unbindAccountChat(app, actor, params.username),
  }),
];
