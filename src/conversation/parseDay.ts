import { chinaDate, isRealDate, nextDate } from '../domain/calendar';
import { normalizeText } from './parseReply';

/**
 * Days as cadres type them for a form: "今天", "昨天", "11月24日", "11.24", "24号",
 * "2026-11-24", "2026年11月24日". A date without a year is taken in the year that puts it
 * nearest to today (in December "1月3日" is next January, in January "12月28日" last December).
 * Pure: today comes in.
 */
const RELATIVE: Record<string, number> = { 前天: -2, 昨天: -1, 昨日: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 };

const pad = (n: number) => String(n).padStart(2, '0');

function nearest(today: string, month: number, day: number): string | null {
  const year = Number(today.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => `${y}-${pad(month)}-${pad(day)}`).filter(isRealDate);
  if (candidates.length === 0) return null;
  const distance = (d: string) => Math.abs(Date.parse(d) - Date.parse(today));
  return candidates.reduce((best, d) => (distance(d) < distance(best) ? d : best));
}

/** YYYY-MM-DD, or null when the text is not a day. */
export function parseDay(raw: string, now: Date): string | null {
  const text = normalizeText(raw).replace(/\s/g, '').replace(/[。.]$/, '');
  const today = chinaDate(now);
  // Own keys only: `in` also finds Object.prototype's, and a cadre typing "valueOf" crashed the form.
  if (Object.hasOwn(RELATIVE, text)) return nextDate(today, RELATIVE[text]);
  const full = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?$/.exec(text);
  if (full) {
    const date = `${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}`;
    return isRealDate(date) ? date : null;
  }
  const monthDay = /^(\d{1,2})[-./月](\d{1,2})[日号]?$/.exec(text);
  if (monthDay) return nearest(today, Number(monthDay[1]), Number(monthDay[2]));
  const dayOnly = /^(\d{1,2})[日号]$/.exec(text);
  if (dayOnly) return nearest(today, Number(today.slice(5, 7)), Number(dayOnly[1]));
  return null;
}

/** "2026-11-24" → "11月24日" (the year only when it is not this year's). */
export function dayWords(iso: string, now?: Date): string {
  const words = `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  return now && chinaDate(now).slice(0, 4) !== iso.slice(0, 4) ? `${iso.slice(0, 4)}年${words}` : words;
}
