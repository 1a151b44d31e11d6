import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffRole } from '../../domain/workflow';
import { bool, str, time } from './columns';

@Entity('staff_users')
@Index('uq_staff_username', ['username'], { unique: true })
@Index('uq_staff_wechat', ['wechatId'], { unique: true })
@Index('idx_staff_region', ['regionCode'])
export class StaffUser {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(64)) username!: string;
  @Column(str(50)) displayName!: string;
  @Column(str(16)) role!: StaffRole;
  /** Scope for township (town code) and county (county code) accounts; null for cadres and admins. */
  @Column(str(12, true)) regionCode!: string | null;
  @Column(str(200)) passwordHash!: string;
  /** The WeChat contact bound through 绑定 <code>, for chat notifications. */
  @Column(str(128, true)) wechatId!: string | null;
  @Column(bool) active!: boolean;
  @Column(time()) createdAt!: Date;
  /** When the password was last set by someone (a reset, set-password): tokens issued before it no longer sign in. */
  @Column(time(true)) credentialsChangedAt!: Date | null;
}
