/** "2026年11月3日": the form a resident reads without thinking, in the phone's own time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

/**
 * A calendar day the server sends as YYYY-MM-DD, read as written: `new Date('2026-03-01')` is UTC
 * midnight and would show the day before on a phone west of Greenwich.
 */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}
