import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The village's office phone shown next to "请村干部给我回电话" (issue 13): entered by the county, never imported. */
export class VillageContacts1764820000001 implements MigrationInterface {
  name = 'VillageContacts1764820000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'village_contacts',
        columns: [
          { name: 'villageCode', type: 'varchar', length: '12', isPrimary: true },
          { name: 'officePhone', type: 'varchar', length: '20' },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('village_contacts');
  }
}
