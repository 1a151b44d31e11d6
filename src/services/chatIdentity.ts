import type { Sender } from '../conversation';
import { Resident, StaffUser } from '../store/entities';
import { residentFor } from './auth';
import type { AppContext } from './context';

/**
 * Who is talking in chat: an active staff account bound to this contact (绑定) talks as a
 * cadre; anyone else is a resident, created on first contact (the row holds only the contact id).
 */
export async function resolveChatSender(app: AppContext, contactId: string): Promise<Sender> {
  const staff = await app.db.getRepository(StaffUser).findOne({ select: { id: true, displayName: true }, where: { wechatId: contactId, active: true } });
  if (staff) return { kind: 'cadre', staffId: staff.id, name: staff.displayName, channelUserId: contactId };
  const resident = await residentFor(app, 'chat', contactId);
  return { kind: 'resident', residentId: resident.id, channelUserId: contactId };
}

/** The chat contact a notice goes to, or null when the recipient has none (not bound, not a chat resident). */
export async function chatContactOf(app: AppContext, recipientType: 'staff' | 'resident', recipientId: number): Promise<string | null> {
  if (recipientType === 'staff') {
    const staff = await app.db.getRepository(StaffUser).findOne({ select: { id: true, wechatId: true, active: true }, where: { id: recipientId } });
    return staff?.active ? staff.wechatId : null;
  }
  const resident = await app.db.getRepository(Resident).findOne({ where: { id: recipientId } });
  return resident?.channel === 'chat' ? resident.externalId : null;
}
