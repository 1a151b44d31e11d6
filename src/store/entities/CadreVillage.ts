import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bool, fk, str } from './columns';
import { Region } from './Region';
import { StaffUser } from './StaffUser';

/** A cadre is responsible for a village; the primary cadre gets new cases first. */
@Entity('cadre_villages')
@Index('uq_cadre_village', ['staffId', 'villageCode'], { unique: true })
@Index('idx_cadre_villages_village', ['villageCode'])
export class CadreVillage {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) staffId!: number;
  @Column(str(12)) villageCode!: string;
  @Column(bool) isPrimary!: boolean;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'fk_cadre_villages_staff' })
  staff?: StaffUser;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'villageCode', foreignKeyConstraintName: 'fk_cadre_villages_region' })
  village?: Region;
}
