import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CampaignKind, Milestone } from '../../domain/campaigns';
import { int, json, str, time } from './columns';

/** A county's year of work (年度工作安排): its dated milestones, one row per kind a year. */
@Entity('campaigns')
@Index('uq_campaigns_year', ['countyCode', 'year', 'kind'], { unique: true })
export class Campaign {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(6)) countyCode!: string;
  @Column(int()) year!: number;
  @Column(str(16)) kind!: CampaignKind;
  @Column(str(40)) name!: string;
  @Column(json()) milestones!: Milestone[];
  @Column(str(50)) updatedBy!: string;
  @Column(time()) updatedAt!: Date;
}
