import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * 部门筛查预警 (issue 9): the warnings taken in from departments' lists, unique per county,
 * year, person, department and reason, so a list uploaded again creates nothing twice.
 */
const varchar = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
const integer = (name: string) => ({ name, type: 'integer' });

export class DepartmentWarnings1764400000000 implements MigrationInterface {
  name = 'DepartmentWarnings1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'department_warnings',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('uniqueKey', 64),
          varchar('countyCode', 6),
          integer('year'),
          varchar('idNumberHash', 64),
          varchar('department', 40),
          varchar('reason', 200),
          { name: 'riskTypes', type: 'text' },
          varchar('villageCode', 12),
          integer('caseId'),
          varchar('outcome', 16),
          varchar('importToken', 64),
          integer('importedById'),
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_department_warnings_key', columnNames: ['uniqueKey'], isUnique: true }),
          new TableIndex({ name: 'idx_department_warnings_case', columnNames: ['caseId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('department_warnings');
  }
}
