const day = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' });

/** A date as paper forms write it (2026年11月26日), China time; takes a YYYY-MM-DD date or an ISO instant. */
export const dayWords = (value: string | null | undefined): string => (value ? day.format(new Date(value)) : '');
