import { monthDayWords } from '../calendar';
import { STATE_INFO, type CaseState } from '../workflow/states';
import type { ReminderRule } from './ladder';
import { formatTrackingCode } from '../../shared/trackingCode';

/**
 * What a reminder says. One phone screen (≤ 80 characters), the case number and what to do
 * next; never a name, phone or ID number (chat messages get forwarded). Several reminders for
 * one person in one tick become one digest, not a flood.
 */
export const SCREEN_CHARS = 80;

/** The outbox kind every reminder travels as; its payload carries the items it was made of. */
export const REMINDER_KIND = 'reminder';

/** One case a rule fired for. */
export interface CaseReminder {
  type: 'case';
  rule: string;
  on: 'before_due' | 'after_due';
  days: number;
  caseId: number;
  trackingCode: string;
  villageName: string;
  state: CaseState;
  /** The step due time the reminder was planned from (ISO); a moved due time makes it stale. */
  dueAt: string;
  dueDate: string;
  /** Whose step it is, from this recipient's point of view: their own, or one they oversee. */
  mine: boolean;
}

/** A campaign milestone and this recipient's own count. */
export interface MilestoneReminder {
  type: 'milestone';
  rule: string;
  name: string;
  date: string;
  /** Null for a milestone with nothing to count (a plan or report due). */
  count: number | null;
  measureWords: string;
  /** "您" for a cadre, "本乡镇" for township staff. */
  whose: string;
}

/** The morning summary of an area: overdue and due soon, by village. */
export interface AreaReminder {
  type: 'area';
  rule: string;
  areaWords: string;
  overdue: number;
  dueSoon: number;
  villages: { name: string; overdue: number; dueSoon: number }[];
}

export type ReminderItem = CaseReminder | MilestoneReminder | AreaReminder;

const digits = (code: string) => code.replace(/^SB-/i, '');
const fits = (text: string) => [...text].length <= SCREEN_CHARS;

/** The heading a case reminder files under: "即将超期", "已超期", "超期2个工作日", "可以结束公示". */
export function caseHeading(item: Pick<CaseReminder, 'on' | 'days' | 'state'>): string {
  if (item.on === 'before_due') {
    if (item.state === 'publicity') return '可以结束公示';
    return item.days === 0 ? '今天到期' : '即将超期';
  }
  return item.days === 0 ? '已超期' : `超期${item.days}个工作日`;
}

function oneCase(item: CaseReminder): string {
  const heading = caseHeading(item);
  const step = STATE_INFO[item.state].label;
  const day = monthDayWords(item.dueDate);
  const subject = `${item.trackingCode} ${item.villageName}`;
  const detail = `回复“详情 ${digits(item.trackingCode)}”`;
  if (item.state === 'publicity' && item.on === 'before_due') return `【${heading}】${subject} 公示期已满。没有异议的，回复“公示结束 ${digits(item.trackingCode)}”`;
  if (!item.mine) return `【${heading}】${subject} ${step}，${day}到期未办，请督促办理。${detail}查看`;
  if (item.on === 'before_due') return `【${heading}】${subject} ${step}，${day}到期。${detail}办理`;
  return `【${heading}】${subject} ${step}，${day}已到期，请尽快办理。${detail}`;
}

function oneMilestone(item: MilestoneReminder): string {
  if (item.count === null) return `【${item.name}】请于${monthDayWords(item.date)}前完成`;
  return `【${item.name}】${item.whose}还有${item.count}户${item.measureWords}，${monthDayWords(item.date)}前完成。回复“待办”查看`;
}

function villageList(villages: AreaReminder['villages'], budget: number): string {
  const parts: string[] = [];
  for (const v of villages) {
    const bits = [v.overdue ? `超期${v.overdue}` : '', v.dueSoon ? `将到期${v.dueSoon}` : ''].filter(Boolean).join('、');
    const next = [...parts, `${v.name}${bits}`].join('，');
    // One character kept back for the 等 that says more villages were left out.
    if ([...next].length > budget - 1) return parts.length ? `${parts.join('，')}等` : '';
    parts.push(`${v.name}${bits}`);
  }
  return parts.join('，');
}

function oneArea(item: AreaReminder): string {
  const head = `【今日汇总】${item.areaWords}超期${item.overdue}户、即将到期${item.dueSoon}户`;
  const tail = '。回复“待办”查看';
  const budget = SCREEN_CHARS - [...head].length - [...tail].length - 1;
  const villages = budget > 4 ? villageList(item.villages, budget) : '';
  return villages ? `${head}：${villages}${tail}` : `${head}${tail}`;
}

/** Codes after a count, as many as fit: "12345678、23456789等" (等 also when some were never listed). */
function codes(list: CaseReminder[], budget: number, moreUnlisted: boolean): string {
  let out = '';
  for (const [i, c] of list.entries()) {
    const next = i === 0 ? c.trackingCode : `${out}、${c.trackingCode}`;
    if ([...next].length + 1 > budget) return i === 0 ? '' : `${out}等`;
    out = next;
  }
  return out && moreUnlisted ? `${out}等` : out;
}

