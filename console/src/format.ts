const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' });

/** China time, whatever the desk computer's clock zone. */
export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const formatDate = (iso: string | null | undefined): string => (iso ? dateOnly.format(new Date(iso)) : '—');
export const yuan = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN')}元`);

export function dueWords(due: { dueAt: string | null; overdue: boolean; dueSoon: boolean; provisional: boolean }): string {
  if (!due.dueAt) return '—';
  const when = formatDateTime(due.dueAt);
  return `${due.overdue ? '已超期 · ' : due.dueSoon ? '即将到期 · ' : ''}${when}${due.provisional ? '（暂定）' : ''}`;
}
