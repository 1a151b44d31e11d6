import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeclarationDetails } from '../../domain/declaration';
import type { RiskType } from '../../domain/riskTypes';
import type { CaseChannel } from '../../domain/workflow';
import { fk, int, json, str, time } from './columns';

/**
 * 同户再次申报: a further declaration for a household whose case was open, kept on that case
 * (domain/householdReport.ts). The phone is sealed like a case's, with a masked copy for
 * screens; the ID number is not kept (it only found the case). Written in one transaction with
 * the case's audit row and its cadre's notice.
 */
@Entity('case_reports')
@Index('idx_case_reports_case', ['caseId', 'createdAt'])
export class CaseReport {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) caseId!: number;
  @Column(str(16)) channel!: CaseChannel;
  @Column(fk(true)) residentId!: number | null;
  @Column(str(40)) reporterName!: string;
  /** Null when the household head reported. */
  @Column(str(20, true)) relation!: string | null;
  @Column(str(120)) phoneEnc!: string;
  @Column(str(20)) phoneMasked!: string;
  @Column(str(40)) applicantName!: string;
  @Column(json()) hardships!: RiskType[];
  @Column(json()) details!: DeclarationDetails;
  @Column(str(200, true)) words!: string | null;
  @Column(int(true)) householdSize!: number | null;
  @Column(int(true)) annualIncome!: number | null;
  @Column(time()) createdAt!: Date;
}
