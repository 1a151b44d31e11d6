import { z } from 'zod';
import { CASE_STATES, OPEN_STATES, type CaseState } from '../workflow/states';

/**
 * Reminder rules are data a county may tune: when (relative to a step's due date or a campaign
 * milestone, in working days), to whom, for which steps. Status changes told to the resident
 * are not here: the workflow's rule table sends those with the transition itself.
 */
export const REMINDER_TRIGGERS = {
  before_due: '到期前',
  after_due: '超期后',
  before_milestone: '节点前',
  daily_digest: '每日汇总',
} as const;
export type ReminderTrigger = keyof typeof REMINDER_TRIGGERS;

/**
 * owner: whoever's step it is (the assigned cadre, or the township/county staff of a review
 * step); cadre: every cadre with cases in scope (milestones); township/county: the area's staff.
 */
export const REMINDER_RECIPIENTS = {
  owner: '经办人',
  cadre: '村干部',
  township: '乡镇',
  county: '县级',
  resident: '群众',
} as const;
export type ReminderRecipient = keyof typeof REMINDER_RECIPIENTS;

/** Staff reminders are planned for this China-time hour of a working day: read at the desk, not at night. */
export const REMINDER_HOUR = 9;
/** Days are bounded so a rule's dates can always be found within a short search. */
export const MAX_REMINDER_DAYS = 20;

const ALLOWED_RECIPIENTS: Record<ReminderTrigger, readonly ReminderRecipient[]> = {
  before_due: ['owner', 'township', 'county', 'resident'],
  after_due: ['owner', 'township', 'county', 'resident'],
  before_milestone: ['cadre', 'township'],
  daily_digest: ['township', 'county'],
};

const recipientEnum = z.enum(Object.keys(REMINDER_RECIPIENTS) as [ReminderRecipient, ...ReminderRecipient[]]);
const stateEnum = z.enum(CASE_STATES);

export const reminderRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '规则编号只能用小写字母、数字和下划线，2到32位'),
    on: z.enum(Object.keys(REMINDER_TRIGGERS) as [ReminderTrigger, ...ReminderTrigger[]], { message: '触发时机只能是 before_due、after_due、before_milestone 或 daily_digest' }),
    days: z.number({ message: '天数要写数字' }).int('天数要写整数').min(0, '天数不能是负数').max(MAX_REMINDER_DAYS, `天数最多${MAX_REMINDER_DAYS}个工作日`),
    to: z.array(recipientEnum, { message: '接收人只能是 owner、cadre、township、county 或 resident' }).min(1, '至少要有一个接收人').max(Object.keys(REMINDER_RECIPIENTS).length, '接收人列重复了'),
    /** Which steps a due-date rule watches; omitted = every open step. */
    states: z.array(stateEnum, { message: '环节写错了' }).min(1).max(CASE_STATES.length, '环节列重复了').optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    const allowed = ALLOWED_RECIPIENTS[rule.on];
    for (const to of rule.to) {
      if (!allowed.includes(to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `“${REMINDER_TRIGGERS[rule.on]}”提醒不能发给“${REMINDER_RECIPIENTS[to]}”` });
    }
    if (rule.states && (rule.on === 'before_milestone' || rule.on === 'daily_digest')) ctx.addIssue({ code: 'custom', path: ['states'], message: '只有到期提醒可以指定环节' });
    for (const state of rule.states ?? []) {
      if (!OPEN_STATES.includes(state)) ctx.addIssue({ code: 'custom', path: ['states'], message: `已办结的环节（${state}）没有期限，不能提醒` });
    }
  });
export type ReminderRule = z.output<typeof reminderRuleSchema>;

export const reminderLadderSchema = z
  .array(reminderRuleSchema)
  .max(30, '提醒规则最多30条')
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `规则编号“${rule.id}”重复了` });
      seen.add(rule.id);
    });
  });

/**
 * The default ladder (the issue's, from the provinces' practice): T−1 working day → whoever's
 * step it is; at breach → them and the township; breach + 2 → the county. A publicity whose
 * window has passed is due the next working day, so "可以结束公示" is the morning of its due
 * date. A household that has not answered the visit summary is asked again a day before.
 */
export const DEFAULT_LADDER: readonly ReminderRule[] = [
  { id: 'due_soon', on: 'before_due', days: 1, to: ['owner'], states: OPEN_STATES.filter((s) => s !== 'publicity'), enabled: true },
  { id: 'publicity_passed', on: 'before_due', days: 0, to: ['owner'], states: ['publicity'], enabled: true },
  { id: 'resident_confirm', on: 'before_due', days: 1, to: ['resident'], states: ['confirming'], enabled: true },
  { id: 'overdue', on: 'after_due', days: 0, to: ['owner', 'township'], enabled: true },
  { id: 'escalated', on: 'after_due', days: 2, to: ['county'], enabled: true },
  { id: 'milestone_soon', on: 'before_milestone', days: 3, to: ['cadre', 'township'], enabled: true },
  { id: 'area_daily', on: 'daily_digest', days: 0, to: ['township', 'county'], enabled: true },
];

/** The steps a due-date rule watches. */
export function watchedStates(rule: ReminderRule): readonly CaseState[] {
  return rule.states ?? OPEN_STATES;
}
