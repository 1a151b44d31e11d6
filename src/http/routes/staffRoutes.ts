import { z } from 'zod';
import { BULK_ACTIONS, CASE_ACTIONS, CASE_CHANNELS, CASE_STATES, INTAKE_METHODS, explainProcedureDeadline, explainStepDeadline, ruleOf, STATE_INFO, stepOwner } from '../../domain/workflow';
import { declarationSchema } from '../../domain/declaration';
import { DomainError } from '../../domain/errors';
import { RISK_TYPE_CATALOGUE } from '../../domain/riskTypes';
import { CaseFinder, decodeCursor, encodeCursor, type CaseSort } from '../../store/caseFinder';
import type { Case } from '../../store/entities';
import { workCalendar } from '../../services/workCalendar';
import { caseOverview } from '../../services/caseOverview';
import { caseCount } from '../../services/caseExport';
import { actionForm } from '../../services/actionForms';
import { actOnCases, BULK_LIMIT, bulkRequestSchema, villageCadres } from '../../services/bulkActions';
import { caseFilterQuery, caseFilters, caseListQuery, keptListQuery } from '../caseFilterQuery';
import { deleteFilter, SAVED_FILTER_LIMIT, saveFilter, savedFilters } from '../../services/savedFilters';
import { line } from '../../domain/workflow/fields';
import { loginSchema, staffLogin } from '../../services/auth';
import { actOnCase, decideEnv } from '../../services/caseActions';
import { staffCaseDetail, staffListItems, staffTimeline } from '../../services/caseViews';
import { fileScreenedCase } from '../../services/declare';
import { route } from '../route';

const PAGE = 20;
const labelled = (labels: Record<string, string>) => Object.entries(labels).map(([code, label]) => ({ code, label }));
const badCursor = () => new DomainError('validation_failed', '翻页参数不正确，请从第一页重新开始', 400, { field: 'cursor' });
const idParams = z.object({ id: z.coerce.number().int().positive({ error: '案件编号不正确' }) });

function queueCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const [priority, at, id] = decodeCursor(cursor) ?? [];
  if (typeof priority !== 'number' || typeof at !== 'number' || typeof id !== 'number') throw badCursor();
  return { priority, createdAt: new Date(at), id };
}

/** A list cursor carries its sort: a cursor from one order cannot page another. */
function listCursor(cursor: string | undefined, sort: CaseSort) {
  if (!cursor) return undefined;
  const [sorted, key, id] = decodeCursor(cursor) ?? [];
  if (sorted !== sort || typeof key !== 'number' || typeof id !== 'number') throw badCursor();
  return { key: new Date(key), id };
}

