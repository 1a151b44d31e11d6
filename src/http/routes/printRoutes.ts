import { z } from 'zod';
import { publicityNotice } from '../../services/publicityNotice';
import { route } from '../route';

/** What staff print and post: the village board's publicity notice (the 核查认定表 prints from the case detail). */
export const printRoutes = [
  route({
    method: 'get',
    path: '/api/publicity-notice',
    summary: '村级公示：一个村正在公示的拟纳入监测对象名单（户主、人口数、拟认定类型、公示起止日期、异议联系人），不含身份证号和电话；范围外的村返回404',
    tag: 'staff',
    auth: 'staff',
    query: z.object({ village: z.string({ error: '请选择村' }).regex(/^\d{12}$/, { error: '村代码应为12位' }) }),
    handler: ({ app, actor, query }) => publicityNotice(app.db.manager, actor, query.village),
  }),
];
