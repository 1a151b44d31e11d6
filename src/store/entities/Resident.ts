import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { str, time } from './columns';

export type ResidentChannel = 'miniprogram' | 'chat';

/** A resident as a channel knows them (a mini-program openid, a chat contact id). */
@Entity('residents')
@Index('uq_residents_channel_external', ['channel', 'externalId'], { unique: true })
export class Resident {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(16)) channel!: ResidentChannel;
  @Column(str(128)) externalId!: string;
  @Column(time()) createdAt!: Date;
  /** When this resident last asked for a call-back (人工); null: never, so a declaration has none to close. */
  @Column(time(true)) callbackFiledAt!: Date | null;
}
