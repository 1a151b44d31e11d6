import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { fk, int, json, str, time, type JsonObject } from './columns';

export const OUTBOX_CHANNELS = ['chat', 'subscribe'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
/** `waiting`: parked until the recipient writes again (the Official Account's 48-hour window closed). */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'waiting';

/**
 * Outbound messages are rows first, messages second: written in the same transaction as the
 * state change, claimed under a lease by a deliverer, and `uniqueKey` keeps a retry from
 * writing (or sending) the same notice twice.
 */
@Entity('outbox')
@Index('uq_outbox_key', ['uniqueKey'], { unique: true })
@Index('idx_outbox_due', ['channel', 'state', 'availableAt'])
@Index('idx_outbox_recipient', ['recipientType', 'recipientId', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(16)) channel!: OutboxChannel;
  @Column(str(16)) recipientType!: 'staff' | 'resident';
  @Column(int()) recipientId!: number;
  @Column(str(32)) kind!: string;
  @Column(json()) payload!: JsonObject;
  @Column(str(16)) state!: OutboxState;
  @Column(int()) attempts!: number;
  @Column(str(191)) uniqueKey!: string;
  @Column(fk(true)) caseId!: number | null;
  @Column(time()) availableAt!: Date;
  @Column(time(true)) leaseUntil!: Date | null;
  @Column(str(500, true)) lastError!: string | null;
  @Column(time()) createdAt!: Date;
  @Column(time(true)) sentAt!: Date | null;
}
