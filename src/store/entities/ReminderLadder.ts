import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReminderRule } from '../../domain/reminders';
import { json, str, time } from './columns';

/** A county's own reminder rules; a county without a row uses the default ladder. */
@Entity('reminder_ladders')
export class ReminderLadder {
  @PrimaryColumn({ type: 'varchar', length: 6 }) countyCode!: string;
  @Column(json()) rules!: ReminderRule[];
  @Column(str(50)) updatedBy!: string;
  @Column(time()) updatedAt!: Date;
}
