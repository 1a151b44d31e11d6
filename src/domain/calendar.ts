import { getDayDetail, isWorkday as officialIsWorkday } from 'chinese-days';

/**
 * Working days per the official calendar (holidays and 调休 make-up working days). chinese-days
 * carries the State Council's notices for 2004–2026 only; for any other year the county (or an
 * admin) enters the year's notice, and until then the calendar counts weekends only and every
 * deadline it computes in that year is marked provisional.
 */
export const OFFICIAL_CALENDAR_YEARS = { first: 2004, last: 2026 } as const;

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date in China (UTC+8, no DST) of an instant, as YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A real YYYY-MM-DD calendar date: 2026-02-30 is refused, not rolled over to March. */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a China date ends (23:59:59.999 +08:00). */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

const yearOf = (date: string) => Number(date.slice(0, 4));
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** One year's notice as entered: the days off and the make-up working days, each with its holiday's name. */
export interface EnteredYear {
  year: number;
  holidays: readonly { date: string; name: string }[];
  workdays: readonly { date: string; name: string }[];
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** The holiday a day off or a make-up working day belongs to (春节). */
  name: string | null;
  /** Where the answer came from: the official data, the entered notice, or weekdays only (provisional). */
  source: 'official' | 'entered' | 'weekdays';
}

/** "Spring Festival,春节,4" → "春节". */
const chineseName = (raw: string | undefined) => (raw && raw.includes(',') ? raw.split(',')[1] ?? null : null);

/** The working-day calendar a deadline is counted on: official data plus the entered years. */
export class WorkCalendar {
  private readonly years = new Set<number>();
  private readonly off = new Map<string, string>();
  private readonly on = new Map<string, string>();

  constructor(years: readonly EnteredYear[] = []) {
    // Indexed by date, not by year: a notice may reach into the year before (元旦 on 12-31).
    for (const y of years) {
      this.years.add(y.year);
      for (const d of y.holidays) this.off.set(d.date, d.name);
      for (const d of y.workdays) this.on.set(d.date, d.name);
    }
  }

  /** True when the year's holidays are known (official data or an entered notice). */
  covers(year: number): boolean {
    return this.years.has(year) || (year >= OFFICIAL_CALENDAR_YEARS.first && year <= OFFICIAL_CALENDAR_YEARS.last);
  }

  /**
   * What each date is, remembered: the calendar never changes once built (entering a year builds
   * a new one), and chinese-days' lookup of a day's name was an eighth of a declaration's CPU.
   */
  private readonly days = new Map<string, DayInfo>();

  dayInfo(date: string): DayInfo {
    let info = this.days.get(date);
    if (!info) {
      // Dates asked for are a few years around today; the bound only guards a caller gone astray.
      if (this.days.size >= 20_000) this.days.clear();
      info = Object.freeze(this.lookUp(date));
      this.days.set(date, info);
    }
    return info;
  }

  private lookUp(date: string): DayInfo {
    const weekend = isWeekend(date);
    const off = this.off.get(date);
    if (off !== undefined) return { date, working: false, kind: 'holiday', name: off, source: 'entered' };
    const on = this.on.get(date);
    if (on !== undefined) return { date, working: true, kind: 'makeup', name: on, source: 'entered' };
    const official = yearOf(date) >= OFFICIAL_CALENDAR_YEARS.first && yearOf(date) <= OFFICIAL_CALENDAR_YEARS.last;
    // An entered notice for a year the official data has corrects the days it names, nothing else.
    if (this.years.has(yearOf(date)) && !official) return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, source: 'entered' };
    if (!this.covers(yearOf(date))) return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, source: 'weekdays' };
    const working = officialIsWorkday(date);
    const name = chineseName(getDayDetail(date).name);
    if (working) return { date, working, kind: weekend ? 'makeup' : 'workday', name: weekend ? name : null, source: 'official' };
    return { date, working, kind: name ? 'holiday' : 'weekend', name, source: 'official' };
  }

  isWorkingDay(date: string): boolean {
    return this.dayInfo(date).working;
  }

  // Every declaration asks for the same few (date, days) deadlines all day long.
  private readonly deadlines = new Map<string, Deadline>();

  /** addWorkingDays from a China date, remembered as dayInfo is. */
  workingDaysAfter(date: string, days: number, count: () => Deadline): Deadline {
    const key = `${date}|${days}`;
    let deadline = this.deadlines.get(key);
    if (!deadline) {
      if (this.deadlines.size >= 20_000) this.deadlines.clear();
      const counted = count();
      deadline = Object.freeze({ ...counted, uncoveredYears: Object.freeze(counted.uncoveredYears) as number[] });
      this.deadlines.set(key, deadline);
    }
    return deadline;
  }
}

/** The official data alone: what a deployment knows before anyone entered a year. */
export const OFFICIAL_CALENDAR = new WorkCalendar();

export interface Deadline {
  /** The end (23:59:59.999 China time) of the last day counted. */
  dueAt: Date;
  /** True when a day counted lies in a year whose holidays are not known: counted by weekends only. */
  provisional: boolean;
  /** Those years, for the sentence that says so. */
  uncoveredYears: number[];
}