export const staffRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    summary: '工作人员登录（同一地址连续输错5次后须等待，等待逐次加长）',
    tag: 'staff',
    auth: 'none',
    body: loginSchema,
    handler: ({ app, body, koa }) => staffLogin(app, body, koa.ip),
  }),
  route({
    method: 'get',
    path: '/api/catalogues',
    summary: '案件状态（含由谁办理）、风险类型、来源渠道和监测方式的代码与名称，供筛选和显示',
    tag: 'staff',
    auth: 'staff',
    handler: async () => ({
      states: CASE_STATES.map((state) => ({ code: state, label: STATE_INFO[state].label, owner: stepOwner(state) })),
      riskTypes: RISK_TYPE_CATALOGUE,
      channels: labelled(CASE_CHANNELS),
      intakeMethods: labelled(INTAKE_METHODS),
      bulkActions: BULK_ACTIONS.map((action) => ({ action, label: ruleOf(action).label, roles: [...new Set(Object.values(ruleOf(action).by).flat())], form: actionForm(action) })),
    }),
  }),
  route({
    method: 'get',
    path: '/api/overview',
    summary: '首页概况：在办、超期和一个工作日内到期的数量，按状态、地区、风险类型分布，本周与上周的申报，年度工作节点，最该先办的案件',
    tag: 'staff',
    auth: 'staff',
    query: z.object({ town: caseFilterQuery.shape.town }),
    handler: ({ app, actor, query }) => caseOverview(app, actor, query.town),
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
        items: await staffListItems(app.db.manager, page, app.clock()),
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
    query: caseListQuery.extend({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(PAGE),
    }),
    handler: async ({ app, actor, query }) => {
      const { cursor, limit, sort, ...filterQuery } = query;
      const now = app.clock();
      const filters = caseFilters(filterQuery, now, await workCalendar(app.db.manager));
      const rows = await new CaseFinder(app.db.manager, actor).list(filters, limit + 1, sort, listCursor(cursor, sort));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const key = (c: Case) => (sort === 'due' ? c.stepDueAt! : c.createdAt).getTime();
      return {
        items: await staffListItems(app.db.manager, page, now),
        nextCursor: rows.length > limit && last ? encodeCursor([sort, key(last), last.id]) : null,
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/cases/count',
    summary: '符合筛选条件的案件数（条件与案件列表相同；导出时显示进度用）',
    tag: 'staff',
    auth: 'staff',
    query: caseFilterQuery,
    handler: async ({ app, actor, query }) => {
      const filters = caseFilters(query, app.clock(), await workCalendar(app.db.manager));
      return { count: await caseCount(app, actor, filters) };
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
      return staffCaseDetail(app.db.manager, app.crypto, actor, found, app.clock());
    },
  }),
  route({
    method: 'post',
    path: '/api/cases',
    summary: '干部排查登记：村干部（或乡镇、县）为排查发现的困难户登记，进入同一流程，监测方式记为“基层干部排查”',
    tag: 'staff',
    auth: 'staff',
    body: declarationSchema,
    status: 201,
    handler: ({ app, actor, body }) => fileScreenedCase(app, actor, body, 'api'),
  }),
  route({
    method: 'get',
    path: '/api/cases/:id/timeline',
    summary: '案件全部办理记录（含内部备注），按时间先后',
    tag: 'staff',
    auth: 'staff',
    params: idParams,
    handler: async ({ app, actor, params }) => {
      const found = await new CaseFinder(app.db.manager, actor).get(params.id);
      return { items: await staffTimeline(app.db.manager, found.id) };
    },
  }),
  route({
    method: 'get',
    path: '/api/cases/:id/deadline',
    summary: '期限说明：当前步骤和全流程的期限怎么算的（跳过了哪些节假日、算了哪些调休上班日）',
    tag: 'staff',
    auth: 'staff',
    params: idParams,
    handler: async ({ app, actor, params }) => {
      const c = await new CaseFinder(app.db.manager, actor).get(params.id);
      const env = await decideEnv(app.db.manager, c, app.clock());
      return {
        step: c.stepStartedAt ? explainStepDeadline(c.state, c.stepStartedAt, env.clock, env.calendar, c.publicity) : [],
        procedure: c.procedureDueAt ? explainProcedureDeadline(c.procedureStartedAt ?? c.createdAt, env.clock, env.calendar) : null,
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/cases/:id/actions',
    summary: '办理案件：{action, version, …该操作的字段}。version 是读到的案件版本，已被他人更新时返回409；可用的操作见案件详情的 actions',
    tag: 'staff',
    auth: 'staff',
    params: idParams,
    bodyDoc: z.union(
      CASE_ACTIONS.map((action) =>
        z.intersection(z.object({ action: z.literal(action).describe(ruleOf(action).label), version: z.number().int().positive() }), ruleOf(action).input),
      ) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
    ),
    handler: async ({ app, actor, params, koa }) => {
      const updated = await actOnCase(app, actor, params.id, (koa.request as { body?: unknown }).body);
      return staffCaseDetail(app.db.manager, app.crypto, actor, updated, app.clock());
    },
  }),
  route({
    method: 'post',
    path: '/api/bulk-actions',
    summary: `批量办理：{action, cases: [{id, version}], …该操作的字段}，一次最多${BULK_LIMIT}件；可批量的操作见 /api/catalogues 的 bulkActions。逐件办理，逐件返回结果`,
    tag: 'staff',
    auth: 'staff',
    bodyDoc: bulkRequestSchema,
    handler: ({ app, actor, koa }) => actOnCases(app, actor, (koa.request as { body?: unknown }).body),
  }),
  route({
    method: 'get',
    path: '/api/villages/:code/cadres',
    summary: '可以接这个村案件的村干部（主责的在前，附在办件数），供分派时选择',
    tag: 'staff',
    auth: 'staff',
    params: z.object({ code: z.string().regex(/^\d{12}$/, { error: '村代码应为12位' }) }),
    handler: ({ app, actor, params }) => villageCadres(app, actor, params.code),
  }),
  route({
    method: 'get',
    path: '/api/saved-filters',
    summary: '我的常用筛选（案件列表的筛选条件，按名称）',
    tag: 'staff',
    auth: 'staff',
    handler: ({ app, actor }) => savedFilters(app, actor),
  }),
  route({
    method: 'post',
    path: '/api/saved-filters',
    summary: `保存常用筛选 {name, query}：query 是案件列表地址的查询部分，按列表的规则检查；同名的覆盖；每人最多${SAVED_FILTER_LIMIT}个`,
    tag: 'staff',
    auth: 'staff',
    status: 201,
    body: z.object({ name: line('名称', 1, 30), query: z.string({ error: '请带上筛选条件' }).max(500, { error: '筛选条件太长了' }) }),
    handler: ({ app, actor, body }) => saveFilter(app, actor, body.name, keptListQuery(body.query)),
  }),
  route({
    method: 'delete',
    path: '/api/saved-filters/:id',
    summary: '删除我的一个常用筛选',
    tag: 'staff',
    auth: 'staff',
    status: 204,
    params: z.object({ id: z.coerce.number().int().positive({ error: '编号不正确' }) }),
    handler: ({ app, actor, params }) => deleteFilter(app, actor, params.id),
  }),
];
