import { In } from 'typeorm';
import { REMINDER_KIND, residentSendTime } from '../domain/reminders';
import type { AppContext } from '../services/context';
import { CHAT_REPLY_KIND } from '../services/outbox';
import { OutboxMessage } from '../store/entities';
import { inTransaction } from '../store/transaction';
import type { OutboxChannel } from '../store/entities/OutboxMessage';
import { freshReminderPayload } from './reminders/freshness';

/** What one delivery attempt came to. */
export type DeliveryResult =
  | { status: 'sent' }
  /** Nothing to send, for good (no chat binding, no subscribe allowance…): never retried. */
  | { status: 'skipped'; reason: string }
  /** Failed; tried again later unless `permanent` or out of attempts. */
  | { status: 'failed'; error: string; permanent?: boolean }
  /** Cannot go out yet for a reason only the recipient can end (they must write first): parked as `waiting`, untried. */
  | { status: 'waiting'; reason: string };

/** Sends one outbox row through one channel (chat through the bot, subscribe messages through WeChat). */
export interface Deliverer {
  channel: OutboxChannel;
  /**
   * Narrows the rows of the channel this deliverer claims (SQL over the outbox columns, `alias.`
   * prefixed when given): two transports of one channel, the bot and the Official Account,
   * each take the recipients whose chat contact is theirs.
   */
  claimWhere?(alias: string): string;
  deliver(message: OutboxMessage): Promise<DeliveryResult>;
}

