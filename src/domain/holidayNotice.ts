import { z } from 'zod';
import { HIDDEN_CHARACTER_WORDS, hasHiddenCharacter } from '../shared/textRules';
import { isRealDate, nextDate, type EnteredYear } from './calendar';

/**
 * A year's 国务院办公厅关于部分节假日安排的通知 as a county (or an admin) enters it: each holiday
 * with its days off and the make-up working days (调休) that go with it.
 *
 *   { "year": 2027,
 *     "holidays": [ { "name": "元旦", "off": ["2027-01-01", "2027-01-03"] },
 *                   { "name": "春节", "off": ["2027-02-06", "2027-02-13"], "workdays": ["2027-02-14"] } ] }
 *
 * `off` is one day or a first and last day (inclusive).
 */
const day = z
  .string({ error: '日期应为文字，例如 "2027-01-01"' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期应写成 2027-01-01 这样' })
  .refine(isRealDate, { error: '不是有效日期' });

export const holidayNoticeSchema = z
  .object({
    year: z.number({ error: '请写年份，例如 2027' }).int().min(2004, { error: '年份不对' }).max(2100, { error: '年份不对' }),
    holidays: z
      .array(
        z
          .object({
            name: z
              .string({ error: '请写节日名称' })
              .trim()
              .min(2, { error: '节日名称至少2个字' })
              .max(10, { error: '节日名称最多10个字' })
              .refine((v) => !hasHiddenCharacter(v, 'name'), { error: `节日名称${HIDDEN_CHARACTER_WORDS}` }),
            off: z.array(day, { error: '请写放假日期' }).min(1, { error: '请写放假日期' }).max(2, { error: '放假日期写第一天和最后一天即可' }),
            workdays: z.array(day).max(3, { error: '调休上班日最多3天' }).default([]),
          })
          .strict(),
        { error: '请列出节假日' },
      )
      .min(1, { error: '请至少列出一个节假日' })
      .max(12),
  })
  .strict()
  .superRefine((notice, ctx) => {
    const seen = new Map<string, string>();
    notice.holidays.forEach((h, i) => {
      // The field checks already refused bad dates; nothing across fields can be said about them.
      if (!Array.isArray(h.off) || h.off.length === 0 || ![...h.off, ...(h.workdays ?? [])].every((d) => typeof d === 'string' && isRealDate(d))) return;
      const [first, last = first] = h.off;
      const where = (key: string) => ['holidays', i, key];
      if (last < first) {
        ctx.addIssue({ code: 'custom', path: where('off'), message: `${h.name}：放假最后一天早于第一天` });
        return;
      }
      if (spanOf(first, last).length > MAX_HOLIDAY_DAYS) ctx.addIssue({ code: 'custom', path: where('off'), message: `${h.name}：放假最多${MAX_HOLIDAY_DAYS}天，请检查日期` });
      for (const d of [first, last, ...h.workdays]) {
        if (Number(d.slice(0, 4)) !== notice.year && !(h.name === '元旦' && d.startsWith(`${notice.year - 1}-12-`))) {
          ctx.addIssue({ code: 'custom', path: where(h.workdays.includes(d) ? 'workdays' : 'off'), message: `${h.name}：${d} 不在${notice.year}年` });
        }
      }
      for (const d of h.workdays) {
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (weekday !== 0 && weekday !== 6) ctx.addIssue({ code: 'custom', path: where('workdays'), message: `${h.name}：调休上班日 ${d} 本来就是工作日` });
      }
      for (const d of [...spanOf(first, last), ...h.workdays]) {
        const other = seen.get(d);
        if (other) ctx.addIssue({ code: 'custom', path: where('off'), message: `${d} 同时出现在${other}和${h.name}里` });
        seen.set(d, h.name);
      }
    });
  });

export type HolidayNotice = z.output<typeof holidayNoticeSchema>;

/** The longest holiday the State Council gives is 8–9 days; more is a typo in the file. */
const MAX_HOLIDAY_DAYS = 15;

function spanOf(first: string, last: string): string[] {
  const days: string[] = [];
  // Bounded only so a refused typo (a whole year) cannot make a long loop; the schema refuses it.
  for (let d = first; d <= last && days.length <= 400; d = nextDate(d)) days.push(d);
  return days;
}

/** The notice as the calendar counts it: every day off and every make-up working day, named. */
export function enteredYear(notice: HolidayNotice): EnteredYear {
  return {
    year: notice.year,
    holidays: notice.holidays.flatMap((h) => spanOf(h.off[0], h.off[1] ?? h.off[0]).map((date) => ({ date, name: h.name }))),
    workdays: notice.holidays.flatMap((h) => h.workdays.map((date) => ({ date, name: h.name }))),
  };
}
