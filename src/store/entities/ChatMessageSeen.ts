import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { str, time } from './columns';

/** Incoming chat message ids already handled: a replayed message (after a restart) is handled once. */
@Entity('chat_messages_seen')
@Index('uq_chat_messages_seen_id', ['messageId'], { unique: true })
@Index('idx_chat_messages_seen_at', ['receivedAt'])
export class ChatMessageSeen {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(128)) messageId!: string;
  @Column(time()) receivedAt!: Date;
}
