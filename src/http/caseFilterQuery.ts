import { z } from 'zod';
import { dueSoonUntil, nextDate, startOfChinaDay, type WorkCalendar } from '../domain/calendar';
import { CASE_CHANNELS, CASE_STATES, INTAKE_METHODS, type CaseChannel, type IntakeMethod } from '../domain/workflow';
import { date } from '../domain/workflow/fields';
import { DomainError } from '../domain/errors';
import { RISK_TYPES } from '../domain/riskTypes';
import { CASE_SORTS, type CaseFilters } from '../store/caseFinder';
import { parseInput } from '../services/zodInput';
import { parseTrackingCode } from '../shared/trackingCode';

const keys = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];

/**
 * The console's case filters as query parameters: the list, its export and the overview take
 * the same ones, so a filtered list, its spreadsheet and its counts always agree.
 */
export const caseFilterQuery = z.object({
  state: z.enum(CASE_STATES, { error: '状态不正确' }).optional(),
  town: z.string().regex(/^\d{9}$/, { error: '乡镇代码应为9位' }).optional(),
  village: z.string().regex(/^\d{12}$/, { error: '村代码应为12位' }).optional(),
  riskType: z.enum(RISK_TYPES, { error: '风险类型不正确' }).optional(),
  urgent: z.enum(['true', 'false'], { error: 'urgent 只能是 true 或 false' }).transform((v) => v === 'true').optional(),
  due: z.enum(['overdue', 'soon'], { error: 'due 只能是 overdue（已超期）或 soon（一个工作日内到期）' }).optional(),
  channel: z.enum(keys<CaseChannel>(CASE_CHANNELS), { error: '来源渠道不正确' }).optional(),
  intake: z.enum(keys<IntakeMethod>(INTAKE_METHODS), { error: '监测方式不正确' }).optional(),
  from: date('开始日期').optional(),
  to: date('结束日期').optional(),
  q: z.string().trim().max(20, { error: '搜索内容最多20个字' }).optional(),
});
export type CaseFilterQuery = z.infer<typeof caseFilterQuery>;

/** The list's filters and its order: what a bookmark, or a saved filter, holds (not the page). */
export const caseListQuery = caseFilterQuery.extend({ sort: z.enum(CASE_SORTS, { error: '排序方式不正确' }).default('newest') });

/** The query in the store's terms: due windows as instants from now, dates as China days, text as a code or a name. */
export function caseFilters(query: CaseFilterQuery, now: Date, calendar: WorkCalendar): CaseFilters {
  const { due, from, to, q, ...same } = query;
  if (from && to && from > to) throw new DomainError('validation_failed', '开始日期不能晚于结束日期', 400, { field: 'from' });
  const filters: CaseFilters = { ...same };
  if (due === 'overdue') filters.stepDueUntil = now;
  // Due soon is inclusive of its last instant, as dueStatus counts it.
  if (due === 'soon') Object.assign(filters, { stepDueFrom: now, stepDueUntil: new Date(dueSoonUntil(now, calendar).getTime() + 1) });
  if (from) filters.createdFrom = startOfChinaDay(from);
  if (to) filters.createdBefore = startOfChinaDay(nextDate(to));
  if (q) {
    const code = parseTrackingCode(q);
    if (code) filters.trackingCode = code;
    else filters.name = q;
  }
  return filters;
}

/**
 * A list URL's query as kept for later: checked as the list checks it (a bad one is refused
 * now, not when it is opened), the page cursor and unknown keys left out, keys in one order.
 */
export function keptListQuery(text: string): string {
  const raw = Object.fromEntries(new URLSearchParams(text.replace(/^\?/, '')));
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => key in caseListQuery.shape));
  const parsed = parseInput(caseListQuery, known);
  const kept = new URLSearchParams();
  for (const key of Object.keys(caseListQuery.shape)) {
    const value = known[key];
    if (value !== undefined && value !== '' && !(key === 'sort' && parsed.sort === 'newest')) kept.set(key, value);
  }
  return kept.toString();
}
