import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ANY_OPEN, TallyDim, TallyLevel } from '../../domain/caseTally';
import type { CaseState } from '../../domain/workflow';
import { int } from './columns';

/**
 * How many cases count under one key of domain/caseTally.ts: an area (a village under its town, or
 * a town under its county), a state, a dimension and a slot. Kept exact by services/caseTally.ts
 * in the transaction of every write that moves a case; the primary key leads with what the
 * overview reads by (level, parent), so a county's numbers are one short range of rows.
 */
@Entity('case_tallies')
export class CaseTally {
  @PrimaryColumn({ type: 'varchar', length: 1 }) level!: TallyLevel;
  @PrimaryColumn({ type: 'varchar', length: 9 }) parentCode!: string;
  @PrimaryColumn({ type: 'varchar', length: 12 }) areaCode!: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) state!: CaseState | typeof ANY_OPEN;
  @PrimaryColumn({ type: 'varchar', length: 24 }) dim!: TallyDim;
  @PrimaryColumn({ type: 'integer' }) slot!: number;
  @Column(int()) n!: number;
}
