import type { RunCoordinator } from 'node-cron';
import type { AppContext } from '../services/context';
import { JobLease } from '../store/entities';
import { ensureJobRow } from './reminders/tick';

/**
 * node-cron's run coordinator over a database row: a scheduled slot ("reminders:2026-12-02T01:00Z")
 * runs in the one process whose conditional update takes the lease — never twice for one slot,
 * and not while another process holds an unexpired lease. A process that dies holding it loses
 * it when the lease time passes.
 */
export class DbRunCoordinator implements RunCoordinator {
  constructor(
    private readonly app: AppContext,
    readonly holder: string,
  ) {}

  private static jobOf(key: string): string {
    return key.slice(0, key.indexOf(':')) || key;
  }

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const name = DbRunCoordinator.jobOf(key);
    await ensureJobRow(this.app, name);
    const now = this.app.clock();
    const result = await this.app.db
      .createQueryBuilder()
      .update(JobLease)
      .set({ slotKey: key.slice(0, 64), holder: this.holder, leaseUntil: new Date(now.getTime() + ttlMs), lastStartedAt: now })
      .where('name = :name', { name })
      .andWhere('(slotKey IS NULL OR slotKey <> :key)', { key: key.slice(0, 64) })
      .andWhere('(leaseUntil IS NULL OR leaseUntil < :now)', { now })
      .execute();
    return result.affected === 1;
  }

  async onComplete(key: string): Promise<void> {
    await this.app.db
      .createQueryBuilder()
      .update(JobLease)
      .set({ leaseUntil: null, lastFinishedAt: this.app.clock() })
      .where('name = :name AND holder = :holder AND slotKey = :key', { name: DbRunCoordinator.jobOf(key), holder: this.holder, key: key.slice(0, 64) })
      .execute();
  }
}

/** Records what went wrong on the job's row, for /api/health. */
export async function recordJobError(app: AppContext, name: string, error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  await app.db.getRepository(JobLease).update({ name }, { lastError: message });
}
