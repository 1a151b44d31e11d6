import { Brackets } from 'typeorm';
import type { AppContext } from '../services/context';
import { OutboxMessage } from '../store/entities';
import type { OutboxChannel } from '../store/entities/OutboxMessage';

/** What one delivery attempt came to. */
export type DeliveryResult =
  | { status: 'sent' }
  /** Nothing to send, for good (no chat binding, no subscribe allowance…): never retried. */
  | { status: 'skipped'; reason: string }
  /** Failed; tried again later unless `permanent` or out of attempts. */
  | { status: 'failed'; error: string; permanent?: boolean };

/** Sends one outbox row through one channel (chat through the bot, subscribe messages through WeChat). */
export interface Deliverer {
  channel: OutboxChannel;
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

  private async due(now: Date): Promise<OutboxMessage[]> {
    return this.app.db
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .where('o.channel = :channel', { channel: this.deliverer.channel })
      .andWhere(
        new Brackets((w) => {
          w.where('o.state = :pending AND o.availableAt <= :now', { pending: 'pending', now }).orWhere('o.state = :sending AND o.leaseUntil < :now', { sending: 'sending' });
        }),
      )
      .orderBy('o.availableAt', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(this.options.batchSize)
      .getMany();
  }

  private async claim(row: OutboxMessage, now: Date): Promise<boolean> {
    const result = await this.app.db
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ state: 'sending', leaseUntil: new Date(now.getTime() + this.options.leaseMs), attempts: row.attempts + 1 })
      .where('id = :id AND attempts = :attempts', { id: row.id, attempts: row.attempts })
      .andWhere(new Brackets((w) => w.where('state = :pending', { pending: 'pending' }).orWhere('state = :sending AND leaseUntil < :now', { sending: 'sending', now })))
      .execute();
    return result.affected === 1;
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
    } else if (result.status === 'skipped') {
      await repo.update(row.id, { state: 'skipped', leaseUntil: null, lastError: result.reason.slice(0, 500) });
    } else if (result.permanent || attempts >= this.options.maxAttempts) {
      await repo.update(row.id, { state: 'failed', leaseUntil: null, lastError: result.error.slice(0, 500) });
    } else {
      const availableAt = new Date(now.getTime() + this.options.backoffMs(attempts));
      await repo.update(row.id, { state: 'pending', availableAt, leaseUntil: null, lastError: result.error.slice(0, 500) });
    }
  }

  /** One pass over what is due. Returns how many rows were attempted. */
  async runOnce(): Promise<number> {
    let attempted = 0;
    for (const row of await this.due(this.app.clock())) {
      if (!(await this.claim(row, this.app.clock()))) continue; // another process has it
      attempted += 1;
      await this.pace();
      let result: DeliveryResult;
      try {
        result = await this.deliverer.deliver(row);
      } catch (error) {
        result = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
      if (result.status === 'failed') this.app.logger.warn({ outboxId: row.id, channel: row.channel, error: result.error }, 'outbox delivery failed');
      await this.settle(row, row.attempts + 1, result);
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
