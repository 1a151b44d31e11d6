import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fk, str, time } from './columns';
import { StaffUser } from './StaffUser';

/** A case-list filter a staff member named and keeps (常用筛选), as the list's query string. */
@Entity('saved_filters')
@Index('uq_saved_filters_name', ['staffId', 'name'], { unique: true })
export class SavedFilter {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(fk()) staffId!: number;
  @Column(str(30)) name!: string;
  @Column(str(500)) query!: string;
  @Column(time()) createdAt!: Date;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'fk_saved_filters_staff' })
  staff?: StaffUser;
}
