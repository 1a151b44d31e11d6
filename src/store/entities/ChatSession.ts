import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { str, time } from './columns';

/** The stored dialogue of one chat contact, so a conversation survives restarts and silence. */
@Entity('chat_sessions')
@Index('uq_chat_sessions_user', ['channelUserId'], { unique: true })
export class ChatSession {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(128)) channelUserId!: string;
  /** The engine's DialogueState as JSON text; the engine validates what it reads back. */
  @Column({ type: 'text' }) state!: string;
  @Column(time()) updatedAt!: Date;
}
