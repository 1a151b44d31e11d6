import { LessThan, type EntityManager } from 'typeorm';
import { OutboxMessage } from '../store/entities';
import { renderNotice } from './noticeText';

/**
 * A staff member's messages as the console shows them: the same words the bot sends, so a cadre
 * without WeChat bound (or who missed a message) still sees every reminder.
 */
export interface InboxItem {
  id: number;
  kind: string;
  text: string;
  caseId: number | null;
  /**
   * pending (not yet sent to WeChat), sent, skipped (no WeChat bound, out of date, or unfollowed
   * the Official Account), failed, waiting (on the Official Account, outside the 48-hour window
   * with no template: goes out when the cadre next writes to the account).
   */
  state: string;
  createdAt: string;
  sentAt: string | null;
}

export async function staffInbox(manager: EntityManager, staffId: number, limit: number, before?: number): Promise<{ items: InboxItem[]; nextBefore: number | null }> {
  const rows = await manager.find(OutboxMessage, {
    where: { recipientType: 'staff', recipientId: staffId, ...(before ? { id: LessThan(before) } : {}) },
    order: { id: 'DESC' },
    take: limit,
  });
  const items = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    text: renderNotice(r.kind, 'staff', r.payload),
    caseId: r.caseId,
    state: r.state === 'sending' ? 'pending' : r.state,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  }));
  return { items, nextBefore: rows.length === limit ? rows[rows.length - 1].id : null };
}
