import { chinaDate, chinaHour, chinaHourOf, endOfChinaDay, nextDate, shiftWorkingDays, type WorkCalendar } from '../calendar';
import { MAX_REMINDER_DAYS, REMINDER_HOUR, type ReminderRule } from './ladder';

/**
 * When a reminder goes out, as a date: rules count working days from the date something is due
 * (a step's due time is the end of a China day; a milestone is a date). before_due 1 is the
 * working day before; after_due 0 the first working day after (the step is then overdue).
 */
export function fireDate(rule: Pick<ReminderRule, 'on' | 'days'>, dueDate: string, calendar: WorkCalendar): string {
  switch (rule.on) {
    case 'before_due':
    case 'before_milestone':
      return shiftWorkingDays(dueDate, -rule.days, calendar);
    case 'after_due':
      return shiftWorkingDays(dueDate, rule.days + 1, calendar);
    case 'daily_digest':
      return dueDate;
  }
}

/** The instant a reminder for something due on `dueDate` is planned for (09:00 China time). */
export function fireAt(rule: Pick<ReminderRule, 'on' | 'days'>, dueDate: string, calendar: WorkCalendar): Date {
  return chinaHour(fireDate(rule, dueDate, calendar), REMINDER_HOUR);
}

/** The last date whose 09:00 has come by `instant`. */
function lastFireDay(instant: Date): string {
  const today = chinaDate(instant);
  return chinaHourOf(instant) >= REMINDER_HOUR ? today : nextDate(today, -1);
}

// Far enough back that any rule's fire date is on or before the day searched from.
const SEARCH_BACK_DAYS = MAX_REMINDER_DAYS * 3 + 30;

/**
 * The latest due time whose reminder under `rule` is planned at or before `instant`: a tick
 * covering (from, to] finds its cases with `dueBound(from) < stepDueAt <= dueBound(to)` — an
 * indexed range on the due time, whatever the number of cases. Fire dates never decrease as
 * due dates grow, so walking forward from a safe start finds the bound.
 */
export function dueBound(rule: Pick<ReminderRule, 'on' | 'days'>, instant: Date, calendar: WorkCalendar): Date {
  const last = lastFireDay(instant);
  let due = nextDate(last, -SEARCH_BACK_DAYS);
  for (;;) {
    const next = nextDate(due);
    if (fireDate(rule, next, calendar) > last) break;
    due = next;
  }
  return endOfChinaDay(due);
}

/** The dates (YYYY-MM-DD) whose 09:00 falls in (from, to]: the mornings a tick window holds. */
export function mornings(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = lastFireDay(to);
  for (let day = nextDate(lastFireDay(from)); day <= last; day = nextDate(day)) days.push(day);
  return days;
}
