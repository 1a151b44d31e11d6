import type { AppContext } from '../services/context';
import { OfficialAccountUser, OutboxMessage, Resident, StaffUser } from '../store/entities';
import { isUniqueViolation } from '../store/transaction';
import { oaContactId } from './contacts';

/**
 * What the service knows of each follower: still following, and when they last wrote. WeChat
 * lets 客服消息 reach a user for 48 hours after their last message or event; after that notices
 * wait (state `waiting`) until the user writes again, which sets them pending.
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 48 * 3600_000;
/** WeChat counts the window from its own clock; a few minutes short of it avoids a doomed send. */
const WINDOW_MARGIN_MS = 5 * 60_000;

async function upsert(app: AppContext, openid: string, changes: Partial<Pick<OfficialAccountUser, 'subscribed' | 'lastInboundAt'>>): Promise<void> {
  const repo = app.db.getRepository(OfficialAccountUser);
  const updatedAt = app.clock();
  if ((await repo.update({ openid }, { ...changes, updatedAt })).affected) return;
  try {
    await repo.insert({ openid, subscribed: true, lastInboundAt: null, ...changes, updatedAt });
  } catch (error) {
    if (!isUniqueViolation(error, 'uq_oa_users_openid', 'oa_users.openid')) throw error;
    await repo.update({ openid }, { ...changes, updatedAt });
  }
}

/** The user wrote (or followed, scanned, clicked): the window opens again and parked notices go out. */
export async function recordInbound(app: AppContext, openid: string): Promise<void> {
  await upsert(app, openid, { subscribed: true, lastInboundAt: app.clock() });
  await releaseWaiting(app, openid);
}

export async function recordUnsubscribe(app: AppContext, openid: string): Promise<void> {
  await upsert(app, openid, { subscribed: false });
}

/** The 客服消息 window closed earlier than we thought (45015): notices wait for the next message. */
export async function closeWindow(app: AppContext, openid: string): Promise<void> {
  await app.db.getRepository(OfficialAccountUser).update({ openid }, { lastInboundAt: null, updatedAt: app.clock() });
}

export interface FollowerStatus {
  subscribed: boolean;
  windowOpen: boolean;
}

export async function followerStatus(app: AppContext, openid: string): Promise<FollowerStatus> {
  const row = await app.db.getRepository(OfficialAccountUser).findOne({ where: { openid } });
  if (!row) return { subscribed: true, windowOpen: false };
  const last = row.lastInboundAt?.getTime();
  const windowOpen = last !== undefined && app.clock().getTime() - last < CUSTOMER_SERVICE_WINDOW_MS - WINDOW_MARGIN_MS;
  return { subscribed: row.subscribed, windowOpen };
}

/** Sets this user's parked notices pending again (as a resident and as a bound cadre). */
async function releaseWaiting(app: AppContext, openid: string): Promise<void> {
  const contactId = oaContactId(openid);
  const [resident, staff] = await Promise.all([
    app.db.getRepository(Resident).findOne({ select: { id: true }, where: { channel: 'chat', externalId: contactId } }),
    app.db.getRepository(StaffUser).findOne({ select: { id: true }, where: { wechatId: contactId } }),
  ]);
  const outbox = app.db.getRepository(OutboxMessage);
  const now = app.clock();
  if (resident) await outbox.update({ channel: 'chat', state: 'waiting', recipientType: 'resident', recipientId: resident.id }, { state: 'pending', availableAt: now });
  if (staff) await outbox.update({ channel: 'chat', state: 'waiting', recipientType: 'staff', recipientId: staff.id }, { state: 'pending', availableAt: now });
}
