import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext } from '../services/context';
import { JobLease } from '../store/entities';
import { DbRunCoordinator, recordJobError } from './jobLease';
import { REMINDER_JOB, runReminderTick } from './reminders/tick';

/** A tick that takes longer than this is presumed dead and its lease may be taken. */
export const TICK_LEASE_MS = 5 * 60_000;

export interface RunningScheduler {
  readonly holder: string;
  stop(): Promise<void>;
}

/**
 * The reminder tick, every minute (China time), in every service process: the lease row lets one
 * process run each minute, and the watermark lets the next tick catch up on any it missed.
 */
export function startScheduler(app: AppContext): RunningScheduler {
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const task: ScheduledTask = cron.schedule(
    '* * * * *',
    async () => {
      try {
        const report = await runReminderTick(app);
        if (report.messages > 0) app.logger.info({ job: REMINDER_JOB, ...report }, 'reminders sent to the outbox');
        await app.db.getRepository(JobLease).update({ name: REMINDER_JOB }, { lastError: null });
      } catch (error) {
        app.logger.error({ err: error, job: REMINDER_JOB }, 'reminder tick failed');
        await recordJobError(app, REMINDER_JOB, error).catch(() => undefined);
      }
    },
    { name: REMINDER_JOB, timezone: 'Asia/Shanghai', noOverlap: true, distributed: true, runCoordinator: new DbRunCoordinator(app, holder), distributedLease: TICK_LEASE_MS },
  );
  return {
    holder,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