export interface DispatcherOptions {
  batchSize: number;
  /** How long a claim holds; a crashed sender's rows are picked up again after it. */
  leaseMs: number;
  maxAttempts: number;
  /** Retry delay after the n-th failed attempt. */
  backoffMs: (attempt: number) => number;
  /** At most this many sends per second (WeChat limits); 0 = no cap. */
  maxPerSecond: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 20,
  leaseMs: 60_000,
  maxAttempts: 8,
  backoffMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000),
  maxPerSecond: 1,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Delivers outbox rows of one channel: claims each row under a lease with a conditional update
 * (so two processes never send the same row), sends it, and records the outcome. A row is
 * marked sent only after the send returned, so a crash in between re-sends at most that one row.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private lastSendAt = 0;
  private running = false;
  private stopped: Promise<void> | null = null;

  constructor(
    private readonly app: AppContext,
    private readonly deliverer: Deliverer,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  private dueWhere(alias: string): string {
    const a = alias ? `${alias}.` : '';
    const narrowed = this.deliverer.claimWhere ? ` AND (${this.deliverer.claimWhere(alias)})` : '';
    return `${a}channel = :channel AND ((${a}state = 'pending' AND ${a}availableAt <= :now) OR (${a}state = 'sending' AND ${a}leaseUntil < :now))${narrowed}`;
  }

  /**
   * Claims a batch: on MariaDB, rows locked by another process's claim are skipped (SELECT … FOR
   * UPDATE SKIP LOCKED) so parallel deliverers share the work without waiting; on SQLite (one
   * writer) each row is claimed with a conditional update. Either way a row is `sending` under a
   * lease before it is sent; a sender that dies leaves it to be claimed again when the lease ends.
   */
  private async claimBatch(now: Date): Promise<OutboxMessage[]> {
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const params = { channel: this.deliverer.channel, now };
    // MariaDB's data source is of type 'mariadb' (src/store/dataSource.ts), never 'mysql': only SQLite claims row by row.
    if (this.app.db.options.type !== 'better-sqlite3') {
      // inTransaction: a claim that lost to another node's (Galera certification) is redone and skips the rows that node took.
      const ids = await inTransaction(this.app.db, async (manager) => {
        const rows = await manager
          .getRepository(OutboxMessage)
          .createQueryBuilder('o')
          .select('o.id', 'id')
          .where(this.dueWhere('o'), params)
          .orderBy('o.availableAt', 'ASC')
          .addOrderBy('o.id', 'ASC')
          .limit(this.options.batchSize)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getRawMany<{ id: number }>();
        const claimed = rows.map((r) => Number(r.id));
        if (claimed.length) await manager.createQueryBuilder().update(OutboxMessage).set({ state: 'sending', leaseUntil, attempts: () => 'attempts + 1' }).whereInIds(claimed).execute();
        return claimed;
      });
      return ids.length ? this.app.db.getRepository(OutboxMessage).find({ where: { id: In(ids) }, order: { availableAt: 'ASC', id: 'ASC' } }) : [];
    }
    const candidates = await this.app.db.getRepository(OutboxMessage).createQueryBuilder('o').where(this.dueWhere('o'), params).orderBy('o.availableAt', 'ASC').addOrderBy('o.id', 'ASC').take(this.options.batchSize).getMany();
    const claimed: OutboxMessage[] = [];
    for (const row of candidates) {
      const result = await this.app.db
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ state: 'sending', leaseUntil, attempts: row.attempts + 1 })
        .where('id = :id AND attempts = :attempts', { id: row.id, attempts: row.attempts })
        .andWhere(this.dueWhere(''), params)
        .execute();
      if (result.affected === 1) claimed.push(Object.assign(row, { state: 'sending', leaseUntil, attempts: row.attempts + 1 }));
    }
    return claimed;
  }

  private async pace(): Promise<void> {
    if (this.options.maxPerSecond <= 0) return;
    const gap = 1000 / this.options.maxPerSecond - (Date.now() - this.lastSendAt);
    if (gap > 0) await this.options.sleep(gap);
    this.lastSendAt = Date.now();
  }

  private async settle(row: OutboxMessage, attempts: number, result: DeliveryResult): Promise<void> {
    const now = this.app.clock();
    const repo = this.app.db.getRepository(OutboxMessage);
    if (result.status === 'sent') {
      await repo.update(row.id, { state: 'sent', sentAt: now, leaseUntil: null, lastError: null });
    } else if (result.status === 'waiting') {
      // The try did not count: the row goes out whole once whoever parked it sets it pending again.
      await repo.update(row.id, { state: 'waiting', leaseUntil: null, attempts: row.attempts - 1, lastError: result.reason.slice(0, 500) });
    } else if (result.status === 'skipped') {
      await repo.update(row.id, { state: 'skipped', leaseUntil: null, lastError: result.reason.slice(0, 500) });
    } else if (result.permanent || attempts >= this.options.maxAttempts) {
      await repo.update(row.id, { state: 'failed', leaseUntil: null, lastError: result.error.slice(0, 500) });
    } else {
      const availableAt = new Date(now.getTime() + this.options.backoffMs(attempts));
      await repo.update(row.id, { state: 'pending', availableAt, leaseUntil: null, lastError: result.error.slice(0, 500) });
    }
  }

  /**
   * Extends this sender's lease on a claimed row just before sending it; false when the claim is
   * no longer this sender's (its lease ran out and another claim counted another attempt).
   */
  private async renewClaim(row: OutboxMessage): Promise<boolean> {
    const now = this.app.clock();
    const result = await this.app.db
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ leaseUntil: new Date(now.getTime() + this.options.leaseMs) })
      .where("id = :id AND state = 'sending' AND attempts = :attempts", { id: row.id, attempts: row.attempts })
      .execute();
    return result.affected === 1;
  }

  /** Back to pending, untried: a message to a household that came due at night waits for the morning. */
  private async hold(row: OutboxMessage, until: Date): Promise<void> {
    await this.app.db.getRepository(OutboxMessage).update(row.id, { state: 'pending', availableAt: until, leaseUntil: null, attempts: row.attempts - 1 });
  }

  /** What the row says now: a reminder drops the cases that moved on since it was planned. */
  private async prepare(row: OutboxMessage): Promise<DeliveryResult | null> {
    if (row.kind !== REMINDER_KIND) return null;
    const payload = await freshReminderPayload(this.app.db, row);
    if (!payload) return { status: 'skipped', reason: '提醒已过时：案件已办理或期限已变 (stale reminder)' };
    if (payload !== row.payload) {
      row.payload = payload;
      // JSON columns defeat update()'s deep partial typing; save the loaded row instead.
      await this.app.db.getRepository(OutboxMessage).save(row);
    }
    return null;
  }

  /** One pass over what is due. Returns how many rows were attempted. */
  async runOnce(): Promise<number> {
    let attempted = 0;
    for (const row of await this.claimBatch(this.app.clock())) {
      // A late reply answers what the resident just wrote, awake; quiet hours are for what they did not ask for.
      if (row.recipientType === 'resident' && row.kind !== CHAT_REPLY_KIND) {
        const allowed = residentSendTime(this.app.clock());
        if (allowed > this.app.clock()) {
          await this.hold(row, allowed);
          continue;
        }
      }
      let result: DeliveryResult;
      try {
        const prepared = await this.prepare(row);
        if (prepared) result = prepared;
        else {
          await this.pace();
          // A batch is claimed at once and sent one row at a time: paced or slow sends can outlast the
          // lease, and a row whose lease ran out may be another sender's by now — it must not go out twice.
          if (!(await this.renewClaim(row))) continue;
          result = await this.deliverer.deliver(row);
        }
      } catch (error) {
        result = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
      attempted += 1;
      if (result.status === 'failed') this.app.logger.warn({ outboxId: row.id, channel: row.channel, error: result.error }, 'outbox delivery failed');
      await this.settle(row, row.attempts, result);
    }
    return attempted;
  }

  /** Polls until stop(); errors (a database blip) are logged and the loop goes on. */
  start(intervalMs = 1000): void {
    if (this.running) return;
    this.running = true;
    this.stopped = (async () => {
      while (this.running) {
        try {
          const attempted = await this.runOnce();
          if (attempted === 0) await this.options.sleep(intervalMs);
        } catch (error) {
          this.app.logger.error({ err: error, channel: this.deliverer.channel }, 'outbox dispatcher pass failed');
          await this.options.sleep(intervalMs);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.stopped;
  }
}
