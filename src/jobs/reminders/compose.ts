import { createHash } from 'node:crypto';
import { reminderText, residentReminderText, residentSendTime, type CaseReminder, type ReminderItem } from '../../domain/reminders';
import type { JsonObject } from '../../store/entities/columns';
import type { PlannedReminder } from './plan';

/** One message: a staff member's digest of the tick, or one reminder to a household. */
export interface ComposedMessage {
  recipientType: 'staff' | 'resident';
  recipientId: number;
  channel: 'chat' | 'subscribe';
  text: string;
  reminders: PlannedReminder[];
  availableAt: Date;
  caseId: number | null;
  uniqueKey: string;
  payload: JsonObject;
}

const LATE_WORDS = '（系统恢复后补发）';

/** The words of a message from its items: the one place a digest's text is made, at tick and at delivery. */
export function messageText(items: readonly ReminderItem[], late: boolean, resident: { channel: 'chat' | 'subscribe' } | null): string {
  const body = resident ? residentReminderText(items[0] as CaseReminder, resident.channel === 'chat' ? 'chat' : 'miniprogram') : reminderText(items);
  return late ? `${LATE_WORDS}${body}` : body;
}

export function messagePayload(items: readonly ReminderItem[], late: boolean, text: string): JsonObject {
  const first = items[0];
  // Subscribe templates read trackingCode, text and caseId (the page it opens: the case's own); chat reads text.
  const caseId = items.length === 1 && first.type === 'case' ? first.caseId : null;
  return { text, late, trackingCode: first?.type === 'case' ? first.trackingCode : '', caseId, items: items as unknown as JsonObject[] };
}

const digest = (keys: string[]) => createHash('sha256').update(keys.sort().join('\n')).digest('hex').slice(0, 40);

/**
 * Staff get one digest per tick, whatever the number of cases; a household gets one message per
 * reminder, never at night (held until 08:00).
 */
export function compose(planned: readonly PlannedReminder[], now: Date): ComposedMessage[] {
  const groups = new Map<string, PlannedReminder[]>();
  for (const p of planned) {
    const key = p.recipientType === 'staff' ? `staff:${p.recipientId}` : `resident:${p.recipientId}:${p.key}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((reminders) => {
    const [first] = reminders;
    const items = reminders.map((r) => r.item);
    const late = reminders.some((r) => r.late);
    const resident = first.recipientType === 'resident' ? { channel: first.channel } : null;
    const text = messageText(items, late, resident);
    return {
      recipientType: first.recipientType,
      recipientId: first.recipientId,
      channel: first.channel,
      text,
      reminders,
      availableAt: resident ? residentSendTime(now) : now,
      caseId: reminders.length === 1 ? first.caseId : null,
      uniqueKey: `reminder:${first.recipientType}:${first.recipientId}:${digest(reminders.map((r) => r.key))}`,
      payload: messagePayload(items, late, text),
    };
  });
}
