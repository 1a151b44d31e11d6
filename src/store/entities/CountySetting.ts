import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool, int, str, time } from './columns';

/** A county's figures for a year: the monitoring income line, thresholds and step deadlines. */
@Entity('county_settings')
@Index('uq_county_settings_year', ['countyCode', 'year'], { unique: true })
export class CountySetting {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(6)) countyCode!: string;
  @Column(int()) year!: number;
  @Column(int()) incomeLine!: number;
  @Column(int()) medicalThreshold!: number;
  @Column(int()) rigidSpendingThreshold!: number;
  /** The statutory clock (domain/workflow/clock.ts), in working days. */
  @Column(int()) slaAcceptDays!: number;
  @Column(int()) slaVisitDays!: number;
  @Column({ ...int(), default: 2 }) slaConfirmDays!: number;
  @Column(int()) slaVillageReviewDays!: number;
  @Column({ ...int(), default: 5 }) slaTownshipDays!: number;
  @Column({ ...int(), default: 5 }) slaCountyDays!: number;
  @Column({ ...int(), default: 15 }) slaProcedureDays!: number;
  /** 公示: 5 working days by default; some provinces count calendar days. */
  @Column({ ...int(), default: 5 }) publicityDays!: number;
  @Column({ ...bool, default: false }) publicityCalendarDays!: boolean;
  /** Demo figures are examples, not official lines. */
  @Column(bool) isExample!: boolean;
  @Column(time()) updatedAt!: Date;
}
