import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** The console's 常用筛选: each staff member's named case-list filters (issue 9). */
export class SavedFilters1764500000000 implements MigrationInterface {
  name = 'SavedFilters1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'saved_filters',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'staffId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '30' },
          { name: 'query', type: 'varchar', length: '500' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'uq_saved_filters_name', columnNames: ['staffId', 'name'], isUnique: true })],
        foreignKeys: [new TableForeignKey({ name: 'fk_saved_filters_staff', columnNames: ['staffId'], referencedTableName: 'staff_users', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('saved_filters');
  }
}
