import { isWorkday as officialIsWorkday } from 'chinese-days';

/**
 * Working days per the official calendar (调休 included) from chinese-days, which covers
 * 2004–2026 only. For later years a county enters the State Council's notice as overrides;
 * without them the calendar counts weekends only and says so (`covered: false`).
 */
export const OFFICIAL_CALENDAR_YEARS = { first: 2004, last: 2026 } as const;

export interface CalendarOverrides {
  holidays?: readonly string[];
  workdays?: readonly string[];
}

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

export function isCalendarCovered(date: string, overrides: CalendarOverrides = {}): boolean {
  const year = Number(date.slice(0, 4));
  if (year >= OFFICIAL_CALENDAR_YEARS.first && year <= OFFICIAL_CALENDAR_YEARS.last) return true;
  return [...(overrides.holidays ?? []), ...(overrides.workdays ?? [])].some((d) => d.startsWith(`${year}-`));
}

export function isWorkingDay(date: string, overrides: CalendarOverrides = {}): boolean {
  if (overrides.holidays?.includes(date)) return false;
  if (overrides.workdays?.includes(date)) return true;
  if (isCalendarCovered(date)) return officialIsWorkday(date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export interface Deadline {
  /** The end (23:59:59.999 China time) of the last working day. */
  dueAt: Date;
  /** False when a day counted lies in a year with no official calendar. */
  covered: boolean;
}

/**
 * The end of the `days`-th working day after the China date of `from`.
 * 0 days means the end of today's (or the next) working day.
 */
export function addWorkingDays(from: Date, days: number, overrides: CalendarOverrides = {}): Deadline {
  let date = chinaDate(from);
  let covered = isCalendarCovered(date, overrides);
  let remaining = days;
  if (!isWorkingDay(date, overrides)) remaining = Math.max(remaining, 1);
  while (remaining > 0) {
    date = nextDate(date);
    covered &&= isCalendarCovered(date, overrides);
    if (isWorkingDay(date, overrides)) remaining -= 1;
  }
  return { dueAt: new Date(Date.parse(`${date}T23:59:59.999+08:00`)), covered };
}
