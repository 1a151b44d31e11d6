import { z } from 'zod';
import { QUESTIONNAIRE } from '../../domain/questionnaire';
import { DomainError } from '../../domain/errors';
import { RISK_TYPE_CATALOGUE } from '../../domain/riskTypes';
import { Region } from '../../store/entities';
import { countyFigures } from '../../services/countySettings';
import { outboxHealth, schedulerHealth } from '../../services/jobHealth';
import { listCounties, listRegionChildren, searchVillages } from '../../services/regions';
import { RETRY_AFTER_SECONDS } from '../errors';
import { route } from '../route';

const code = (digits: string, label: string) => z.string().regex(new RegExp(`^\\d{${digits}}$`), { error: `${label}格式不正确` });

export const publicRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    summary: '健康检查：服务和数据库是否可用，提醒任务最后一次运行，待发、发送失败和等对方再发消息的消息数',
    tag: 'public',
    auth: 'none',
    handler: async ({ app, koa }) => {
      try {
        await app.db.query('SELECT 1');
        const now = app.clock();
        return { status: 'ok', db: 'ok', scheduler: await schedulerHealth(app.db.manager, now), outbox: await outboxHealth(app.db.manager, now) };
      } catch {
        // 503 so a load balancer takes this process out of rotation until the database is back.
        koa.status = 503;
        koa.set('Retry-After', String(RETRY_AFTER_SECONDS));
        return { status: 'degraded', db: 'unavailable' };
      }
    },
  }),
  route({
    method: 'get',
    path: '/api/questionnaire',
    summary: '自主申报问卷定义（问题、选项、分支、风险类型对应）和所在县的标准',
    tag: 'public',
    auth: 'none',
    query: z.object({ county: code('6', '县代码').optional() }),
    handler: async ({ app, query }) => {
      const counties = await listCounties(app.db.manager);
      const county =
        counties.find((c) => c.code === (query.county ?? app.config.demoCounty)) ?? (query.county ? undefined : counties[0]);
      if (!county) throw new DomainError('not_found', '这个县还没有开通申报', 404);
      const figures = await countyFigures(app.db.manager, county.code, app.clock());
      return {
        ...QUESTIONNAIRE,
        riskTypes: RISK_TYPE_CATALOGUE,
        county: { code: county.code, name: county.name },
        thresholds: {
          year: figures.year,
          incomeLine: figures.incomeLine,
          medicalThreshold: figures.medicalThreshold,
          rigidSpendingThreshold: figures.rigidSpendingThreshold,
          isExample: figures.isExample,
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/regions',
    summary: '区划：parent 给出下级（县→乡镇，乡镇→村）；q 按村名的一部分查村；都不给则列出已开通的县',
    tag: 'public',
    auth: 'none',
    query: z.object({
      parent: z.string().regex(/^\d{6}(\d{3})?$/, { error: '上级区划代码应为6位（县）或9位（乡镇）' }).optional(),
      q: z.string().trim().min(1, { error: '请输入村名' }).max(20, { error: '村名最多20个字' }).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
    handler: async ({ app, query }) => {
      if (query.q) return { items: await searchVillages(app.db.manager, query.q, query.limit) };
      if (query.parent) {
        if (!(await app.db.manager.exists(Region, { where: { code: query.parent } }))) throw new DomainError('not_found', '区划不存在', 404);
        return { items: await listRegionChildren(app.db.manager, query.parent) };
      }
      return { items: (await listCounties(app.db.manager)).map(({ code, name, level }) => ({ code, name, level })) };
    },
  }),
];
