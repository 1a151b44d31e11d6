import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { str } from './columns';

export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/** GB/T 2260 region: county (6 digits), town (9), village (12). */
@Entity('regions')
@Index('idx_regions_parent', ['parentCode'])
@Index('idx_regions_county_level', ['countyCode', 'level'])
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 12 }) code!: string;
  @Column(str(100)) name!: string;
  @Column(str(10)) level!: RegionLevel;
  @Column(str(12, true)) parentCode!: string | null;
  @Column(str(6)) countyCode!: string;
  /** "内蒙古自治区兴安盟科尔沁右翼前旗" on counties; the town name on villages, for pickers. */
  @Column(str(100, true)) context!: string | null;
}
