import { Column, Entity, PrimaryColumn } from 'typeorm';
import { str, time } from './columns';

/**
 * The phone residents may call about a village (村委会 or the cadre's office line), as the county
 * entered it. Kept apart from regions, which `regions import` rewrites from the NBS data; a
 * cadre's private number goes here only when the cadre agreed to show it.
 */
@Entity('village_contacts')
export class VillageContact {
  @PrimaryColumn({ type: 'varchar', length: 12 }) villageCode!: string;
  @Column(str(20)) officePhone!: string;
  @Column(time()) updatedAt!: Date;
}
