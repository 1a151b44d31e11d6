import { LessThan } from 'typeorm';
import { ChatMessageSeen, ChatSession } from '../store/entities';
import { isUniqueViolation } from '../store/transaction';
import type { AppContext } from './context';

/**
 * What the chat gateway keeps between messages: the ids of messages already handled (a message
 * replayed after a restart is handled once) and each contact's dialogue state as JSON text.
 */

/** Records a message id; false when it was recorded before (a replay). */
export async function markMessageSeen(app: AppContext, messageId: string): Promise<boolean> {
  try {
    await app.db.getRepository(ChatMessageSeen).insert({ messageId, receivedAt: app.clock() });
    return true;
  } catch (error) {
    if (isUniqueViolation(error, 'uq_chat_messages_seen_id', 'chat_messages_seen.messageId')) return false;
    throw error;
  }
}

/** Forgets a message id, so a message whose handling failed can be handled when it comes again. */
export async function forgetMessageSeen(app: AppContext, messageId: string): Promise<void> {
  await app.db.getRepository(ChatMessageSeen).delete({ messageId });
}

/** Drops ids older than `before` (puppets replay recent messages only). Returns how many went. */
export async function pruneMessagesSeen(app: AppContext, before: Date): Promise<number> {
  const result = await app.db.getRepository(ChatMessageSeen).delete({ receivedAt: LessThan(before) });
  return result.affected ?? 0;
}

export interface StoredSession {
  /** The parsed state, or null (none stored, or unreadable: the engine starts afresh). */
  state: unknown;
  /** The stored text, to skip writing an unchanged state. */
  raw: string | null;
}

export async function loadChatSession(app: AppContext, channelUserId: string): Promise<StoredSession> {
  const row = await app.db.getRepository(ChatSession).findOne({ where: { channelUserId } });
  if (!row) return { state: null, raw: null };
  try {
    return { state: JSON.parse(row.state) as unknown, raw: row.state };
  } catch {
    return { state: null, raw: row.state };
  }
}

/** Stores the engine's next state; null deletes the row. Writes nothing when the state did not change. */
export async function saveChatSession(app: AppContext, channelUserId: string, state: unknown, previous: StoredSession): Promise<void> {
  const repo = app.db.getRepository(ChatSession);
  if (state === null || state === undefined) {
    if (previous.raw !== null) await repo.delete({ channelUserId });
    return;
  }
  const text = JSON.stringify(state);
  if (text === previous.raw) return;
  const updatedAt = app.clock();
  if (previous.raw !== null && (await repo.update({ channelUserId }, { state: text, updatedAt })).affected) return;
  try {
    await repo.insert({ channelUserId, state: text, updatedAt });
  } catch (error) {
    if (!isUniqueViolation(error, 'uq_chat_sessions_user', 'chat_sessions.channelUserId')) throw error;
    await repo.update({ channelUserId }, { state: text, updatedAt });
  }
}
