/** Dates as residents and cadres read them, in China time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "11月2日" */
export function formatDay(date: Date): string {
  const local = new Date(date.getTime() + CHINA_OFFSET_MS);
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}
