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
  /** Working days a cadre has to accept a new case. */
  @Column(int()) slaAcceptDays!: number;
  /** Working days from acceptance to the household visit. */
  @Column(int()) slaVisitDays!: number;
  /** Working days for each review step (village, township, county). */
  @Column(int()) slaReviewDays!: number;
  /** Demo figures are examples, not official lines. */
  @Column(bool) isExample!: boolean;
  @Column(time()) updatedAt!: Date;
}
