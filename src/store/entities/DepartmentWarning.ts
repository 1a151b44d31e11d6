import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskType } from '../../domain/riskTypes';
import { fk, int, json, str, time } from './columns';

/**
 * One department warning taken in (部门筛查预警): the case it created, or the open case it was
 * linked to. `uniqueKey` (a hash of county, year, the ID number's keyed hash, department and
 * reason: domain/warnings/key.ts) makes the same warning land once, even after its case closed.
 * Written in the same transaction as the case or the link's audit row.
 */
@Entity('department_warnings')
@Index('uq_department_warnings_key', ['uniqueKey'], { unique: true })
@Index('idx_department_warnings_case', ['caseId'])
export class DepartmentWarning {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(64)) uniqueKey!: string;
  @Column(str(6)) countyCode!: string;
  @Column(int()) year!: number;
  @Column(str(64)) idNumberHash!: string;
  @Column(str(40)) department!: string;
  @Column(str(200)) reason!: string;
  @Column(json()) riskTypes!: RiskType[];
  @Column(str(12)) villageCode!: string;
  @Column(fk()) caseId!: number;
  /** created: a new case; linked: the household's open case was there first. */
  @Column(str(16)) outcome!: 'created' | 'linked';
  /** The upload it came in with (the preview's token), to tell one list from another. */
  @Column(str(64)) importToken!: string;
  @Column(fk()) importedById!: number;
  @Column(time()) createdAt!: Date;
}
