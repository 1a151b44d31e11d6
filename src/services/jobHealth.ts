import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { REMINDER_JOB } from '../jobs/reminders/tick';
import { JobLease, OutboxMessage } from '../store/entities';
import { OUTBOX_CHANNELS } from '../store/entities/OutboxMessage';

/** A tick older than this means no process is running the scheduler. */
export const TICK_STALE_MS = 5 * 60_000;

export interface SchedulerHealth {
  lastTickAt: string | null;
  /** How far reminders have been planned. */
  plannedUntil: string | null;
  lastError: string | null;
  stale: boolean;
}

export interface OutboxHealth {
  /** Waiting to go (including held until morning or for a retry), by channel. */
  backlog: Record<string, number>;
  oldestDueAt: string | null;
  /** Given up after every retry: the dead letters a person must look at. */
  failed: Record<string, number>;
  /**
   * Parked until the recipient writes again (the Official Account's 48-hour window closed and no
   * template applies), by channel: not late, not dead, but not going out on their own either.
   */
  waiting: Record<string, number>;
}

export async function schedulerHealth(manager: EntityManager, now: Date): Promise<SchedulerHealth> {
  const row = await manager.findOne(JobLease, { where: { name: REMINDER_JOB } });
  const last = row?.lastFinishedAt ?? null;
  return {
    lastTickAt: last?.toISOString() ?? null,
    plannedUntil: row?.watermark?.toISOString() ?? null,
    lastError: row?.lastError ?? null,
    stale: !last || now.getTime() - last.getTime() > TICK_STALE_MS,
  };
}

export async function outboxHealth(manager: EntityManager, now: Date): Promise<OutboxHealth> {
  // Every channel named: (channel, state, availableAt) then gives one small range per pair, where a
  // condition on the state alone read the whole index (seconds at a million sent notices, and the
  // health check is what a load balancer waits for after a start).
  const rows = await manager
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.channel', 'channel')
    .addSelect('o.state', 'state')
    .addSelect('COUNT(*)', 'n')
    .where('o.channel IN (:...channels) AND o.state IN (:...states)', { channels: OUTBOX_CHANNELS, states: ['pending', 'sending', 'failed', 'waiting'] })
    .groupBy('o.channel')
    .addGroupBy('o.state')
    .getRawMany<{ channel: string; state: string; n: string | number }>();
  const backlog: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const waiting: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    const counts = r.state === 'failed' ? failed : r.state === 'waiting' ? waiting : backlog;
    counts[r.channel] = (counts[r.channel] ?? 0) + n;
  }
  // The oldest due of each (channel, state) is the first entry of its range. Read as entities, so
  // the time comes back the same on both drivers.
  const firsts = await Promise.all(
    OUTBOX_CHANNELS.flatMap((channel) =>
      (['pending', 'sending'] as const).map((state) => manager.findOne(OutboxMessage, { select: { id: true, availableAt: true }, where: { channel, state, availableAt: LessThanOrEqual(now) }, order: { availableAt: 'ASC' } })),
    ),
  );
  const oldest = firsts.reduce<Date | null>((min, row) => (row && (!min || row.availableAt < min) ? row.availableAt : min), null);
  return { backlog, oldestDueAt: oldest?.toISOString() ?? null, failed, waiting };
}
