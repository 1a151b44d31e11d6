import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { DEPARTMENT_MAX } from '../../domain/warnings';
import type { StaffActor } from '../../services/actors';
import type { AppContext } from '../../services/context';
import { analyseWarnings, commitWarnings, MAX_BYTES, MAX_ROWS, previewView } from '../../services/warningImport';
import { Region } from '../../store/entities';
import { readFileBody } from '../fileBody';
import { route } from '../route';

const importQuery = z.object({
  county: z.string().regex(/^\d{6}$/, { error: '县代码应为6位' }).optional(),
  department: z
    .string()
    .trim()
    .max(DEPARTMENT_MAX, { error: `来源部门最多${DEPARTMENT_MAX}字` })
    .optional()
    .describe('文件里没有“来源部门”列时，整个文件的来源部门'),
});
const commitQuery = importQuery.extend({ token: z.string().regex(/^[0-9a-f]{64}$/, { error: '导入凭证不正确，请重新预览' }).describe('预览返回的 token') });

const TOO_LARGE = `文件太大了（最多${MAX_BYTES / 1024 / 1024}MB），请把名单分成几个文件上传`;
const FILE_WORDS = `请求内容是文件本身（.xlsx 或 .csv：UTF-8 或 GBK），最多${MAX_BYTES / 1024 / 1024}MB、${MAX_ROWS}行`;

/**
 * Whose list it is: county staff import for their own county, an admin names one. Township staff
 * and cadres are refused (403, like the county's other settings) before a byte is read.
 */
async function importCounty(app: AppContext, actor: StaffActor, county: string | undefined): Promise<Region> {
  if (actor.role !== 'county' && actor.role !== 'admin') throw new DomainError('forbidden', '只有县级工作人员或管理员可以导入部门预警名单', 403);
  const code = county ?? (actor.role === 'county' ? actor.regionCode : null);
  if (!code) throw new DomainError('validation_failed', '请指定导入到哪个县（county：6位县代码）', 400, { field: 'county' });
  if (actor.role === 'county' && code !== actor.regionCode) throw new DomainError('forbidden', '只能导入本县的名单', 403);
  const region = await app.db.manager.findOne(Region, { where: { code, level: 'county' } });
  if (!region) throw new DomainError('not_found', '没有找到这个县', 404);
  return region;
}

/** 部门筛查预警 lists: preview every row, then import the accepted ones (docs/console.md). */
export const warningImportRoutes = [
  route({
    method: 'post',
    path: '/api/warning-imports/preview',
    summary: `部门筛查预警名单预览：${FILE_WORDS}。逐行检查（身份证号、村、同一文件重复、已有在办案件、已导入过），不写入任何数据；返回每行的状态和说明，以及导入用的 token`,
    tag: 'staff',
    auth: 'staff',
    query: importQuery,
    handler: async ({ app, actor, query, koa }) => {
      const county = await importCounty(app, actor, query.county);
      const bytes = await readFileBody(koa, MAX_BYTES, TOO_LARGE);
      return previewView(await analyseWarnings(app, county, bytes, query.department || null));
    },
  }),
  route({
    method: 'post',
    path: '/api/warning-imports',
    summary: `部门筛查预警名单导入：再次上传预览过的文件和预览的 token。可导入的行建案（监测方式“部门筛查预警”，分派给村干部核实），已有在办案件的关联到该案件；同一人、同一部门、同一原因一年内只导入一次`,
    tag: 'staff',
    auth: 'staff',
    query: commitQuery,
    handler: async ({ app, actor, query, koa }) => {
      const county = await importCounty(app, actor, query.county);
      const bytes = await readFileBody(koa, MAX_BYTES, TOO_LARGE);
      return commitWarnings(app, actor, county, bytes, query.department || null, query.token);
    },
  }),
];
