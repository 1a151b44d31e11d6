import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { STATE_INFO, type Notice, type NoticeKind } from '../domain/workflow';
import { Case, OutboxMessage, Region, Resident, StaffUser } from '../store/entities';
import type { JsonObject } from '../store/entities/columns';
import { insertRow, insertRows } from '../store/transaction';

export type { NoticeKind };

/**
 * What a notice says about a case. Never an ID number, phone or health detail: chat messages
 * can be forwarded and read over shoulders.
 */
function noticePayload(c: Case, villageName: string, note: string | null, text: string | null = null): JsonObject {
  return {
    caseId: c.id,
    trackingCode: c.trackingCode,
    villageName,
    riskTypeLabels: c.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
    urgent: c.urgent,
    state: c.state,
    stateLabel: STATE_INFO[c.state].residentLabel,
    next: STATE_INFO[c.state].residentNext,
    note,
    text,
  };
}

export interface NoticeContext {
  manager: EntityManager;
  now: Date;
  /** The audit event this notice follows; makes the unique key distinct per step. */
  eventId: number;
  villageName?: string;
  /** The resident already read in this request (the declaring account): no second read for their notice. */
  resident?: { id: number; channel: Resident['channel'] };
}

async function villageNameOf(manager: EntityManager, c: Case, known?: string): Promise<string> {
  if (known) return known;
  return (await manager.findOne(Region, { where: { code: c.villageCode } }))?.name ?? c.villageCode;
}

type Recipient = Pick<OutboxMessage, 'recipientType' | 'recipientId'>;

function outboxRow(ctx: NoticeContext, c: Case, kind: NoticeKind, to: Recipient & Pick<OutboxMessage, 'channel'>, payload: JsonObject): OutboxMessage {
  return Object.assign(new OutboxMessage(), {
    ...to,
    kind,
    payload,
    state: 'pending',
    attempts: 0,
    uniqueKey: `event:${ctx.eventId}:${kind}:${to.recipientType}:${to.recipientId}`,
    caseId: c.id,
    availableAt: ctx.now,
    leaseUntil: null,
    lastError: null,
    createdAt: ctx.now,
    sentAt: null,
  });
}

/**
 * A chat reply that could not be sent when it was made (payload `{ text }`). It is delivered
 * like a notice: retried with backoff, or `waiting` until the user writes again.
 */
export const CHAT_REPLY_KIND = 'chat_reply';

export interface UnsentReply {
  to: Recipient;
  /** The transport's id of the message answered; with a random tail, as one message may be answered twice (handled, failed, redelivered). */
  messageId: string;
  text: string;
  now: Date;
  /** pending: to be retried; waiting: until the user writes again; failed / skipped: WeChat refused it for good. */
  state: Extract<OutboxMessage['state'], 'pending' | 'waiting' | 'failed' | 'skipped'>;
  /** Why it did not go, kept on the row for whoever looks. */
  reason: string;
  /** Tries already spent on it (the send that failed). */
  attempts: number;
}

export async function queueChatReply(manager: EntityManager, reply: UnsentReply): Promise<number> {
  return insertRow(
    manager,
    OutboxMessage,
    Object.assign(new OutboxMessage(), {
      ...reply.to,
      channel: 'chat',
      kind: CHAT_REPLY_KIND,
      payload: { text: reply.text },
      state: reply.state,
      attempts: reply.attempts,
      uniqueKey: `reply:${reply.messageId}:${randomBytes(6).toString('hex')}`.slice(0, 191),
      caseId: null,
      availableAt: reply.now,
      leaseUntil: null,
      lastError: reply.reason.slice(0, 500),
      createdAt: reply.now,
      sentAt: null,
    }),
  );
}

/** Staff notices go to chat (the bot delivers them once the cadre has bound WeChat). */
export async function notifyStaff(ctx: NoticeContext, c: Case, kind: NoticeKind, staffIds: number[], note: string | null = null): Promise<void> {
  await insertRows(ctx.manager, OutboxMessage, await staffNoticeRows(ctx, c, kind, staffIds, note));
}

async function staffNoticeRows(ctx: NoticeContext, c: Case, kind: NoticeKind, staffIds: number[], note: string | null): Promise<OutboxMessage[]> {
  if (staffIds.length === 0) return [];
  const payload = noticePayload(c, await villageNameOf(ctx.manager, c, ctx.villageName), note);
  return staffIds.map((recipientId) => outboxRow(ctx, c, kind, { channel: 'chat', recipientType: 'staff', recipientId }, payload));
}

/** The township staff who route cases for a town. */
export async function townshipStaffIds(manager: EntityManager, townCode: string): Promise<number[]> {
  const rows = await manager.find(StaffUser, { select: { id: true }, where: { role: 'township', regionCode: townCode, active: true } });
  return rows.map((r) => r.id);
}

/**
 * Resident notices go back through the channel they came from: chat, or subscribe messages.
 * `text` is the resident's wording of the step, decided by the rule table.
 */
export async function notifyResident(ctx: NoticeContext, c: Case, kind: NoticeKind, note: string | null = null, text: string | null = null): Promise<void> {
  await insertRows(ctx.manager, OutboxMessage, await residentNoticeRows(ctx, c, kind, note, text));
}

async function residentNoticeRows(ctx: NoticeContext, c: Case, kind: NoticeKind, note: string | null, text: string | null): Promise<OutboxMessage[]> {
  if (!c.residentId) return [];
  const resident = ctx.resident?.id === c.residentId ? ctx.resident : await ctx.manager.findOne(Resident, { select: { id: true, channel: true }, where: { id: c.residentId } });
  if (!resident) return [];
  const payload = noticePayload(c, await villageNameOf(ctx.manager, c, ctx.villageName), note, text);
  const to = { channel: resident.channel === 'chat' ? 'chat' : 'subscribe', recipientType: 'resident', recipientId: resident.id } as const;
  return [outboxRow(ctx, c, kind, to, payload)];
}

/**
 * The notices a decision names, as outbox rows in the caller's transaction: the case's cadre,
 * the township's staff, the household. Nobody is told of what they did themselves.
 */
export async function sendNotices(
  ctx: NoticeContext,
  c: Case,
  notices: readonly Notice[],
  opts: { residentText: string | null; actorStaffId: number | null },
): Promise<void> {
  // One INSERT for all of them: a declaration's cadre notice and resident receipt are one statement.
  const rows: OutboxMessage[] = [];
  for (const notice of notices) {
    const note = notice.note ?? null;
    if (notice.to === 'resident') rows.push(...(await residentNoticeRows(ctx, c, notice.kind, note, opts.residentText)));
    else if (notice.to === 'assignee') {
      if (c.assigneeId !== null && c.assigneeId !== opts.actorStaffId) rows.push(...(await staffNoticeRows(ctx, c, notice.kind, [c.assigneeId], note)));
    } else {
      const staff = (await townshipStaffIds(ctx.manager, c.townCode)).filter((id) => id !== opts.actorStaffId);
      rows.push(...(await staffNoticeRows(ctx, c, notice.kind, staff, note)));
    }
  }
  await insertRows(ctx.manager, OutboxMessage, rows);
}
