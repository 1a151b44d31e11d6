import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { holidayNoticeSchema } from '../../domain/holidayNotice';
import { CLOCK_LABELS } from '../../domain/workflow';
import type { StaffActor } from '../../services/actors';
import { auditActor } from '../../services/audit';
import { countyFiguresForYear, saveCountySettings } from '../../services/countySettings';
import { inTransaction } from '../../store/transaction';
import { calendarYearStatus, enterHolidayNotice } from '../../services/workCalendar';
import { route } from '../route';

/** The county's clock and the holiday table: county staff and admins set them; everyone on staff reads them. */
export function requireCountyOf(actor: StaffActor, countyCode?: string): void {
  if (actor.role === 'admin') return;
  if (actor.role !== 'county' || (countyCode !== undefined && actor.regionCode !== countyCode)) {
    throw new DomainError('forbidden', '只有县级工作人员或管理员可以修改', 403);
  }
}

/** Every staff member of the county may read its figures, campaigns and rules (to know what is coming). */
export function requireInCounty(actor: StaffActor, county: string): void {
  const inside =
    actor.role === 'admin' ||
    (actor.regionCode !== null && actor.regionCode.startsWith(county)) ||
    actor.villageCodes.some((v) => v.startsWith(county));
  if (!inside) throw new DomainError('forbidden', '这个县不在您的管辖范围内', 403);
}

const yearParams = z.object({ year: z.coerce.number().int().min(2004, { error: '年份不对' }).max(2100, { error: '年份不对' }) });
const countyYearParams = yearParams.extend({ county: z.string().regex(/^\d{6}$/, { error: '县代码应为6位' }) });
const days = (label: string) => z.number({ error: `${label}应为整数` }).int({ error: `${label}应为整数` }).min(0, { error: `${label}不能是负数` }).max(60, { error: `${label}不能超过60` });

export const clockSchema = z
  .object({
    acceptDays: days(CLOCK_LABELS.acceptDays),
    visitDays: days(CLOCK_LABELS.visitDays),
    confirmDays: days(CLOCK_LABELS.confirmDays),
    villageReviewDays: days(CLOCK_LABELS.villageReviewDays),
    townshipDays: days(CLOCK_LABELS.townshipDays),
    countyDays: days(CLOCK_LABELS.countyDays),
    procedureDays: days(CLOCK_LABELS.procedureDays).min(1, { error: '全流程时限至少1个工作日' }),
    publicityDays: days(CLOCK_LABELS.publicityDays).min(5, { error: '公示不少于5天' }),
    publicityUnit: z.enum(['working', 'calendar'], { error: '公示天数只能按工作日（working）或自然日（calendar）' }),
  })
  .partial()
  .strict();

const yuan = (label: string, max: number) =>
  z.number({ error: `${label}应为整数（元）` }).int({ error: `${label}应为整数（元）` }).min(1, { error: `${label}至少1元` }).max(max, { error: `${label}不能超过${max}元` });

/** The county's money figures (元), as `npm run admin -- settings` bounds them. */
const moneySchema = z.object({
  incomeLine: yuan('监测收入线', 1_000_000).optional(),
  medicalThreshold: yuan('自付医疗费用阈值', 10_000_000).optional(),
  rigidSpendingThreshold: yuan('大额刚性支出阈值', 10_000_000).optional(),
});

export const calendarRoutes = [
  route({
    method: 'get',
    path: '/api/calendar/:year',
    summary: '某年的放假安排：官方数据（2004–2026）、已录入的通知，或未录入（期限按周末推算）',
    tag: 'staff',
    auth: 'staff',
    params: yearParams,
    handler: ({ app, params }) => calendarYearStatus(app.db.manager, params.year),
  }),
  route({
    method: 'put',
    path: '/api/calendar/:year',
    summary: '录入某年的国务院放假安排（放假日和调休上班日）；录入后重新计算所有在办案件的期限',
    tag: 'staff',
    auth: 'staff',
    params: yearParams,
    body: holidayNoticeSchema,
    handler: async ({ app, actor, params, body }) => {
      requireCountyOf(actor);
      if (body.year !== params.year) throw new DomainError('validation_failed', `内容里的年份（${body.year}）和地址里的（${params.year}）不一致`, 400, { field: 'year' });
      return enterHolidayNotice(app, auditActor(actor, actor.name), body);
    },
  }),
  route({
    method: 'get',
    path: '/api/counties/:county/settings/:year',
    summary: '县的年度数字：监测收入线、阈值、各步骤时限、公示天数',
    tag: 'staff',
    auth: 'staff',
    params: countyYearParams,
    handler: ({ app, actor, params }) => {
      requireInCounty(actor, params.county);
      return countyFiguresForYear(app.db.manager, params.county, params.year);
    },
  }),
  route({
    method: 'put',
    path: '/api/counties/:county/settings/:year',
    summary: '修改县的监测收入线、阈值（元）、各步骤时限（工作日）和公示天数；只给要改的项',
    tag: 'staff',
    auth: 'staff',
    params: countyYearParams,
    body: z.object({ clock: clockSchema.default({}), ...moneySchema.shape }).strict(),
    handler: async ({ app, actor, params, body }) => {
      requireCountyOf(actor, params.county);
      await inTransaction(app.db, (manager) => saveCountySettings(manager, { ...body, countyCode: params.county, year: params.year }, app.clock()));
      return countyFiguresForYear(app.db.manager, params.county, params.year);
    },
  }),
];
