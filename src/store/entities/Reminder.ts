import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { fk, int, str, time } from './columns';

/**
 * One reminder that went (or was held back): the record that makes a repeated or concurrent
 * tick add nothing. `uniqueKey` is (rule, case or milestone, the due time it was planned from,
 * recipient), so a case whose due time moves is reminded afresh, and only then.
 */
@Entity('reminders')
@Index('uq_reminders_key', ['uniqueKey'], { unique: true })
@Index('idx_reminders_case', ['caseId'])
export class Reminder {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(191)) uniqueKey!: string;
  @Column(str(32)) rule!: string;
  @Column(fk(true)) caseId!: number | null;
  @Column(str(16)) recipientType!: 'staff' | 'resident';
  @Column(int()) recipientId!: number;
  /** The step due time (or milestone day) it was planned from. */
  @Column(time()) dueAt!: Date;
  @Column(time()) firesAt!: Date;
  @Column(time()) createdAt!: Date;
}
