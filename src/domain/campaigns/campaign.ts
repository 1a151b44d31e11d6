import { z } from 'zod';
import { isRealDate } from '../calendar';
import { line } from '../workflow/fields';
import { OPEN_STATES, type CaseState } from '../workflow/states';

/**
 * A year's work as a campaign with dated milestones (DOMAIN.md §6): the autumn 信息动态管理 and
 * the spring 集中排查. A milestone is a date by which something is done; one with a measure
 * ("cases not yet visited") lets the reminders tell each cadre their own number.
 */
export const CAMPAIGN_KINDS = { autumn: '动态管理信息采集', spring: '集中排查' } as const;
export type CampaignKind = keyof typeof CAMPAIGN_KINDS;

/** What a milestone counts, and how the count reads ("您还有3户未核查"). */
export const MILESTONE_MEASURES = {
  not_visited: { words: '未核查', states: ['submitted', 'assigned', 'investigating'] },
  not_reviewed: { words: '未完成评议公示', states: ['submitted', 'assigned', 'investigating', 'confirming', 'village_review', 'publicity'] },
  open: { words: '未办结', states: OPEN_STATES },
} as const satisfies Record<string, { words: string; states: readonly CaseState[] }>;
export type MilestoneMeasure = keyof typeof MILESTONE_MEASURES;

const dateField = (label: string) => z.string({ message: `${label}要写日期` }).refine(isRealDate, `${label}要写成 2026-11-30 这样的日期`);

export const milestoneSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '节点编号只能用小写字母、数字和下划线'),
    name: line('节点名称', 2, 30),
    /** A window's first day (数据录入 10-20 to 12-21); absent for a plain deadline. */
    from: dateField('开始日期').optional(),
    /** The day it must be done by. */
    date: dateField('完成日期'),
    /** Town codes (9 digits) it applies to; absent = the whole county. */
    // Stored in the campaign's milestones column: bounded (a county has a few dozen towns at most).
    towns: z.array(z.string().regex(/^\d{9}$/, '乡镇代码是9位数字')).min(1).max(100, '乡镇最多100个').optional(),
    measure: z.enum(Object.keys(MILESTONE_MEASURES) as [MilestoneMeasure, ...MilestoneMeasure[]], { message: '统计口径只能是 not_visited、not_reviewed 或 open' }).optional(),
  })
  .refine((m) => !m.from || m.from <= m.date, { message: '开始日期不能晚于完成日期', path: ['from'] });
export type Milestone = z.output<typeof milestoneSchema>;

export const campaignSchema = z
  .object({
    year: z.number({ message: '年份要写数字' }).int().min(2020, '年份不对').max(2100, '年份不对'),
    kind: z.enum(Object.keys(CAMPAIGN_KINDS) as [CampaignKind, ...CampaignKind[]], { message: '工作类型只能是 autumn（动态管理）或 spring（集中排查）' }),
    name: line('名称', 2, 40),
    milestones: z.array(milestoneSchema).min(1, '至少要有一个时间节点').max(30, '时间节点最多30个'),
  })
  .superRefine((c, ctx) => {
    const keys = new Set<string>();
    c.milestones.forEach((m, i) => {
      if (keys.has(m.key)) ctx.addIssue({ code: 'custom', path: ['milestones', i, 'key'], message: `节点编号“${m.key}”重复了` });
      keys.add(m.key);
      // An autumn round runs into January (analysis by 01-05); nothing sensible runs further.
      const year = Number(m.date.slice(0, 4));
      if (year < c.year || year > c.year + 1) ctx.addIssue({ code: 'custom', path: ['milestones', i, 'date'], message: `“${m.name}”的日期不在${c.year}年度内` });
    });
  });
export type Campaign = z.output<typeof campaignSchema>;
