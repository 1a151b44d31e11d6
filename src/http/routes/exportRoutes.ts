import { PassThrough } from 'node:stream';
import { startCaseExport } from '../../services/caseExport';
import { workCalendar } from '../../services/workCalendar';
import { caseFilterQuery, caseFilters } from '../caseFilterQuery';
import { route } from '../route';

const FILE_NAME = '案件清单';

export const exportRoutes = [
  route({
    method: 'get',
    path: '/api/exports/cases.xlsx',
    summary: '导出案件清单（.xlsx，筛选条件与案件列表相同，身份证号脱敏）；行数见 GET /api/cases/count，供显示进度',
    tag: 'staff',
    auth: 'staff',
    query: caseFilterQuery,
    handler: async ({ app, actor, query, koa }) => {
      const now = app.clock();
      const filters = caseFilters(query, now, await workCalendar(app.db.manager));
      // The first batch is read before the headers: a database that is down answers 503 here.
      // No count first: at a million cases counting took seconds before the first byte.
      const write = await startCaseExport(app, actor, filters);
      const body = new PassThrough();
      const stamp = now.toISOString().slice(0, 10);
      koa.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      koa.set('Content-Disposition', `attachment; filename="cases-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${FILE_NAME}-${stamp}.xlsx`)}`);
      koa.set('Cache-Control', 'no-store');
      koa.body = body;
      const started = Date.now();
      write(body).then(
        (written) => app.logger.info({ staffId: actor.id, filters: Object.keys(query), rows: written, ms: Date.now() - started }, 'cases exported'),
        (error: unknown) => {
          app.logger.error({ err: error, staffId: actor.id }, 'case export failed part-way');
          body.destroy(error as Error);
        },
      );
      return undefined;
    },
  }),
];
