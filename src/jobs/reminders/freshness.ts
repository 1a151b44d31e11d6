import { In, type DataSource } from 'typeorm';
import type { CaseReminder, ReminderItem } from '../../domain/reminders';
import { Case, type OutboxMessage } from '../../store/entities';
import type { JsonObject } from '../../store/entities/columns';
import { messagePayload } from './compose';

const isCaseItem = (item: ReminderItem): item is CaseReminder => item.type === 'case';

/**
 * A reminder is about a case as it was when planned. Before it goes out (it may have waited for
 * the morning, or for a retry) each case is looked at again: one that moved on, or whose due time
 * moved (the holiday table was entered), is dropped from the message. Null: nothing left to say.
 */
export async function freshReminderPayload(db: DataSource, row: Pick<OutboxMessage, 'payload' | 'recipientType' | 'channel'>): Promise<JsonObject | null> {
  const items = (Array.isArray(row.payload.items) ? row.payload.items : []) as unknown as ReminderItem[];
  const caseIds = items.filter(isCaseItem).map((i) => i.caseId);
  if (caseIds.length === 0) return row.payload;
  const cases = await db.getRepository(Case).find({ select: { id: true, state: true, stepDueAt: true, isOpen: true }, where: { id: In(caseIds) } });
  const now = new Map(cases.map((c) => [c.id, c]));
  const kept = items.filter((item) => {
    if (!isCaseItem(item)) return true;
    const c = now.get(item.caseId);
    return !!c && c.isOpen && c.state === item.state && c.stepDueAt?.toISOString() === item.dueAt;
  });
  const unlisted = (row.payload.unlisted ?? {}) as Record<string, number>;
  // Cases counted but not listed are not looked at again: the count stands as planned.
  if (kept.length === 0 && Object.values(unlisted).every((n) => !n)) return null;
  if (kept.length === items.length) return row.payload;
  const late = row.payload.late === true;
  return messagePayload(kept, late, row.recipientType === 'resident' ? { channel: row.channel } : null, unlisted);
}
