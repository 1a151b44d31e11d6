import { createHash } from 'node:crypto';
import { listedItems, reminderText, residentReminderText, residentSendTime, type CaseReminder, type ReminderItem } from '../../domain/reminders';
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
export function messageText(items: readonly ReminderItem[], unlisted: Readonly<Record<string, number>>, late: boolean, resident: { channel: 'chat' | 'subscribe' } | null): string {
  const body = resident ? residentReminderText(items[0] as CaseReminder, resident.channel === 'chat' ? 'chat' : 'miniprogram') : reminderText(items, unlisted);
  return late ? `${LATE_WORDS}${body}` : body;
}

/** A message's payload: its text and the items it was made of, as many by name as listedItems keeps. */
export function messagePayload(all: readonly ReminderItem[], late: boolean, resident: { channel: 'chat' | 'subscribe' } | null, unlistedBefore: Readonly<Record<string, number>> = {}): JsonObject {
  const { items, unlisted } = listedItems(all, unlistedBefore);
  const text = messageText(items, unlisted, late, resident);
  const first = items[0];
  // Subscribe templates read trackingCode, text and caseId (the page it opens: the case's own); chat reads text.
  const caseId = items.length === 1 && Object.keys(unlisted).length === 0 && first.type === 'case' ? first.caseId : null;
  return { text, late, trackingCode: first?.type === 'case' ? first.trackingCode : '', caseId, items: items as unknown as JsonObject[], unlisted };
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
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].map((reminders) => {
    const [first] = reminders;
    const late = reminders.some((r) => r.late);
    const resident = first.recipientType === 'resident' ? { channel: first.channel } : null;
    const payload = messagePayload(reminders.map((r) => r.item), late, resident);
    return {
      recipientType: first.recipientType,
      recipientId: first.recipientId,
      channel: first.channel,
      text: payload.text as string,
      reminders,
      availableAt: resident ? residentSendTime(now) : now,
      caseId: reminders.length === 1 ? first.caseId : null,
      uniqueKey: `reminder:${first.recipientType}:${first.recipientId}:${digest(reminders.map((r) => r.key))}`,
      payload,
    };
  });
}