/** "2027年放假安排未录入，按周末推算" — what staff read beside a provisional due time. */
export function provisionalNote(deadline: Pick<Deadline, 'provisional' | 'uncoveredYears'>): string | null {
  if (!deadline.provisional) return null;
  return `${deadline.uncoveredYears.join('、')}年放假安排未录入，按周末推算`;
}

export interface DeadlineExplanation extends Deadline {
  from: string;
  days: number;
  unit: 'working' | 'calendar';
  /** Every day looked at after the start, counted or skipped, with why. */
  steps: (DayInfo & { counted: boolean })[];
}

function deadlineOf(last: string, seen: string[], calendar: WorkCalendar): Deadline {
  const uncovered = [...new Set(seen.map(yearOf))].filter((y) => !calendar.covers(y));
  return { dueAt: endOfChinaDay(last), provisional: uncovered.length > 0, uncoveredYears: uncovered };
}

/**
 * The end of the `days`-th working day after the China date of `from` (a step's time limit:
 * "受理 ≤ 1个工作日" from a Monday declaration is the end of Tuesday). 0 days means the end of
 * today, or of the next working day when today is not one.
 */
export function explainWorkingDays(from: Date, days: number, calendar: WorkCalendar = OFFICIAL_CALENDAR): DeadlineExplanation {
  const start = chinaDate(from);
  let date = start;
  const steps: DeadlineExplanation['steps'] = [];
  let remaining = days;
  if (!calendar.isWorkingDay(date)) remaining = Math.max(remaining, 1);
  while (remaining > 0) {
    date = nextDate(date);
    const info = calendar.dayInfo(date);
    steps.push({ ...info, counted: info.working });
    if (info.working) remaining -= 1;
  }
  const seen = [start, ...steps.map((s) => s.date)];
  return { ...deadlineOf(date, seen, calendar), from: start, days, unit: 'working', steps };
}

export function addWorkingDays(from: Date, days: number, calendar: WorkCalendar = OFFICIAL_CALENDAR): Deadline {
  return calendar.workingDaysAfter(chinaDate(from), days, () => {
    const { dueAt, provisional, uncoveredYears } = explainWorkingDays(from, days, calendar);
    return { dueAt, provisional, uncoveredYears };
  });
}

/**
 * A window that starts on a date and lasts `days` days, the start day included when it counts:
 * 公示5个工作日 from Monday 2026-11-23 ends at the end of Friday 2026-11-27. Calendar-day windows
 * (some provinces publish "不少于5天") count every day.
 */
export function explainWindow(startsOn: string, days: number, unit: 'working' | 'calendar', calendar: WorkCalendar = OFFICIAL_CALENDAR): DeadlineExplanation {
  const steps: DeadlineExplanation['steps'] = [];
  let date = startsOn;
  let counted = 0;
  for (;;) {
    const info = calendar.dayInfo(date);
    const counts = unit === 'calendar' || info.working;
    steps.push({ ...info, counted: counts });
    if (counts) counted += 1;
    if (counted >= days) break;
    date = nextDate(date);
  }
  // Calendar days need no holiday data: only a working-day window can be provisional.
  const seen = unit === 'working' ? steps.map((s) => s.date) : [];
  return { ...deadlineOf(date, seen, calendar), from: startsOn, days, unit, steps };
}

export function windowEnd(startsOn: string, days: number, unit: 'working' | 'calendar', calendar: WorkCalendar = OFFICIAL_CALENDAR): Deadline {
  const { dueAt, provisional, uncoveredYears } = explainWindow(startsOn, days, unit, calendar);
  return { dueAt, provisional, uncoveredYears };
}

export type DueStatus = 'overdue' | 'due_soon' | 'on_time';

/** Due soon means due by this instant: at most one working day from now. */
export function dueSoonUntil(now: Date, calendar: WorkCalendar = OFFICIAL_CALENDAR): Date {
  return addWorkingDays(now, 1, calendar).dueAt;
}

/** Overdue once the due time has passed; due soon when at most one working day is left. */
export function dueStatus(dueAt: Date | null, now: Date, calendar: WorkCalendar = OFFICIAL_CALENDAR): DueStatus | null {
  if (!dueAt) return null;
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return dueAt.getTime() <= dueSoonUntil(now, calendar).getTime() ? 'due_soon' : 'on_time';
}

/** The instant a China date begins (00:00 +08:00). */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

/**
 * The date `n` working days after (n > 0) or before (n < 0) `date`; 0 gives `date` itself.
 * Reminders are planned on dates: "1 working day before it is due", "2 working days after".
 */
export function shiftWorkingDays(date: string, n: number, calendar: WorkCalendar = OFFICIAL_CALENDAR): string {
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = date;
  while (remaining > 0) {
    day = nextDate(day, step);
    if (calendar.isWorkingDay(day)) remaining -= 1;
  }
  return day;
}

/** The instant a given China-time hour of a date begins: 2026-12-02 at 9 → 01:00Z. */
export function chinaHour(date: string, hour: number): Date {
  return new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`));
}

/** The hour (0–23) it is in China at an instant. */
export function chinaHourOf(instant: Date): number {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).getUTCHours();
}

/** "2026-12-03" → "12月3日": how a date reads in every message. */
export function monthDayWords(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
