import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fk, int, json, str, time, type JsonObject } from './columns';
import { Case } from './Case';

export type ActorType = 'resident' | 'staff' | 'system';

/** The audit trail: 谁签字谁负责、谁审核谁负责、谁录入谁负责. Rows are only ever inserted. */
@Entity('case_events')
@Index('idx_case_events_case', ['caseId', 'id'])
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) caseId!: number;
  @Column(str(16)) actorType!: ActorType;
  @Column(int(true)) actorId!: number | null;
  @Column(str(50)) actorName!: string;
  @Column(str(16)) actorRole!: string;
  @Column(str(24)) action!: string;
  @Column(str(24, true)) fromState!: string | null;
  @Column(str(24)) toState!: string;
  @Column(str(500, true)) note!: string | null;
  @Column(json(true)) data!: JsonObject | null;
  @Column(time()) createdAt!: Date;

  @ManyToOne(() => Case, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'caseId', foreignKeyConstraintName: 'fk_case_events_case' })
  case?: Case;
}
