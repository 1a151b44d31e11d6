import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fk, str, time } from './columns';
import { StaffUser } from './StaffUser';

/** A one-time code a cadre sends as "绑定 <code>" to bind their WeChat; only its hash is kept. */
@Entity('bind_codes')
@Index('uq_bind_codes_hash', ['codeHash'], { unique: true })
@Index('idx_bind_codes_staff', ['staffId'])
export class BindCode {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) staffId!: number;
  @Column(str(64)) codeHash!: string;
  @Column(time()) expiresAt!: Date;
  @Column(time(true)) usedAt!: Date | null;
  @Column(time()) createdAt!: Date;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'fk_bind_codes_staff' })
  staff?: StaffUser;
}
