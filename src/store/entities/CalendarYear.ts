import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HolidayNotice } from '../../domain/holidayNotice';
import { json, str, time } from './columns';

/**
 * A year's holiday notice as entered (国务院办公厅节假日安排): for the years chinese-days does not
 * carry, or to correct one it does. One row a year, replaced when entered again.
 */
@Entity('calendar_years')
export class CalendarYear {
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column(json()) notice!: HolidayNotice;
  @Column(str(50)) enteredBy!: string;
  @Column(time()) enteredAt!: Date;
}
