import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * 同户再次申报 (issue 11 defect 6, issue 13 item 7): a further declaration for a household with an
 * open case is kept on that case instead of being refused with the case's number.
 */
const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const integer = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });

export class CaseReports1764810000000 implements MigrationInterface {
  name = 'CaseReports1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_reports',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          integer('caseId'),
          varchar('channel', 16),
          integer('residentId', true),
          varchar('reporterName', 40),
          varchar('relation', 20, true),
          varchar('phoneEnc', 120),
          varchar('phoneMasked', 20),
          varchar('applicantName', 40),
          { name: 'hardships', type: 'text' },
          { name: 'details', type: 'text' },
          varchar('words', 200, true),
          integer('householdSize', true),
          integer('annualIncome', true),
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'idx_case_reports_case', columnNames: ['caseId', 'createdAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_reports');
  }
}
