import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { int, str, time } from './columns';

/**
 * Login attempts charged to an account name from one client address, or from every address
 * (`address` = ACCOUNT_WIDE) — kept for names that do not exist too, so a throttled answer tells
 * nothing about which accounts exist. Policy: src/domain/loginThrottle.ts.
 */
@Entity('login_throttles')
@Index('idx_login_throttles_updated', ['updatedAt'])
export class LoginThrottle {
  /** The name as typed, lower-cased (MariaDB compares names case-insensitively, SQLite does not). */
  @PrimaryColumn({ type: 'varchar', length: 64 }) username!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) address!: string;
  @Column(int()) failures!: number;
  @Column(time(true)) blockedUntil!: Date | null;
  @Column(time(true)) lastSuccessAt!: Date | null;
  @Column(time()) updatedAt!: Date;
  /** Bumped by every write: a claim writes only over the row it read (compare-and-set). */
  @Column(int()) version!: number;
}
