import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * The whole procedure on the case (issue 7): how it came in, the optimistic-lock version, the
 * step and procedure clocks with their provisional marks, the records of the later steps
 * (confirmation, village review, publicity, help first, measures); the county's full clock;
 * the entered holiday notices.
 */
const column = (options: TableColumnOptions) => new TableColumn(options);
const time = (name: string) => column({ name, type: 'datetime', precision: 3, isNullable: true });
const json = (name: string) => column({ name, type: 'text', isNullable: true });
// 0, not false: SQLite keeps the literal, and TypeORM compares booleans as 0/1.
const flag = (name: string) => column({ name, type: 'boolean', isNullable: false, default: 0 });
const int = (name: string, value: number) => column({ name, type: 'integer', isNullable: false, default: value });

const CASE_COLUMNS = () => [
  column({ name: 'intakeMethod', type: 'varchar', length: '24', isNullable: false, default: "'self_declared'" }),
  int('version', 1),
  time('stepStartedAt'),
  flag('stepDueProvisional'),
  time('procedureStartedAt'),
  time('procedureDueAt'),
  flag('procedureDueProvisional'),
  json('measures'),
  json('confirmation'),
  json('review'),
  json('publicity'),
  json('helpFirst'),
];

const SETTING_COLUMNS = () => [
  int('slaConfirmDays', 2),
  int('slaTownshipDays', 5),
  int('slaCountyDays', 5),
  int('slaProcedureDays', 15),
  int('publicityDays', 5),
  flag('publicityCalendarDays'),
];

export class CaseWorkflow1764100000000 implements MigrationInterface {
  name = 'CaseWorkflow1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('cases', CASE_COLUMNS());
    // Cases already open keep running from where they are: their step from the last change.
    await queryRunner.query('UPDATE cases SET stepStartedAt = updatedAt, procedureStartedAt = createdAt');
    await queryRunner.createIndex('cases', new TableIndex({ name: 'idx_cases_step_due', columnNames: ['isOpen', 'stepDueAt'] }));

    await queryRunner.renameColumn('county_settings', 'slaReviewDays', 'slaVillageReviewDays');
    await queryRunner.addColumns('county_settings', SETTING_COLUMNS());
    // The visit limit was 5 working days; the rule (Gansu) is 2 after acceptance.
    await queryRunner.query('UPDATE county_settings SET slaVisitDays = 2 WHERE slaVisitDays = 5');

    await queryRunner.createTable(
      new Table({
        name: 'calendar_years',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'notice', type: 'text' },
          { name: 'enteredBy', type: 'varchar', length: '50' },
          { name: 'enteredAt', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_years');
    for (const c of SETTING_COLUMNS()) await queryRunner.dropColumn('county_settings', c.name);
    await queryRunner.renameColumn('county_settings', 'slaVillageReviewDays', 'slaReviewDays');
    await queryRunner.dropIndex('cases', 'idx_cases_step_due');
    for (const c of CASE_COLUMNS()) await queryRunner.dropColumn('cases', c.name);
  }
}
