import { z } from 'zod';
import { CASE_STATES } from '../../domain/caseLifecycle';
import { DomainError } from '../../domain/errors';
import { RISK_TYPES } from '../../domain/riskTypes';
import { CaseFinder, decodeCursor, encodeCursor } from '../../store/caseFinder';
import { loginSchema, staffLogin } from '../../services/auth';
import { actionRequestSchema, actOnCase } from '../../services/caseActions';
import { staffCaseDetail, staffListItems } from '../../services/caseViews';
import { route } from '../route';

const PAGE = 20;
const badCursor = () => new DomainError('validation_failed', '翻页参数不正确，请从第一页重新开始', 400, { field: 'cursor' });
const idParams = z.object({ id: z.coerce.number().int().positive({ error: '案件编号不正确' }) });

function queueCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const [priority, at, id] = decodeCursor(cursor) ?? [];
  if (typeof priority !== 'number' || typeof at !== 'number' || typeof id !== 'number') throw badCursor();
  return { priority, createdAt: new Date(at), id };
}

function listCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor) ?? [];
  if (typeof at !== 'number' || typeof id !== 'number') throw badCursor();
  return { createdAt: new Date(at), id };
}

export const staffRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    summary: '工作人员登录（连续输错5次锁定15分钟）',
    tag: 'staff',
    auth: 'none',
    body: loginSchema,
    handler: ({ app, body }) => staffLogin(app, body),
  }),
  route({
    method: 'get',
    path: '/api/queue',
    summary: '我的待办：当前步骤归我的案件，紧急的在前，其余按时间先后；cursor 翻页',
    tag: 'staff',
    auth: 'staff',
    query: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(PAGE) }),
    handler: async ({ app, actor, query }) => {
      const rows = await new CaseFinder(app.db.manager, actor).queue(query.limit + 1, queueCursor(query.cursor));
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: await staffListItems(app.db.manager, page),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.priority, last.createdAt.getTime(), last.id]) : null,
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/cases',
    summary: '案件列表（按角色限定范围：村干部看负责的村，乡镇看本乡镇，县看本县），新的在前',
    tag: 'staff',
    auth: 'staff',
    query: z.object({
      state: z.enum(CASE_STATES, { error: '状态不正确' }).optional(),
      town: z.string().regex(/^\d{9}$/, { error: '乡镇代码应为9位' }).optional(),
      village: z.string().regex(/^\d{12}$/, { error: '村代码应为12位' }).optional(),
      riskType: z.enum(RISK_TYPES, { error: '风险类型不正确' }).optional(),
      urgent: z.enum(['true', 'false'], { error: 'urgent 只能是 true 或 false' }).transform((v) => v === 'true').optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(PAGE),
    }),
    handler: async ({ app, actor, query }) => {
      const { cursor, limit, ...filters } = query;
      const rows = await new CaseFinder(app.db.manager, actor).list(filters, limit + 1, listCursor(cursor));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: await staffListItems(app.db.manager, page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null,
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/cases/:id',
    summary: '案件详情（范围外的编号与不存在的一样返回404）',
    tag: 'staff',
    auth: 'staff',
    params: idParams,
    handler: async ({ app, actor, params }) => {
      const found = await new CaseFinder(app.db.manager, actor).get(params.id);
      return staffCaseDetail(app.db.manager, app.crypto, actor, found);
    },
  }),
  route({
    method: 'post',
    path: '/api/cases/:id/actions',
    summary: '办理案件：accept 受理、transfer 转交乡镇（reason）、close 结案（reason: no_risk|not_eligible|duplicate|withdrawn）等',
    tag: 'staff',
    auth: 'staff',
    params: idParams,
    body: actionRequestSchema,
    handler: async ({ app, actor, params, koa }) => {
      const updated = await actOnCase(app, actor, params.id, (koa.request as { body?: unknown }).body);
      return staffCaseDetail(app.db.manager, app.crypto, actor, updated);
    },
  }),
];
