import type { SubscribeTemplates } from '../config';

/**
 * Filling a subscribe-message template from a notice: each field's configured text has its
 * {placeholders} replaced, then is cut to what WeChat accepts for the field's type (the name
 * before the digits: thing1 is a "thing"). A value WeChat would refuse fails the send with 47003
 * for good, so it is better cut short than not sent.
 */

/** What a notice offers to templates, all as text. */
export const PLACEHOLDERS = ['trackingCode', 'stateLabel', 'text', 'next', 'villageName', 'riskTypeLabels', 'urgent', 'note', 'caseId', 'date', 'time'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type SubscribeTemplate = SubscribeTemplates[string];

/** The template for a notice kind, else the catch-all "*"; null when neither is configured. */
export function templateFor(templates: SubscribeTemplates, kind: string): SubscribeTemplate | null {
  return templates[kind] ?? templates['*'] ?? null;
}

/** Every template id the server may send with (what the mini-program may ask residents to accept). */
export function configuredTemplateIds(templates: SubscribeTemplates): Set<string> {
  return new Set(Object.values(templates).map((t) => t.templateId));
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** China has one time zone and no daylight saving: UTC+8 always. */
function chinaTime(at: Date): { date: string; time: string } {
  const d = new Date(at.getTime() + 8 * 3600_000);
  const date = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return { date, time: `${date} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` };
}

/** The placeholder values of an outbox notice payload (see services/outbox.ts) at the time of the change. */
export function noticeValues(payload: Record<string, unknown>, at: Date): Record<Placeholder, string> {
  const labels = Array.isArray(payload.riskTypeLabels) ? payload.riskTypeLabels.map(text).filter(Boolean) : [];
  return {
    trackingCode: text(payload.trackingCode),
    stateLabel: text(payload.stateLabel),
    // The step in the resident's words (the rule table's text), first line only; else what comes next.
    text: text(payload.text).split('\n')[0] || text(payload.next),
    next: text(payload.next),
    villageName: text(payload.villageName),
    riskTypeLabels: labels.join('、'),
    urgent: payload.urgent === true ? '加急' : '',
    note: text(payload.note),
    caseId: text(payload.caseId),
    ...chinaTime(at),
  };
}

/** Replaces {name} with its value; unknown names become empty (checkTemplates warns about them at start-up). */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '').trim();
}

const chars = (value: string) => Array.from(value);
const cut = (value: string, max: number) => chars(value).slice(0, max).join('');
/** Cut with an ellipsis, so a resident sees there was more. */
const cutSoft = (value: string, max: number) => (chars(value).length <= max ? value : `${cut(value, max - 1)}…`);

/** Field type → how a value is brought within WeChat's rule for it (订阅消息参数值内容限制). */
export function fitField(field: string, value: string): string {
  const type = field.replace(/\d+$/, '');
  const squeezed = value.replace(/\s+/g, ' ').trim();
  let fitted: string;
  switch (type) {
    case 'thing': // 20 characters of anything
      fitted = cutSoft(squeezed, 20);
      break;
    case 'phrase': // 5 Chinese characters, nothing else
      fitted = cut(squeezed.replace(/[^\p{Script=Han}]/gu, ''), 5);
      break;
    case 'character_string': // 32 digits, letters or symbols
      fitted = cut(squeezed.replace(/[^\x21-\x7e]/g, ''), 32);
      break;
    case 'number':
    case 'letter':
      fitted = cut(squeezed, 32);
      break;
    case 'symbol':
      fitted = cut(squeezed, 5);
      break;
    case 'name': // 10 Chinese characters, or 20 letters when there is no Chinese
      fitted = cut(squeezed, /^[\x00-\x7f]*$/.test(squeezed) ? 20 : 10);
      break;
    case 'phone_number':
      fitted = cut(squeezed, 17);
      break;
    case 'car_number':
      fitted = cut(squeezed, 8);
      break;
    default: // time, date, amount, enum…: as written
      fitted = squeezed;
  }
  // WeChat refuses empty values; a dash says "nothing here" in every field type that takes symbols.
  if (fitted) return fitted;
  return type === 'phrase' || type === 'thing' || type === 'name' ? '无' : '-';
}

/** The `data` of subscribeMessage.send for a template and a notice. */
export function renderTemplateData(template: SubscribeTemplate, values: Record<string, string>): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(template.data).map(([field, pattern]) => [field, { value: fitField(field, fillPlaceholders(pattern, values)) }]));
}

/** The page the message opens: the configured one (placeholders allowed), else the case's progress page. */
export function renderPage(template: SubscribeTemplate, values: Record<string, string>): string | undefined {
  if (template.page !== undefined) return fillPlaceholders(template.page, values) || undefined;
  return values.caseId ? `pages/case-detail/index?id=${values.caseId}` : undefined;
}

/** Problems worth a warning at start-up: placeholders no notice fills, templates without fields. */
export function checkTemplates(templates: SubscribeTemplates): string[] {
  const problems: string[] = [];
  const known = new Set<string>(PLACEHOLDERS);
  for (const [kind, template] of Object.entries(templates)) {
    if (Object.keys(template.data).length === 0) problems.push(`subscribe template for ${kind} has no data fields`);
    for (const pattern of [...Object.values(template.data), template.page ?? '']) {
      for (const [, name] of pattern.matchAll(/\{(\w+)\}/g)) {
        if (!known.has(name)) problems.push(`subscribe template for ${kind} uses unknown placeholder {${name}} (known: ${PLACEHOLDERS.join(', ')})`);
      }
    }
  }
  return problems;
}
