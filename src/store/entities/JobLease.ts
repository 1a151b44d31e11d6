import { Column, Entity, PrimaryColumn } from 'typeorm';
import { str, time } from './columns';

/**
 * The scheduler's lease and its progress, one row per job. A process runs a tick only when it
 * takes the lease for that tick's slot; one that dies holding it loses it when `leaseUntil`
 * passes. `watermark` is how far reminders have been planned: a tick covers (watermark, now],
 * so ticks missed while every process was down are caught up on the next start.
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 32 }) name!: string;
  @Column(str(64, true)) slotKey!: string | null;
  @Column(str(64, true)) holder!: string | null;
  @Column(time(true)) leaseUntil!: Date | null;
  @Column(time(true)) watermark!: Date | null;
  @Column(time(true)) lastStartedAt!: Date | null;
  @Column(time(true)) lastFinishedAt!: Date | null;
  @Column(str(500, true)) lastError!: string | null;
}
