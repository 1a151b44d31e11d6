import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { rebuildTallies } from '../src/services/caseTally';

/**
 * The overview's counts, kept as they change instead of counted on every visit (issue 10: a
 * county of a million cases took a second to count by state; its open cases by area, urgency and
 * risk another). Filled here from the cases already stored; kept exact from then on by the two
 * places that write a case's state (services/fileCase.ts, services/caseActions.ts).
 */
export class CaseTallies1764790000000 implements MigrationInterface {
  name = 'CaseTallies1764790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_tallies',
        columns: [
          { name: 'level', type: 'varchar', length: '1', isPrimary: true },
          { name: 'parentCode', type: 'varchar', length: '9', isPrimary: true },
          { name: 'areaCode', type: 'varchar', length: '12', isPrimary: true },
          { name: 'state', type: 'varchar', length: '24', isPrimary: true },
          { name: 'dim', type: 'varchar', length: '24', isPrimary: true },
          { name: 'slot', type: 'integer', isPrimary: true },
          { name: 'n', type: 'integer' },
        ],
      }),
    );
    await rebuildTallies((sql) => queryRunner.query(sql), queryRunner.connection.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_tallies');
  }
}
