import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool, str, time } from './columns';

/**
 * A follower of the Official Account as this service saw them: whether they still follow (an
 * unsubscribed user gets no notices) and when they last wrote, because 客服消息 may reach them
 * only within 48 hours of that.
 */
@Entity('oa_users')
@Index('uq_oa_users_openid', ['openid'], { unique: true })
export class OfficialAccountUser {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(64)) openid!: string;
  @Column(bool) subscribed!: boolean;
  /** The last message or event from the user (an unsubscribe does not count): opens the 48-hour window. */
  @Column(time(true)) lastInboundAt!: Date | null;
  @Column(time()) updatedAt!: Date;
}