function byHeading(items: readonly ReminderItem[]): Map<string, CaseReminder[]> {
  const groups = new Map<string, CaseReminder[]>();
  for (const item of items) {
    if (item.type !== 'case') continue;
    const heading = caseHeading(item);
    const list = groups.get(heading);
    if (list) list.push(item);
    else groups.set(heading, [item]);
  }
  return groups;
}

/**
 * How many cases of one heading a message carries by name, and villages of an area summary.
 * A county's digest can be about thousands of cases; one screen shows a count and a few codes,
 * so the rest travel as a count per heading and the stored message stays small.
 */
export const LISTED_PER_HEADING = 20;

/** A message's items as stored: at most LISTED_PER_HEADING cases per heading, the rest counted in `unlisted`. */
export function listedItems(items: readonly ReminderItem[], unlisted: Readonly<Record<string, number>> = {}): { items: ReminderItem[]; unlisted: Record<string, number> } {
  const seen = new Map<string, number>();
  const rest: Record<string, number> = { ...unlisted };
  const kept: ReminderItem[] = [];
  for (const item of items) {
    if (item.type === 'area') {
      kept.push(item.villages.length > LISTED_PER_HEADING ? { ...item, villages: item.villages.slice(0, LISTED_PER_HEADING) } : item);
      continue;
    }
    if (item.type !== 'case') {
      kept.push(item);
      continue;
    }
    const heading = caseHeading(item);
    const n = seen.get(heading) ?? 0;
    seen.set(heading, n + 1);
    if (n < LISTED_PER_HEADING) kept.push(item);
    else rest[heading] = (rest[heading] ?? 0) + 1;
  }
  return { items: kept, unlisted: rest };
}

/**
 * The digest of everything one person is reminded of in one tick. Case reminders group by
 * heading with their codes (as many as fit); milestones and area summaries follow as counts.
 */
export function reminderText(items: readonly ReminderItem[], unlisted: Readonly<Record<string, number>> = {}): string {
  const more = (heading: string) => unlisted[heading] ?? 0;
  if (items.length === 1 && Object.keys(unlisted).length === 0) {
    const [only] = items;
    return only.type === 'case' ? oneCase(only) : only.type === 'milestone' ? oneMilestone(only) : oneArea(only);
  }
  const groups = byHeading(items);
  for (const heading of Object.keys(unlisted)) if (!groups.has(heading)) groups.set(heading, []);
  const others = items.filter((i) => i.type !== 'case').map((i) => (i.type === 'milestone' ? (i.count === null ? `${i.name}（${monthDayWords(i.date)}前）` : `${i.name}还有${i.count}户${i.measureWords}（${monthDayWords(i.date)}前）`) : `${i.areaWords}超期${i.overdue}户、即将到期${i.dueSoon}户`));
  const head = '【今日提醒】';
  const tail = '。回复“待办”查看';
  const counts = [...groups].map(([heading, list]) => `${heading}${list.length + more(heading)}户`);
  const plain = `${head}${[...counts, ...others].join('；')}${tail}`;
  if (!fits(plain)) {
    const body = [...[...counts, ...others].join('；')].slice(0, SCREEN_CHARS - [...head].length - [...tail].length - 1).join('');
    return `${head}${body}…${tail}`;
  }
  // Spend what room is left on the codes, group by group.
  let room = SCREEN_CHARS - [...plain].length;
  const withCodes = [...groups].map(([heading, list]) => {
    const n = list.length + more(heading);
    const listed = codes(list, room - 2, n > list.length);
    if (!listed) return `${heading}${n}户`;
    room -= [...listed].length + 2;
    return `${heading}${n}户（${listed}）`;
  });
  return `${head}${[...withCodes, ...others].join('；')}${tail}`;
}

/** What a resident reads when the household has not answered the visit summary. */
export function residentReminderText(item: CaseReminder, channel: 'chat' | 'miniprogram'): string {
  const how = channel === 'chat' ? '回复1确认，回复2有不同意见' : '请打开“申报通”小程序确认';
  return `【请确认核查情况】申报号 ${formatTrackingCode(item.trackingCode)}：村干部已把入户核查的情况发给您，${how}`;
}

/** A due-date rule's reminder item for a case, as a recipient sees it. */
export function caseReminder(rule: Pick<ReminderRule, 'id' | 'on' | 'days'>, c: Omit<CaseReminder, 'type' | 'rule' | 'on' | 'days'>): CaseReminder {
  if (rule.on !== 'before_due' && rule.on !== 'after_due') throw new Error(`rule ${rule.id} is not a due-date rule`);
  // Spelled out, not spread: a tick holds 100,000 of these, and a literal keeps its fields in the object.
  return { type: 'case', rule: rule.id, on: rule.on, days: rule.days, caseId: c.caseId, trackingCode: c.trackingCode, villageName: c.villageName, state: c.state, dueAt: c.dueAt, dueDate: c.dueDate, mine: c.mine };
}
