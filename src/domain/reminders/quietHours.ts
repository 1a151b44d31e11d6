import { chinaDate, chinaHour, chinaHourOf, nextDate } from '../calendar';

/** Residents get nothing between 21:00 and 08:00 China time: a phone buzzing at night frightens the old. */
export const QUIET_HOURS = { from: 21, until: 8 } as const;

/** When a message to a resident may go out: now, or 08:00 the next morning. */
export function residentSendTime(now: Date): Date {
  const hour = chinaHourOf(now);
  if (hour >= QUIET_HOURS.until && hour < QUIET_HOURS.from) return now;
  const today = chinaDate(now);
  return chinaHour(hour >= QUIET_HOURS.from ? nextDate(today) : today, QUIET_HOURS.until);
}
