import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fk, int, str, time } from './columns';
import { Resident } from './Resident';

export type AllowanceState = 'available' | 'used' | 'refused';

/**
 * The subscribe-message ledger: each permission a resident grants in the mini-program allows
 * exactly one message with that template. Sending consumes it; WeChat's 43101 marks it spent.
 */
@Entity('subscribe_allowances')
@Index('idx_allowances_resident', ['residentId', 'templateId', 'state'])
export class SubscribeAllowance {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) residentId!: number;
  @Column(str(64)) templateId!: string;
  @Column(str(16)) state!: AllowanceState;
  @Column(int(true)) outboxId!: number | null;
  @Column(time()) createdAt!: Date;
  @Column(time(true)) usedAt!: Date | null;

  @ManyToOne(() => Resident, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'residentId', foreignKeyConstraintName: 'fk_allowances_resident' })
  resident?: Resident;
}
