import { In, type EntityManager } from 'typeorm';
import { DomainError } from '../domain/errors';
import { Case, OutboxMessage, StaffUser } from '../store/entities';

/**
 * Messages given up on after every retry, as the county sees them: about its cases or to its
 * staff. Someone must look at each (a cadre never bound WeChat, a template was misconfigured);
 * once the cause is fixed, one is sent again with `retryDeadLetter`.
 */
export interface DeadLetter {
  id: number;
  kind: string;
  channel: string;
  recipientType: string;
  recipientName: string | null;
  trackingCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

function inCounty(manager: EntityManager, countyCode: string) {
  return manager
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .leftJoin(Case, 'c', 'c.id = o.caseId')
    .leftJoin(StaffUser, 's', "o.recipientType = 'staff' AND s.id = o.recipientId")
    .where('o.state = :failed', { failed: 'failed' })
    .andWhere('(c.countyCode = :county OR s.regionCode LIKE :prefix)', { county: countyCode, prefix: `${countyCode}%` });
}

export async function deadLetters(manager: EntityManager, countyCode: string, limit = 100): Promise<DeadLetter[]> {
  const ids = (await inCounty(manager, countyCode).select('o.id', 'id').orderBy('o.id', 'DESC').limit(limit).getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const rows = await manager.find(OutboxMessage, { where: { id: In(ids) }, order: { id: 'DESC' } });
  const staff = new Map((await manager.find(StaffUser, { select: { id: true, displayName: true }, where: { id: In(rows.filter((r) => r.recipientType === 'staff').map((r) => r.recipientId)) } })).map((u) => [u.id, u.displayName]));
  const cases = new Map((await manager.find(Case, { select: { id: true, trackingCode: true }, where: { id: In(rows.flatMap((r) => (r.caseId ? [r.caseId] : []))) } })).map((c) => [c.id, c.trackingCode]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    recipientType: r.recipientType,
    // A household's name stays out of this list: staff read it, and the case number says enough.
    recipientName: r.recipientType === 'staff' ? (staff.get(r.recipientId) ?? null) : null,
    trackingCode: r.caseId ? (cases.get(r.caseId) ?? null) : null,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Tries a dead letter again from the start (after its cause was fixed). */
export async function retryDeadLetter(manager: EntityManager, countyCode: string, id: number, now: Date): Promise<void> {
  const found = await inCounty(manager, countyCode).andWhere('o.id = :id', { id }).getOne();
  if (!found) throw new DomainError('not_found', '没有这条发送失败的消息', 404);
  await manager.getRepository(OutboxMessage).update(found.id, { state: 'pending', attempts: 0, availableAt: now, leaseUntil: null });
}
